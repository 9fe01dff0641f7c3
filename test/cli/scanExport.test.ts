import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, statusOf, type JsonReport } from '../support/runCli.js';

const EXAMPLE = 'examples/acme-export';
const FIXTURES = 'test/fixtures/export';

async function scanJson(dir: string, ...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const run = await runCli(['scan', 'export', dir, '--format', 'json', ...args]);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

describe('mfa-warden scan export (the quick start)', () => {
  it('scans the bundled example: table, summary line, exit 1 for findings, no colour when piped', async () => {
    const run = await runCli(['scan', 'export', EXAMPLE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL +bob\.builder +console password without MFA/);
    expect(run.stdout).toMatch(/FAIL +zoë\.müller/);
    expect(run.stdout).toMatch(/UNKNOWN late\.hire/);
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/^account 123456789012: \d+ results: 25 failed/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('gives every user a result in JSON, with the expected verdicts', async () => {
    const { code, report } = await scanJson(EXAMPLE);
    expect(code).toBe(1);
    expect(report.schemaVersion).toBe(1);
    const consoleUsers = report.findings.filter((f) => f.check === 'console-user-mfa');
    expect(consoleUsers).toHaveLength(14);
    expect(statusOf(report, 'console-user-mfa', 'alice.admin')).toBe('pass');
    expect(statusOf(report, 'console-user-mfa', 'dave.ops')).toBe('pass'); // hardware device, report only
    expect(statusOf(report, 'console-user-mfa', 'erin.oncall')).toBe('fail'); // device deactivated
    expect(statusOf(report, 'console-user-mfa', 'ci-deploy')).toBe('pass'); // no console password
    expect(statusOf(report, 'user-mfa', 'ci-deploy')).toBe('fail');
    expect(statusOf(report, 'console-user-mfa', 'late.hire')).toBe('unknown');
  });

  it('judges group and user policies semantically on the example', async () => {
    const { report } = await scanJson(
      EXAMPLE,
      '--checks',
      'group-mfa-enforced,console-user-mfa-enforced,mfa-condition-sound',
    );
    expect(statusOf(report, 'group-mfa-enforced', 'developers')).toBe('pass');
    expect(statusOf(report, 'group-mfa-enforced', 'admins')).toBe('fail');
    // Deny with Bool: Trivy passes it, access keys bypass it.
    expect(statusOf(report, 'group-mfa-enforced', 'support')).toBe('fail');
    expect(statusOf(report, 'mfa-condition-sound', 'group/support/DenyAllWithoutMFA')).toBe('fail');
    expect(statusOf(report, 'console-user-mfa-enforced', 'bob.builder')).toBe('pass');
    expect(statusOf(report, 'console-user-mfa-enforced', 'alice.admin')).toBe('fail');
  });

  it('honours --checks and --fail-on', async () => {
    const { code, report } = await scanJson(EXAMPLE, '--checks', 'user-mfa', '--fail-on', 'high');
    expect(new Set(report.findings.map((f) => f.check))).toEqual(new Set(['user-mfa']));
    expect(code).toBe(0); // user-mfa is medium
    expect((await scanJson(EXAMPLE, '--checks', 'user-mfa', '--fail-on', 'medium')).code).toBe(1);
  });

  it('applies exemptions from the config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-cli-'));
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        exemptions: [
          { checks: ['console-user-mfa'], resource: '*:user/ops/erin.oncall', reason: 'on leave' },
        ],
      }),
    );
    const { report } = await scanJson(EXAMPLE, '--config', config);
    expect(statusOf(report, 'console-user-mfa', 'erin.oncall')).toBe('exempt');
    expect(statusOf(report, 'user-mfa', 'erin.oncall')).toBe('fail');
  });

  it('writes --output whole, and nothing when the target cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-cli-'));
    const out = join(dir, 'report.json');
    const run = await runCli(['scan', 'export', EXAMPLE, '--format', 'json', '--output', out]);
    expect(run.stdout).toBe('');
    expect(JSON.parse(await readFile(out, 'utf8')).schemaVersion).toBe(1);
    const bad = await runCli(['scan', 'export', EXAMPLE, '--output', join(dir, 'missing', 'r.txt')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write the report there \(ENOENT: its directory does not exist\)/);
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it.each([
    ['root-virtual-mfa', 'pass', 'fail'],
    ['root-hardware-mfa', 'pass', 'pass'],
    ['root-centralised', 'pass', 'pass'],
    ['root-no-mfa', 'fail', 'fail'],
  ])('root fixture %s: root-mfa %s, root-hardware-mfa %s', async (scenario, rootMfa, hardware) => {
    const { report } = await scanJson(join(FIXTURES, scenario));
    expect(statusOf(report, 'root-mfa')).toBe(rootMfa);
    expect(statusOf(report, 'root-hardware-mfa')).toBe(hardware);
    expect(statusOf(report, 'console-user-mfa', 'hw.user')).toBe('pass');
  });

  it('makes checks unknown, never pass, when optional files are missing; unknown fails the run', async () => {
    const { code, report } = await scanJson(
      join(FIXTURES, 'only-authorization-details'),
      '--checks',
      'user-mfa',
    );
    expect(code).toBe(1);
    expect(new Set(report.findings.map((f) => f.status))).toEqual(new Set(['unknown']));
    expect(
      (
        await scanJson(
          join(FIXTURES, 'only-authorization-details'),
          '--checks',
          'user-mfa',
          '--ignore-unknown',
        )
      ).code,
    ).toBe(0);
  });

  it('makes every check unknown or error, never pass, without the optional files', async () => {
    const { report } = await scanJson(join(FIXTURES, 'only-authorization-details'));
    const statuses = new Set(report.findings.map((f) => f.status));
    expect(statuses.has('pass')).toBe(false);
    expect(statusOf(report, 'root-mfa')).toBe('error');
  });
});

describe('bad input', () => {
  it('names file and line of a truncated JSON export, exit 2, no stack trace', async () => {
    const run = await runCli(['scan', 'export', join(FIXTURES, 'truncated-json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/authorization-details\.json:\d+/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('names the missing CSV columns', async () => {
    const run = await runCli(['scan', 'export', join(FIXTURES, 'csv-missing-columns')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/credential-report\.csv:1: .*missing column/);
  });

  it('rejects an unknown check id and a missing directory with exit 2', async () => {
    const unknownCheck = await runCli(['scan', 'export', EXAMPLE, '--checks', 'root-mfa,bogus']);
    expect(unknownCheck.code).toBe(2);
    expect(unknownCheck.stderr).toMatch(/unknown check id\(s\): bogus/);
    const missing = await runCli(['scan', 'export', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\/dir/);
  });

  it('rejects an empty --checks and a bad `checks --format` with exit 2', async () => {
    const empty = await runCli(['scan', 'export', EXAMPLE, '--checks', ',']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--checks needs at least one check id/);
    expect((await runCli(['checks', '--format', 'yaml'])).code).toBe(2);
    const list = await runCli(['checks', '--format', 'json']);
    expect(JSON.parse(list.stdout).map((c: { id: string }) => c.id)).toContain('group-mfa-enforced');
  });

  it('rejects a bad option value with exit 2', async () => {
    const run = await runCli(['scan', 'export', EXAMPLE, '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/xml/);
  });

  it('prints the stack only with --debug', async () => {
    const run = await runCli(['--debug', 'scan', 'export', 'no/such/dir']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});
