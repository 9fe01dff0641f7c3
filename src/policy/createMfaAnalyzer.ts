import { actionCatalogSync } from './actionCatalog.js';
import { objectId } from './objectId.js';
import {
  analyzeLayers,
  credentialContexts,
  type AnalysisOptions,
  type PrincipalMfaAnalysis,
} from './analyzeWithoutMfa.js';
import type { PolicyDocument } from './policyDocument.js';
import { withKeys, withShapes, type ContextKeys, type RequestContext } from './requestContext.js';
import {
  contextMemo,
  documentsOf,
  layersOf,
  resetMemo,
  type PolicySet,
  type SharingProbe,
} from './reachability.js';

// Thousands of users share a few group combinations: the analysis of a policy set is memoised under a key
// made of the identities of its documents (sorted, deduplicated, per layer). Parse each distinct document
// once and pass the same object for every principal that has it; statements are compiled once per document.

export interface AnalyzeOptions {
  /**
   * false: the caller knows no other principal will ask for this set, so a new analysis is not memoised
   * (thousands of users with policies of their own would otherwise stay in memory until the scan ends).
   */
  readonly keep?: boolean;
  /**
   * Shapes of principal keys whose values are unknown (globShapes.ts): "some user of account A" has an
   * aws:PrincipalArn `arn:aws:iam::A:user/...`. Used, like `principal`, only where the documents test them.
   */
  readonly shapes?: Readonly<Record<string, string>>;
}

export interface MfaAnalyzer {
  /**
   * `principal`: condition keys known for the principal being judged (aws:PrincipalArn, aws:username, ...).
   * They enter the analysis only when the set's documents use them, so principals sharing policies that do
   * not look at them still share one analysis.
   */
  analyze(set: PolicySet, principal?: ContextKeys, options?: AnalyzeOptions): PrincipalMfaAnalysis;
  /** The memo key of a set for a principal: equal keys get the same analysis. */
  keyOf(set: PolicySet, principal?: ContextKeys, shapes?: Readonly<Record<string, string>>): string;
  /** Analyses memoised now. */
  readonly cacheSize: number;
  /** Analyses computed so far: distinct policy sets, and sets analysed once without being kept. */
  readonly analysedCount: number;
  /** The analyses share one memo of decisions (decided after the first sets, by how much they share). */
  readonly sharing: boolean;
  clear(): void;
}

const documentId = (document: PolicyDocument): number => objectId(document);

/** A key equal for two sets exactly when they hold the same document objects in the same layers. */
export function policySetKey(set: PolicySet): string {
  const ids = (documents: readonly PolicyDocument[] | undefined) =>
    [...new Set((documents ?? []).map(documentId))].sort((a, b) => a - b).join(',');
  const levels = (set.scpLevels ?? []).map(ids).join('/');
  return `i:${ids(set.identity)}|b:${ids(set.boundary)}|s:${ids(set.scps)}|l:${levels}`;
}

/**
 * A key equal for two sets exactly when they hold the same document objects in the same layers AND in the
 * same order (which statement gets the credit for an Allow can depend on the order): sets with equal keys
 * are interchangeable everywhere, so a caller may keep one object per key (accountPolicies.ts does).
 */
export function orderedPolicySetKey(set: PolicySet): string {
  const ids = (documents: readonly PolicyDocument[] | undefined) =>
    (documents ?? []).map(documentId).join(',');
  const levels = (set.scpLevels ?? []).map(ids).join('/');
  return `i:${ids(set.identity)}|b:${ids(set.boundary)}|s:${ids(set.scps)}|l:${levels}`;
}

/** Decisions an analyzer's shared memo holds at most (per-action arrays count their length). */
const DECISION_BUDGET = 4_000_000;
/** Groups looked up before the analyzer judges whether sharing pays, and the share found that it needs. */
const SHARING_TRIAL = 1_000;
const SHARING_MIN = 0.8;

/** How an analyzer decides whether its sets share one memo (tests set them; the defaults serve scans). */
export interface SharingTuning {
  /** Group lookups probed before deciding; default 1,000. */
  readonly trial?: number;
  /** Share of them a shared memo would have found that makes it worth sharing; default 0.8. */
  readonly min?: number;
}

export function createMfaAnalyzer(options: AnalysisOptions = {}, tuning: SharingTuning = {}): MfaAnalyzer {
  const trial = tuning.trial ?? SHARING_TRIAL;
  const min = tuning.min ?? SHARING_MIN;
  const catalog = options.catalog ?? actionCatalogSync();
  const contexts = credentialContexts(options.context);
  const cache = new Map<string, PrincipalMfaAnalysis>();
  // Statement groups decide alike in every set that has them (reachability.ts): one memo for all sets, up
  // to a budget of held decisions (~8 bytes each), past which it starts over: sets that share little (7,000
  // random ones) would otherwise hold every set's per-action decisions to the end of the scan.
  // Statement groups decide alike in every set that has them (reachability.ts), so one memo can serve all
  // sets. That pays where sets share statements (groups over a few managed policies: 93% of lookups found
  // on the live benchmark); where they do not (every user's own mix of 2,000 policies: ~60%), what a shared
  // memo holds only outlives the analyses that made it (hundreds of MB at 10,000 users). So the first sets
  // are analysed each with its own memo while a probe counts what a shared one would have found; then the
  // analyzer shares a memo, up to a budget of held decisions past which it starts over, or never does.
  let probe: SharingProbe | undefined = { seen: new Set(), lookups: 0, hits: 0 };
  let shared: ReturnType<typeof contextMemo> | undefined;
  const memoFor = () => {
    if (probe && probe.lookups >= trial) {
      if (probe.hits >= probe.lookups * min) shared = contextMemo(DECISION_BUDGET);
      probe = undefined;
    }
    return shared ?? contextMemo(Number.POSITIVE_INFINITY, probe);
  };
  let analysed = 0;
  // The last key made for each principal object: a caller asks keyOf and then analyze for the same principal,
  // often for every user first and then again for each (console-user-mfa-enforced counts who shares a key).
  interface Made {
    readonly set: PolicySet;
    readonly shapes: Readonly<Record<string, string>> | undefined;
    readonly keyed: ReturnType<typeof makeKey>;
  }
  const byPrincipal = new WeakMap<ContextKeys, Made>();
  let anonymous: Made | undefined;
  const keyed = (set: PolicySet, principal?: ContextKeys, shapes?: Readonly<Record<string, string>>) => {
    const known = principal ? byPrincipal.get(principal) : anonymous;
    if (known && known.set === set && known.shapes === shapes) return known.keyed;
    const made = { set, shapes, keyed: makeKey(set, principal, shapes) };
    if (principal) byPrincipal.set(principal, made);
    else anonymous = made;
    return made.keyed;
  };
  const makeKey = (set: PolicySet, principal?: ContextKeys, shapes?: Readonly<Record<string, string>>) => {
    const used = principal ? usedPrincipalKeys(set, principal) : {};
    const shaped = shapes ? usedShapes(set, shapes, used) : {};
    const entries = [
      ...Object.entries(used).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
      ...Object.entries(shaped).map(([k, v]) => `${k}~${JSON.stringify(v)}`),
    ];
    const principalKey = entries.length === 0 ? '' : entries.sort().join('&');
    return { used, shaped, principalKey, key: `${setKeys(set).key}|p:${principalKey}` };
  };
  return {
    analyze(set, principal, options = {}) {
      const { used, shaped, principalKey, key } = keyed(set, principal, options.shapes);
      let analysis = cache.get(key);
      if (!analysis) {
        const own = (context: RequestContext) => withShapes(withKeys(context, used), shaped);
        const contextsFor =
          principalKey === ''
            ? contexts
            : {
                console: own(contexts.console),
                accessKey: own(contexts.accessKey),
                sessionToken: own(contexts.sessionToken),
              };
        analysis = analyzeLayers(layersOf(set), catalog, contextsFor, memoFor());
        analysed++;
        if (options.keep !== false) cache.set(key, analysis);
      }
      return analysis;
    },
    keyOf(set, principal, shapes) {
      return keyed(set, principal, shapes).key;
    },
    get cacheSize() {
      return cache.size;
    },
    get analysedCount() {
      return analysed;
    },
    get sharing() {
      return shared !== undefined;
    },
    clear() {
      cache.clear();
      if (shared) resetMemo(shared);
    },
  };
}

const conditionKeysOf = new WeakMap<PolicyDocument, ReadonlySet<string>>();

/**
 * The lower-cased condition keys a document's statements test, and those variables in condition values
 * read. Not those of Resource variables (arn:...:user/${aws:username}): a variable resource makes an action
 * reachable on some resources whoever the principal is, so it never changes a decision, and leaving it out
 * keeps users who share their policies on one analysis.
 */
function conditionKeys(document: PolicyDocument): ReadonlySet<string> {
  let keys = conditionKeysOf.get(document);
  if (!keys) {
    const found = new Set<string>();
    for (const statement of document.statements)
      for (const clause of statement.conditions) {
        found.add(clause.key);
        for (const value of clause.values)
          for (const match of value.matchAll(/\$\{([^}]+)\}/g)) found.add((match[1] ?? '').toLowerCase());
      }
    keys = found;
    conditionKeysOf.set(document, keys);
  }
  return keys;
}

interface SetKeys {
  /** policySetKey of the set. */
  readonly key: string;
  /** The lower-cased condition keys some document of the set tests. */
  readonly tested: ReadonlySet<string>;
}

const setKeysOf = new WeakMap<PolicySet, SetKeys>();

/** What the memo key needs of a set, once per set object (principals with the same documents share one). */
function setKeys(set: PolicySet): SetKeys {
  let keys = setKeysOf.get(set);
  if (!keys) {
    const tested = new Set<string>();
    for (const document of documentsOf(set)) for (const key of conditionKeys(document)) tested.add(key);
    keys = { key: policySetKey(set), tested };
    setKeysOf.set(set, keys);
  }
  return keys;
}

/** The principal's keys that some document of the set tests. */
function usedPrincipalKeys(set: PolicySet, principal: ContextKeys): ContextKeys {
  const { tested } = setKeys(set);
  const used: Record<string, string | readonly string[] | null> = {};
  let tagsComplete = false;
  for (const key in principal) {
    const lower = key.toLowerCase();
    if (lower === PRINCIPAL_TAGS_COMPLETE) tagsComplete = true;
    else if (tested.has(lower)) used[lower] = principal[key] as string | readonly string[] | null;
  }
  // The principal's tags are all known: a tag a condition tests that it does not have is absent, not unknown.
  if (tagsComplete) {
    for (const key of tested) if (key.startsWith('aws:principaltag/') && !(key in used)) used[key] = null;
  }
  return used;
}

/** The shapes of keys some document of the set tests and whose value `principal` does not give. */
function usedShapes(
  set: PolicySet,
  shapes: Readonly<Record<string, string>>,
  known: ContextKeys,
): Record<string, string> {
  const { tested } = setKeys(set);
  const used: Record<string, string> = {};
  for (const [key, shape] of Object.entries(shapes)) {
    const lower = key.toLowerCase();
    if (lower in known) continue;
    if (tested.has(lower)) used[lower] = shape;
  }
  return used;
}

/**
 * A principal key (value null) saying that the principal's tags given as aws:PrincipalTag/... are all it
 * has: set for live and exported users and roles, whose tags IAM lists in full, never for code.
 */
export const PRINCIPAL_TAGS_COMPLETE = 'aws:principaltag/*';
