// The AWS Config managed rules that watch MFA continuously, between mfa-warden runs, each with the fix for
// what it reports. From the AWS Config developer guide: all four are periodic and take no parameters. A
// periodic rule runs every 24 hours unless MaximumExecutionFrequency says otherwise; we state it anyway so
// the schedule is visible (the IAM rules read the credential report, so more often gains little).

export interface MfaConfigRule {
  /** ConfigRuleName: the managed rule's documented name. */
  readonly name: string;
  /** Source.SourceIdentifier of the managed rule. */
  readonly identifier: string;
  /** Description: what the rule checks and how to fix it, within Config's 256 characters. */
  readonly description: string;
  /** The fix at length, for comments in Terraform and CloudFormation. */
  readonly remediation: readonly string[];
}

export const CONFIG_RULE_FREQUENCY = 'TwentyFour_Hours';

export const MFA_CONFIG_RULES: readonly MfaConfigRule[] = [
  {
    name: 'mfa-enabled-for-iam-console-access',
    identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
    description:
      'IAM users with a console password have MFA. Fix: enable an MFA device for each (aws iam enable-mfa-device) or delete the login profile; list them with mfa-warden scan aws --checks console-user-mfa.',
    remediation: [
      'List the users: mfa-warden scan aws --checks console-user-mfa',
      'Enrol a device: aws iam create-virtual-mfa-device, then aws iam enable-mfa-device --user-name NAME ...',
      'Or, if the user needs no console: aws iam delete-login-profile --user-name NAME',
      'Make MFA mandatory for them: mfa-warden generate policy, attached to their groups',
    ],
  },
  {
    name: 'iam-user-mfa-enabled',
    identifier: 'IAM_USER_MFA_ENABLED',
    description:
      'Every IAM user has MFA. Fix: enable an MFA device for each user (aws iam create-virtual-mfa-device, aws iam enable-mfa-device); list them with mfa-warden scan aws --checks user-mfa.',
    remediation: [
      'List the users: mfa-warden scan aws --checks user-mfa',
      'Enrol a device: aws iam create-virtual-mfa-device, then aws iam enable-mfa-device --user-name NAME ...',
      'Make MFA mandatory for them: mfa-warden generate policy, attached to their groups',
    ],
  },
  {
    name: 'root-account-mfa-enabled',
    identifier: 'ROOT_ACCOUNT_MFA_ENABLED',
    description:
      'The root user has MFA. Fix: sign in as root and assign an MFA device (Security credentials); root MFA cannot be set from the CLI. Check with mfa-warden scan aws --checks root-mfa.',
    remediation: [
      'Check: mfa-warden scan aws --checks root-mfa',
      'Sign in as the root user, open Security credentials and assign an MFA device (a FIDO security key is strongest)',
      'Or centralise root access with AWS Organizations and remove the root credentials',
    ],
  },
  {
    name: 'root-account-hardware-mfa-enabled',
    identifier: 'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED',
    description:
      'The root user has a hardware MFA device, not a virtual one. Fix: sign in as root and replace the virtual device with a hardware token or FIDO key. Check with mfa-warden scan aws --checks root-hardware-mfa.',
    remediation: [
      'Check: mfa-warden scan aws --checks root-hardware-mfa',
      'Sign in as the root user and replace the virtual MFA device with a hardware TOTP token or a FIDO security key',
    ],
  },
];

/** The rules in the shape `aws configservice put-config-rule --config-rule` takes, one object per rule. */
export function configRuleRequests(): Record<string, unknown>[] {
  return MFA_CONFIG_RULES.map((rule) => ({
    ConfigRuleName: rule.name,
    Description: rule.description,
    Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
    MaximumExecutionFrequency: CONFIG_RULE_FREQUENCY,
  }));
}
