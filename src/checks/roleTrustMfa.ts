// A user who cannot do anything without MFA may still assume a role without it, and then do all the role can.
// AWS's answer is MFA-protected API access: the role's trust policy requires aws:MultiFactorAuthPresent for
// the IAM users it lets in. This check reads every trust policy with the policy engine, for sts:AssumeRole
// signed with a long-term access key and from a console session, neither with MFA.
import { inputKindOf, type Account, type Role } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import {
  admits,
  analyzeTrustPolicy,
  parsePolicyDocument,
  PolicyParseError,
  statementLabel,
  type Decision,
  type TrustedPrincipal,
  type UserEntry,
} from '../policy/index.js';
import type { Check, CheckResult, ResourceRef } from './check.js';
import { accountResource, result } from './resource.js';
import { requireMfaInTrust } from './roleTrustRemedy.js';

export const roleTrustMfa: Check = {
  id: 'role-trust-mfa',
  title: 'Roles that IAM users can assume require MFA in their trust policy',
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html',
  severity: 'high',
  rationale:
    'A user held to MFA by its own policies can still call sts:AssumeRole without MFA when the role trusts it, and then do everything the role can; only the trust policy can require MFA on the way in.',
  compliance: ['AWS-IAM-docs:id_credentials_mfa_configure-api-require', 'AWS-Well-Architected:SEC02-BP01'],
  run: (account) => {
    if (isUnknown(account.roles))
      return [
        result('error', accountResource(account), `IAM roles could not be read: ${account.roles.reason}`),
      ];
    return account.roles.flatMap((role) => judgeRole(account, role));
  },
};

/** Service-linked roles trust one AWS service and cannot be changed: not ours to judge. */
function isServiceLinked(role: Role): boolean {
  return role.path.startsWith('/aws-service-role/');
}

function judgeRole(account: Account, role: Role): CheckResult[] {
  if (isServiceLinked(role)) return [];
  const resource = roleResource(account, role);
  const trust = role.assumeRolePolicy;
  const iac = inputKindOf(account) === 'iac';
  if (!trust)
    return [result(iac ? 'unknown' : 'error', resource, 'the role has no trust policy we could read')];
  if (isUnknown(trust.document)) return [result(iac ? 'unknown' : 'error', resource, trust.document.reason)];
  let analysis;
  try {
    analysis = analyzeTrustPolicy(parsePolicyDocument(trust.document, `${role.name} trust policy`));
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    return [result('error', resource, error.message)];
  }
  const others = describeOthers(analysis.principals);
  if (analysis.users.length === 0) {
    return [
      result(
        'pass',
        resource,
        others.length > 0
          ? `no IAM user can assume it: it trusts only ${others.join('; ')}${federatedNote(analysis.principals)}`
          : 'its trust policy lets no one assume it',
        { details: { principals: principalDetails(analysis.principals) } },
      ),
    ];
  }
  const open = analysis.users.filter((entry) => admits(entry.accessKey) || admits(entry.console));
  const trustedAccounts = [
    ...new Set(
      analysis.users
        .map((entry) => entry.principal.account)
        .filter((id): id is string => id !== undefined && id !== account.id),
    ),
  ];
  const crossAccount =
    trustedAccounts.length > 0
      ? ` Cross-account trust (${trustedAccounts.join(', ')}): MFA must be required here, because the trusted account's own policies are not ours to see.`
      : '';
  const details = {
    principals: principalDetails(analysis.principals),
    ...(trustedAccounts.length > 0 ? { trustedAccounts } : {}),
  };
  if (open.length === 0) {
    return [
      result(
        'pass',
        resource,
        `IAM users must use MFA to assume it: ${analysis.users.map(describeRequired).join('; ')}`,
        { details },
      ),
    ];
  }
  return [
    result('fail', resource, `${open.map(describeOpen).join('; ')}.${crossAccount}`, {
      details: {
        ...details,
        withoutMfa: open.map((entry) => ({
          principal: entry.principal.value,
          kind: entry.principal.kind,
          credentials: [
            ...(admits(entry.accessKey) ? ['access-key'] : []),
            ...(admits(entry.console) ? ['console-session'] : []),
          ],
          allowedBy: statementName((entry.accessKey.allowedBy ?? entry.console.allowedBy)?.statement),
          conditional: entry.accessKey.conditional || entry.console.conditional,
        })),
      },
      remediation: requireMfaInTrust(role, [
        ...new Set(
          open.flatMap((entry) =>
            [entry.accessKey.allowedBy, entry.console.allowedBy]
              .filter((statement) => statement !== undefined)
              .map((statement) => statementName(statement.statement)),
          ),
        ),
      ]),
    }),
  ];
}

function roleResource(account: Account, role: Role): ResourceRef {
  return { type: 'AWS::IAM::Role', name: role.name, arn: role.arn, account: account.id, source: role.source };
}

function who(principal: TrustedPrincipal): string {
  switch (principal.kind) {
    case 'anyone':
      return 'any principal ("*")';
    case 'account':
      return `IAM users of account ${principal.account as string}`;
    default:
      return `user ${principal.value}`;
  }
}

function describeOpen(entry: UserEntry): string {
  const ways = [
    ...(admits(entry.accessKey) ? ['with an access key'] : []),
    ...(admits(entry.console) ? ['from a console session'] : []),
  ].join(' and ');
  const decision = admits(entry.accessKey) ? entry.accessKey : entry.console;
  const by = decision.allowedBy
    ? ` (${statementName(decision.allowedBy.statement)} allows sts:AssumeRole)`
    : '';
  const conditional = decision.conditional ? ' unless conditions that cannot be decided here refuse it' : '';
  return `${who(entry.principal)} can assume it without MFA ${ways}${by}${conditional}`;
}

function describeRequired(entry: UserEntry): string {
  const refusedBy = (decision: Decision) =>
    decision.deniedBy
      ? `${statementName(decision.deniedBy.statement)} denies it`
      : 'no Allow applies without MFA';
  const reason = refusedBy(entry.accessKey);
  return `${who(entry.principal)}: ${reason}`;
}

function statementName(statement: { index: number; sid?: string } | undefined): string {
  return statement ? statementLabel(statement) : 'a statement';
}

const OTHER_KINDS: Record<string, string> = {
  service: 'AWS services',
  federated: 'SAML/OIDC providers',
  role: 'roles',
  session: 'role sessions',
  'canonical-user': 'canonical users',
  other: 'principals we cannot place',
};

function describeOthers(principals: readonly TrustedPrincipal[]): string[] {
  const byKind = new Map<string, string[]>();
  for (const principal of principals) {
    const label = OTHER_KINDS[principal.kind];
    if (!label) continue;
    byKind.set(label, [...(byKind.get(label) ?? []), principal.value]);
  }
  return [...byKind].map(([label, values]) => `${label} (${values.join(', ')})`);
}

function federatedNote(principals: readonly TrustedPrincipal[]): string {
  return principals.some((p) => p.kind === 'federated')
    ? '; MFA for federated users is enforced at their identity provider'
    : principals.some((p) => p.kind === 'role' || p.kind === 'session')
      ? '; what users reach through those roles is judged by console-user-mfa-enforced'
      : '';
}

function principalDetails(principals: readonly TrustedPrincipal[]): { kind: string; value: string }[] {
  return principals.map((p) => ({ kind: p.kind, value: p.value }));
}
