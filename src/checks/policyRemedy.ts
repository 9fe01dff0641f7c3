import type { Account } from '../model/account.js';
import type { PolicyDocument, PolicyIssue, PolicyStatement } from '../policy/index.js';
import { sensitiveCategory, isSelfEnrolmentAction } from '../policy/index.js';
import type { PolicyEntry } from './accountPolicies.js';
import type { Remediation } from './check.js';
import { codeLocation, codeToolOf, terraformModuleOf } from './codeSource.js';
import { REQUIRE_MFA_POLICY } from './enforcementRemedy.js';
import { fileStem, hclString, oneLine, option } from './quoting.js';
import { remediation, type CommandStep } from './remediation.js';

// The fix for a policy whose MFA statements are unsound (mfa-condition-sound) or exempt too much
// (mfa-exemptions-minimal): what to change in each statement found, a Terraform (and CloudFormation) snippet
// of the corrected part, and for a live policy the commands that fetch its document and put the fixed one
// in force (a new default version, or the inline policy written over: held back for review).

/** What an MFA-enforcing Deny may leave out: MFA self-enrolment, none of it sensitive. */
export const MINIMAL_EXEMPTIONS: readonly string[] = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
].filter((action) => isSelfEnrolmentAction(action) && !sensitiveCategory(action));

type Fix = 'deny-without-mfa' | 'allow-with-mfa' | 'minimal-exemptions';

interface StatementFix {
  readonly statement: string;
  readonly phrase: string;
  readonly fix: Fix;
}

export function conditionRemedy(
  account: Account,
  entry: PolicyEntry,
  document: PolicyDocument,
  issues: readonly PolicyIssue[],
): Remediation {
  return policyRemedy(
    account,
    entry,
    issues.map((issue) => conditionFix(issue, statementOf(document, issue)?.effect ?? 'Deny')),
  );
}

export function exemptionRemedy(
  account: Account,
  entry: PolicyEntry,
  document: PolicyDocument,
  issues: readonly PolicyIssue[],
): Remediation {
  return policyRemedy(
    account,
    entry,
    issues.map((issue) => exemptionFix(issue, statementOf(document, issue))),
  );
}

function statementOf(document: PolicyDocument, issue: PolicyIssue): PolicyStatement | undefined {
  return document.statements.find((statement) => statement.index === issue.statementIndex);
}

const DENY_CONDITION = '"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}';
const ALLOW_CONDITION = '"Bool": {"aws:MultiFactorAuthPresent": "true"}';

function conditionFix(issue: PolicyIssue, effect: string): StatementFix {
  const deny = effect === 'Deny';
  const at = (phrase: string, fix: Fix = deny ? 'deny-without-mfa' : 'allow-with-mfa'): StatementFix => ({
    statement: issue.statement,
    phrase,
    fix,
  });
  switch (issue.code) {
    case 'deny-bool-without-ifexists':
      return at('replace "Bool" with "BoolIfExists" (value "false")');
    case 'deny-missing-key':
      return at(`test ${DENY_CONDITION} instead, so a missing key is denied too`);
    case 'deny-console-bypass':
      return at(`add a Deny of the same actions with ${DENY_CONDITION}`);
    case 'set-operator-on-mfa-key':
      return at(
        `drop the ForAnyValue/ForAllValues prefix and test ${deny ? DENY_CONDITION : ALLOW_CONDITION}`,
      );
    case 'null-with-ifexists':
      return at(`test only ${DENY_CONDITION}, which covers a missing key too`);
    case 'inverted-value':
      return at(`invert the test: ${deny ? DENY_CONDITION : ALLOW_CONDITION}`);
    case 'allow-without-mfa':
      return at(`test ${ALLOW_CONDITION} (no IfExists), and enforce MFA with a Deny, not an Allow`);
    default:
      return at(`test ${deny ? DENY_CONDITION : ALLOW_CONDITION}`);
  }
}

function exemptionFix(issue: PolicyIssue, statement: PolicyStatement | undefined): StatementFix {
  const phrase =
    issue.code === 'exempts-resources'
      ? statement?.resource?.kind === 'NotResource'
        ? 'replace its NotResource with "Resource": "*"'
        : 'apply it to "Resource": "*"'
      : statement?.action.kind === 'Action'
        ? 'replace its Action list with a NotAction of MFA self-enrolment only'
        : 'reduce its NotAction to MFA self-enrolment only';
  return { statement: issue.statement, phrase, fix: 'minimal-exemptions' };
}

function policyRemedy(account: Account, entry: PolicyEntry, found: readonly StatementFix[]): Remediation {
  const fixes = unique(found);
  const where = describeEntry(entry);
  const changes = byPhrase(fixes)
    .map(({ statements, phrase }) => `${statementNames(statements)}: ${phrase}`)
    .join('; ');
  const module = terraformModuleOf(entry.resource.source);
  const inModule = module
    ? `; it is declared in ${module}: change the module or its inputs, or replace it with ${REQUIRE_MFA_POLICY} (\`mfa-warden generate policy\`)`
    : '';
  const self = fixes.some((f) => f.fix === 'minimal-exemptions')
    ? ` (MFA self-enrolment: ${MINIMAL_EXEMPTIONS.join(', ')})`
    : '';
  const live = entry.resource.source.kind !== 'iac';
  if (entry.awsManaged) {
    return remediation({
      text: `${where} is AWS managed and cannot be changed (${changes}): do not rely on it for MFA, attach ${REQUIRE_MFA_POLICY} (\`mfa-warden generate policy\`) instead.`,
    });
  }
  const commands = live ? liveSteps(account, entry) : undefined;
  return remediation({
    text: `In ${where}, ${changes}${self}${inModule}${commands ? `; the first command saves the document in force as ${commands.currentFile}: edit a copy saved as ${commands.fixedFile}, then run the last command` : ''}.`,
    steps: commands?.steps,
    terraform: terraformSnippet(fixes),
    ...(codeToolOf(entry.resource.source) === 'cloudformation'
      ? { cloudformation: cloudFormationSnippet(fixes) }
      : {}),
  });
}

function unique(fixes: readonly StatementFix[]): StatementFix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => {
    const key = `${f.statement}\n${f.phrase}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeEntry(entry: PolicyEntry): string {
  const at = codeLocation(entry.resource.source);
  const name = entry.inline
    ? `the inline policy ${entry.inline.name} of ${entry.inline.kind} ${entry.inline.owner}`
    : `policy ${entry.label}`;
  return at ? `${name} (${at})` : name;
}

function liveSteps(
  account: Account,
  entry: PolicyEntry,
): { steps: (string | CommandStep)[]; currentFile: string; fixedFile: string } | undefined {
  if (entry.inline) {
    const { kind, owner, name } = entry.inline;
    const stem = fileStem(`${kind}-${owner}-${name}`);
    const target = `${option(`--${kind}-name`, owner)} ${option('--policy-name', name)}`;
    return {
      currentFile: `${stem}.current.json`,
      fixedFile: `${stem}.fixed.json`,
      steps: [
        `aws iam get-${kind}-policy ${target} --query PolicyDocument --output json > ${stem}.current.json`,
        {
          command: `aws iam put-${kind}-policy ${target} ${option('--policy-document', `file://${stem}.fixed.json`)}`,
          destructive: true,
          needsInput: true,
        },
      ],
    };
  }
  const arn = entry.resource.arn;
  if (!arn.startsWith(`arn:${account.partition}:iam::`)) return undefined;
  const stem = fileStem(entry.label);
  return {
    currentFile: `${stem}.current.json`,
    fixedFile: `${stem}.fixed.json`,
    steps: [
      `aws iam get-policy-version ${option('--policy-arn', arn)} --version-id "$(aws iam get-policy ${option('--policy-arn', arn)} --query Policy.DefaultVersionId --output text)" --query PolicyVersion.Document --output json > ${stem}.current.json`,
      {
        command: `aws iam create-policy-version ${option('--policy-arn', arn)} ${option('--policy-document', `file://${stem}.fixed.json`)} --set-as-default`,
        destructive: true,
        needsInput: true,
      },
    ],
  };
}

/** One snippet per statement and kind of fix, headed by what changes there. */
function byStatement(fixes: readonly StatementFix[]): { header: string; fix: Fix }[] {
  const groups = new Map<string, { statement: string; fix: Fix; phrases: string[] }>();
  for (const f of fixes) {
    const key = `${f.statement}\n${f.fix}`;
    const group = groups.get(key) ?? { statement: f.statement, fix: f.fix, phrases: [] };
    group.phrases.push(f.phrase);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    header: `# ${oneLine(statementName(g.statement))}: ${oneLine(g.phrases.join('; '))}`,
    fix: g.fix,
  }));
}

function terraformSnippet(fixes: readonly StatementFix[]): string {
  return byStatement(fixes)
    .map(({ header, fix }) => {
      if (fix === 'minimal-exemptions') {
        return [
          header,
          `not_actions = [${MINIMAL_EXEMPTIONS.map(hclString).join(', ')}]`,
          'resources   = ["*"]',
        ].join('\n');
      }
      const [test, value] = fix === 'deny-without-mfa' ? ['BoolIfExists', 'false'] : ['Bool', 'true'];
      return [
        header,
        'condition {',
        `  test     = "${test}"`,
        '  variable = "aws:MultiFactorAuthPresent"',
        `  values   = ["${value}"]`,
        '}',
        `# with jsonencode(): Condition = { ${test} = { "aws:MultiFactorAuthPresent" = "${value}" } }`,
      ].join('\n');
    })
    .join('\n\n');
}

function cloudFormationSnippet(fixes: readonly StatementFix[]): string {
  return byStatement(fixes)
    .map(({ header, fix }) => {
      if (fix === 'minimal-exemptions') {
        return [header, 'NotAction:', ...MINIMAL_EXEMPTIONS.map((a) => `  - ${a}`), 'Resource: "*"'].join(
          '\n',
        );
      }
      const [test, value] = fix === 'deny-without-mfa' ? ['BoolIfExists', 'false'] : ['Bool', 'true'];
      return [header, 'Condition:', `  ${test}:`, `    aws:MultiFactorAuthPresent: "${value}"`].join('\n');
    })
    .join('\n\n');
}

/** Each statement's fixes as one phrase, then statements with the same phrase together ("statements "A", "B": ..."). */
function byPhrase(fixes: readonly StatementFix[]): { statements: string[]; phrase: string }[] {
  const perStatement = new Map<string, string[]>();
  for (const f of fixes) perStatement.set(f.statement, [...(perStatement.get(f.statement) ?? []), f.phrase]);
  const groups = new Map<string, string[]>();
  for (const [statement, phrases] of perStatement) {
    const phrase = phrases.join(', and ');
    groups.set(phrase, [...(groups.get(phrase) ?? []), statement]);
  }
  return [...groups].map(([phrase, statements]) => ({ statements, phrase }));
}

function statementNames(statements: readonly string[]): string {
  if (statements.length === 1) return statementName(statements[0] as string);
  return `statements ${statements.map((s) => (/^Statement\[\d+\]$/.test(s) ? s : `"${s}"`)).join(', ')}`;
}

/** `statement "AllowX"` for a Sid, `Statement[2]` for a statement without one. */
function statementName(statement: string): string {
  return /^Statement\[\d+\]$/.test(statement) ? statement : `statement "${statement}"`;
}
