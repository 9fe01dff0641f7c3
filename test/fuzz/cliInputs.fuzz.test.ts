import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../support/runCli.js';
import { HEAVY, HUGE_BYTES, timeoutFor } from './fuzzSettings.js';
import { DEEP, ENCODINGS, HUGE, SAMPLES } from './pathologicalInputs.js';

// Bad input through the built CLI, as a user meets it: exit code 2, a message naming the file (and line),
// no stack trace, nothing written to --output, and an end in reasonable time. Each IaC run takes many bad
// files at once, which is also how the scans keep going over the other files.

const work = mkdtempSync(join(tmpdir(), 'mfa-warden-fuzz-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

/** Writes `content` to `name` in a directory of its own; returns the path. */
function put(name: string, content: string | Buffer): string {
  const dir = join(work, `f${counter++}`);
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A directory where a file is expected. */
function directoryNamed(name: string): string {
  const path = join(work, `d${counter++}`, name);
  mkdirSync(path, { recursive: true });
  return path;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function cli(args: string[]): Run {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: HEAVY ? 30 * 60_000 : 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

function expectCleanFailure(run: Run, files: readonly string[], output?: string): void {
  expect(run.code, run.stderr).toBe(2);
  for (const file of files) expect(run.stderr, `no error names ${file}`).toContain(file);
  for (const line of run.stderr.trimEnd().split('\n')) expect(line).toMatch(/^mfa-warden: error: /);
  expect(run.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  expect(run.stderr).not.toMatch(/RangeError|TypeError|Maximum call stack|--debug/);
  if (output) expect(existsSync(output), `${output} was written`).toBe(false);
}

/** One second per MB (plus start-up), asserted only in the heavy run, where inputs are 100 MB. */
function expectTimely(run: Run, bytes: number, label: string): void {
  if (!HEAVY) return;
  const megabytes = bytes / (1024 * 1024);
  // The heavy run's measurements, for the record (npm run fuzz prints them).
  console.log(`${label}: ${megabytes.toFixed(0)} MB in ${run.seconds.toFixed(1)} s, exit ${run.code}`);
  expect(run.seconds).toBeLessThan(5 + megabytes);
}

const text = (build: () => string) => build();

/** Bad contents of a JSON file (policy, export, config, plan, .tf.json, CloudFormation JSON). */
function badJson(sample: string): Record<string, string | Buffer> {
  return {
    empty: '',
    truncated: sample.slice(0, Math.floor(sample.length / 2)),
    binary: ENCODINGS.binary(),
    latin1: ENCODINGS.latin1(sample),
    utf16be: ENCODINGS.utf16be(sample),
    invalidUtf8: ENCODINGS.invalidSequence(sample),
    nul: ENCODINGS.nul(sample),
    deepArrays: text(DEEP.jsonArrays),
    deepObjects: text(DEEP.jsonObjects),
  };
}

describe('analyze policy FILE', () => {
  it(
    'exits 2 naming the file for every kind of bad file, and writes no report',
    () => {
      const cases = {
        ...badJson(SAMPLES.policy()),
        deepInPolicy: text(DEEP.jsonInPolicy),
        hugeStatements: HUGE.policyStatements(HUGE_BYTES),
      };
      for (const [kind, content] of Object.entries(cases)) {
        const file = put(`${kind}.json`, content);
        const output = join(work, `${kind}.out`);
        const run = cli(['analyze', 'policy', file, '--output', output]);
        expectCleanFailure(run, [file], output);
        if (kind === 'hugeStatements')
          expectTimely(run, content.length, 'analyze policy, huge Statement list');
      }
      const dir = directoryNamed('policy.json');
      expectCleanFailure(cli(['analyze', 'policy', dir]), [dir]);
    },
    timeoutFor(60_000),
  );

  it(
    'gives a verdict on a huge but valid document in time',
    () => {
      const content = HUGE.policyString(HUGE_BYTES);
      const run = cli(['analyze', 'policy', put('huge-sid.json', content), '--format', 'json']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      expectTimely(run, content.length, 'analyze policy, huge Sid');
    },
    timeoutFor(60_000),
  );
});

describe('scan export DIR', () => {
  const details = SAMPLES.authorizationDetails();

  it(
    'exits 2 naming the file for a bad authorization-details.json or credential report, and writes no report',
    () => {
      const cases: [string, string | Buffer][] = [
        ...Object.entries(badJson(details)).map(
          ([kind, content]) => [`authorization-details.json#${kind}`, content] as [string, string | Buffer],
        ),
        ['credential-report.csv#truncated', SAMPLES.credentialReportCsv().slice(0, 150)],
        ['credential-report.csv#binary', ENCODINGS.binary()],
        ['credential-report.json#deep', text(DEEP.jsonObjects)],
      ];
      for (const [name, content] of cases) {
        const file = put(name.split('#')[0] as string, content);
        if (!file.endsWith('authorization-details.json'))
          writeFileSync(join(file, '..', 'authorization-details.json'), details);
        const output = join(work, `export-${counter}.out`);
        expectCleanFailure(cli(['scan', 'export', join(file, '..'), '--output', output]), [file], output);
      }
      const dir = directoryNamed('authorization-details.json');
      expectCleanFailure(cli(['scan', 'export', join(dir, '..')]), [dir]);
    },
    timeoutFor(60_000),
  );

  it(
    'scans a huge export in time',
    () => {
      const content = HUGE.authorizationDetails(HUGE_BYTES);
      const file = put('authorization-details.json', content);
      const output = join(file, '..', 'report.json');
      const run = cli(['scan', 'export', join(file, '..'), '--format', 'json', '--output', output]);
      expect([0, 1]).toContain(run.code);
      expect(run.stderr).toBe('');
      expect(existsSync(output)).toBe(true);
      expectTimely(run, content.length, 'scan export, authorization-details.json');

      const csv = HUGE.credentialReportCsv(HUGE_BYTES);
      const report = put('credential-report.csv', csv);
      writeFileSync(join(report, '..', 'authorization-details.json'), details);
      const withReport = cli(['scan', 'export', join(report, '..'), '--format', 'json']);
      expect([0, 1]).toContain(withReport.code);
      expectTimely(withReport, csv.length, 'scan export, credential-report.csv');
    },
    timeoutFor(120_000),
  );
});

describe('scan terraform PATH...', () => {
  const bad = (): string[] => {
    const hcl = SAMPLES.hcl();
    const files = [
      put('truncated.tf', `${hcl.slice(0, Math.floor(hcl.length / 2))}\n{`),
      put('binary.tf', ENCODINGS.binary()),
      put('latin1.tf', ENCODINGS.latin1(hcl)),
      put('utf16.tf', ENCODINGS.utf16le(hcl)),
      put('object.tf', '{"resource": {}}'),
      ...(['hclBrackets', 'hclBlocks', 'hclParens', 'hclOperators', 'hclCalls'] as const).map((kind) =>
        put(`${kind}.tf`, text(DEEP[kind])),
      ),
      ...Object.entries(badJson(SAMPLES.tfJson())).map(([kind, content]) => put(`${kind}.tf.json`, content)),
      put('yaml-block.tf.json', text(DEEP.yamlBlock)),
      ...Object.entries(badJson(SAMPLES.plan())).map(([kind, content]) => put(`${kind}-plan.json`, content)),
      put(
        'deep-plan.json',
        `{"planned_values":{"root_module":${'{"child_modules":['.repeat(5_000)}${']}'.repeat(5_000)}}}`,
      ),
      put('oversized.tf', HUGE.hclComments(11 * 1024 * 1024)),
      directoryNamed('plan.json'),
    ];
    return files;
  };

  it(
    'exits 2 naming every bad file, writes no report when nothing could be read',
    () => {
      const files = bad();
      const output = join(work, 'terraform.out');
      const run = cli(['scan', 'terraform', ...files, '--output', output]);
      expectCleanFailure(run, files, output);
    },
    timeoutFor(60_000),
  );

  it(
    'keeps going over the good module: its findings are reported, and the run still exits 2',
    () => {
      const good = put('main.tf', SAMPLES.hcl());
      const files = bad().slice(0, 6);
      const output = join(work, 'terraform-partial.json');
      const run = cli(['scan', 'terraform', good, ...files, '--format', 'json', '--output', output]);
      expect(run.code).toBe(2);
      for (const file of files) expect(run.stderr).toContain(file);
      const report = JSON.parse(readFileSync(output, 'utf8')) as { findings: unknown[] };
      expect(report.findings.length).toBeGreaterThan(0);
    },
    timeoutFor(60_000),
  );

  it(
    'reads huge files in time',
    () => {
      const files = [
        put('comments.tf', HUGE.hclComments(Math.min(HUGE_BYTES, 9 * 1024 * 1024))),
        put('string.tf.json', HUGE.tfJsonString(HUGE_BYTES)),
        put('huge-plan.json', HUGE.plan(HUGE_BYTES)),
      ];
      const run = cli(['scan', 'terraform', ...files, '--format', 'json']);
      expect([0, 1, 2]).toContain(run.code);
      expect(run.stderr).not.toMatch(/RangeError|Maximum call stack|--debug/);
      expectTimely(run, 3 * HUGE_BYTES, 'scan terraform, .tf + .tf.json + plan');
    },
    timeoutFor(120_000),
  );
});

describe('scan cloudformation FILE...', () => {
  const bad = (): string[] => [
    ...Object.entries(badJson(SAMPLES.cfnJson())).map(([kind, content]) => put(`${kind}.json`, content)),
    put('utf16.yaml', ENCODINGS.utf16le(SAMPLES.cfnYaml())),
    put('latin1.yaml', ENCODINGS.latin1(SAMPLES.cfnYaml())),
    ...(['yamlFlow', 'yamlBlock', 'yamlIndented', 'yamlAliases', 'yamlBomb'] as const).map((kind) =>
      put(`${kind}.yaml`, text(DEEP[kind])),
    ),
    put('huge.yaml', HUGE.cfnYamlString(HUGE_BYTES)),
    directoryNamed('template.yaml'),
  ];

  it(
    'exits 2 naming every bad template, writes no report when nothing could be read',
    () => {
      const files = bad();
      const output = join(work, 'cfn.out');
      const run = cli(['scan', 'cloudformation', ...files, '--output', output]);
      expectCleanFailure(run, files, output);
      expectTimely(run, HUGE_BYTES, 'scan cloudformation, bad templates');
    },
    timeoutFor(60_000),
  );

  it(
    'keeps going over the good template, and still exits 2',
    () => {
      const good = put('good.yaml', SAMPLES.cfnYaml());
      const files = bad().slice(0, 5);
      const run = cli(['scan', 'cloudformation', ...files, good, '--format', 'json']);
      expect(run.code).toBe(2);
      for (const file of files) expect(run.stderr).toContain(file);
      expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    },
    timeoutFor(60_000),
  );
});

describe('--config FILE', () => {
  it(
    'exits 2 naming the file for every kind of bad config, before scanning anything',
    () => {
      const template = put('t.yaml', SAMPLES.cfnYaml());
      const cases: [string, string | Buffer][] = [
        ...Object.entries(badJson(SAMPLES.configJson())).map(
          ([kind, content]) => [`${kind}.json`, content] as [string, string | Buffer],
        ),
        ['deep.yaml', text(DEEP.yamlBlock)],
        ['aliases.yaml', text(DEEP.yamlAliases)],
        ['bomb.yaml', text(DEEP.yamlBomb)],
        ['latin1.yaml', ENCODINGS.latin1(SAMPLES.configYaml())],
        ['huge.yaml', HUGE.configYaml(HUGE_BYTES)],
      ];
      for (const [name, content] of cases) {
        const file = put(name, content);
        const output = join(work, `config-${counter}.out`);
        const run = cli(['scan', 'cloudformation', template, '--config', file, '--output', output]);
        expectCleanFailure(run, [file], output);
      }
      const dir = directoryNamed('mfa-warden.yaml');
      expectCleanFailure(cli(['scan', 'cloudformation', template, '--config', dir]), [dir]);
    },
    timeoutFor(60_000),
  );
});
