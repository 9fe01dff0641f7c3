// The Service Control Policy mfa-warden generates: across an organisation, IAM users can do nothing but MFA
// self-enrolment until they sign in with MFA. Scoped to IAM users (aws:PrincipalArn arn:aws:iam::*:user/*)
// so that roles, service-linked roles and the services acting for them keep working; an SCP grants nothing,
// so the accounts' own policies must still allow the enrolment actions (see mfaPolicy.ts).
import { InputError } from '../errors.js';
import { checkedExemptArns, exemptCondition } from './exemptArns.js';
import { MFA_POLICY_NOT_ACTIONS } from './mfaPolicy.js';

export const DEFAULT_SCP_NAME = 'mfa-warden-iam-users-require-mfa';

/** AWS Organizations: "Maximum size of a policy document: Service control policies: 5,120 characters". */
export const SCP_SIZE_LIMIT = 5120;

/**
 * What IAM users may still do without MFA. The identity policy's list plus iam:ChangePassword and
 * iam:GetAccountPasswordPolicy: an SCP reaches every IAM user of every account below it, including users
 * created with a forced password reset, who would otherwise be locked out at first sign-in (changing a
 * password needs the current one, so it grants nothing new; our engine tolerates both).
 */
export const MFA_SCP_NOT_ACTIONS: readonly string[] = [
  ...MFA_POLICY_NOT_ACTIONS,
  'iam:ChangePassword',
  'iam:GetAccountPasswordPolicy',
].sort();

export const IAM_USER_ARN_PATTERN = 'arn:aws:iam::*:user/*';

export interface MfaScpOptions {
  readonly exemptArns?: readonly string[];
}

/** The SCP document as plain JSON. Throws InputError when it would not fit the SCP size limit. */
export function mfaScpDocument(options: MfaScpOptions = {}): Record<string, unknown> {
  const exempt = checkedExemptArns(options.exemptArns);
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyIamUsersWithoutMfa',
        Effect: 'Deny',
        NotAction: [...MFA_SCP_NOT_ACTIONS],
        Resource: '*',
        Condition: {
          BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
          ArnLike: { 'aws:PrincipalArn': IAM_USER_ARN_PATTERN },
          ...exemptCondition(exempt),
        },
      },
    ],
  };
  const size = scpJson(document).length;
  if (size > SCP_SIZE_LIMIT) {
    throw new InputError(
      `the SCP would be ${size.toLocaleString('en-US')} characters with ${exempt.length} exempt ARNs, over the ${SCP_SIZE_LIMIT.toLocaleString('en-US')}-character limit for service control policies; exempt fewer ARNs or use a wildcard such as arn:aws:iam::*:user/break-glass/*`,
    );
  }
  return document;
}

/**
 * The text `--format json` writes, and the one the size limit is measured on: `aws organizations
 * create-policy --content file://...` stores the content exactly as given, whitespace included, so what fits
 * here fits in every format (Terraform's jsonencode and CloudFormation write it more compactly).
 */
export function scpJson(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
