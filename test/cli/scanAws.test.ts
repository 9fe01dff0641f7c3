import { GetCredentialReportCommand, PutRolePolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { motoIamClient } from '../harness/awsClients.js';
import { accessDeniedRule } from '../harness/awsProxy.js';
import { useMoto } from '../harness/motoFixture.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachRolePolicy,
  createAccessKey,
  createGroup,
  createGroupWithInlinePolicy,
  createRole,
  createUser,
  createUsers,
  enableVirtualMfa,
  generateCredentialReport,
} from '../harness/seed.js';
import { policyFixture } from '../support/policyFixtures.js';
import { runCli, statusOf, type JsonReport } from '../support/runCli.js';

// The real CLI against moto_server through the real SDK, with a proxy in front of moto that keeps the
// credential report as stale as AWS does (moto rebuilds it on every download).

const moto = useMoto();

async function scan(...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCli([
    'scan',
    'aws',
    '--endpoint-url',
    moto.proxy.endpoint,
    '--format',
    'json',
    ...args,
  ]);
  return {
    code: run.code,
    report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : ({} as JsonReport),
    stderr: run.stderr,
  };
}

async function freezeReport(): Promise<void> {
  moto.proxy.freeze('GetCredentialReport');
  await generateCredentialReport(moto.iam);
  const client = motoIamClient(moto.proxy.endpoint);
  await client.send(new GetCredentialReportCommand({}));
  client.destroy();
}

describe('mfa-warden scan aws (against moto)', () => {
  it('reconciles a stale credential report with live listings', async () => {
    await createUser(moto.iam, 'no-mfa', { consolePassword: true });
    await createUser(moto.iam, 'fixed-since', { consolePassword: true, path: '/team/' });
    await createUser(moto.iam, 'api-only');
    await createAccessKey(moto.iam, 'api-only');
    await freezeReport();
    // After the report: one user fixes MFA, one is created with a console password and no MFA.
    await enableVirtualMfa(moto.iam, 'fixed-since');
    await createUser(moto.iam, 'late-hire', { consolePassword: true });

    const { code, report } = await scan();
    expect(code).toBe(1);
    expect(statusOf(report, 'console-user-mfa', 'no-mfa')).toBe('fail');
    expect(statusOf(report, 'console-user-mfa', 'fixed-since')).toBe('pass');
    expect(statusOf(report, 'console-user-mfa', 'late-hire')).toBe('fail');
    expect(statusOf(report, 'console-user-mfa', 'api-only')).toBe('pass');
    expect(statusOf(report, 'user-mfa', 'api-only')).toBe('fail');
    // moto's GetAccountSummary always says AccountMFAEnabled 0.
    expect(statusOf(report, 'root-mfa')).toBe('fail');
  });

  it('costs the same number of requests for 3 and 30 users', async () => {
    type WithRequests = { summary: { requests: { total: number; byOperation: Record<string, number> } } };
    // GenerateCredentialReport is polled until the report is ready: that count depends on timing, not users.
    const steady = (report: JsonReport): number => {
      const { total, byOperation } = (report as unknown as WithRequests).summary.requests;
      return total - (byOperation.GenerateCredentialReport ?? 0);
    };
    await createUsers(moto.iam, 3, { consolePassword: true });
    const small = await scan();
    await createUsers(moto.iam, 27, { prefix: 'more', consolePassword: true });
    const large = await scan();
    expect(steady(large.report)).toBe(steady(small.report));
    expect(steady(small.report)).toBeLessThanOrEqual(6);
    expect((large.report as unknown as WithRequests).summary.requests.byOperation.ListMFADevices ?? 0).toBe(
      0,
    );
  });

  it('turns a denied credential report into unknown/error, never pass', async () => {
    await createUser(moto.iam, 'someone', { consolePassword: true });
    moto.proxy.addRule(accessDeniedRule('GetCredentialReport'));
    const { code, report } = await scan('--checks', 'console-user-mfa');
    // Without the report every user is checked with per-user calls, so the verdict is still known.
    expect(statusOf(report, 'console-user-mfa', 'someone')).toBe('fail');
    expect(code).toBe(1);
  });

  it('judges group and user policies from the live wire (URL-encoded documents)', async () => {
    await createUser(moto.iam, 'admin-enforced', { consolePassword: true });
    await createUser(moto.iam, 'admin-open', { consolePassword: true });
    await createGroupWithInlinePolicy(
      moto.iam,
      'mfa-required',
      'require-mfa',
      policyFixture('aws-self-manage-mfa-device') as Record<string, unknown>,
    );
    await createGroupWithInlinePolicy(
      moto.iam,
      'weak',
      'deny-bool',
      policyFixture('deny-bool-false') as Record<string, unknown>,
    );
    await createGroup(moto.iam, 'admins');
    await attachGroupPolicy(moto.iam, 'admins', ADMINISTRATOR_ACCESS_ARN);
    await addUserToGroup(moto.iam, 'admin-enforced', 'admins');
    await addUserToGroup(moto.iam, 'admin-enforced', 'mfa-required');
    await addUserToGroup(moto.iam, 'admin-open', 'admins');
    const { report } = await scan(
      '--checks',
      'group-mfa-enforced,console-user-mfa-enforced,mfa-condition-sound',
    );
    expect(statusOf(report, 'group-mfa-enforced', 'mfa-required')).toBe('pass');
    expect(statusOf(report, 'group-mfa-enforced', 'weak')).toBe('fail');
    expect(statusOf(report, 'group-mfa-enforced', 'admins')).toBe('fail');
    expect(statusOf(report, 'console-user-mfa-enforced', 'admin-enforced')).toBe('pass');
    expect(statusOf(report, 'console-user-mfa-enforced', 'admin-open')).toBe('fail');
    expect(statusOf(report, 'mfa-condition-sound', 'group/weak/deny-bool')).toBe('fail');
  });

  it('writes SARIF for a live account: logical locations with the ARN, fingerprints', async () => {
    await createUser(moto.iam, 'sarif-user', { consolePassword: true });
    await generateCredentialReport(moto.iam);
    const run = await runCli(['scan', 'aws', '--endpoint-url', moto.proxy.endpoint, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations?: { logicalLocations?: { fullyQualifiedName?: string }[] }[];
          logicalLocations?: { fullyQualifiedName?: string }[];
          partialFingerprints?: Record<string, string>;
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0]?.results.find(
      (r) => r.ruleId === 'console-user-mfa' && JSON.stringify(r).includes(':user/sarif-user'),
    );
    expect(result).toBeDefined();
    expect(JSON.stringify(result)).toMatch(/"fullyQualifiedName":"arn:aws:iam::\d{12}:user\/sarif-user"/);
    expect(Object.keys(result?.partialFingerprints ?? {})).not.toHaveLength(0);
  });

  it('exits 3 with a clear message when the endpoint is unreachable', async () => {
    const run = await runCli(['scan', 'aws', '--endpoint-url', 'http://127.0.0.1:1'], {
      AWS_MAX_ATTEMPTS: '1',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/could not reach http:\/\/127\.0\.0\.1:1/);
    expect(run.stderr).not.toMatch(/Warning/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('--timeout: reports what finished, marks the rest unknown, says why, and exits 3', async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    await createGroupWithInlinePolicy(
      moto.iam,
      'mfa-required',
      'require-mfa',
      policyFixture('aws-self-manage-mfa-device') as Record<string, unknown>,
    );
    await generateCredentialReport(moto.iam);
    // The credential report hangs: everything else is read, the users' MFA verdicts are not.
    moto.proxy.delay('GetCredentialReport', 60_000);
    const started = Date.now();
    const { code, report, stderr } = await scan('--timeout', '3s');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(3);
    expect(stderr).toContain('mfa-warden: scan incomplete: ');
    expect(stderr).toMatch(/timed out after 3 s/);
    const summary = report.summary as unknown as { interrupted?: string };
    expect(summary.interrupted).toMatch(/timed out after 3 s/);
    // What needed the report is unknown or error, never pass; what did not (the groups) was judged.
    const alice = report.findings.filter(
      (f) => f.resource.name === 'alice' && f.check === 'console-user-mfa',
    );
    expect(alice.map((f) => f.status)).toEqual([expect.stringMatching(/^(unknown|error)$/)]);
    expect(statusOf(report, 'group-mfa-enforced', 'mfa-required')).toBe('pass');
  }, 60_000);

  it('--timeout that ends before the account is identified is exit 3 with the reason', async () => {
    moto.proxy.delay('GetCallerIdentity', 60_000);
    const { code, stderr } = await scan('--timeout', '2s');
    expect(code).toBe(3);
    expect(stderr).toMatch(/timed out after 2 s/);
  }, 60_000);

  it('--timeout must be a duration', async () => {
    const { code, stderr } = await scan('--timeout', 'soon');
    expect(code).toBe(2);
    expect(stderr).toContain('expected a duration such as 90s, 10m or 1h');
  });

  it('roles on the wire: trust policies judged for MFA, and chains followed from a user', async () => {
    const account = '123456789012';
    const root = `arn:aws:iam::${account}:root`;
    const trust = (principal: unknown, condition?: Record<string, unknown>) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: principal },
          Action: 'sts:AssumeRole',
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    });
    await createUser(moto.iam, 'alice', { consolePassword: true });
    await createRole(moto.iam, 'open', trust(root));
    await createRole(moto.iam, 'mfa-only', trust(root, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }));
    await createRole(
      moto.iam,
      'weak',
      trust(root, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }),
    );
    await createRole(moto.iam, 'ec2');
    const adminArn = await createRole(moto.iam, 'admin', trust(`arn:aws:iam::${account}:user/alice`));
    await attachRolePolicy(moto.iam, 'admin', ADMINISTRATOR_ACCESS_ARN);
    await generateCredentialReport(moto.iam);
    const { report } = await scan('--checks', 'role-trust-mfa,console-user-mfa-enforced');
    expect(statusOf(report, 'role-trust-mfa', 'open')).toBe('fail');
    expect(statusOf(report, 'role-trust-mfa', 'mfa-only')).toBe('pass');
    expect(statusOf(report, 'role-trust-mfa', 'weak')).toBe('fail');
    expect(statusOf(report, 'role-trust-mfa', 'ec2')).toBe('pass');
    expect(statusOf(report, 'role-trust-mfa', 'admin')).toBe('fail');
    // alice has no policy of her own, but the admin role trusts her by name without MFA.
    const alice = report.findings.find(
      (f) => f.check === 'console-user-mfa-enforced' && f.resource.name === 'alice',
    );
    expect(alice?.status).toBe('fail');
    expect(alice?.message).toContain('alice -> role/admin');
    expect((alice as { details?: { replay?: string } }).details?.replay).toContain(
      `--policy-source-arn ${adminArn}`,
    );
  });

  it('role tags on the wire: a role session’s aws:PrincipalTag is the role’s tag', async () => {
    const account = '123456789012';
    const abacDeny = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: 'iam:ListMFADevices',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringNotEquals: { 'aws:PrincipalTag/mfa-exempt': 'approved' },
          },
        },
      ],
    };
    for (const [user, role, tagged] of [
      ['bob', 'exempt-admin', true],
      ['carol', 'guarded-admin', false],
    ] as const) {
      await createUser(moto.iam, user, { consolePassword: true });
      await createRole(moto.iam, role, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:user/${user}` },
            Action: 'sts:AssumeRole',
          },
        ],
      });
      await attachRolePolicy(moto.iam, role, ADMINISTRATOR_ACCESS_ARN);
      await moto.iam.send(
        new PutRolePolicyCommand({
          RoleName: role,
          PolicyName: 'deny-without-mfa-unless-exempt',
          PolicyDocument: JSON.stringify(abacDeny),
        }),
      );
      await moto.iam.send(
        new TagRoleCommand({
          RoleName: role,
          Tags: [{ Key: tagged ? 'mfa-exempt' : 'team', Value: tagged ? 'approved' : 'ops' }],
        }),
      );
    }
    await generateCredentialReport(moto.iam);
    const { report } = await scan('--checks', 'console-user-mfa-enforced');
    expect(statusOf(report, 'console-user-mfa-enforced', 'bob')).toBe('fail');
    expect(statusOf(report, 'console-user-mfa-enforced', 'carol')).toBe('pass');
  });
});
