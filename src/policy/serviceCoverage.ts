import type { ActionCatalog } from './actionCatalog.js';
import type { ActionMatcher, Coverage } from './actionMatcher.js';
import type { LayeredStatement, PolicyLayers } from './reachability.js';

// Per-service bookkeeping that does not depend on the request context, computed once and reused by every
// context and every policy set: which statements cover a service wholly or partly, and which actions of a
// service a partial statement matches. Most statements cover most services the same way (none, or all), so
// services no statement treats specially share one entry, and their decision is taken once per context.

export interface ServiceStatements {
  /** Statements covering every action of the service, in policy order. */
  readonly whole: readonly LayeredStatement[];
  /** Statements covering only some actions of the service, in policy order. */
  readonly partly: readonly LayeredStatement[];
}

const CODE: Record<Coverage, 0 | 1 | 2> = { none: 0, some: 1, all: 2 };

interface CoverageArray {
  /** Coverage code per catalog service index. */
  readonly codes: Uint8Array;
  /** The most common code, and the services that differ from it. */
  readonly usual: 0 | 1 | 2;
  readonly unusual: readonly number[];
}

/**
 * The statements of a policy set per catalog service, as the distinct groups (most services share the first:
 * no statement treats them specially) and, per catalog service index, the index of its group.
 */
export interface StatementsByService {
  readonly groups: readonly ServiceStatements[];
  readonly groupOf: Uint16Array | Uint32Array;
}

type PerCatalog<T> = WeakMap<ActionCatalog, WeakMap<object, T>>;

const coverageCache: PerCatalog<CoverageArray> = new WeakMap();
const matchCache: PerCatalog<Map<string, Uint8Array>> = new WeakMap();

function cacheFor<T>(cache: PerCatalog<T>, catalog: ActionCatalog): WeakMap<object, T> {
  let inner = cache.get(catalog);
  if (!inner) {
    inner = new WeakMap();
    cache.set(catalog, inner);
  }
  return inner;
}

function coverageOf(matcher: ActionMatcher, catalog: ActionCatalog): CoverageArray {
  const cache = cacheFor(coverageCache, catalog);
  let coverage = cache.get(matcher);
  if (!coverage) {
    const codes = new Uint8Array(catalog.services.length);
    const counts = [0, 0, 0];
    catalog.services.forEach((service, index) => {
      const code = CODE[matcher.classify(service)];
      codes[index] = code;
      counts[code] = (counts[code] ?? 0) + 1;
    });
    const usual = counts.indexOf(Math.max(...counts)) as 0 | 1 | 2;
    const unusual: number[] = [];
    codes.forEach((code, index) => {
      if (code !== usual) unusual.push(index);
    });
    coverage = { codes, usual, unusual };
    cache.set(matcher, coverage);
  }
  return coverage;
}

/** For each catalog service (by index), the statements of `layers` that cover it wholly or partly. */
export function serviceStatements(layers: PolicyLayers, catalog: ActionCatalog): StatementsByService {
  if (last?.layers === layers && last.catalog === catalog) return last.result;
  const scoped = layers.statements.filter((entry) => entry.compiled.scope !== 'none');
  const coverages = scoped.map((entry) => coverageOf(entry.compiled.matcher, catalog));
  const pick = (code: (k: number) => number): ServiceStatements => ({
    whole: scoped.filter((_, k) => code(k) === 2),
    partly: scoped.filter((_, k) => code(k) === 1),
  });
  const groups = [pick((k) => (coverages[k] as CoverageArray).usual)];
  const count = catalog.services.length;
  const groupOf = groups.length + count < 0xffff ? new Uint16Array(count) : new Uint32Array(count);
  // Services some statement treats unusually, grouped by how every statement covers them: services with the
  // same coverage codes share one group (and so, per context, one reading of its conditions).
  const byCodes = new Map<string, number>();
  const seen = new Uint8Array(count);
  for (const coverage of coverages)
    for (const index of coverage.unusual) {
      if (seen[index]) continue;
      seen[index] = 1;
      let codes = '';
      for (const other of coverages) codes += other.codes[index];
      let group = byCodes.get(codes);
      if (group === undefined) {
        group = groups.length;
        groups.push(pick((k) => (coverages[k] as CoverageArray).codes[index] as number));
        byCodes.set(codes, group);
      }
      groupOf[index] = group;
    }
  const result = { groups, groupOf };
  last = { layers, catalog, result };
  return result;
}

/**
 * The last policy set's statements by service: its contexts are evaluated one after the other. Kept in one
 * slot, not a WeakMap: a WeakMap kept every analysed set's entry until the next full collection (~50 MB of
 * garbage promoted to the old generation at 10,000 users).
 */
let last: { layers: PolicyLayers; catalog: ActionCatalog; result: StatementsByService } | undefined;

/** Which actions of `service` (parallel to `actions`) the matcher covers; computed once per matcher. */
export function matchMask(
  matcher: ActionMatcher,
  service: string,
  actions: readonly string[],
  catalog: ActionCatalog,
): Uint8Array {
  const cache = cacheFor(matchCache, catalog);
  let byService = cache.get(matcher);
  if (!byService) {
    byService = new Map();
    cache.set(matcher, byService);
  }
  let mask = byService.get(service);
  if (!mask) {
    mask = matcher.mask(service, actions);
    byService.set(service, mask);
  }
  return mask;
}
