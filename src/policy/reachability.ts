import type { ActionCatalog } from './actionCatalog.js';
import { compileDocument, type CompiledStatement } from './compiledStatement.js';
import { objectId } from './objectId.js';
import type { PolicyDocument } from './policyDocument.js';
import type { OutcomeTally, ServiceContribution } from './analyzeWithoutMfa.js';
import type { RequestContext } from './requestContext.js';
import { matchMask, serviceStatements, type ServiceStatements } from './serviceCoverage.js';

// The evaluation core: for one request context, which actions does a set of policies leave reachable?
// IAM's order: an explicit Deny that applies wins; otherwise the identity policies must allow, and so must
// the permissions boundary and every SCP level when present (each is an intersection); no Allow is an
// implicit deny. Resource-based and session policies are out of scope (they only add or narrow grants for
// specific resources; the question here is what the principal's own credentials reach).
//
// Three-valued reading of statements whose condition the context cannot decide ('unknown'):
// - an Allow with an unknown condition still counts: the action is reachable, flagged `conditional`;
// - a Deny with an unknown condition does NOT count as enforcing: the action stays reachable, `conditional`;
// - a Deny limited to some resources (specific ARNs, NotResource) leaves the action reachable on other
//   resources, flagged `partialResources`; an Allow limited to some resources is reachable, flagged too.
//
// Actions are never enumerated up front. Each statement says per service whether it covers none, all or some
// actions; in a service where no deciding statement covers "some", one decision holds for every action
// (Allow * minus Deny NotAction [iam:..., sts:...] is decided per service for 454 of 456 services) and only
// the remaining services are looked at action by action.

export interface PolicySet {
  /** Identity policies: inline and attached to the principal and to its groups. */
  readonly identity: readonly PolicyDocument[];
  /** The permissions boundary; absent or empty means no boundary. */
  readonly boundary?: readonly PolicyDocument[];
  /** SCPs that apply at one level (at least one must allow); use scpLevels for root/OU/account levels. */
  readonly scps?: readonly PolicyDocument[];
  /** SCPs per level from root to account; each level must allow. */
  readonly scpLevels?: readonly (readonly PolicyDocument[])[];
}

export type PolicyLayer = 'identity' | 'boundary' | 'scp';

export interface LayeredStatement {
  readonly compiled: CompiledStatement;
  readonly layer: PolicyLayer;
  /** SCP level (0 for identity and boundary). */
  readonly level: number;
}

export interface PolicyLayers {
  readonly statements: readonly LayeredStatement[];
  readonly hasBoundary: boolean;
  readonly scpLevels: number;
}

/** Every document of the set, in every layer. */
export function documentsOf(set: PolicySet): PolicyDocument[] {
  return [...set.identity, ...(set.boundary ?? []), ...(set.scps ?? []), ...(set.scpLevels ?? []).flat()];
}

const layersOfSet = new WeakMap<PolicySet, PolicyLayers>();

/** The set's statements by layer; memoised per set object (a check asks several times per principal). */
export function layersOf(set: PolicySet): PolicyLayers {
  let layers = layersOfSet.get(set);
  if (!layers) {
    layers = buildLayers(set);
    layersOfSet.set(set, layers);
  }
  return layers;
}

function buildLayers(set: PolicySet): PolicyLayers {
  const statements: LayeredStatement[] = [];
  const add = (documents: readonly PolicyDocument[], layer: PolicyLayer, level: number) => {
    for (const document of new Set(documents)) {
      for (const compiled of compileDocument(document)) statements.push({ compiled, layer, level });
    }
  };
  add(set.identity, 'identity', 0);
  const hasBoundary = (set.boundary?.length ?? 0) > 0;
  if (hasBoundary) add(set.boundary ?? [], 'boundary', 0);
  const levels = [...(set.scps && set.scps.length > 0 ? [set.scps] : []), ...(set.scpLevels ?? [])];
  levels.forEach((level, index) => add(level, 'scp', index));
  return { statements, hasBoundary, scpLevels: levels.length };
}

export interface Decision {
  readonly reachable: boolean;
  /** Reachable only if conditions the analysis cannot decide go one way (unknown Allow or unknown Deny). */
  readonly conditional: boolean;
  /** Reachable only on some resources (resource-limited Allow, or a Deny that covers only some resources). */
  readonly partialResources: boolean;
  /** The identity statement that grants it. */
  readonly allowedBy?: CompiledStatement;
  /** The explicit Deny that removes it. */
  readonly deniedBy?: CompiledStatement;
  /** No Allow in this layer: an implicit deny. */
  readonly implicitDeny?: PolicyLayer;
  /** Denies that match but may not apply (unknown condition, or only some resources). */
  readonly possiblyDeniedBy: readonly CompiledStatement[];
  /** Reachable only through temporary credentials from GetSessionToken without MFA. */
  readonly viaSessionToken?: boolean;
}

/**
 * The decisions of one service: one Decision for every action of the service (found from the service prefix
 * alone), or one per action, parallel to the catalog's `actionsOf(service)`.
 */
export type ServiceDecisions = Decision | readonly Decision[];

/**
 * One context's (or credential kind's) decisions, by catalog service index. A plain array of shared values
 * rather than an object per service: it is made three times for each of thousands of analysed policy sets.
 */
export type ServiceOutcomes = readonly ServiceDecisions[];

export function isUniform(decisions: ServiceDecisions): decisions is Decision {
  return !Array.isArray(decisions);
}

/** The decision of the action at `index` of the service's catalog actions. */
export function decisionAt(decisions: ServiceDecisions, index: number): Decision {
  return isUniform(decisions) ? decisions : (decisions[index] as Decision);
}

/** The decision of one catalog action (lower-case "service:action"); undefined when not in the catalog. */
export function decisionOf(
  outcomes: ServiceOutcomes,
  catalog: ActionCatalog,
  action: string,
): Decision | undefined {
  const service = action.slice(0, action.indexOf(':'));
  const serviceIndex = catalog.services.indexOf(service);
  const actionIndex = catalog.actionsOf(service).indexOf(action);
  const decisions = outcomes[serviceIndex];
  return decisions === undefined || actionIndex < 0 ? undefined : decisionAt(decisions, actionIndex);
}

/** Decide every catalog action in one context, service by service. */
/**
 * Decisions that contexts, and policy sets, can share: a group of statements whose live members (condition
 * not false) and their condition values are the same decides alike, whichever set and context it came from
 * (decisions name only compiled statements, which are shared per document). Keyed by those statements and
 * values; one memo belongs to one catalog (the per-action decisions are by catalog service index).
 */
export interface ContextMemo {
  /** By a hash of their codes. */
  readonly live: Map<number, LiveStatements[]>;
  /** Decisions held (per-action arrays count their length): what the memo costs in memory. */
  cells: number;
  /** When `cells` would pass it, the memo starts over (an analyzer's sets may share little). */
  readonly budget: number;
  /** Groups looked up, and found. */
  lookups: number;
  hits: number;
  /**
   * Shared by the memos of a trial (createMfaAnalyzer.ts): the groups they looked up, by hash, and how many
   * a shared memo would have found, without keeping any decision for them.
   */
  readonly probe?: SharingProbe;
  /** The outcomes of the set being evaluated, by its statement groups and their live statements. */
  outcomes: { groups: readonly ServiceStatements[]; byLive: Map<string, ServiceOutcomes> } | undefined;
  /**
   * What is worked out from the memo's decisions, kept as long as they are (and no longer: a table outside
   * the memo would keep one analysis's arrays alive past it): per-action decisions of both access-key paths
   * combined (credentialOutcomes.ts), session marks, and the tallies of analyzeWithoutMfa.ts.
   */
  readonly combined: Map<readonly Decision[], Map<readonly Decision[], readonly Decision[]>>;
  readonly marked: Map<Decision, Decision>;
  readonly contributions: Map<readonly Decision[], ServiceContribution>;
  readonly tallies: Map<ServiceOutcomes, OutcomeTally>;
}

export interface SharingProbe {
  readonly seen: Set<number>;
  lookups: number;
  hits: number;
}

/** A memo for one policy set (no budget: it dies with the analysis), or, with a budget, for many. */
export function contextMemo(budget = Number.POSITIVE_INFINITY, probe?: SharingProbe): ContextMemo {
  return {
    ...(probe ? { probe } : {}),
    live: new Map(),
    cells: 0,
    budget,
    lookups: 0,
    hits: 0,
    outcomes: undefined,
    combined: new Map(),
    marked: new Map(),
    contributions: new Map(),
    tallies: new Map(),
  };
}

/** Empties a memo (its counts of lookups stay). */
export function resetMemo(memo: ContextMemo): void {
  memo.live.clear();
  memo.cells = 0;
  memo.outcomes = undefined;
  memo.combined.clear();
  memo.marked.clear();
  memo.contributions.clear();
  memo.tallies.clear();
}

export function evaluateContext(
  layers: PolicyLayers,
  context: RequestContext,
  catalog: ActionCatalog,
  memo: ContextMemo = contextMemo(),
): ServiceOutcomes {
  const { groups, groupOf } = serviceStatements(layers, catalog);
  // Services that share their statements (most of them) share the live ones and, with no partial
  // statement, one decision. This runs for ~450 services, three contexts and every analysed policy set, so
  // it allocates little beyond what it returns.
  const live = groups.map((group) => liveIn(group, context, layers, memo));
  // Another context of this set whose every group came out the same has these very outcomes.
  let key = '';
  for (const entry of live) key += `${entry.id},`;
  if (memo.outcomes?.groups !== groups) memo.outcomes = { groups, byLive: new Map() };
  const byKey = memo.outcomes.byLive;
  const known = byKey.get(key);
  if (known) return known;
  const count = catalog.services.length;
  const outcomes: ServiceDecisions[] = [];
  byKey.set(key, outcomes);
  // Decisions the last partialDecisions made (they weigh more than the array slots that name them).
  let distinct = 0;
  for (let index = 0; index < count; index++) {
    const liveStatements = live[groupOf[index] as number] as LiveStatements;
    const { whole, partly, uniform } = liveStatements;
    if (uniform) outcomes.push(uniform);
    else {
      let decisions = liveStatements.partial.get(index);
      if (!decisions) {
        const service = catalog.services[index] as string;
        decisions = partialDecisions(service, catalog.actionsOf(service), whole, partly);
        liveStatements.partial.set(index, decisions);
        memo.cells += decisions.length + DECISION_CELLS * distinct;
      }
      outcomes.push(decisions);
    }
  }
  return outcomes;

  /** Actions matched by the same partial statements get the same decision: decided once per combination. */
  function partialDecisions(
    service: string,
    actions: readonly string[],
    whole: readonly LayeredStatement[],
    partly: readonly LayeredStatement[],
  ): Decision[] {
    const masks = partly.map((entry) => matchMask(entry.compiled.matcher, service, actions, catalog));
    // The combination as a bit set when it fits in 31 bits (always, in practice), else as a string.
    const small = masks.length <= 31;
    const byCombination = new Map<number | string, Decision>();
    distinct = 0;
    const decisions: Decision[] = [];
    for (let action = 0; action < actions.length; action++) {
      let bits = 0;
      let text = '';
      for (let k = 0; k < masks.length; k++) {
        const matched = (masks[k] as Uint8Array)[action] === 1;
        if (small) bits |= matched ? 1 << k : 0;
        else text += matched ? '1' : '0';
      }
      const combination = small ? bits : text;
      let decision = byCombination.get(combination);
      if (!decision) {
        decision = decide(
          whole.concat(partly.filter((_, k) => (masks[k] as Uint8Array)[action])),
          layers,
          context,
        );
        byCombination.set(combination, decision);
        distinct++;
      }
      decisions.push(decision);
    }
    return decisions;
  }
}

export interface LiveStatements {
  /** Tells memoised live statements apart (reachability.ts keys outcomes by them). */
  readonly id: number;
  /** What they were found by: the layer shape, then each live statement's code. */
  readonly codes: readonly number[];
  readonly whole: readonly LayeredStatement[];
  readonly partly: readonly LayeredStatement[];
  readonly uniform: Decision | undefined;
  /** Per-action decisions by service index, when the group has partial statements. */
  readonly partial: Map<number, readonly Decision[]>;
}

let nextLiveId = 1;

/** What a memoised Decision object weighs, in the memo's cells (an array slot each). */
const DECISION_CELLS = 16;

const LAYER_CODES: Record<PolicyLayer, number> = { identity: 0, boundary: 1, scp: 2 };
/** Marks the end of the whole statements in a group's codes. */
const PARTLY = -1;

/** The codes of the statements being read (reused: most groups are found, not stored). */
const scratch: number[] = [];

/**
 * The group's statements whose condition is not false in this context (those cannot change a decision),
 * shared with every earlier context and set where the same statements came out the same. Found by a hash of
 * their codes (statement, layer, level, condition value) and confirmed code by code: no key is built.
 */
function liveIn(
  statements: ServiceStatements,
  context: RequestContext,
  layers: PolicyLayers,
  memo: ContextMemo,
): LiveStatements {
  scratch.length = 0;
  scratch.push((layers.hasBoundary ? 1 : 0) + layers.scpLevels * 2);
  const part = (entry: LayeredStatement) => {
    const condition = entry.compiled.condition(context);
    if (condition === 'false') return;
    const code = objectId(entry.compiled) * 4 + LAYER_CODES[entry.layer];
    scratch.push(code * 64 + Math.min(entry.level, 31) * 2 + (condition === 'true' ? 1 : 0));
  };
  statements.whole.forEach(part);
  scratch.push(PARTLY);
  statements.partly.forEach(part);
  let hash = 0x811c9dc5;
  for (const code of scratch) {
    hash = Math.imul(hash ^ (code >>> 0), 0x01000193);
    hash = Math.imul(hash ^ Math.floor(code / 0x100000000), 0x01000193);
  }
  const { probe } = memo;
  if (probe) {
    probe.lookups++;
    if (probe.seen.has(hash)) probe.hits++;
    else probe.seen.add(hash);
  }
  let bucket = memo.live.get(hash);
  const known = bucket?.find((entry) => sameCodes(entry.codes, scratch));
  memo.lookups++;
  if (known) {
    memo.hits++;
    return known;
  }
  if (memo.cells >= memo.budget) {
    resetMemo(memo);
    bucket = undefined;
  }
  const live = (entry: LayeredStatement) => entry.compiled.condition(context) !== 'false';
  const whole = statements.whole.filter(live);
  const partly = statements.partly.filter(live);
  const found: LiveStatements = {
    id: nextLiveId++,
    codes: scratch.slice(),
    whole,
    partly,
    uniform: partly.length === 0 ? decide(whole, layers, context) : undefined,
    partial: new Map(),
  };
  if (bucket) bucket.push(found);
  else memo.live.set(hash, [found]);
  memo.cells += DECISION_CELLS + 2 * found.codes.length + whole.length + partly.length;
  return found;
}

function sameCodes(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NOTHING: readonly CompiledStatement[] = [];

/** IAM's decision for one action, from the statements that match it. */
export function decide(
  matching: readonly LayeredStatement[],
  layers: PolicyLayers,
  context: RequestContext,
): Decision {
  let possiblyDenied: CompiledStatement[] | undefined;
  // Of several Denies that certainly apply, the one credited must not depend on statement order: an
  // MFA-conditioned one first (it is what enforcement is judged by), else the first.
  let deniedBy: CompiledStatement | undefined;
  for (const { compiled } of matching) {
    if (compiled.statement.effect !== 'Deny') continue;
    const condition = compiled.condition(context);
    if (condition === 'true' && compiled.scope === 'all') {
      if (!deniedBy || (compiled.usesMfaKey && !deniedBy.usesMfaKey)) deniedBy = compiled;
      if (deniedBy.usesMfaKey) break;
      continue;
    }
    (possiblyDenied ??= []).push(compiled);
  }
  if (deniedBy) {
    return {
      reachable: false,
      conditional: false,
      partialResources: false,
      deniedBy,
      possiblyDeniedBy: NOTHING,
    };
  }

  const required: CompiledStatement[] = [];
  const identity = bestAllow(matching, 'identity', 0, context);
  if (!identity) return implicit('identity');
  required.push(identity);
  if (layers.hasBoundary) {
    const boundary = bestAllow(matching, 'boundary', 0, context);
    if (!boundary) return implicit('boundary');
    required.push(boundary);
  }
  for (let level = 0; level < layers.scpLevels; level++) {
    const scp = bestAllow(matching, 'scp', level, context);
    if (!scp) return implicit('scp');
    required.push(scp);
  }

  const denies = possiblyDenied ?? NOTHING;
  return {
    reachable: true,
    conditional:
      required.some((s) => s.condition(context) === 'unknown') ||
      denies.some((s) => s.condition(context) === 'unknown'),
    partialResources: required.some((s) => s.scope !== 'all') || denies.some((s) => s.scope !== 'all'),
    allowedBy: identity,
    possiblyDeniedBy: denies,
  };
}

function implicit(layer: PolicyLayer): Decision {
  return {
    reachable: false,
    conditional: false,
    partialResources: false,
    implicitDeny: layer,
    possiblyDeniedBy: NOTHING,
  };
}

/** The strongest matching Allow of a layer: decided condition and all resources first. */
function bestAllow(
  matching: readonly LayeredStatement[],
  layer: PolicyLayer,
  level: number,
  context: RequestContext,
): CompiledStatement | undefined {
  let best: CompiledStatement | undefined;
  let bestRank = -1;
  for (const entry of matching) {
    if (entry.layer !== layer || entry.level !== level || entry.compiled.statement.effect !== 'Allow')
      continue;
    const rank =
      (entry.compiled.condition(context) === 'true' ? 2 : 0) + (entry.compiled.scope === 'all' ? 1 : 0);
    if (rank > bestRank) {
      best = entry.compiled;
      bestRank = rank;
      if (rank === 3) break;
    }
  }
  return best;
}
