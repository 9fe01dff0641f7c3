import { compileDocument, type CompiledStatement } from './compiledStatement.js';
import type { PolicyDocument, PrincipalElement } from './policyDocument.js';
import { decide, type Decision, type LayeredStatement, type PolicyLayers } from './reachability.js';
import { someUserShapes } from './globShapes.js';
import {
  accessKeyWithoutMfa,
  consoleWithoutMfa,
  withKeys,
  withShapes,
  type ContextKeys,
  type RequestContext,
} from './requestContext.js';
import { triNot, triOr, type Tri } from './triState.js';

// A role's trust policy, read as AWS reads it when an IAM user calls sts:AssumeRole: which principals it
// names, and for each kind of principal that can be an IAM user (anyone, an account, one user) whether the
// call succeeds without MFA, as far as the trust policy decides it. The trust policy is the resource policy
// of the AssumeRole request: its Allow grants (with the caller's own identity policies, for its own account),
// and any Deny in it that applies refuses the call. Conditions are decided with the same engine as identity
// policies, in the two contexts without MFA: a long-term access key (aws:MultiFactorAuthPresent absent) and a
// console session (the key is "false").

const ASSUME_ROLE = 'sts:assumerole';

export type TrustedPrincipalKind =
  /** "*" (or {"AWS": "*"}): any principal of any account, unless a condition narrows it. */
  | 'anyone'
  /** An account id or its root ARN: every IAM user and role of that account its own policies let call. */
  | 'account'
  | 'user'
  | 'role'
  /** An assumed-role session ARN. */
  | 'session'
  | 'service'
  /** A SAML or OIDC provider. */
  | 'federated'
  | 'canonical-user'
  /** A unique id (AIDA..., AROA...) left where a deleted principal was named, or a value we cannot read. */
  | 'other';

export interface TrustedPrincipal {
  readonly kind: TrustedPrincipalKind;
  /** As written: "123456789012", "arn:aws:iam::123456789012:user/alice", "ec2.amazonaws.com". */
  readonly value: string;
  /** The account of an account, user, role or session principal. */
  readonly account?: string;
  /** The Allow statements that name it (and allow sts:AssumeRole or a federated AssumeRole action). */
  readonly statements: readonly CompiledStatement[];
}

/** An IAM user the trust policy may let in: anyone, any user of an account, or one user. */
export interface UserEntry {
  readonly principal: TrustedPrincipal;
  /** sts:AssumeRole signed with the user's long-term access key, without MFA. */
  readonly accessKey: Decision;
  /** sts:AssumeRole from the user's console session without MFA (switch role). */
  readonly console: Decision;
}

export interface TrustAnalysis {
  /** Principals named by Allow statements that allow assuming the role, in document order, once each. */
  readonly principals: readonly TrustedPrincipal[];
  /** The principals that can be IAM users, each with the trust policy's decision without MFA. */
  readonly users: readonly UserEntry[];
}

/**
 * Who calls sts:AssumeRole: an IAM user, or a role session (a chain), in `account` (any account when absent),
 * this one principal when `arn` is set (a role session is matched by its role's ARN).
 */
export interface TrustCaller {
  readonly kind: 'user' | 'role';
  readonly account?: string;
  readonly arn?: string;
  /** More condition keys known for the caller (aws:username, aws:PrincipalTag/..., aws:PrincipalOrgID). */
  readonly keys?: ContextKeys;
  /** The partition of the caller's ARN, when known ("aws"). */
  readonly partition?: string;
}

export interface TrustDecision {
  readonly decision: Decision;
  /**
   * The Allow that lets the caller in names it by ARN (or "*"): within one account that grants the call on its
   * own; naming the account (its root) only delegates, and the caller's own policies must allow the call too.
   */
  readonly namesCaller: boolean;
}

export function analyzeTrustPolicy(document: PolicyDocument): TrustAnalysis {
  const compiled = compileDocument(document);
  const principals = trustedPrincipals(compiled);
  const users = principals
    .filter((principal) => ['anyone', 'account', 'user'].includes(principal.kind))
    .map((principal): UserEntry => {
      const caller = callerOf(principal);
      return {
        principal,
        accessKey: decideAssumeRole(compiled, caller, accessKeyWithoutMfa).decision,
        console: decideAssumeRole(compiled, caller, consoleWithoutMfa).decision,
      };
    });
  return { principals, users };
}

/** Can this decision let the caller in: reachable, even if only under conditions the analysis cannot decide. */
export function admits(decision: Decision): boolean {
  return decision.reachable;
}

function trustedPrincipals(statements: readonly CompiledStatement[]): TrustedPrincipal[] {
  const byKey = new Map<
    string,
    { kind: TrustedPrincipalKind; value: string; account?: string; statements: CompiledStatement[] }
  >();
  for (const entry of statements) {
    const { statement } = entry;
    if (statement.effect !== 'Allow' || !statement.principal) continue;
    if (!allowsAssuming(entry)) continue;
    for (const principal of namedPrincipals(statement.principal)) {
      const key = `${principal.kind}\u0000${principal.value}`;
      const known = byKey.get(key);
      if (known) known.statements.push(entry);
      else byKey.set(key, { ...principal, statements: [entry] });
    }
  }
  return [...byKey.values()];
}

/** sts:AssumeRole, or the federated variants for SAML and OIDC providers. */
function allowsAssuming(entry: CompiledStatement): boolean {
  return ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'].some((action) =>
    entry.matcher.matches(action),
  );
}

/** The principals an element names; NotPrincipal in an Allow names everyone (but those listed). */
function namedPrincipals(element: PrincipalElement): Omit<TrustedPrincipal, 'statements'>[] {
  if (element.value === '*' || element.kind === 'NotPrincipal') return [{ kind: 'anyone', value: '*' }];
  const named: Omit<TrustedPrincipal, 'statements'>[] = [];
  for (const [type, values] of Object.entries(element.value)) {
    for (const value of values) named.push(classify(type, value));
  }
  return named;
}

function classify(type: string, value: string): Omit<TrustedPrincipal, 'statements'> {
  const trimmed = value.trim();
  switch (type) {
    case 'Service':
      return { kind: 'service', value: trimmed };
    case 'Federated':
      return { kind: 'federated', value: trimmed };
    case 'CanonicalUser':
      return { kind: 'canonical-user', value: trimmed };
    case 'AWS':
      return classifyAws(trimmed);
    default:
      return { kind: 'other', value: trimmed };
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const IAM_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}):(.+)$/;

function classifyAws(value: string): Omit<TrustedPrincipal, 'statements'> {
  if (value === '*') return { kind: 'anyone', value };
  if (ACCOUNT_ID.test(value)) return { kind: 'account', value, account: value };
  const arn = IAM_ARN.exec(value);
  if (!arn) return { kind: 'other', value };
  const [, service, account, rest] = arn as unknown as [string, string, string, string];
  if (service === 'iam' && rest === 'root') return { kind: 'account', value, account };
  if (service === 'iam' && rest.startsWith('user/')) return { kind: 'user', value, account };
  if (service === 'iam' && rest.startsWith('role/')) return { kind: 'role', value, account };
  if (service === 'sts' && rest.startsWith('assumed-role/')) return { kind: 'session', value, account };
  return { kind: 'other', value, account };
}

function callerOf(principal: TrustedPrincipal): TrustCaller {
  if (principal.kind === 'user')
    return { kind: 'user', account: principal.account as string, arn: principal.value };
  const partition = /^arn:([^:]+):/.exec(principal.value)?.[1];
  if (principal.kind === 'account')
    return { kind: 'user', account: principal.account as string, ...(partition ? { partition } : {}) };
  return { kind: 'user' };
}

/** The trust policy's decision on sts:AssumeRole by one caller, in a context such as accessKeyWithoutMfa. */
export function decideTrust(
  document: PolicyDocument,
  caller: TrustCaller,
  base: RequestContext,
): TrustDecision {
  return decideAssumeRole(compileDocument(document), caller, base);
}

/** The trust policy's decision on sts:AssumeRole by `caller` in a context without MFA. */
function decideAssumeRole(
  statements: readonly CompiledStatement[],
  caller: TrustCaller,
  base: RequestContext,
): TrustDecision {
  const keys: Record<string, string | readonly string[] | null> = {
    'aws:PrincipalType': caller.kind === 'user' ? 'User' : 'AssumedRole',
  };
  if (caller.account) keys['aws:PrincipalAccount'] = caller.account;
  if (caller.arn) {
    keys['aws:PrincipalArn'] = caller.arn;
    if (caller.kind === 'user') keys['aws:username'] = caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
  }
  const known = withKeys(base, { ...keys, ...caller.keys });
  // Some user whose name is not known: its ARN is still a user ARN of its account, its id an AIDA id.
  const context =
    caller.kind === 'user' && !caller.arn
      ? withShapes(known, someUserShapes(caller.partition, caller.account))
      : known;
  const matching: LayeredStatement[] = [];
  for (const compiled of statements) {
    if (!compiled.matcher.matches(ASSUME_ROLE)) continue;
    // As in the identity analysis: a statement whose condition is false here cannot change the decision.
    if (compiled.condition(context) === 'false') continue;
    const applies = principalApplies(compiled, caller);
    // An Allow counts when it certainly names the caller; a Deny only when it certainly applies to it.
    if (applies !== 'true') continue;
    matching.push({ compiled, layer: 'identity', level: 0 });
  }
  const layers: PolicyLayers = { statements: matching, hasBoundary: false, scpLevels: 0 };
  const decision = decide(matching, layers, context);
  const principal = decision.allowedBy?.statement.principal;
  const namesCaller =
    principal !== undefined &&
    principal.kind === 'Principal' &&
    (principal.value === '*' ||
      (principal.value.AWS ?? []).some((value) => value.trim() === '*' || value.trim() === caller.arn));
  return { decision, namesCaller };
}

/** Does the statement's Principal (or NotPrincipal) element cover the caller? */
function principalApplies(compiled: CompiledStatement, caller: TrustCaller): Tri {
  const element = compiled.statement.principal;
  // A statement without a principal is invalid in a trust policy; IAM would reject the document.
  if (!element) return 'false';
  if (element.value === '*') return element.kind === 'Principal' ? 'true' : 'false';
  const named = Object.entries(element.value).flatMap(([type, values]) =>
    type === 'AWS' ? values.map((value) => names(value.trim(), caller)) : ['false' as Tri],
  );
  const covered = triOr(named);
  return element.kind === 'Principal' ? covered : triNot(covered);
}

/** Does one AWS principal value cover the caller (a user or role session of caller.account, or caller.arn)? */
function names(value: string, caller: TrustCaller): Tri {
  if (value === '*') return 'true';
  const principal = classifyAws(value);
  if (principal.kind === 'account') {
    if (!caller.account) return 'unknown';
    return principal.account === caller.account ? 'true' : 'false';
  }
  if (principal.kind === (caller.kind === 'user' ? 'user' : 'role')) {
    if (caller.arn) return principal.value === caller.arn ? 'true' : 'false';
    // "Some user of the account": one user's ARN covers only that user.
    return caller.account && principal.account !== caller.account ? 'false' : 'unknown';
  }
  // A user is never a role; a session ARN names one session name, which a chain cannot be relied on to use;
  // unique ids are what is left of deleted principals.
  return 'false';
}
