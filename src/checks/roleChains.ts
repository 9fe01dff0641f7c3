// What a user (or a group's members) can reach without MFA by assuming roles: the account's role graph built
// once from the model (trust policies and each role's own policies), the chains a principal can follow without
// MFA, and which of them end in a role whose session can do more than MFA self-enrolment without MFA.
import type { Account, Role } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import {
  documentsOf,
  parsePolicyDocument,
  roleGraph,
  type AssumableRole,
  type OpaqueReach,
  type OpaqueRole,
  type PolicyDocument,
  type PolicySet,
  type PrincipalMfaAnalysis,
  type ReachStart,
  type RoleGraph,
  type RoleReach,
  testsCallerKeys,
} from '../policy/index.js';
import { accountPolicies, type PrincipalPolicies } from './accountPolicies.js';

export interface RoleChainIndex {
  readonly graph: RoleGraph;
  /** The model's role and its policies, by ARN. */
  readonly roles: ReadonlyMap<string, { readonly role: Role; readonly policies: PrincipalPolicies }>;
  /** Roles left out of the graph because their trust policy or their own policies could not be read. */
  readonly unreadable: readonly { readonly role: Role; readonly reason: string }[];
}

/** A chain whose last role's session reaches more than MFA self-enrolment without MFA. */
export interface LeakingChain {
  readonly reach: RoleReach;
  readonly role: Role;
  readonly policies: PrincipalPolicies;
  /** The role session's analysis; its `console` credential is the session without MFA. */
  readonly analysis: PrincipalMfaAnalysis;
}

const cache = new WeakMap<Account, RoleChainIndex>();

export function roleChainIndex(account: Account): RoleChainIndex {
  let index = cache.get(account);
  if (!index) {
    index = buildIndex(account);
    cache.set(account, index);
  }
  return index;
}

function buildIndex(account: Account): RoleChainIndex {
  const policies = accountPolicies(account);
  const roles = new Map<string, { role: Role; policies: PrincipalPolicies }>();
  const unreadable: { role: Role; reason: string }[] = [];
  const assumable: AssumableRole[] = [];
  const opaque: OpaqueRole[] = [];
  for (const role of isUnknown(account.roles) ? [] : account.roles) {
    if (role.path.startsWith('/aws-service-role/')) continue;
    const base = { arn: role.arn, name: role.name, account: account.id };
    const trust = trustOf(role);
    if (typeof trust === 'string') {
      unreadable.push({ role, reason: trust });
      opaque.push({ ...base, reason: trust });
      continue;
    }
    const own = policies.forRole(role);
    if (isUnknown(own)) {
      unreadable.push({ role, reason: own.reason });
      opaque.push({ ...base, trust, reason: `its policies could not be evaluated: ${own.reason}` });
      continue;
    }
    roles.set(role.arn, { role, policies: own });
    assumable.push({
      arn: role.arn,
      name: role.name,
      account: account.id,
      trust,
      set: own.set,
      ...(own.principal ? { keys: own.principal } : {}),
    });
  }
  return {
    graph: roleGraph(assumable, opaque),
    roles,
    unreadable,
  };
}

/** The parsed trust policy, or why it cannot be read. */
function trustOf(role: Role): PolicyDocument | string {
  const document = role.assumeRolePolicy?.document;
  if (document === undefined) return 'its trust policy is not in the data';
  if (isUnknown(document)) return document.reason;
  try {
    return parsePolicyDocument(document, `${role.name} trust policy`);
  } catch (error) {
    return `invalid trust policy: ${(error as Error).message}`;
  }
}

/** Do the policies decide differently for another caller with the same policies? */
function usesCallerKeys(set: PolicySet): boolean {
  return documentsOf(set).some(testsCallerKeys);
}

/** The chains a principal can follow without MFA, and those that end in a role that leaks. */
export function chainsFrom(
  account: Account,
  start: { readonly arn: string; readonly policies: PrincipalPolicies },
): {
  readonly all: readonly RoleReach[];
  readonly leaking: readonly LeakingChain[];
  /** Roles it may assume without MFA whose trust or permissions could not be read. */
  readonly opaque: readonly OpaqueReach[];
} {
  const index = roleChainIndex(account);
  if (index.roles.size === 0 && index.unreadable.length === 0) return { all: [], leaking: [], opaque: [] };
  const reachStart: ReachStart = {
    arn: start.arn,
    account: account.id,
    set: start.policies.set,
    ...(start.policies.principal ? { keys: start.policies.principal } : {}),
    // Own policies that read the caller's keys decide per caller: nothing to share.
    sharesDecisions: !usesCallerKeys(start.policies.set),
  };
  const all = index.graph.reachableFrom(reachStart);
  return { all, leaking: leakingOf(account, index, all), opaque: index.graph.opaqueFrom(reachStart, all) };
}

// Starts that share their first hops share the graph's answer (the same array): its leaks are found once.
const leaks = new WeakMap<readonly RoleReach[], readonly LeakingChain[]>();

function leakingOf(
  account: Account,
  index: RoleChainIndex,
  all: readonly RoleReach[],
): readonly LeakingChain[] {
  const known = leaks.get(all);
  if (known) return known;
  const analyzer = accountPolicies(account).analyzer;
  const leaking: LeakingChain[] = [];
  for (const reach of all) {
    const entry = index.roles.get(reach.role.arn);
    if (!entry) continue;
    const analysis = analyzer.analyze(entry.policies.set, entry.policies.principal);
    if (!analysis.console.enforced)
      leaking.push({ reach, role: entry.role, policies: entry.policies, analysis });
  }
  // The chain that reaches the most first, then the shortest.
  leaking.sort(
    (a, b) =>
      b.analysis.console.beyondSelfEnrolment - a.analysis.console.beyondSelfEnrolment ||
      a.reach.chain.length - b.reach.chain.length,
  );
  leaks.set(all, leaking);
  return leaking;
}

/** "alice -> role/deploy -> role/x (its trust policy could not be read: ...)", for the first few. */
export function describeOpaque(startName: string, reaches: readonly OpaqueReach[], shown = 3): string {
  const parts = reaches
    .slice(0, shown)
    .map(
      ({ role, via }) =>
        `${[startName, ...via.map((r) => `role/${r.name}`), `role/${role.name}`].join(' -> ')} (${role.reason})`,
    );
  const more = reaches.length > shown ? `; and ${reaches.length - shown} more` : '';
  return `${parts.join('; ')}${more}`;
}

/** "alice -> role/deploy -> role/admin". */
export function chainLabel(startName: string, reach: RoleReach): string {
  return [startName, ...reach.chain.map((role) => `role/${role.name}`)].join(' -> ');
}

/** The chains for a finding's details, at most `limit` of them. */
export function chainDetails(startName: string, chains: readonly LeakingChain[], limit = 5) {
  return chains.slice(0, limit).map(({ reach, analysis }) => ({
    chain: chainLabel(startName, reach),
    depth: reach.chain.length,
    role: reach.role.arn,
    credentials: reach.credentials,
    conditional: reach.conditional,
    reachableWithoutMfa: analysis.console.beyondSelfEnrolment,
  }));
}

/** The first roles of the first hop of each chain: the door to close (require MFA in its trust policy). */
export function firstHopRole(account: Account, chain: LeakingChain): Role {
  const first = chain.reach.chain[0];
  return (first && roleChainIndex(account).roles.get(first.arn)?.role) ?? chain.role;
}

/** "alice -> role/deploy -> role/admin (depth 2, access key and console session): as role/admin 22,072 ..." */
export function describeChains(startName: string, chains: readonly LeakingChain[], shown = 3): string {
  const parts = chains.slice(0, shown).map(({ reach, analysis }) => {
    const how = reach.credentials
      .map((c) => (c === 'access-key' ? 'access key' : 'console session'))
      .join(' and ');
    const reached = `${analysis.console.beyondSelfEnrolment.toLocaleString('en-US')} actions in ${analysis.console.serviceCount.toLocaleString('en-US')} services`;
    const conditional = reach.conditional ? ', only under conditions that cannot be decided here' : '';
    return `${chainLabel(startName, reach)} (depth ${reach.chain.length}, by ${how}${conditional}): as role/${reach.role.name}, ${reached} reachable without MFA`;
  });
  const more = chains.length > shown ? `; and ${chains.length - shown} more chains` : '';
  return `${parts.join('; ')}${more}`;
}
