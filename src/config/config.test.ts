import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { loadConfig, parseConfig } from './config.js';

describe('config', () => {
  it('accepts checks, failOn and exemptions with defaults', () => {
    const config = parseConfig(
      { failOn: 'high', exemptions: [{ resource: '*:user/break-glass', reason: 'sealed' }] },
      'c.json',
    );
    expect(config.exemptions[0]?.checks).toEqual(['*']);
    expect(config.failOn).toBe('high');
  });

  it('names the offending key and what was expected', () => {
    expect(() => parseConfig({ exemptions: [{ resource: 'x' }] }, 'c.json')).toThrow(
      /c\.json: config\.exemptions\[0\]\.reason/,
    );
    expect(() => parseConfig({ checks: ['nope'] }, 'c.json')).toThrow(/unknown check id/);
    expect(() => parseConfig({ colour: true }, 'c.json')).toThrow(InputError);
  });

  it('reports invalid JSON with file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-config-'));
    const file = join(dir, 'config.json');
    await writeFile(file, '{\n  "failOn": "high",\n  "exemptions": [\n');
    await expect(loadConfig(file)).rejects.toThrow(
      /config\.json:3: invalid JSON \(Unexpected end of input; the file ends before the JSON does/,
    );
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
  });
});
