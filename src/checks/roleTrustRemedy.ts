import type { Role } from '../model/account.js';
import type { Remediation } from './check.js';
import { codeLocation, codeToolOf } from './codeSource.js';
import { fileStem, option } from './quoting.js';
import { remediation } from './remediation.js';

// How to require MFA on the way into a role: shared by role-trust-mfa and by the policy checks that follow
// sts:AssumeRole chains.

const ALLOW_CONDITION = '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}';

/**
 * The fix for a role that IAM users can assume without MFA: the MFA condition in the named Allow statements
 * of its trust policy (all that trust users, when none is named), and for a live role the commands that save
 * the trust policy and put the edited one in force (held back for review).
 */
export function requireMfaInTrust(role: Role, statements: readonly string[]): Remediation {
  const where = codeLocation(role.source);
  const text = `In the trust policy of role ${role.name}${where ? ` (${where})` : ''}, add ${ALLOW_CONDITION} to ${statements.join(', ') || 'the Allow statements that trust IAM users or accounts'} (without IfExists: an access key carries no MFA key at all), so that sts:AssumeRole without MFA is refused; callers then pass --serial-number and --token-code to aws sts assume-role.`;
  const live = role.source.kind !== 'iac';
  const stem = fileStem(`role-${role.name}-trust`);
  const steps = live
    ? [
        `aws iam get-role ${option('--role-name', role.name)} --query Role.AssumeRolePolicyDocument --output json > ${stem}.current.json`,
        {
          command: `aws iam update-assume-role-policy ${option('--role-name', role.name)} ${option('--policy-document', `file://${stem}.fixed.json`)}`,
          destructive: true,
          needsInput: true,
        },
      ]
    : undefined;
  return remediation({
    text: live
      ? `${text} The first command saves the trust policy as ${stem}.current.json: edit a copy saved as ${stem}.fixed.json, then run the last command.`
      : text,
    steps,
    terraform: [
      "# in the aws_iam_policy_document of the role's assume_role_policy, in each statement that trusts users:",
      'condition {',
      '  test     = "Bool"',
      '  variable = "aws:MultiFactorAuthPresent"',
      '  values   = ["true"]',
      '}',
    ].join('\n'),
    ...(codeToolOf(role.source) === 'cloudformation'
      ? {
          cloudformation: [
            '# in AssumeRolePolicyDocument, in each statement that trusts users:',
            'Condition:',
            '  Bool:',
            "    aws:MultiFactorAuthPresent: 'true'",
          ].join('\n'),
        }
      : {}),
  });
}
