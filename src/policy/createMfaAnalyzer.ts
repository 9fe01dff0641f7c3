import { actionCatalogSync } from './actionCatalog.js';
import {
  analyzeLayers,
  credentialContexts,
  type AnalysisOptions,
  type PrincipalMfaAnalysis,
} from './analyzeWithoutMfa.js';
import type { PolicyDocument } from './policyDocument.js';
import { layersOf, type PolicySet } from './reachability.js';

// Thousands of users share a few group combinations: the analysis of a policy set is memoised under a key
// made of the identities of its documents (sorted, deduplicated, per layer). Parse each distinct document
// once and pass the same object for every principal that has it; statements are compiled once per document.

export interface MfaAnalyzer {
  analyze(set: PolicySet): PrincipalMfaAnalysis;
  /** Distinct policy sets analysed so far. */
  readonly cacheSize: number;
  clear(): void;
}

const documentIds = new WeakMap<PolicyDocument, number>();
let nextId = 1;

function documentId(document: PolicyDocument): number {
  let id = documentIds.get(document);
  if (id === undefined) {
    id = nextId++;
    documentIds.set(document, id);
  }
  return id;
}

/** A key equal for two sets exactly when they hold the same document objects in the same layers. */
export function policySetKey(set: PolicySet): string {
  const ids = (documents: readonly PolicyDocument[] | undefined) =>
    [...new Set((documents ?? []).map(documentId))].sort((a, b) => a - b).join(',');
  const levels = (set.scpLevels ?? []).map(ids).join('/');
  return `i:${ids(set.identity)}|b:${ids(set.boundary)}|s:${ids(set.scps)}|l:${levels}`;
}

export function createMfaAnalyzer(options: AnalysisOptions = {}): MfaAnalyzer {
  const catalog = options.catalog ?? actionCatalogSync();
  const contexts = credentialContexts(options.context);
  const cache = new Map<string, PrincipalMfaAnalysis>();
  return {
    analyze(set) {
      const key = policySetKey(set);
      let analysis = cache.get(key);
      if (!analysis) {
        analysis = analyzeLayers(layersOf(set), catalog, contexts);
        cache.set(key, analysis);
      }
      return analysis;
    },
    get cacheSize() {
      return cache.size;
    },
    clear() {
      cache.clear();
    },
  };
}
