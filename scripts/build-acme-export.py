#!/usr/bin/env python3
"""Build the bundled example export (examples/acme-export) from a moto IAM server and the real aws CLI.

Usage: python3 scripts/build-acme-export.py examples/acme-export

The account is seeded with boto3, then the export files are written by the aws CLI itself, exactly as a user
would write them (`aws iam ... > file.json`), so the example exercises the offline adapter with real client
output rather than JSON we made up. moto's random generator is seeded, so ids and serials are stable between
runs; dates (CreateDate, ...) are the time of the run, and GeneratedTime is moto's fixed 2015 value.

The credential report is downloaded BEFORE the last user ("late.hire") is created: moto computes the report
when it is downloaded, and a real report can be up to four hours old, so a user created after it is a case
the scanner has to handle (absent from the report -> unknown offline).

One deviation from the raw CLI output: moto returns every AWS managed policy (about 1,400, 8 MB) in
GetAccountAuthorizationDetails, while IAM returns the customer managed policies and only the AWS managed
policies in use. The script drops AWS managed policies with AttachmentCount 0 and re-serialises the file with
the aws CLI's own settings (indent 4, ensure_ascii off), which reproduces its output byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import boto3

ACCOUNT_ID = "123456789012"  # moto's default account
RANDOM_SEED = 20240501
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}

# Deny-unless-MFA policy after the AWS example "IAM: Allows IAM users to self-manage an MFA device"
# (Sid BlockMostAccessUnlessSignedInWithMFA). BoolIfExists also denies long-term access keys, whose
# requests carry no aws:MultiFactorAuthPresent at all; that is what makes it a real enforcement.
BLOCK_MOST_ACCESS_UNLESS_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowListActions",
            "Effect": "Allow",
            "Action": ["iam:ListUsers", "iam:ListVirtualMFADevices"],
            "Resource": "*",
        },
        {
            "Sid": "AllowUserToCreateVirtualMFADevice",
            "Effect": "Allow",
            "Action": ["iam:CreateVirtualMFADevice"],
            "Resource": "arn:aws:iam::*:mfa/*",
        },
        {
            "Sid": "AllowUserToManageTheirOwnMFA",
            "Effect": "Allow",
            "Action": ["iam:EnableMFADevice", "iam:GetMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
            "Resource": "arn:aws:iam::*:user/${aws:username}",
        },
        {
            "Sid": "AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA",
            "Effect": "Allow",
            "Action": ["iam:DeactivateMFADevice"],
            "Resource": ["arn:aws:iam::*:user/${aws:username}"],
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        },
        {
            "Sid": "BlockMostAccessUnlessSignedInWithMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice",
                "sts:GetSessionToken",
            ],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
    ],
}

# A common mistake: Bool instead of BoolIfExists. Requests signed with long-term access keys have no
# aws:MultiFactorAuthPresent key, so the condition does not match and the Deny never applies to them.
WEAK_DENY_WITHOUT_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyAllWithoutMFA",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}},
        }
    ],
}

# Enforces MFA for S3 only: everything else stays reachable without MFA.
S3_MFA_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyS3WithoutMFA",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        }
    ],
}

BREAK_GLASS_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    ],
}

EC2_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def aws_managed(name: str) -> str:
    return f"arn:aws:iam::aws:policy/{name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    command = ["moto_server"] if shutil.which("moto_server") else [sys.executable, "-m", "moto.server"]
    return subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_moto(url: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"moto_server exited with code {server.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"moto_server did not answer at {url}/moto-api/ within {timeout:.0f}s")


def post(url: str) -> None:
    with urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=10):
        pass


class Seeder:
    def __init__(self, iam: Any) -> None:
        self.iam = iam

    def user(
        self,
        name: str,
        path: str,
        *,
        console: bool = False,
        groups: tuple[str, ...] = (),
        access_keys: int = 0,
        inactive_keys: int = 0,
        managed: tuple[str, ...] = (),
        tags: dict[str, str] | None = None,
    ) -> None:
        iam = self.iam
        iam.create_user(
            UserName=name,
            Path=path,
            Tags=[{"Key": key, "Value": value} for key, value in (tags or {}).items()],
        )
        if console:
            iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9", PasswordResetRequired=False)
        for group in groups:
            iam.add_user_to_group(GroupName=group, UserName=name)
        for _ in range(access_keys):
            iam.create_access_key(UserName=name)
        for _ in range(inactive_keys):
            key = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
            iam.update_access_key(UserName=name, AccessKeyId=key, Status="Inactive")
        for arn in managed:
            iam.attach_user_policy(UserName=name, PolicyArn=arn)

    def virtual_mfa(self, device_name: str, user: str | None = None) -> str:
        serial = self.iam.create_virtual_mfa_device(VirtualMFADeviceName=device_name)["VirtualMFADevice"][
            "SerialNumber"
        ]
        if user:
            # moto accepts any codes; real IAM wants two consecutive TOTP codes.
            self.iam.enable_mfa_device(
                UserName=user, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321"
            )
        return serial

    def hardware_mfa(self, user: str, serial: str) -> None:
        # A hardware TOTP token is enabled by its serial; it never appears in ListVirtualMFADevices.
        self.iam.enable_mfa_device(
            UserName=user, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321"
        )


def seed_acme(iam: Any) -> None:
    s = Seeder(iam)

    iam.create_group(GroupName="admins", Path="/")
    iam.attach_group_policy(GroupName="admins", PolicyArn=aws_managed("AdministratorAccess"))

    iam.create_group(GroupName="developers", Path="/engineering/")
    iam.attach_group_policy(GroupName="developers", PolicyArn=aws_managed("PowerUserAccess"))
    iam.put_group_policy(
        GroupName="developers",
        PolicyName="BlockMostAccessUnlessSignedInWithMFA",
        PolicyDocument=json.dumps(BLOCK_MOST_ACCESS_UNLESS_MFA),
    )

    iam.create_group(GroupName="support", Path="/ops/")
    iam.attach_group_policy(GroupName="support", PolicyArn=aws_managed("AWSSupportAccess"))
    iam.put_group_policy(
        GroupName="support", PolicyName="DenyAllWithoutMFA", PolicyDocument=json.dumps(WEAK_DENY_WITHOUT_MFA)
    )

    s3_mfa_only = iam.create_policy(
        PolicyName="s3-mfa-only",
        Path="/acme/",
        PolicyDocument=json.dumps(S3_MFA_ONLY),
        Description="Deny S3 without MFA",
    )["Policy"]["Arn"]
    iam.create_group(GroupName="contractors", Path="/contractors/")
    iam.attach_group_policy(GroupName="contractors", PolicyArn=aws_managed("AmazonS3FullAccess"))
    iam.attach_group_policy(GroupName="contractors", PolicyArn=s3_mfa_only)

    iam.create_role(RoleName="break-glass", Path="/", AssumeRolePolicyDocument=json.dumps(BREAK_GLASS_TRUST))
    iam.attach_role_policy(RoleName="break-glass", PolicyArn=aws_managed("AdministratorAccess"))
    iam.create_role(RoleName="app-server", Path="/service/", AssumeRolePolicyDocument=json.dumps(EC2_TRUST))
    iam.attach_role_policy(RoleName="app-server", PolicyArn=aws_managed("AmazonS3ReadOnlyAccess"))

    # Console users.
    s.user("alice.admin", "/engineering/", console=True, groups=("admins",), tags={"team": "platform"})
    s.virtual_mfa("alice.admin", "alice.admin")
    s.user("bob.builder", "/engineering/", console=True, groups=("developers",), tags={"team": "web"})
    s.user("carol.chen", "/engineering/", console=True, groups=("developers",), access_keys=1)
    s.virtual_mfa("carol.chen", "carol.chen")
    s.user("zoë.müller", "/engineering/", console=True, groups=("developers",), tags={"team": "data"})
    s.user("dave.ops", "/ops/", console=True, groups=("admins",))
    s.hardware_mfa("dave.ops", "GAHT12345678")
    s.user("erin.oncall", "/ops/", console=True, groups=("support",))
    erin_serial = s.virtual_mfa("erin.oncall", "erin.oncall")
    iam.deactivate_mfa_device(UserName="erin.oncall", SerialNumber=erin_serial)
    s.user("frank.support", "/ops/", console=True, groups=("support",), access_keys=1)
    s.virtual_mfa("frank.support", "frank.support")
    s.user("gina.contractor", "/contractors/", console=True, groups=("contractors",))
    s.user("hank.contractor", "/contractors/", console=True, groups=("contractors",))
    s.virtual_mfa("hank.contractor", "hank.contractor")
    s.user("ivan.auditor", "/", console=True, managed=(aws_managed("IAMReadOnlyAccess"),))
    s.virtual_mfa("ivan.auditor", "ivan.auditor")

    # API-only users (no console password).
    s.user("ci-deploy", "/engineering/", access_keys=1, managed=(aws_managed("AmazonS3ReadOnlyAccess"),))
    s.user("backup-agent", "/ops/", groups=("support",), access_keys=1, inactive_keys=1)
    s.user("metrics-reader", "/ops/", inactive_keys=1, managed=(aws_managed("CloudWatchReadOnlyAccess"),))

    # A virtual device created but never assigned (an abandoned enrolment).
    s.virtual_mfa("spare-token")


def aws_cli(url: str, *args: str) -> bytes:
    env = {**os.environ, **DUMMY_ENV, "AWS_PAGER": ""}
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(variable, None)
    result = subprocess.run(
        ["aws", "--endpoint-url", url, "--output", "json", "iam", *args],
        env=env,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"aws iam {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


def keep_policies_in_use(cli_output: bytes) -> bytes:
    details = json.loads(cli_output)
    details["Policies"] = [
        policy
        for policy in details["Policies"]
        if not policy["Arn"].startswith("arn:aws:iam::aws:policy/") or policy.get("AttachmentCount", 0) > 0
    ]
    # Same settings as the aws CLI's JSON formatter, so the file reads as if the CLI had written it.
    return (json.dumps(details, indent=4, ensure_ascii=False) + "\n").encode("utf-8")


def write(target: Path, name: str, content: bytes) -> None:
    (target / name).write_bytes(content)
    print(f"wrote {target / name} ({len(content)} bytes)")


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python3 scripts/build-acme-export.py TARGET_DIR")
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_moto(port)
    try:
        wait_for_moto(url, server)
        post(f"{url}/moto-api/reset")
        post(f"{url}/moto-api/seed?a={RANDOM_SEED}")
        iam = boto3.client(
            "iam",
            endpoint_url=url,
            region_name=DUMMY_ENV["AWS_DEFAULT_REGION"],
            aws_access_key_id=DUMMY_ENV["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=DUMMY_ENV["AWS_SECRET_ACCESS_KEY"],
        )
        seed_acme(iam)

        while iam.generate_credential_report()["State"] != "COMPLETE":
            time.sleep(0.2)
        write(target, "credential-report.json", aws_cli(url, "get-credential-report"))

        # Created after the report was downloaded, so it is missing from it (see the module docstring).
        Seeder(iam).user("late.hire", "/engineering/", console=True, groups=("developers",))

        details = aws_cli(url, "get-account-authorization-details")
        write(target, "authorization-details.json", keep_policies_in_use(details))
        write(target, "account-summary.json", aws_cli(url, "get-account-summary"))
        write(target, "virtual-mfa-devices.json", aws_cli(url, "list-virtual-mfa-devices"))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
