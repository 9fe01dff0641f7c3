import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { loadConfig, MAX_CONFIG_BYTES, parseConfig } from './config.js';

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

describe('config files in YAML', () => {
  async function write(name: string, text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-config-'));
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  it('reads the documented example', async () => {
    const file = await write(
      'mfa-warden.yaml',
      [
        'exemptTag: mfa-warden:exempt',
        'exemptions:',
        '  - resource: "breakglass-*"',
        '    reason: break-glass users; credentials sealed in the safe',
        '  - path: /service-accounts/',
        '    reason: workloads use roles; keys rotated by the vault',
        'enforce:',
        '  console-user-mfa: { mode: remove-console-access, graceDays: 7 }',
        '  group-mfa-enforced: { mode: attach-mfa-policy, policyName: mfa-warden-require-mfa }',
        '  console-user-mfa-enforced: { mode: add-to-group, group: mfa-required }',
        '  user-mfa: { mode: delete-user, onlyNew: 60m }',
        '',
      ].join('\n'),
    );
    const config = await loadConfig(file);
    expect(config.exemptions.map((e) => e.path ?? e.resource)).toEqual([
      'breakglass-*',
      '/service-accounts/',
    ]);
    expect(config.enforce['user-mfa']).toEqual({ mode: 'delete-user', onlyNew: '60m' });
    expect(config.enforce['console-user-mfa-enforced']?.group).toBe('mfa-required');
    expect(config.exemptTag).toBe('mfa-warden:exempt');
  });

  it('names the file, the line and the key path of a schema error', async () => {
    const file = await write(
      'c.yml',
      'enforce:\n  user-mfa:\n    mode: delete-user\n    onlyNew: soon\n  root-mfa: { mode: delete-user }\n',
    );
    await expect(loadConfig(file)).rejects.toThrow(
      /c\.yml:4: config\.enforce\.user-mfa\.onlyNew: expected a duration/,
    );
    const json = await write(
      'c.json',
      '{\n  "enforce": {\n    "group-mfa-enforced": {"mode": "delete-user"}\n  }\n}',
    );
    await expect(loadConfig(json)).rejects.toThrow(
      /c\.json:3: config\.enforce\.group-mfa-enforced\.mode: delete-user cannot fix group-mfa-enforced; valid: attach-mfa-policy/,
    );
  });

  it('refuses modes for checks that have none, and options the mode does not take', () => {
    expect(() => parseConfig({ enforce: { 'root-mfa': { mode: 'delete-user' } } }, 'c')).toThrow(
      /config\.enforce\.root-mfa: no enforcement mode for this check/,
    );
    expect(() => parseConfig({ enforce: { 'user-mfa': { mode: 'add-to-group' } } }, 'c')).toThrow(
      /config\.enforce\.user-mfa\.group: add-to-group needs `group`/,
    );
    expect(() => parseConfig({ enforce: { 'user-mfa': { mode: 'zap' } } }, 'c')).toThrow(
      /config\.enforce\.user-mfa\.mode/,
    );
    expect(() =>
      parseConfig({ enforce: { 'user-mfa': { mode: 'delete-user', policyName: 'p' } } }, 'c'),
    ).toThrow(/only attach-mfa-policy takes `policyName`/);
  });

  it('needs exactly one of resource, path or tag in an exemption', () => {
    expect(() => parseConfig({ exemptions: [{ reason: 'r' }] }, 'c')).toThrow(/exactly one of/);
    expect(() => parseConfig({ exemptions: [{ reason: 'r', resource: 'a', path: '/a/' }] }, 'c')).toThrow(
      /exactly one of/,
    );
    expect(() => parseConfig({ exemptions: [{ reason: 'r', path: 'service' }] }, 'c')).toThrow(
      /config\.exemptions\[0\]\.path: expected an IAM path/,
    );
    expect(parseConfig({ exemptions: [{ reason: 'r', tag: 'team=sre' }] }, 'c').exemptions[0]?.tag).toBe(
      'team=sre',
    );
  });

  it('defaults the exempt tag and lets it be turned off', () => {
    expect(parseConfig({}, 'c').exemptTag).toBe('mfa-warden:exempt');
    expect(parseConfig({ exemptTag: false }, 'c').exemptTag).toBe(false);
  });

  it('reports invalid YAML with file and line, and an empty file', async () => {
    await expect(loadConfig(await write('bad.yaml', 'enforce:\n  user-mfa: [\n'))).rejects.toThrow(
      /bad\.yaml:\d+: invalid YAML/,
    );
    await expect(loadConfig(await write('empty.yaml', '\n'))).rejects.toThrow(/empty\.yaml: is empty/);
    await expect(loadConfig(await write('list.yaml', '- a\n- b\n'))).rejects.toThrow(/config: /);
  });

  it('refuses what is not a config file: a directory, binary, another encoding, a huge file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-config-dir-'));
    await expect(loadConfig(dir)).rejects.toThrow(`${dir}: is a directory, expected a config file`);
    const latin1 = await write('latin1.yaml', '');
    await writeFile(latin1, Buffer.from('failOn: high # caf\u00e9\n', 'latin1'));
    await expect(loadConfig(latin1)).rejects.toThrow(/latin1\.yaml: is not UTF-8 .*text/);
    await expect(loadConfig(await write('nul.json', '{"failOn": "high\u0000"}'))).rejects.toThrow(
      /nul\.json: is a binary file/,
    );
    await expect(loadConfig(await write('huge.yaml', `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`))).rejects.toThrow(
      /huge\.yaml: is 1\.0 MB; a config file is at most 1\.0 MB/,
    );
    // What PowerShell writes (UTF-16 with a byte order mark) is read as the text it holds.
    const utf16 = await write('utf16.json', '');
    await writeFile(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"failOn":"high"}', 'utf16le')]),
    );
    expect((await loadConfig(utf16)).failOn).toBe('high');
  });

  it('refuses nesting past the limit and alias bombs with the file (and line), never a stack overflow', async () => {
    await expect(
      loadConfig(await write('deep.yaml', `checks:\n  ${'- '.repeat(10_000)}x\n`)),
    ).rejects.toThrow(/deep\.yaml:2: nested deeper than 256 levels/);
    await expect(
      loadConfig(await write('deep.json', '['.repeat(10_000) + ']'.repeat(10_000))),
    ).rejects.toThrow(/deep\.json:1: nested deeper than 256 levels/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        Array.from(
          { length: 8 },
          (_, i) =>
            `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10)
              .fill(i === 0 ? '*a' : `*${'b'.repeat(i)}`)
              .join(', ')}]`,
        ),
      )
      .join('\n');
    await expect(loadConfig(await write('bomb.yaml', bomb))).rejects.toThrow(
      /bomb\.yaml: its aliases cannot be expanded/,
    );
  });
});

describe('the bundled example config', () => {
  it('loads, and is the file the README shows', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = new URL('../../examples/mfa-warden.yaml', import.meta.url);
    const config = await loadConfig(example.pathname);
    expect(Object.keys(config.enforce)).toHaveLength(4);
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const shown = /## Config file[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(parseConfig((await import('yaml')).parse(shown), 'README.md')).toEqual(config);
  });
});
