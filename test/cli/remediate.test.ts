import { GetLoginProfileCommand } from '@aws-sdk/client-iam';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../harness/motoFixture.js';
import { addUserToGroup, createGroup, createUser } from '../harness/seed.js';
import { CLI, runCli, statusOf, type JsonReport } from '../support/runCli.js';

// `mfa-warden remediate` end to end: scan moto, write the script, run it with bash against moto (the built CLI
// on PATH as `mfa-warden`, for `generate policy`), then scan again.

const moto = useMoto();

function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'mfa-warden-remediate-cli-'));
}

/** A directory holding `mfa-warden`, a shim for the built CLI, so the script can call it as a user would. */
function cliOnPath(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'mfa-warden'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, {
    mode: 0o755,
  });
  return bin;
}

function awsEnv(endpoint: string, dir: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_DEFAULT_REGION: 'us-east-1',
    // No shared config or credentials of the machine running the tests.
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    HOME: dir,
  };
}

describe('mfa-warden remediate aws (against moto)', () => {
  it('writes a script whose commands enforce MFA on the group and leave the console password alone', async () => {
    await createGroup(moto.iam, 'devs');
    await createUser(moto.iam, 'carol', { consolePassword: true });
    await addUserToGroup(moto.iam, 'carol', 'devs');
    const before = await scanJson();
    expect(statusOf(before, 'group-mfa-enforced', 'devs')).toBe('fail');

    const dir = workDir();
    const script = join(dir, 'fix.sh');
    const run = await runCli(['remediate', 'aws', '--endpoint-url', moto.moto.endpoint, '--script', script]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^mfa-warden: wrote .*fix\.sh: \d+ failing finding\(s\), \d+ command\(s\), [1-9]\d* of them commented out for review\n/,
    );
    expect(statSync(script).mode & 0o777).toBe(0o700);
    const text = readFileSync(script, 'utf8');
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    expect(text).toContain('# --- [');
    expect(text).toMatch(/group-mfa-enforced \(medium\): arn:aws:iam::123456789012:group\/devs\n/);
    expect(text).toContain(
      '\naws iam attach-group-policy --group-name devs --policy-arn arn:aws:iam::123456789012:policy/mfa-warden-require-mfa\n',
    );
    expect(text).toContain('\n#   aws iam delete-login-profile --user-name carol\n');

    const bash = spawnSync('bash', [script], {
      cwd: dir,
      env: { PATH: `${cliOnPath(dir)}:${process.env.PATH ?? ''}`, ...awsEnv(moto.moto.endpoint, dir) },
      encoding: 'utf8',
    });
    expect(bash.stderr).toMatch(/mfa-warden: done/);
    expect(bash.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'mfa-warden-require-mfa.json'), 'utf8'))).toHaveProperty(
      'Statement',
    );

    const after = await scanJson();
    expect(statusOf(after, 'group-mfa-enforced', 'devs')).toBe('pass');
    expect(statusOf(after, 'console-user-mfa-enforced', 'carol')).toBe('pass');
    // The destructive alternative stayed commented out: carol still has her console password (and no MFA).
    await expect(moto.iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).resolves.toBeDefined();
    expect(statusOf(after, 'console-user-mfa', 'carol')).toBe('fail');

    // Running it again changes nothing and still succeeds (the policy is not created twice).
    const again = spawnSync('bash', [script], {
      cwd: dir,
      env: { PATH: `${cliOnPath(workDir())}:${process.env.PATH ?? ''}`, ...awsEnv(moto.moto.endpoint, dir) },
      encoding: 'utf8',
    });
    expect(again.status).toBe(0);
  });

  it('writes a script that says so when nothing fails', async () => {
    const dir = workDir();
    const script = join(dir, 'fix.sh');
    const run = await runCli([
      'remediate',
      'aws',
      '--endpoint-url',
      moto.moto.endpoint,
      '--checks',
      'group-mfa-enforced',
      '--script',
      script,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no failing findings, nothing to remediate');
    const bash = spawnSync('bash', [script], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(bash.status).toBe(0);
    expect(bash.stderr).toBe('mfa-warden: nothing to remediate\n');
  });
});

describe('mfa-warden remediate export', () => {
  it('writes a script for the bundled example, with its account and every destructive command held back', async () => {
    const script = join(workDir(), 'fix.sh');
    const run = await runCli(['remediate', 'export', 'examples/acme-export', '--script', script]);
    expect(run.code).toBe(0);
    const text = readFileSync(script, 'utf8');
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    expect(text).toContain('for AWS account 123456789012');
    expect(text).toContain('from a scan of the export examples/acme-export');
    expect(text).toMatch(/\n# {3}aws iam delete-login-profile --user-name bob\.builder\n/);
    const uncommented = text.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(
      uncommented.filter((line) => /\b(delete|deactivate|detach|remove)-|CODE1|put-\w+-policy/.test(line)),
    ).toEqual([]);
  });

  it('requires --script, and rejects a path it cannot write, with exit 2 and no stack trace', async () => {
    const missing = await runCli(['remediate', 'export', 'examples/acme-export']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--script <file>/);
    const bad = await runCli([
      'remediate',
      'export',
      'examples/acme-export',
      '--script',
      '/nonexistent/dir/fix.sh',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^mfa-warden: error: \/nonexistent\/dir\/fix\.sh: cannot write script: ENOENT/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

async function scanJson(): Promise<JsonReport> {
  const run = await runCli(['scan', 'aws', '--endpoint-url', moto.moto.endpoint, '--format', 'json']);
  return JSON.parse(run.stdout) as JsonReport;
}
