// What `mfa-warden explain CHECK_ID` says beyond a check's own metadata (title, rationale, compliance ids,
// helpUri, appliesTo, all in the check's file): what passes and what fails, keyed by check id, and a worked
// example. The example is not written by hand: the check is run on a small example account, so the remediation
// shown is the one a real finding gets from the same builders (remedies.ts, enforcementRemedy.ts, ...).
import type { Account, InputKind } from '../model/account.js';
import type { Check, CheckResult, Remediation, ResourceRef } from './check.js';
import { judgeOrganizationScps } from './orgScpMfa.js';

export interface CheckGuide {
  /** What a resource needs to pass, in a sentence or two. */
  readonly passes: string;
  /** What makes it fail, with the usual mistakes by name. */
  readonly fails: string;
}

export const checkGuide: Readonly<Record<string, CheckGuide>> = {
  'root-mfa': {
    passes:
      'The root user has an MFA device enabled (AccountMFAEnabled is 1), or it has no password and no access keys at all (root access centralised with AWS Organizations), so there is nothing to sign in with.',
    fails:
      'The root user has no MFA device while it still has a password (or its password presence cannot be read) or access keys.',
  },
  'root-hardware-mfa': {
    passes:
      "The root user has MFA and no virtual MFA device is assigned to root's ARN, so it is a hardware TOTP token or a FIDO security key; or root has no credentials at all.",
    fails:
      'The root user has a virtual MFA device (an authenticator app, whose seed can be copied), or no MFA device at all.',
  },
  'console-user-mfa': {
    passes: 'The user has no console password (login profile), or has one and an enabled MFA device.',
    fails: 'The user has a console password and no enabled MFA device.',
  },
  'user-mfa': {
    passes: 'The user has at least one enabled MFA device (virtual, hardware TOTP or FIDO).',
    fails:
      'The user has no MFA device, with or without a console password: users with only access keys fail too, since an MFA-conditioned policy cannot be satisfied without a device.',
  },
  'console-user-mfa-enforced': {
    passes:
      "The user has no console password, or every policy that applies to it (inline, managed, its groups', its permissions boundary, and the SCPs over the account in an organization scan) denies everything but MFA self-enrolment to requests without MFA, console sessions and access keys alike.",
    fails:
      'A console user can reach actions beyond MFA self-enrolment without MFA; the finding counts them and names the statements that allow them. An MFA device alone does not pass: nothing stops the password (or a key the user creates) from acting without it. SCPs never count for the management account.',
  },
  'group-mfa-enforced': {
    passes:
      "The group's own Deny statements, for a member who is allowed everything elsewhere, leave nothing but MFA self-enrolment reachable without MFA, for console sessions and access keys alike.",
    fails:
      'The group has no policies, or its Denies leave actions reachable without MFA: a Deny with "Bool" on aws:MultiFactorAuthPresent (access keys carry no such key, so the Deny skips them), a Deny limited to some services or resources, or no MFA condition at all. Mentioning the key is not enough; what the policies do is judged.',
  },
  'role-trust-mfa': {
    passes:
      'The role\'s trust policy refuses sts:AssumeRole without MFA to every IAM user it lets in: each Allow that trusts an account, its root, a user or "*" has "Bool": {"aws:MultiFactorAuthPresent": "true"} (or a Null guard on aws:MultiFactorAuthAge), or a Deny with "BoolIfExists" ... "false" covers it; or the role is trusted only by AWS services, SAML/OIDC providers or other roles. Service-linked roles are not judged.',
    fails:
      'An IAM user can assume the role without MFA, with an access key, from a console session, or both: the Allow has no MFA condition, or uses "BoolIfExists" ... "true" (true for an access key, which carries no MFA key). Cross-account trust is reported with the trusted account id, since MFA must be required here.',
  },
  'mfa-condition-sound': {
    passes:
      'Every policy that uses an MFA condition key (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge) uses it so that it means what it says, e.g. a Deny with "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, or "Bool" paired with a "Null" guard. Policies without MFA keys are not judged.',
    fails:
      'A Deny with "Bool" (or NumericGreaterThan on aws:MultiFactorAuthAge) that access keys slip past because their requests lack the key; a lone "Null" guard that console sessions without MFA pass; an inverted value (a Deny that fires with MFA, an Allow that applies without it); ForAnyValue/ForAllValues on the single-valued MFA keys; "Null" and "...IfExists" in one statement; an Allow whose MFA condition is also true without MFA.',
  },
  'mfa-exemptions-minimal': {
    passes:
      'Every Deny conditioned on MFA leaves out only the actions needed to enrol a device and change the password (iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:ListMFADevices, iam:ChangePassword, sts:GetSessionToken, ...).',
    fails:
      'An MFA-enforcing Deny exempts more, through NotAction or by listing only some actions or resources: above all actions that create credentials (iam:CreateAccessKey, iam:CreateLoginProfile), change permissions (iam:AttachUserPolicy, iam:PutUserPolicy), assume roles (sts:AssumeRole) or remove MFA (iam:DeactivateMFADevice), each reachable with a stolen password.',
  },
  'org-scp-mfa': {
    passes:
      'Every member account of the organization (the management account aside: SCPs never apply to it) sits under SCPs that, for an IAM user of that account, deny everything but MFA self-enrolment without MFA. Excluding break-glass principals with aws:PrincipalArn is fine.',
    fails:
      'A member account whose SCPs (at the root, its OUs and the account itself) let an IAM user without MFA act; the finding lists those accounts.',
  },
};

/** Where a check runs, by the commands that feed it each kind of input. */
export const INPUT_COMMANDS: Readonly<Record<InputKind, string>> = {
  aws: 'scan aws (and each account of scan aws --org)',
  export: 'scan export',
  iac: 'scan terraform, scan cloudformation',
  organization: 'scan aws --org (the organization as a whole)',
};

const ALL_INPUTS: readonly InputKind[] = ['aws', 'export', 'iac', 'organization'];

/** The inputs a check judges; `iac` and the others left out are reported as not applicable there. */
export function inputsOf(check: Check): readonly InputKind[] {
  return check.appliesTo ?? ALL_INPUTS.filter((input) => input !== 'organization');
}

export interface CheckExample {
  /** One sentence on what the example account holds. */
  readonly setting: string;
  readonly resource: ResourceRef;
  readonly message: string;
  readonly remediation: Remediation;
}

/** The example account's id: the documentation account id AWS itself uses. */
export const EXAMPLE_ACCOUNT_ID = '123456789012';

/** The check's first failing result on the example account, with its remediation; undefined when none. */
export function exampleFinding(check: Check): CheckExample | undefined {
  if (check.id === 'org-scp-mfa') {
    const result = judgeOrganizationScps({
      organizationId: 'o-exampleorg1',
      managementAccountId: EXAMPLE_ACCOUNT_ID,
      partition: 'aws',
      accounts: [memberAccount()],
    });
    return asExample('an organization whose member account 210987654321 is under FullAWSAccess only', result);
  }
  for (const { setting, account } of exampleAccounts()) {
    const failing = check.run(account).find((result) => result.status === 'fail');
    if (failing) return asExample(setting, failing);
  }
  return undefined;
}

function asExample(setting: string, result: CheckResult): CheckExample | undefined {
  if (result.status !== 'fail' || !result.remediation) return undefined;
  return { setting, resource: result.resource, message: result.message, remediation: result.remediation };
}

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

// A group policy with two classic mistakes: "Bool" lets access keys through, and iam:CreateAccessKey is exempt.
const WEAK_REQUIRE_MFA = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyWithoutMfa',
      Effect: 'Deny',
      NotAction: [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
        'sts:GetSessionToken',
        'iam:CreateAccessKey',
      ],
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

function iamArn(account: string, rest: string): string {
  return `arn:aws:iam::${account}:${rest}`;
}

/**
 * A live-looking account: user alice (console password, access key, no MFA, AdministratorAccess) in group
 * developers, whose inline require-mfa policy has the mistakes above; root has MFA, on a virtual device.
 */
function baseAccount(id: string, rootMfa = true): Account {
  const source = (arn: string) => ({ kind: 'aws', arn }) as const;
  const rootArn = iamArn(id, 'root');
  return {
    id,
    partition: 'aws',
    input: 'aws',
    source: source(rootArn),
    root: {
      arn: rootArn,
      source: source(rootArn),
      mfaEnabled: rootMfa,
      passwordPresent: true,
      accessKeysPresent: false,
    },
    users: [
      {
        name: 'alice',
        arn: iamArn(id, 'user/alice'),
        path: '/',
        source: source(iamArn(id, 'user/alice')),
        consolePassword: true,
        mfaActive: false,
        mfaDevices: [],
        activeAccessKeys: 1,
        evidence: ['credential-report'],
        groups: ['developers'],
        inlinePolicies: [],
        attachedPolicyArns: [ADMINISTRATOR_ACCESS],
        tags: {},
      },
    ],
    groups: [
      {
        name: 'developers',
        arn: iamArn(id, 'group/developers'),
        path: '/',
        source: source(iamArn(id, 'group/developers')),
        inlinePolicies: [
          { name: 'require-mfa', document: WEAK_REQUIRE_MFA, source: source(iamArn(id, 'group/developers')) },
        ],
        attachedPolicyArns: [],
      },
    ],
    roles: [
      {
        name: 'deploy',
        arn: iamArn(id, 'role/deploy'),
        path: '/',
        source: source(iamArn(id, 'role/deploy')),
        inlinePolicies: [],
        attachedPolicyArns: [],
        assumeRolePolicy: {
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: rootArn }, Action: 'sts:AssumeRole' }],
          },
          source: source(iamArn(id, 'role/deploy')),
        },
      },
    ],
    managedPolicies: [
      {
        arn: ADMINISTRATOR_ACCESS,
        name: 'AdministratorAccess',
        path: '/',
        awsManaged: true,
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        },
        source: source(ADMINISTRATOR_ACCESS),
      },
    ],
    virtualMfaDevices: rootMfa
      ? [{ serial: iamArn(id, 'mfa/root-account-mfa-device'), userArn: rootArn, source: source(rootArn) }]
      : [],
    issues: [],
  };
}

function exampleAccounts(): { setting: string; account: Account }[] {
  return [
    {
      setting: `account ${EXAMPLE_ACCOUNT_ID}: user alice (console password, no MFA, AdministratorAccess) in group developers, whose require-mfa policy uses "Bool" and exempts iam:CreateAccessKey; role deploy, which the account trusts without MFA; root's MFA is virtual`,
      account: baseAccount(EXAMPLE_ACCOUNT_ID),
    },
    {
      setting: `account ${EXAMPLE_ACCOUNT_ID}, whose root user has a password and no MFA`,
      account: baseAccount(EXAMPLE_ACCOUNT_ID, false),
    },
  ];
}

function memberAccount(): Account {
  const fullAwsAccess = {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
    target: 'r-ab12',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  };
  const id = '210987654321';
  return {
    ...baseAccount(id),
    organization: {
      organizationId: 'o-exampleorg1',
      managementAccountId: EXAMPLE_ACCOUNT_ID,
      isManagementAccount: false,
      path: ['r-ab12', id],
      scpLevels: [[fullAwsAccess], [fullAwsAccess]],
    },
  };
}
