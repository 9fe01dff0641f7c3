import type { ActionCatalog } from './actionCatalog.js';
import type { ServiceReach } from './analyzeWithoutMfa.js';

// The memoised analyses of an account name the same few thousand per-service reaches over and over
// (measured in the 10,000-user policy benchmark: 723,598 entries, 4,990 distinct), so each distinct reach is
// one shared object per catalog. They are read-only like the analyses that hold them.

interface Pool {
  /** Whole services (every action reachable), by service: four variants, conditional and/or partial. */
  readonly whole: Map<string, (ServiceReach | undefined)[]>;
  /** Everything else, by a key of its counts and listed actions. */
  readonly other: Map<string, ServiceReach>;
}

const pools = new WeakMap<ActionCatalog, Pool>();

/**
 * The shared reach with these counts (`of`: the service's actions in the catalog). `names`: the reachable
 * actions (lower-case) to list, or undefined; when every action is reachable they are all of the service's.
 */
export function pooledServiceReach(
  catalog: ActionCatalog,
  service: string,
  reachable: number,
  of: number,
  conditional: number,
  partialResources: number,
  names: readonly string[] | undefined,
): ServiceReach {
  let pool = pools.get(catalog);
  if (!pool) {
    pool = { whole: new Map(), other: new Map() };
    pools.set(catalog, pool);
  }
  const make = (): ServiceReach => ({
    service,
    reachable,
    of,
    conditional,
    partialResources,
    ...(names ? { actions: names.map(catalog.displayName) } : {}),
  });
  if (
    reachable === of &&
    (conditional === 0 || conditional === of) &&
    (partialResources === 0 || partialResources === of)
  ) {
    let variants = pool.whole.get(service);
    if (!variants) {
      variants = [];
      pool.whole.set(service, variants);
    }
    const variant = (conditional > 0 ? 1 : 0) + (partialResources > 0 ? 2 : 0);
    let reach = variants[variant];
    if (!reach) {
      reach = make();
      variants[variant] = reach;
    }
    return reach;
  }
  const listed = names === undefined ? '' : ` ${names.join(' ')}`;
  const key = `${service} ${reachable} ${of} ${conditional} ${partialResources}${listed}`;
  let reach = pool.other.get(key);
  if (!reach) {
    reach = make();
    pool.other.set(key, reach);
  }
  return reach;
}
