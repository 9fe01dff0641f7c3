import type { ActionCatalog } from './actionCatalog.js';
import type { Decision, LayeredStatement, ServiceDecisions } from './reachability.js';
import type { RequestContext } from './requestContext.js';

// Decisions shared across policy sets. An account's distinct policy sets (group combinations, principals
// with their own inline policies) differ in a few documents and share most: in most services the statements
// that decide them are the same in many sets, and so, in the same context, are the decisions. An analyzer
// (createMfaAnalyzer.ts) owns one memo for all the sets it analyses; the keys are the ids of those
// statements with their layers (serviceCoverage.ts), never anything a principal could spell.
//
// Bounded: it holds at most MAX_SLOTS per-action decisions (a few tens of MB) and starts over when full.
// And it gives up where it does not pay: when, after a first stretch of lookups, fewer than MIN_HIT_RATE of
// the per-action lookups found something (thousands of sets with little in common, such as the random sets
// of the policy benchmark), it empties itself and stays off until clear(), so such sets cost what they
// cost without it instead of a heap full of decisions nobody reads again.

/** Statements of one service-group that can change a decision in a context, and the decision when uniform. */
export interface LiveStatements {
  readonly whole: readonly LayeredStatement[];
  readonly partly: readonly LayeredStatement[];
  readonly uniform: Decision | undefined;
}

export interface ContextDecisions {
  /** By statements id (idOf). */
  readonly live: Map<number, LiveStatements>;
  /** Per-action decisions by statements id × service count + service index. */
  readonly partial: Map<number, readonly Decision[]>;
}

export interface DecisionMemo {
  /** False once the memo gave up (see above): callers then go without it. */
  readonly active: boolean;
  /** Count one per-action lookup and whether it found something. */
  looked(hit: boolean): void;
  /** The memo of one context for a catalog (a new catalog starts the memo over). */
  context(context: RequestContext, catalog: ActionCatalog): ContextDecisions;
  /** A small number for a statements key, the same while the memo lasts. */
  idOf(key: string): number;
  /**
   * Count `n` per-action decisions stored; past the bound the memo starts over and this returns false: the
   * caller must then stop using what it got from the memo (ids are given out afresh).
   */
  stored(n: number): boolean;
  /** A session-token decision marked as such, one object per decision. */
  viaSession(decision: Decision): Decision;
  /** The combined direct/session decisions of a service pair, kept per service class. */
  combined(
    kind: 'sts' | 'other',
    direct: ServiceDecisions,
    session: ServiceDecisions,
    make: () => ServiceDecisions,
  ): ServiceDecisions;
  clear(): void;
}

const MAX_SLOTS = 4_000_000;
const TRIAL_LOOKUPS = 4_000;
const MIN_HIT_RATE = 0.25;

/** The bound and the trial stretch; tests use small ones. */
export function createDecisionMemo({
  maxSlots = MAX_SLOTS,
  trialLookups = TRIAL_LOOKUPS,
}: { readonly maxSlots?: number; readonly trialLookups?: number } = {}): DecisionMemo {
  let catalogOf: ActionCatalog | undefined;
  let contexts = new WeakMap<RequestContext, ContextDecisions>();
  let marked = new WeakMap<Decision, Decision>();
  let pairs = { sts: new WeakMap<object, WeakMap<object, ServiceDecisions>>(), other: new WeakMap() };
  let slots = 0;
  let ids = new Map<string, number>();
  let active = true;
  let lookups = 0;
  let hits = 0;
  const empty = () => {
    ids = new Map();
    contexts = new WeakMap();
    marked = new WeakMap();
    pairs = { sts: new WeakMap(), other: new WeakMap() };
    slots = 0;
  };
  const clear = () => {
    empty();
    active = true;
    lookups = 0;
    hits = 0;
  };
  return {
    get active() {
      return active;
    },
    looked(hit) {
      lookups += 1;
      if (hit) hits += 1;
      if (active && lookups === trialLookups && hits < lookups * MIN_HIT_RATE) {
        active = false;
        empty();
      }
    },
    context(context, catalog) {
      if (catalogOf !== catalog) {
        empty();
        catalogOf = catalog;
      }
      let decisions = contexts.get(context);
      if (!decisions) {
        decisions = { live: new Map(), partial: new Map() };
        contexts.set(context, decisions);
      }
      return decisions;
    },
    idOf(key) {
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
        slots += 1;
      }
      return id;
    },
    stored(n) {
      slots += n;
      if (slots <= maxSlots) return true;
      empty();
      return false;
    },
    viaSession(decision) {
      let viaSession = marked.get(decision);
      if (!viaSession) {
        viaSession = { ...decision, viaSessionToken: true };
        marked.set(decision, viaSession);
      }
      return viaSession;
    },
    combined(kind, direct, session, make) {
      let bySession = pairs[kind].get(direct);
      if (!bySession) {
        bySession = new WeakMap();
        pairs[kind].set(direct, bySession);
      }
      let result = bySession.get(session);
      if (!result) {
        result = make();
        bySession.set(session, result);
        if (Array.isArray(result)) slots += result.length;
      }
      return result;
    },
    clear,
  };
}
