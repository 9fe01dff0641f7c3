import { GetLoginProfileCommand, type IAMClient } from '@aws-sdk/client-iam';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mfaScpDocument } from '../../src/generate/mfaScp.js';
import { accessDeniedRule, awsJsonErrorRule } from '../harness/awsProxy.js';
import { useMoto } from '../harness/motoFixture.js';
import { ADMINISTRATOR_ACCESS_ARN, attachUserPolicy, createUser, createUsers } from '../harness/seed.js';
import { seedOrganization, type SeededOrganization } from '../harness/seedOrganization.js';
import { spawn } from 'node:child_process';
import { CLI, ROOT, runCli } from '../support/runCli.js';

// `scan aws --org` against an organization built in moto with the real Organizations and STS APIs: the
// management account with the caller's credentials, members through OrganizationAccountAccessRole, SCPs read
// once and judged by the policy engine.

const moto = useMoto();
const MANAGEMENT = '123456789012';

interface OrgReport {
  findings: {
    check: string;
    status: string;
    message: string;
    resource: { account: string; name: string; type: string };
    details?: { uncovered?: string[] };
  }[];
  summary: {
    byStatus: Record<string, number>;
    organization: { id: string; managementAccountId: string };
    accounts: { id: string; name: string; status: string; reason?: string; requests?: number }[];
    requests: { total: number; byOperation: Record<string, number> };
  };
}

async function scanOrg(
  ...args: string[]
): Promise<{ code: number; report: OrgReport; stderr: string; stdout: string }> {
  const run = await runCli([
    'scan',
    'aws',
    '--org',
    '--endpoint-url',
    moto.proxy.endpoint,
    '--format',
    'json',
    ...args,
  ]);
  let report = {} as OrgReport;
  try {
    report = JSON.parse(run.stdout) as OrgReport;
  } catch {
    // not JSON: the test looks at stderr
  }
  return { code: run.code, report, stderr: run.stderr, stdout: run.stdout };
}

const finding = (report: OrgReport, check: string, account: string, name: string) =>
  report.findings.find(
    (f) => f.check === check && f.resource.account === account && f.resource.name === name,
  );

/** Management + prod (under an OU with the MFA SCP) + dev (no MFA SCP); a console admin without MFA in each. */
async function standardOrganization(): Promise<{
  org: SeededOrganization;
  prod: string;
  dev: string;
  ou: string;
}> {
  const org = await seedOrganization(moto.moto.endpoint);
  const ou = await org.addOu('production');
  const prod = await org.addAccount('prod', ou);
  const dev = await org.addAccount('dev');
  await org.addScp('iam-users-require-mfa', mfaScpDocument(), [ou]);
  for (const [account, iam] of [
    [MANAGEMENT, moto.iam],
    [prod, await org.iamIn(prod)],
    [dev, await org.iamIn(dev)],
  ] as const) {
    await createUser(iam, `admin-${account}`, { consolePassword: true });
    await attachUserPolicy(iam, `admin-${account}`, ADMINISTRATOR_ACCESS_ARN);
  }
  return { org, prod, dev, ou };
}

describe('mfa-warden scan aws --org (against moto)', () => {
  it('scans every account, feeds SCPs to the policy checks, and judges org-scp-mfa', async () => {
    const { org, prod, dev } = await standardOrganization();
    const { code, report } = await scanOrg();
    org.destroy();
    expect(code).toBe(1);
    expect(report.summary.organization).toEqual({ id: org.id, managementAccountId: MANAGEMENT });
    expect(report.summary.accounts.map((a) => [a.id, a.status]).sort()).toEqual(
      [
        [MANAGEMENT, 'scanned'],
        [prod, 'scanned'],
        [dev, 'scanned'],
      ].sort(),
    );
    // Every finding names its account.
    expect(report.findings.every((f) => /^\d{12}$/.test(f.resource.account))).toBe(true);
    // The SCP over prod denies its admin everything without MFA; dev has no such SCP; the management account
    // is never under SCPs, and says so.
    const prodAdmin = finding(report, 'console-user-mfa-enforced', prod, `admin-${prod}`);
    expect(prodAdmin?.status).toBe('pass');
    expect(prodAdmin?.message).toMatch(/denied by SCP iam-users-require-mfa/);
    expect(finding(report, 'console-user-mfa-enforced', dev, `admin-${dev}`)?.status).toBe('fail');
    const managementAdmin = finding(report, 'console-user-mfa-enforced', MANAGEMENT, `admin-${MANAGEMENT}`);
    expect(managementAdmin?.status).toBe('fail');
    expect(managementAdmin?.message).toMatch(/SCPs never apply to the management account/);
    const scp = report.findings.find((f) => f.check === 'org-scp-mfa');
    expect(scp?.status).toBe('fail');
    expect(scp?.details?.uncovered).toEqual([dev]);
    expect(scp?.message).toMatch(new RegExp(`1 of 2 member accounts .*${dev}`));
  });

  it('costs constant requests per account, and reads each SCP once per organization', async () => {
    const org = await seedOrganization(moto.moto.endpoint);
    const ou = await org.addOu('workloads');
    const small = await org.addAccount('small', ou);
    const large = await org.addAccount('large', ou);
    await org.addScp('iam-users-require-mfa', mfaScpDocument(), [ou]);
    await createUsers(await org.iamIn(small), 2, { consolePassword: true });
    await createUsers(await org.iamIn(large), 40, { consolePassword: true });
    const { report } = await scanOrg();
    org.destroy();
    const requests = Object.fromEntries(report.summary.accounts.map((a) => [a.id, a.requests]));
    expect(requests[small]).toBe(requests[large]);
    // FullAWSAccess (attached when SCPs are enabled) and ours: two documents for three accounts and an OU.
    expect(report.summary.requests.byOperation.DescribePolicy).toBe(2);
    expect(report.summary.requests.byOperation.AssumeRole).toBe(2);
  });

  it('reports an account it cannot enter as errors for that account, and finishes the others', async () => {
    const { org, prod, dev } = await standardOrganization();
    moto.proxy.addRule({
      ...accessDeniedRule('AssumeRole'),
      bodyIncludes: encodeURIComponent(`arn:aws:iam::${dev}:role/`),
    });
    const { code, report } = await scanOrg('--checks', 'console-user-mfa,console-user-mfa-enforced');
    org.destroy();
    expect(code).toBe(1);
    const failed = report.summary.accounts.find((a) => a.id === dev);
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toMatch(
      /AssumeRole arn:aws:iam::\d+:role\/OrganizationAccountAccessRole failed: AccessDenied/,
    );
    const errors = report.findings.filter((f) => f.resource.account === dev);
    expect(errors.map((f) => [f.check, f.status])).toEqual([
      ['console-user-mfa', 'error'],
      ['console-user-mfa-enforced', 'error'],
    ]);
    expect(finding(report, 'console-user-mfa-enforced', prod, `admin-${prod}`)?.status).toBe('pass');
  });

  it('exits 3 only when no account could be scanned', async () => {
    const org = await seedOrganization(moto.moto.endpoint);
    await org.addAccount('only-member');
    org.destroy();
    moto.proxy.addRule(accessDeniedRule('AssumeRole'));
    moto.proxy.addRule(accessDeniedRule('GetAccountAuthorizationDetails'));
    const partly = await scanOrg();
    // The management account is still readable in part: GetAccountAuthorizationDetails denied makes its
    // checks error/unknown, but it was scanned.
    expect(partly.code).toBe(1);
    const run = await scanOrg(
      '--accounts',
      partly.report.summary.accounts.find((a) => a.id !== MANAGEMENT)?.id ?? '',
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no account could be scanned: AssumeRole .* failed: AccessDenied/);
    expect(run.stdout).toBe('');
  });

  it('skips suspended accounts and honours --accounts, --exclude-accounts and --ous', async () => {
    const { org, prod, dev, ou } = await standardOrganization();
    const gone = await org.addAccount('closed');
    await org.close(gone);
    const all = await scanOrg('--checks', 'user-mfa');
    expect(all.report.summary.accounts.find((a) => a.id === gone)).toMatchObject({ status: 'suspended' });
    expect(all.report.findings.some((f) => f.resource.account === gone)).toBe(false);

    const only = await scanOrg('--checks', 'user-mfa', '--accounts', dev);
    expect(only.report.summary.accounts.filter((a) => a.status === 'scanned').map((a) => a.id)).toEqual([
      dev,
    ]);
    const without = await scanOrg('--checks', 'user-mfa', '--exclude-accounts', `${dev},${MANAGEMENT}`);
    expect(without.report.summary.accounts.filter((a) => a.status === 'scanned').map((a) => a.id)).toEqual([
      prod,
    ]);
    const underOu = await scanOrg('--checks', 'user-mfa', '--ous', ou);
    expect(underOu.report.summary.accounts.filter((a) => a.status === 'scanned').map((a) => a.id)).toEqual([
      prod,
    ]);
    expect(underOu.report.summary.accounts.find((a) => a.id === dev)).toMatchObject({
      status: 'excluded',
      reason: 'not under --ous',
    });
    org.destroy();

    const bad = await runCli([
      'scan',
      'aws',
      '--org',
      '--accounts',
      '12345',
      '--endpoint-url',
      moto.proxy.endpoint,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--accounts expects comma-separated ids; "12345" is not one/);
    const noOrg = await runCli(['scan', 'aws', '--ous', ou, '--endpoint-url', moto.proxy.endpoint]);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/--ous only make sense with --org/);
  });

  it('makes verdicts that an unreadable SCP could change unknown, never pass', async () => {
    const { org, prod } = await standardOrganization();
    moto.proxy.addRule(awsJsonErrorRule('DescribePolicy', 'AccessDeniedException', 'not authorized', 400));
    const { report } = await scanOrg('--checks', 'console-user-mfa-enforced,org-scp-mfa');
    org.destroy();
    const prodAdmin = finding(report, 'console-user-mfa-enforced', prod, `admin-${prod}`);
    expect(prodAdmin?.status).toBe('unknown');
    expect(prodAdmin?.message).toMatch(
      /service control policies over this account could not be read .*DescribePolicy/,
    );
    expect(report.findings.find((f) => f.check === 'org-scp-mfa')?.status).toBe('unknown');
  });

  it('shows accounts in the table', async () => {
    const { org, dev } = await standardOrganization();
    const run = await runCli([
      'scan',
      'aws',
      '--org',
      '--endpoint-url',
      moto.proxy.endpoint,
      '--checks',
      'console-user-mfa-enforced',
    ]);
    org.destroy();
    expect(run.stdout).toMatch(new RegExp(`FAIL +${dev}/admin-${dev}`));
    expect(run.stdout).toMatch(/organization o-\w+: \d+ results/);
  });
});

describe('mfa-warden scan aws --org on a terminal, and interrupted', () => {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    NO_COLOR: '1',
  };

  it('draws a progress bar on a terminal, and stops cleanly on Ctrl-C reporting what finished', async () => {
    const org = await seedOrganization(moto.moto.endpoint);
    await org.addAccount('one');
    await org.addAccount('two');
    org.destroy();
    // On a pseudo-terminal (table output): the bar is drawn on stderr as accounts finish.
    const command = [process.execPath, CLI, 'scan', 'aws', '--org', '--endpoint-url', moto.proxy.endpoint]
      .concat(['--checks', 'user-mfa'])
      .join(' ');
    const onTerminal = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(output));
    });
    expect(onTerminal).toMatch(/\[#+\.*\] 1\/3 accounts, 0 failed/);
    expect(onTerminal).toMatch(/\[#{30}\] 3\/3 accounts, 0 failed/);

    // Interrupted while the first account is being read (the proxy holds its listing): it finishes, the others
    // are not started, the report says so, and the exit code is 3.
    moto.proxy.delay('GetAccountAuthorizationDetails', 2_000);
    const before = moto.proxy.received.GetAccountAuthorizationDetails ?? 0;
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [CLI, 'scan', 'aws', '--org', '--concurrency', '1', '--format', 'json'].concat([
          '--endpoint-url',
          moto.proxy.endpoint,
          '--checks',
          'user-mfa',
        ]),
        { cwd: ROOT, env },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const poll = setInterval(() => {
        if ((moto.proxy.received.GetAccountAuthorizationDetails ?? 0) > before) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 50);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stdout, stderr });
      });
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/stopping: accounts in progress finish/);
    const report = JSON.parse(run.stdout) as OrgReport;
    const statuses = report.summary.accounts.map((a) => a.status).sort();
    expect(statuses).toEqual(['interrupted', 'interrupted', 'scanned']);
  });
});

describe('mfa-warden enforce aws --org (against moto)', () => {
  const hasLoginProfile = (iam: IAMClient, userName: string) =>
    iam.send(new GetLoginProfileCommand({ UserName: userName })).then(
      () => true,
      () => false,
    );

  it('plans per account, applies each as its own run, and undo enters the member account with --role-name', async () => {
    const { org, dev, prod } = await standardOrganization();
    const devIam = await org.iamIn(dev);
    const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-org-enforce-'));
    const config = join(dir, 'mfa-warden.yaml');
    writeFileSync(config, 'enforce:\n  console-user-mfa: { mode: remove-console-access }\n');
    const journal = join(dir, 'journal');
    const args = ['enforce', 'aws', '--org', '--endpoint-url', moto.proxy.endpoint, '--config', config];
    const plan = await runCli([
      ...args,
      '--journal',
      journal,
      '--format',
      'json',
      '--accounts',
      `${dev},${prod}`,
    ]);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout) as {
      applied: boolean;
      runs: {
        runId: string;
        summary: { account: string };
        actions: { status: string; resource: { name: string } }[];
      }[];
    };
    expect(planned.applied).toBe(false);
    expect(planned.runs.map((run) => run.summary.account).sort()).toEqual([dev, prod].sort());
    expect(await hasLoginProfile(devIam, `admin-${dev}`)).toBe(true);

    const applied = await runCli([
      ...args,
      '--journal',
      journal,
      '--format',
      'json',
      '--accounts',
      dev,
      '--apply',
      '--yes',
    ]);
    expect(applied.stderr).not.toMatch(/error/);
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.stdout) as typeof planned;
    const run = report.runs.find((r) => r.summary.account === dev);
    expect(run?.actions.map((a) => [a.resource.name, a.status])).toEqual([[`admin-${dev}`, 'done']]);
    expect(await hasLoginProfile(devIam, `admin-${dev}`)).toBe(false);

    const undoArgs = [
      'undo',
      run?.runId ?? '',
      '--endpoint-url',
      moto.proxy.endpoint,
      '--journal',
      journal,
      '--apply',
      '--yes',
    ];
    const refused = await runCli([...undoArgs, '--password-file', join(dir, 'p1')]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/pass --role-name/);
    const restored = await runCli([
      ...undoArgs,
      '--password-file',
      join(dir, 'p2'),
      '--role-name',
      'OrganizationAccountAccessRole',
    ]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await hasLoginProfile(devIam, `admin-${dev}`)).toBe(true);
    org.destroy();
  });
});
