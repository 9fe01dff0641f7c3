import type { Account, Group, User } from '../model/account.js';
import type { Remediation } from './check.js';
import { codeToolOf, logicalIdOf, terraformReference } from './codeSource.js';
import { hclString, option, shellQuote, terraformLabel } from './quoting.js';
import { judgedSteps, remediation, type CommandStep } from './remediation.js';

// The fix for a group or user whose policies do not enforce MFA: the MFA-enforcing managed policy that
// `mfa-warden generate policy` writes, created once per account and attached to the principal.

export const REQUIRE_MFA_POLICY = 'mfa-warden-require-mfa';
export const REQUIRE_MFA_FILE = `${REQUIRE_MFA_POLICY}.json`;

export function requireMfaPolicyArn(account: Account): string {
  return `arn:${account.partition}:iam::${account.id}:policy/${REQUIRE_MFA_POLICY}`;
}

/** Writes the policy document, then creates the policy unless it exists: safe to run again. */
export function createRequireMfaPolicySteps(account: Account): string[] {
  const arn = shellQuote(requireMfaPolicyArn(account));
  return [
    `mfa-warden generate policy --output ${REQUIRE_MFA_FILE}`,
    `aws iam get-policy --policy-arn ${arn} >/dev/null 2>&1 || aws iam create-policy --policy-name ${REQUIRE_MFA_POLICY} --policy-document file://${REQUIRE_MFA_FILE}`,
  ];
}

/** The same steps judged once per account: every failing user and group of the account starts with them. */
const createStepsOf = new WeakMap<Account, readonly CommandStep[]>();

function createSteps(account: Account): readonly CommandStep[] {
  let steps = createStepsOf.get(account);
  if (!steps) {
    steps = judgedSteps(createRequireMfaPolicySteps(account));
    createStepsOf.set(account, steps);
  }
  return steps;
}

export function enforceMfaForGroup(account: Account, group: Group): Remediation {
  return enforceMfa(account, { kind: 'group', principal: group });
}

export function enforceMfaForUser(account: Account, user: User): Remediation {
  return enforceMfa(account, { kind: 'user', principal: user });
}

function enforceMfa(
  account: Account,
  target: { kind: 'group' | 'user'; principal: Group | User },
): Remediation {
  const { kind, principal } = target;
  const inCode = principal.source.kind === 'iac';
  const arn = requireMfaPolicyArn(account);
  const attach: CommandStep = {
    command: `aws iam attach-${kind}-policy ${option(`--${kind}-name`, principal.name)} ${option('--policy-arn', arn)}`,
  };
  const policy = `the MFA-enforcing policy ${REQUIRE_MFA_POLICY} (written by \`mfa-warden generate policy\`)`;
  const text =
    kind === 'group'
      ? `Attach ${policy} to group ${principal.name}: its members can then do nothing but enrol MFA until they sign in with it, access keys included (automation using their keys without MFA stops working).`
      : `Attach ${policy} to ${principal.name}, or add ${principal.name} to a group that has it: the user can then do nothing but enrol MFA until signing in with it, access keys included (automation using its keys without MFA stops working).`;
  return remediation({
    text,
    // In code, the code is the fix: a CLI change would drift from it, so only the document is generated.
    steps: inCode ? [createSteps(account)[0] as CommandStep] : [...createSteps(account), attach],
    terraform: terraformSnippet(kind, principal),
    ...(codeToolOf(principal.source) === 'cloudformation'
      ? { cloudformation: cloudFormationSnippet(kind, principal) }
      : {}),
  });
}

function terraformSnippet(kind: 'group' | 'user', principal: Group | User): string {
  const reference = terraformReference(principal.source, 'name') ?? hclString(principal.name);
  const policyLabel = terraformLabel(REQUIRE_MFA_POLICY);
  const key = kind === 'group' ? 'group' : 'user ';
  return [
    `# mfa-warden generate policy --output ${REQUIRE_MFA_FILE}`,
    `resource "aws_iam_policy" "${policyLabel}" {`,
    `  name   = "${REQUIRE_MFA_POLICY}"`,
    `  policy = file("\${path.module}/${REQUIRE_MFA_FILE}")`,
    '}',
    '',
    `resource "aws_iam_${kind}_policy_attachment" ${hclString(`${terraformLabel(principal.name)}_require_mfa`)} {`,
    `  ${key}      = ${reference}`,
    `  policy_arn = aws_iam_policy.${policyLabel}.arn`,
    '}',
  ].join('\n');
}

function cloudFormationSnippet(kind: 'group' | 'user', principal: Group | User): string {
  const logicalId = logicalIdOf(principal.source) ?? principal.name;
  return [
    `# mfa-warden generate policy --output ${REQUIRE_MFA_FILE}; its Statement goes below`,
    'MfaWardenRequireMfa:',
    '  Type: AWS::IAM::ManagedPolicy',
    '  Properties:',
    `    ManagedPolicyName: ${REQUIRE_MFA_POLICY}`,
    `    ${kind === 'group' ? 'Groups' : 'Users'}:`,
    `      - !Ref ${logicalId}`,
    '    PolicyDocument:',
    '      Version: "2012-10-17"',
    `      Statement: [] # the Statement list of ${REQUIRE_MFA_FILE}`,
  ].join('\n');
}
