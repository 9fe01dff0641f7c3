import type { CompiledStatement } from './compiledStatement.js';
import type { PolicyDocument } from './policyDocument.js';
import { layersOf, type Decision, type PolicyLayers, type PolicySet } from './reachability.js';
import {
  accessKeyWithoutMfa,
  consoleWithoutMfa,
  MFA_AGE_KEY,
  MFA_PRESENT_KEY,
  requestContext,
  withKeys,
  type ContextKeys,
  type RequestContext,
} from './requestContext.js';
import { analyzeTrustPolicy, decideTrust, type TrustCaller, type TrustDecision } from './trustPolicy.js';
import { evaluateRequest } from './witnessRequest.js';

// Reach through sts:AssumeRole. A principal that can call sts:AssumeRole on a role without MFA (its own
// policies allow it, or, in its own account, the trust policy names it) and that the role's trust policy lets
// in without MFA, can do without MFA whatever the role can; and from the role's session, the same again for
// the roles that session can assume (role chaining). The role graph of one account is built once; each
// principal's first hops are found from its own policies, then followed through the graph, cycles included.

/** A role as the reach analysis needs it: its parsed trust policy and its own policies. */
export interface AssumableRole {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  readonly trust: PolicyDocument;
  /** The role's permissions: its inline and attached policies, its boundary, the SCPs over the account. */
  readonly set: PolicySet;
  /** Condition keys of the role's sessions beyond type and ARN (aws:PrincipalTag/... from its tags). */
  readonly keys?: ContextKeys;
}

/** Where a chain starts: an IAM user with its policies and its own condition keys. */
export interface ReachStart {
  readonly arn: string;
  readonly account: string;
  readonly set: PolicySet;
  readonly keys?: ContextKeys;
  /**
   * The start's policies decide alike for any caller (no condition or variable on the caller's keys): its
   * first hops into roles that trust every user alike are shared with every start whose statements on
   * sts:AssumeRole are the same. Hops into roles whose trust names users or tests caller keys are always
   * found per start.
   */
  readonly sharesDecisions?: boolean;
}

export type ReachCredential = 'access-key' | 'console-session';

export interface RoleReach {
  readonly role: AssumableRole;
  /** The roles assumed on the way, the first hop first, this role last. */
  readonly chain: readonly AssumableRole[];
  /** The start's credentials that get in at the first hop of this chain. */
  readonly credentials: readonly ReachCredential[];
  /** A hop passes only under conditions the analysis cannot decide (an unknown Allow or Deny). */
  readonly conditional: boolean;
}

/**
 * A role session assumed without MFA: temporary credentials, so aws:MultiFactorAuthPresent is in the
 * request, "false".
 */
export const roleSessionWithoutMfa: RequestContext = requestContext('roleSession', {
  [MFA_PRESENT_KEY]: 'false',
  [MFA_AGE_KEY]: null,
  'aws:viaawsservice': 'false',
});

const FIRST_HOP_CONTEXTS: readonly [ReachCredential, RequestContext][] = [
  ['access-key', accessKeyWithoutMfa],
  ['console-session', consoleWithoutMfa],
];

/** A role whose trust policy or own policies could not be read: reaching it leaves a verdict undecided. */
export interface OpaqueRole {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  /** The trust policy, when only the role's own policies are missing. */
  readonly trust?: PolicyDocument;
  readonly reason: string;
}

/** An opaque role the start (or a role it reaches) may assume without MFA. */
export interface OpaqueReach {
  readonly role: OpaqueRole;
  /** The roles assumed before it; empty when the start may assume it directly. */
  readonly via: readonly AssumableRole[];
  readonly credentials: readonly ReachCredential[];
}

export interface RoleGraph {
  /** Every role the start reaches without MFA, each once, by its shortest chain. */
  reachableFrom(start: ReachStart): readonly RoleReach[];
  /**
   * The opaque roles the start, or a role it reaches (`reached`, from reachableFrom), may assume without MFA:
   * with an unreadable trust policy, when the caller's own policies allow sts:AssumeRole on it; with a readable
   * one, when the hop is admitted as for any role.
   */
  opaqueFrom(start: ReachStart, reached: readonly RoleReach[]): readonly OpaqueReach[];
}

interface Hop {
  readonly admitted: boolean;
  readonly conditional: boolean;
}

const CLOSED: Hop = { admitted: false, conditional: false };

export function roleGraph(roles: readonly AssumableRole[], opaque: readonly OpaqueRole[] = []): RoleGraph {
  // Only roles whose trust policy can let an IAM user in at all are first hops; any role can be a later one.
  const userFacing = roles.filter((role) => analyzeTrustPolicy(role.trust).users.length > 0);
  // A trust policy that decides alike for every caller of one kind and account is decided once per context:
  // for users, one that names no user and tests no key of the caller; for role sessions, one that names
  // only accounts or "*" (a role can be named by ARN) and tests no key of the caller.
  const trustMemo = new Map<AssumableRole, Map<RequestContext, Map<string, TrustDecision>>>();
  const trustFor = (role: AssumableRole, caller: TrustCaller, context: RequestContext): TrustDecision => {
    const shareable = caller.kind === 'user' ? !callerSensitive(role.trust) : accountWide(role.trust);
    if (!shareable) return decideTrust(role.trust, caller, context);
    let byContext = trustMemo.get(role);
    if (!byContext) trustMemo.set(role, (byContext = new Map()));
    let byCaller = byContext.get(context);
    if (!byCaller) byContext.set(context, (byCaller = new Map()));
    const key = `${caller.kind}:${caller.account ?? ''}`;
    let decision = byCaller.get(key);
    if (!decision) byCaller.set(key, (decision = decideTrust(role.trust, caller, context)));
    return decision;
  };
  // Which roles a role session could be let into at all: those trusting "*" or an account, and those naming
  // that role by ARN; the rest cannot be reached from it, whatever its policies say.
  const broadTrust: AssumableRole[] = [];
  const trustedBy = new Map<string, AssumableRole[]>();
  for (const role of roles) {
    const named = trustedAwsPrincipals(role.trust);
    if (named.some((value) => value === '*' || !value.includes(':role/'))) broadTrust.push(role);
    for (const value of named.filter((v) => v.includes(':role/')))
      trustedBy.set(value, [...(trustedBy.get(value) ?? []), role]);
  }
  const edges = new Map<AssumableRole, { role: AssumableRole; conditional: boolean }[]>();
  const edgesFrom = (from: AssumableRole) => {
    let found = edges.get(from);
    if (!found) {
      const caller: TrustCaller = { kind: 'role', account: from.account, arn: from.arn, keys: from.keys };
      const own = assumeStatements(layersOf(from.set), roleSessionWithoutMfa);
      const context = callerContext(roleSessionWithoutMfa, caller);
      const shared = coversAllResources(own) ? {} : undefined;
      found = [];
      for (const to of new Set([...(trustedBy.get(from.arn) ?? []), ...broadTrust])) {
        if (to === from) continue;
        const hop = decideHop(caller, own, context, to, trustFor(to, caller, roleSessionWithoutMfa), shared);
        if (hop.admitted) found.push({ role: to, conditional: hop.conditional });
      }
      edges.set(from, found);
    }
    return found;
  };
  // First hops into roles whose trust decides alike for every user are memoised by the caller's statements
  // on sts:AssumeRole (statementsKey); those into roles whose trust names users or tests the caller's keys
  // are found per start.
  const sharedRoles = userFacing.filter((role) => !callerSensitive(role.trust));
  const personalRoles = userFacing.filter((role) => callerSensitive(role.trust));
  type FirstHops = Map<AssumableRole, { credentials: ReachCredential[]; conditional: boolean }>;
  const firstHops = new Map<string, FirstHops>();
  const statementIds = new WeakMap<CompiledStatement, number>();
  const contentIds = new Map<string, number>();
  // Most callers' first hops are one of a few answers ("every role trusting the account", "none"): each
  // distinct answer is kept once, however many statement keys lead to it.
  const roleIndex = new Map(userFacing.map((role, index) => [role, index]));
  const answers = new Map<string, FirstHops>();
  const intern = (found: FirstHops): FirstHops => {
    const parts: string[] = [];
    for (const [role, hop] of found)
      parts.push(`${roleIndex.get(role)}${hop.conditional ? '?' : ''}:${hop.credentials.join('+')}`);
    const signature = parts.join(',');
    const known = answers.get(signature);
    if (known) return known;
    answers.set(signature, found);
    shared.add(found);
    return found;
  };
  const shared = new WeakSet<ReadonlyMap<AssumableRole, unknown>>();
  const walks = new WeakMap<ReadonlyMap<AssumableRole, unknown>, readonly RoleReach[]>();

  type OwnStatements = readonly (readonly [ReachCredential, RequestContext, PolicyLayers])[];
  const hopsInto = (
    caller: TrustCaller,
    owns: OwnStatements,
    targets: readonly AssumableRole[],
    found: FirstHops,
  ): FirstHops => {
    for (const [credential, context, own] of owns) {
      if (targets.length === 0) break;
      let withCaller: RequestContext | undefined;
      const shared = coversAllResources(own) ? {} : undefined;
      for (const role of targets) {
        const trust = trustFor(role, caller, context);
        if (!trust.decision.reachable) continue;
        withCaller ??= callerContext(context, caller);
        const hop = decideHop(caller, own, withCaller, role, trust, shared);
        if (!hop.admitted) continue;
        const entry = found.get(role) ?? { credentials: [], conditional: false };
        entry.credentials.push(credential);
        entry.conditional ||= hop.conditional;
        found.set(role, entry);
      }
    }
    return found;
  };

  const firstHopsOf = (
    start: ReachStart,
  ): ReadonlyMap<AssumableRole, { credentials: readonly ReachCredential[]; conditional: boolean }> => {
    const caller: TrustCaller = { kind: 'user', account: start.account, arn: start.arn, keys: start.keys };
    const startLayers = layersOf(start.set);
    const owns: OwnStatements = FIRST_HOP_CONTEXTS.map(
      ([credential, context]) => [credential, context, assumeStatements(startLayers, context)] as const,
    );
    // Callers whose statements on sts:AssumeRole are the same decide alike: most users share a handful.
    const key = start.sharesDecisions
      ? owns.map(([, , own]) => statementsKey(own, statementIds, contentIds)).join('#')
      : undefined;
    let common = key !== undefined ? firstHops.get(key) : undefined;
    if (!common) {
      common = intern(hopsInto(caller, owns, sharedRoles, new Map()));
      if (key !== undefined) firstHops.set(key, common);
    }
    if (personalRoles.length === 0) return common;
    return hopsInto(caller, owns, personalRoles, new Map(common));
  };

  return {
    reachableFrom(start) {
      const hops = firstHopsOf(start);
      // The chains follow from the first hops alone: one shared answer, one walk through the graph.
      const known = walks.get(hops);
      if (known) return known;
      const reached = new Map<AssumableRole, RoleReach>();
      let frontier: RoleReach[] = [];
      for (const [role, { credentials, conditional }] of hops) {
        const reach: RoleReach = { role, chain: [role], credentials, conditional };
        reached.set(role, reach);
        frontier.push(reach);
      }
      // Breadth first: each role is reached by a shortest chain; a cycle ends where it meets a reached role.
      while (frontier.length > 0) {
        const next: RoleReach[] = [];
        for (const from of frontier) {
          for (const edge of edgesFrom(from.role)) {
            if (reached.has(edge.role)) continue;
            const reach: RoleReach = {
              role: edge.role,
              chain: [...from.chain, edge.role],
              credentials: from.credentials,
              conditional: from.conditional || edge.conditional,
            };
            reached.set(edge.role, reach);
            next.push(reach);
          }
        }
        frontier = next;
      }
      const all = [...reached.values()];
      if (shared.has(hops)) walks.set(hops, all);
      return all;
    },
    opaqueFrom(start, reached) {
      if (opaque.length === 0) return [];
      const found = new Map<OpaqueRole, OpaqueReach>();
      const tryFrom = (
        caller: TrustCaller,
        set: PolicySet,
        contexts: readonly (readonly [readonly ReachCredential[], RequestContext])[],
        via: readonly AssumableRole[],
      ) => {
        const callerLayers = layersOf(set);
        for (const [credentials, context] of contexts) {
          const own = assumeStatements(callerLayers, context);
          const withCaller = callerContext(context, caller);
          for (const role of opaque) {
            if (role.arn === caller.arn) continue;
            const admitted = role.trust
              ? decideHop(caller, own, withCaller, role, decideTrust(role.trust, caller, context)).admitted
              : evaluateRequest(own, { action: 'sts:AssumeRole', resource: role.arn, context: withCaller })
                  .reachable;
            if (!admitted) continue;
            const entry = found.get(role);
            if (!entry) found.set(role, { role, via, credentials: [...credentials] });
            else if (entry.via.length === via.length)
              found.set(role, {
                ...entry,
                credentials: [...new Set([...entry.credentials, ...credentials])],
              });
          }
        }
      };
      tryFrom(
        { kind: 'user', account: start.account, arn: start.arn, keys: start.keys },
        start.set,
        FIRST_HOP_CONTEXTS.map(([credential, context]) => [[credential], context] as const),
        [],
      );
      for (const reach of reached)
        tryFrom(
          { kind: 'role', account: reach.role.account, arn: reach.role.arn, keys: reach.role.keys },
          reach.role.set,
          [[reach.credentials, roleSessionWithoutMfa]],
          reach.chain,
        );
      return [...found.values()];
    },
  };
}

/**
 * Equal for two filtered layers exactly when they hold statements of the same content (effect, actions,
 * resources, conditions; not Sid or origin) in the same layers: users with copies of one inline policy
 * decide alike on sts:AssumeRole. The ids live as long as one role graph (one account's scan).
 */
function statementsKey(
  layers: PolicyLayers,
  statementIds: WeakMap<CompiledStatement, number>,
  contentIds: Map<string, number>,
): string {
  const ids = layers.statements.map(({ compiled, layer, level }) => {
    let id = statementIds.get(compiled);
    if (id === undefined) {
      const { effect, action, resource, principal, conditions } = compiled.statement;
      const content = JSON.stringify([effect, action, resource, principal, conditions]);
      id = contentIds.get(content);
      if (id === undefined) contentIds.set(content, (id = contentIds.size + 1));
      statementIds.set(compiled, id);
    }
    return `${layer}${level}:${id}`;
  });
  // The order of statements never changes a decision.
  return `${layers.hasBoundary ? 'b' : ''}${layers.scpLevels}|${ids.sort().join(',')}`;
}

/** Every statement covers all resources (no ARN list, no NotResource): one decision holds for every role. */
function coversAllResources(layers: PolicyLayers): boolean {
  return layers.statements.every(
    ({ compiled }) => compiled.scope === 'all' && compiled.statement.resource?.kind !== 'NotResource',
  );
}

/** The context of the caller's own request: its principal keys added (once per caller and context). */
function callerContext(context: RequestContext, caller: TrustCaller): RequestContext {
  return withKeys(context, {
    'aws:PrincipalArn': caller.arn ?? null,
    'aws:PrincipalAccount': caller.account ?? null,
    'aws:PrincipalType': caller.kind === 'user' ? 'User' : 'AssumedRole',
    ...(caller.kind === 'user' && caller.arn
      ? { 'aws:username': caller.arn.slice(caller.arn.lastIndexOf('/') + 1) }
      : {}),
    ...caller.keys,
  });
}

/** The AWS principals the Allow statements of a trust policy name ("*" for Principal "*" or NotPrincipal). */
function trustedAwsPrincipals(trust: PolicyDocument): string[] {
  return trust.statements.flatMap((statement) => {
    const principal = statement.principal;
    if (statement.effect !== 'Allow' || !principal) return [];
    if (principal.value === '*' || principal.kind === 'NotPrincipal') return ['*'];
    return (principal.value.AWS ?? []).map((value) => value.trim());
  });
}

/**
 * Can `caller`, whose policies are `callerLayers`, assume `role` in this context (the caller's keys in it)? The trust policy must let
 * it in; and its own policies must allow sts:AssumeRole on the role, except that within one account a trust
 * policy naming the caller by ARN grants the call on its own (an explicit Deny still wins).
 */
function decideHop(
  caller: TrustCaller,
  callerLayers: PolicyLayers,
  context: RequestContext,
  role: { readonly arn: string; readonly account: string },
  trust: TrustDecision,
  sameForEveryRole?: { decision?: Decision },
): Hop {
  if (!trust.decision.reachable) return CLOSED;
  // When every statement that bears on sts:AssumeRole covers all resources, the decision is one for all roles.
  const own =
    sameForEveryRole?.decision ??
    evaluateRequest(callerLayers, { action: 'sts:AssumeRole', resource: role.arn, context });
  if (sameForEveryRole) sameForEveryRole.decision = own;
  const sameAccount = caller.account !== undefined && caller.account === role.account;
  if (own.reachable) return { admitted: true, conditional: own.conditional || trust.decision.conditional };
  if (sameAccount && trust.namesCaller && grantsDespiteImplicitDeny(own))
    return { admitted: true, conditional: trust.decision.conditional || own.possiblyDeniedBy.length > 0 };
  return CLOSED;
}

/**
 * The caller's statements that can bear on sts:AssumeRole in this context, found once and then tried against
 * each role's ARN (most statements of a principal are about other actions).
 */
function assumeStatements(layers: PolicyLayers, context: RequestContext): PolicyLayers {
  return {
    ...layers,
    statements: layers.statements.filter(
      ({ compiled }) => compiled.matcher.matches('sts:assumerole') && compiled.condition(context) !== 'false',
    ),
  };
}

const CALLER_KEYS = /^aws:(principal|username|userid|sourceidentity)/;

/**
 * Does the document decide differently for two callers with the same policies: a condition on a key of the
 * caller (aws:PrincipalArn, aws:username, aws:PrincipalTag/...), or a policy variable in a condition or a
 * resource? Callers for whom no document does can share their decisions.
 */
export function testsCallerKeys(document: PolicyDocument): boolean {
  return document.statements.some(
    (statement) =>
      statement.conditions.some(
        (clause) => CALLER_KEYS.test(clause.key) || clause.values.some((v) => v.includes('${')),
      ) || (statement.resource?.patterns ?? []).some((pattern) => pattern.includes('${')),
  );
}

const accountWideTrusts = new WeakMap<PolicyDocument, boolean>();
const ACCOUNT_PRINCIPAL = /^(\*|\d{12}|arn:[^:]+:iam::\d{12}:root)$/;

/** Every statement names only "*" or whole accounts, and none tests a key of the caller. */
function accountWide(trust: PolicyDocument): boolean {
  let wide = accountWideTrusts.get(trust);
  if (wide === undefined) {
    wide =
      !callerSensitive(trust) &&
      trust.statements.every(({ principal }) => {
        if (!principal || principal.value === '*') return true;
        if (principal.kind === 'NotPrincipal') return false;
        return (principal.value.AWS ?? []).every((value) => ACCOUNT_PRINCIPAL.test(value.trim()));
      });
    accountWideTrusts.set(trust, wide);
  }
  return wide;
}

/** Does the trust policy name a user by ARN, or test a key that differs from caller to caller? */
export function callerSensitive(trust: PolicyDocument): boolean {
  let sensitive = sensitiveTrusts.get(trust);
  if (sensitive === undefined) {
    sensitive =
      testsCallerKeys(trust) ||
      trust.statements.some(
        (statement) =>
          statement.principal !== undefined &&
          statement.principal.value !== '*' &&
          (statement.principal.value.AWS ?? []).some((value) => /:user\//.test(value)),
      );
    sensitiveTrusts.set(trust, sensitive);
  }
  return sensitive;
}
const sensitiveTrusts = new WeakMap<PolicyDocument, boolean>();

/** Not reachable by its own policies, but only for want of an Allow there: no explicit Deny, no SCP refusal. */
function grantsDespiteImplicitDeny(own: Decision): boolean {
  return !own.deniedBy && own.implicitDeny !== undefined && own.implicitDeny !== 'scp';
}
