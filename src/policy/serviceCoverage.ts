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

/** The statements of a policy set per catalog service: the same for most services, others listed apart. */
export interface StatementsByService {
  /** For every service not in `unusual`. */
  readonly usual: ServiceStatements;
  /** By catalog service index. */
  readonly unusual: ReadonlyMap<number, ServiceStatements>;
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
  const unusual = new Map<number, ServiceStatements>();
  for (const coverage of coverages)
    for (const index of coverage.unusual)
      if (!unusual.has(index))
        unusual.set(
          index,
          pick((k) => (coverages[k] as CoverageArray).codes[index] as number),
        );
  const result = { usual: pick((k) => (coverages[k] as CoverageArray).usual), unusual };
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
