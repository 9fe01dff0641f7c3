import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { ACCOUNT, groupDetail, managedPolicy, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { Finding } from '../checks/check.js';
import { isDestructiveCommand, placeholdersIn } from '../checks/commandSafety.js';
import { scanModel } from '../scan/scanModel.js';
import { renderRemediationScript, type ScriptContext } from './remediationScript.js';
import { writeScript } from './writeScript.js';

const context: ScriptContext = {
  account: { id: ACCOUNT, partition: 'aws' },
  generatedAt: new Date('2026-05-01T12:00:00Z'),
  invocation: ['remediate', 'export', 'acme export', '--script', 'fix.sh'],
  scanned: 'the export acme export',
  toolVersion: '0.1.0',
};

function findingsOf(parts: Parameters<typeof snapshot>[0]): readonly Finding[] {
  return scanModel(buildAccount(snapshot(parts))).findings;
}

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const findings = findingsOf({
  users: [userDetail("o'brien", '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }), userDetail('ok')],
  report: [
    { name: "o'brien", password: true, mfa: false },
    { name: 'ok', password: false, mfa: true },
  ],
  groups: [
    groupDetail('devs'),
    groupDetail('ops', {
      GroupPolicyList: [{ PolicyName: 'weak', PolicyDocument: policyFixture('deny-bool-false') }],
    }),
  ],
  policies: [
    managedPolicy(ADMIN, policyFixture('administrator-access')),
    managedPolicy('loose', policyFixture('deny-notaction-create-access-key')),
  ],
  summary: { AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 },
});
const failing = findings.filter((f) => f.status === 'fail');
const script = renderRemediationScript(findings, context);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mfa-warden-remediate-'));
}

/** Runs a script with stub `aws` and `mfa-warden` on PATH that log their arguments; returns the log. */
function runWithStubs(
  text: string,
  env: Record<string, string> = {},
): { status: number | null; calls: string[]; dir: string } {
  const dir = tempDir();
  const bin = join(dir, 'bin');
  execFileSync('mkdir', [bin]);
  const log = join(dir, 'calls.log');
  const stub = (name: string, extra = '') =>
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\nprintf '%s\\n' "${name} $*" >> "$CALLS"\n${extra}`, {
      mode: 0o755,
    });
  stub('aws', 'if [ "$1 $2" = "sts get-caller-identity" ]; then echo "${STUB_ACCOUNT:-123456789012}"; fi\n');
  stub('mfa-warden');
  const file = join(dir, 'fix.sh');
  writeFileSync(file, text);
  const run = spawnSync('bash', [file], {
    cwd: dir,
    env: { PATH: `${bin}:/usr/bin:/bin`, CALLS: log, ...env },
    encoding: 'utf8',
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { status: run.status, calls, dir };
}

/** The lines bash would run, apart from the script's own preamble and closing message. */
function runnableLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .filter((line) => !/^(set |export AWS_PAGER|command -v |account=|\[ "\$account"|echo )/.test(line));
}

describe('remediation script', () => {
  it('is valid bash: shebang, set -euo pipefail, a header saying to review it', () => {
    const dir = tempDir();
    const file = join(dir, 'fix.sh');
    writeFileSync(file, script.text);
    expect(() => execFileSync('bash', ['-n', file], { stdio: 'pipe' })).not.toThrow();
    const lines = script.text.split('\n');
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    expect(lines).toContain('set -euo pipefail');
    expect(script.text).toContain(`for AWS account ${ACCOUNT}`);
    expect(script.text).toContain(
      '# Generated 2026-05-01T12:00:00.000Z from a scan of the export acme export',
    );
    expect(script.text).toContain("#   mfa-warden remediate export 'acme export' --script fix.sh");
    expect(script.text).toContain('REVIEW BEFORE RUNNING');
  });

  it('never leaves a destructive command or a placeholder uncommented', () => {
    const everyCommand = failing.flatMap((f) => f.remediation?.cli ?? []);
    expect(everyCommand.filter(isDestructiveCommand).length).toBeGreaterThanOrEqual(3);
    for (const line of runnableLines(script.text)) {
      expect(isDestructiveCommand(line), line).toBe(false);
      expect(placeholdersIn(line), line).toEqual([]);
    }
    expect(script.text).toMatch(
      /# HELD BACK \(takes access away\): review, then run by hand\n# {3}aws iam delete-login-profile --user-name 'o'\\''brien'\n/,
    );
    expect(script.text).toContain(
      "# HELD BACK (needs CODE1, CODE2: two consecutive codes from the user's MFA device): review, then run by hand",
    );
  });

  it('writes each command under the comment block of its finding, once', () => {
    const blocks = script.text.split('\n# --- ').slice(1);
    expect(blocks).toHaveLength(failing.length);
    const seen = new Set<string>();
    failing.forEach((finding, i) => {
      const block = blocks[i] ?? '';
      expect(
        block.startsWith(
          `[${i + 1}/${failing.length}] ${finding.check} (${finding.severity}): ${finding.resource.arn}\n# `,
        ),
      ).toBe(true);
      expect(block).toContain(`\n# ${finding.message.replace(/\n/g, ' ')}\n`);
      for (const command of finding.remediation?.cli ?? []) {
        const lines = block.split('\n');
        const asRun = lines.includes(command);
        const held = lines.includes(`#   ${command}`);
        const repeated = lines.some((line) => line.endsWith(`): ${command}`) && line.startsWith('# ('));
        expect(asRun || held || repeated, command).toBe(true);
        // The first occurrence is written out; later ones only point back to it.
        expect(repeated).toBe(seen.has(command));
        seen.add(command);
      }
    });
    expect(script.stats).toEqual({
      findings: failing.length,
      commands: seen.size,
      commentedOut: script.text.split('\n').filter((l) => l.startsWith('# HELD BACK')).length,
    });
  });

  it('runs only the commands that add protection, after checking the tools and the account', () => {
    const { status, calls } = runWithStubs(script.text);
    expect(status).toBe(0);
    expect(calls[0]).toBe('aws sts get-caller-identity --query Account --output text');
    // One call per runnable line, in order (the `|| create-policy` branch is skipped: the stub's get-policy
    // succeeds; the $(get-policy) inside get-policy-version is a call of its own, made first).
    const verb = (line: string) => line.split(' ').slice(0, 3).join(' ');
    const made = calls.slice(1).filter((call) => !call.includes('--query Policy.DefaultVersionId'));
    expect(made.map(verb)).toEqual(runnableLines(script.text).map(verb));
    // The quoting reached the program as the bare name.
    expect(made).toContain(
      "aws iam attach-user-policy --user-name o'brien --policy-arn arn:aws:iam::123456789012:policy/mfa-warden-require-mfa",
    );
    expect(calls.some(isDestructiveCommand)).toBe(false);
    expect(calls).toContain(
      'aws iam attach-group-policy --group-name devs --policy-arn arn:aws:iam::123456789012:policy/mfa-warden-require-mfa',
    );
  });

  it('stops before any change when the credentials belong to another account', () => {
    const { status, calls } = runWithStubs(script.text, { STUB_ACCOUNT: '999999999999' });
    expect(status).toBe(1);
    expect(calls).toEqual(['aws sts get-caller-identity --query Account --output text']);
  });

  it('keeps names and messages from running: a finding cannot smuggle in a line', () => {
    const evil: Finding = {
      ...(failing[0] as Finding),
      message: 'fine\ntouch PWNED_MESSAGE',
      resource: { ...(failing[0] as Finding).resource, arn: 'arn\ntouch PWNED_ARN' },
      remediation: {
        text: 'fix\ntouch PWNED_TEXT',
        cli: [
          'aws iam get-user --user-name x\ntouch PWNED_CLI',
          "aws iam get-user --user-name '$(touch PWNED_QUOTED)'",
        ],
      },
    };
    const text = renderRemediationScript([evil], context).text;
    expect(text).toContain(
      '# HELD BACK (spans lines): review, then run by hand\n#   aws iam get-user --user-name x\n#   touch PWNED_CLI',
    );
    const { status, dir } = runWithStubs(text);
    expect(status).toBe(0);
    for (const name of ['PWNED_MESSAGE', 'PWNED_ARN', 'PWNED_TEXT', 'PWNED_CLI', 'PWNED_QUOTED']) {
      expect(existsSync(join(dir, name)), name).toBe(false);
    }
  });

  it('holds back a destructive command even when its remediation did not mark it', () => {
    const unmarked: Finding = {
      ...(failing[0] as Finding),
      remediation: { text: 'x', cli: ['aws iam delete-user --user-name u'], destructive: [false] },
    };
    const text = renderRemediationScript([unmarked], context).text;
    expect(text).toContain('#   aws iam delete-user --user-name u');
    expect(runnableLines(text)).toEqual([]);
  });

  it('without failing findings, is still a valid script that says there is nothing to do', () => {
    const clean = renderRemediationScript(
      findings.filter((f) => f.status !== 'fail'),
      context,
    );
    expect(clean.stats).toEqual({ findings: 0, commands: 0, commentedOut: 0 });
    expect(clean.text).toContain('# The scan found no failing findings: there is nothing to fix.');
    const { status, calls } = runWithStubs(clean.text);
    expect(status).toBe(0);
    expect(calls).toEqual([]);
  });
});

describe('writeScript', () => {
  it('writes the script with mode 0700, replacing an older one whole', async () => {
    const dir = tempDir();
    const file = join(dir, 'fix.sh');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    await writeScript(script.text, file);
    expect(readFileSync(file, 'utf8')).toBe(script.text);
    expect(statSync(file).mode & 0o777).toBe(0o700);
  });

  it('is an input error, leaving nothing behind, when the file cannot be written', async () => {
    const dir = tempDir();
    await expect(writeScript('x', join(dir, 'missing', 'fix.sh'))).rejects.toThrow(
      /cannot write script: ENOENT/,
    );
    expect(execFileSync('ls', ['-A', dir], { encoding: 'utf8' })).toBe('');
  });
});
