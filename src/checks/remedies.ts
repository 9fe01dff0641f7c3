import type { Account, User } from '../model/account.js';
import type { Remediation } from './check.js';
import { alternatives, remediation } from './remediation.js';
import { fileStem, hclString, oneLine, option, terraformLabel } from './quoting.js';

// Remediation texts in one place: every check that fails on a missing MFA device offers the same fix, and
// both root checks the same advice. Commands carry the account's real id, partition and names.

/** The virtual MFA device a remediation creates for a user, and its serial number (an ARN). */
export function virtualDeviceFor(account: Account, user: User): { name: string; serial: string } {
  const name = `${fileStem(user.name)}-mfa`;
  return { name, serial: `arn:${account.partition}:iam::${account.id}:mfa/${name}` };
}

/** Per user: user-mfa and console-user-mfa offer the same fix (read-only data, so one object serves both). */
const enableMfaFixes = new WeakMap<User, { account: Account; fix: Remediation }>();

export function enableUserMfa(account: Account, user: User): Remediation {
  const known = enableMfaFixes.get(user);
  if (known?.account === account) return known.fix;
  const fix = makeEnableUserMfa(account, user);
  enableMfaFixes.set(user, { account, fix });
  return fix;
}

function makeEnableUserMfa(account: Account, user: User): Remediation {
  const device = virtualDeviceFor(account, user);
  const label = terraformLabel(device.name);
  return remediation({
    text: `Enable an MFA device for ${user.name} (a FIDO security key is strongest, enrolled in the console; a virtual device needs the user to scan the QR code and give two consecutive codes; \`mfa-warden mfa enroll --user ${user.name}\` does the two steps below with the user).`,
    steps: [
      {
        // Writes the device's seed as a QR code: for the user's eyes only, so never run unattended.
        command: `aws iam create-virtual-mfa-device ${option('--virtual-mfa-device-name', device.name)} ${option('--outfile', `${device.name}.png`)} --bootstrap-method QRCodePNG`,
        needsInput: true,
      },
      `aws iam enable-mfa-device ${option('--user-name', user.name)} ${option('--serial-number', device.serial)} --authentication-code1 CODE1 --authentication-code2 CODE2`,
    ],
    terraform: [
      '# Terraform can create the device but not enrol it (that takes two codes from the authenticator), and it',
      `# keeps the seed in the state: prefer letting ${oneLine(user.name)} enrol a device in the console.`,
      `resource "aws_iam_virtual_mfa_device" ${hclString(label)} {`,
      `  virtual_mfa_device_name = ${hclString(device.name)}`,
      '}',
    ].join('\n'),
  });
}

export function removeConsolePassword(user: User): Remediation {
  return remediation({
    text: `If ${user.name} does not need the console, delete the login profile.`,
    steps: [`aws iam delete-login-profile ${option('--user-name', user.name)}`],
    terraform: `# If ${oneLine(user.name)} does not need the console: remove its aws_iam_user_login_profile resource.`,
  });
}

/** console-user-mfa: enrol a device, or take the console password away (destructive, so never unreviewed). */
export function enableMfaOrRemovePassword(account: Account, user: User): Remediation {
  return alternatives(
    `Enable an MFA device for ${user.name} (a FIDO security key is strongest), or, if ${user.name} does not need the console, delete the login profile.`,
    enableUserMfa(account, user),
    removeConsolePassword(user),
  );
}

export function enableRootMfa(
  account: Account,
  options: { virtualSerials?: readonly string[] } = {},
): Remediation {
  const virtual = options.virtualSerials ?? [];
  const text =
    virtual.length > 0
      ? `Sign in as the root user of account ${account.id} and replace its virtual MFA device (${virtual.join(', ')}) with a FIDO security key or hardware TOTP token, or centralise root access with AWS Organizations and delete the root credentials.`
      : `Sign in as the root user of account ${account.id} and enable MFA with a FIDO security key or hardware TOTP token (root MFA cannot be set from the CLI), or centralise root access with AWS Organizations and delete the root credentials.`;
  return remediation({
    text,
    // Read-only: shows the fix took (AccountMFAEnabled 1, or no password and no keys once centralised).
    steps: [
      `aws iam get-account-summary --query 'SummaryMap.[AccountMFAEnabled,AccountPasswordPresent,AccountAccessKeysPresent]' --output text`,
    ],
    terraform: [
      `# Terraform cannot manage the root user's MFA: sign in as root (account ${account.id}), open Security`,
      '# credentials and assign a FIDO security key or hardware TOTP token. Or, in the organization management',
      '# account, centralise root access and then delete the root credentials of this member account:',
      '# resource "aws_iam_organizations_features" "root_access" {',
      '#   enabled_features = ["RootCredentialsManagement", "RootSessions"]',
      '# }',
    ].join('\n'),
  });
}
