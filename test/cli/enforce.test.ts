import {
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  TagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { collectAwsSnapshot, createAwsClients } from '../../src/adapters/aws/index.js';
import { buildAccount } from '../../src/adapters/snapshot/buildAccount.js';
import { parseConfig } from '../../src/config/config.js';
import { applyPlan, planEnforcement } from '../../src/enforce/index.js';
import { openS3Journal } from '../../src/lambda/s3Journal.js';
import { MOTO_CREDENTIALS } from '../harness/awsClients.js';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsQueryErrorBody, awsQueryResponseBody } from '../harness/awsProxy.js';
import { useMoto } from '../harness/motoFixture.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachUserPolicy,
  createAccessKey,
  createGroup,
  createUser,
  enableVirtualMfa,
  putUserPolicy,
} from '../harness/seed.js';
import { CLI, ROOT, runCli, statusOf, type CliRun, type JsonReport } from '../support/runCli.js';

// `enforce aws`, `undo` and `journal list` as an operator runs them: the real CLI, the real SDK, moto behind a
// proxy that counts every request (so "the plan changes nothing" is checked on the wire) and injects faults.

const moto = useMoto();
const FIXTURES = new URL('../fixtures/enforce/', import.meta.url);
const READ_ONLY = /^(Get|List|Generate|Simulate)/;

interface EnforceReport {
  schemaVersion: number;
  runId: string;
  applied: boolean;
  actions: {
    id: number;
    check: string;
    mode: string;
    resource: { name: string };
    status: string;
    reason: string;
  }[];
  exempt: { check: string; resource: { name: string }; message: string }[];
  summary: { actions: Record<string, number>; journal?: string };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mfa-warden-enforce-'));
}

function writeConfig(text: string): string {
  const file = join(tempDir(), 'mfa-warden.yaml');
  writeFileSync(file, text);
  return file;
}

/** Every request the proxy saw that is not a read, by operation. */
function changes(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(moto.proxy.received).filter(([action]) => action && !READ_ONLY.test(action)),
  );
}

/** moto does not implement service-specific credentials; AWS answers an empty list for a user without any. */
function answerServiceSpecificCredentials(xml = '<ServiceSpecificCredentials/>'): void {
  moto.proxy.addRule({
    action: 'ListServiceSpecificCredentials',
    status: 200,
    body: awsQueryResponseBody('ListServiceSpecificCredentials', xml),
  });
}

async function enforce(
  config: string,
  journal: string,
  ...args: string[]
): Promise<{ run: CliRun; report: EnforceReport }> {
  const run = await runCli([
    'enforce',
    'aws',
    '--endpoint-url',
    moto.proxy.endpoint,
    '--config',
    config,
    '--journal',
    journal,
    '--format',
    'json',
    ...args,
  ]);
  return { run, report: (run.stdout ? JSON.parse(run.stdout) : {}) as EnforceReport };
}

async function undo(runId: string, journal: string, ...args: string[]): Promise<CliRun> {
  return runCli(['undo', runId, '--endpoint-url', moto.proxy.endpoint, '--journal', journal, ...args]);
}

async function scanStatus(check: string, name: string): Promise<string | undefined> {
  const run = await runCli([
    'scan',
    'aws',
    '--endpoint-url',
    moto.moto.endpoint,
    '--format',
    'json',
    '--checks',
    check,
  ]);
  return statusOf(JSON.parse(run.stdout) as JsonReport, check, name);
}

async function hasLoginProfile(iam: IAMClient, userName: string): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return true;
  } catch {
    return false;
  }
}

async function userNames(iam: IAMClient): Promise<string[]> {
  return ((await iam.send(new ListUsersCommand({}))).Users ?? []).map((user) => user.UserName ?? '').sort();
}

const action = (report: EnforceReport, mode: string, name: string) =>
  report.actions.find((a) => a.mode === mode && a.resource.name === name);

describe('mfa-warden enforce aws (against moto)', () => {
  it('plans without changing anything, and applies nothing without --yes outside a terminal', async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    const config = writeConfig('enforce:\n  console-user-mfa: { mode: remove-console-access }\n');
    const journal = tempDir();
    const { run, report } = await enforce(config, journal);
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ schemaVersion: 1, applied: false });
    expect(report.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(action(report, 'remove-console-access', 'alice')?.status).toBe('planned');
    expect(changes()).toEqual({});

    const refused = await enforce(config, journal, '--apply');
    expect(refused.run.code).toBe(2);
    expect(refused.run.stderr).toMatch(/confirm with --yes/);
    expect(changes()).toEqual({});
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(true);
    expect(readdirSync(journal)).toEqual([]);

    // With a grace period, a user created today is exempt until the deadline and nothing is planned.
    const grace = writeConfig(
      'enforce:\n  console-user-mfa: { mode: remove-console-access, graceDays: 7 }\n',
    );
    const graced = await enforce(grace, journal);
    expect(graced.report.actions).toEqual([]);
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect(graced.report.exempt.find((e) => e.check === 'console-user-mfa')?.message).toMatch(
      new RegExp(`exempt until ${deadline}: grace period of 7 days`),
    );
  });

  it('applies exactly the plan, spares exempt and grace users, is idempotent, and undo restores', async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    await createUser(moto.iam, 'breakglass-1', { consolePassword: true });
    await createUser(moto.iam, 'svc', { consolePassword: true, path: '/service-accounts/' });
    await createUser(moto.iam, 'kiosk', {
      consolePassword: true,
      tags: { 'mfa-warden:exempt': 'shared kiosk' },
    });
    await createUser(moto.iam, 'fixed', { consolePassword: true });
    await enableVirtualMfa(moto.iam, 'fixed');
    await createGroup(moto.iam, 'devs');
    await attachGroupPolicy(moto.iam, 'devs', ADMINISTRATOR_ACCESS_ARN);
    const config = writeConfig(
      [
        'exemptions:',
        '  - resource: "breakglass-*"',
        '    reason: break-glass users; credentials sealed in the safe',
        '  - path: /service-accounts/',
        '    reason: workloads use roles',
        'enforce:',
        '  console-user-mfa: { mode: remove-console-access }',
        '  group-mfa-enforced: { mode: attach-mfa-policy }',
        '',
      ].join('\n'),
    );
    const journal = tempDir();
    const plan = await enforce(config, journal);
    const planned = plan.report.actions
      .filter((a) => a.status === 'planned')
      .map((a) => `${a.mode} ${a.resource.name}`);
    expect(planned.sort()).toEqual(['attach-mfa-policy devs', 'remove-console-access alice']);
    expect([...new Set(plan.report.exempt.map((e) => e.resource.name))].sort()).toEqual([
      'breakglass-1',
      'kiosk',
      'svc',
    ]);

    const { run, report } = await enforce(config, journal, '--apply', '--yes');
    expect(run.code).toBe(0);
    expect(report.applied).toBe(true);
    expect(
      report.actions
        .filter((a) => a.status === 'done')
        .map((a) => `${a.mode} ${a.resource.name}`)
        .sort(),
    ).toEqual(planned.sort());
    // Exactly the plan's changes went over the wire, nothing else.
    expect(changes()).toEqual({ CreatePolicy: 1, AttachGroupPolicy: 1, DeleteLoginProfile: 1 });
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(false);
    for (const name of ['breakglass-1', 'svc', 'kiosk', 'fixed'])
      expect(await hasLoginProfile(moto.iam, name)).toBe(true);
    expect(await scanStatus('group-mfa-enforced', 'devs')).toBe('pass');

    // The journal: one file, 0600, in a 0700 directory.
    const [file] = readdirSync(journal).filter((name) => name.endsWith('.jsonl'));
    expect(file).toBe(`${report.runId}.jsonl`);
    expect(statSync(join(journal, file as string)).mode & 0o777).toBe(0o600);
    expect(statSync(journal).mode & 0o777).toBe(0o700);

    moto.proxy.reset();
    const again = await enforce(config, journal, '--apply', '--yes');
    expect(again.run.code).toBe(0);
    expect(again.report.actions.filter((a) => a.status === 'planned' || a.status === 'done')).toEqual([]);
    expect(changes()).toEqual({});

    const listed = await runCli(['journal', 'list', '--journal', journal]);
    expect(listed.stdout).toMatch(
      new RegExp(`${report.runId} .*completed .*2 actions, 3 changes .*undone: no`),
    );

    const preview = await undo(report.runId, journal);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/PLANNED +create a login profile for alice/);
    const passwordFile = join(tempDir(), 'passwords.tsv');
    const restored = await undo(report.runId, journal, '--apply', '--yes', '--password-file', passwordFile);
    expect(restored.code).toBe(0);
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(true);
    const attached = await moto.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'devs' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AdministratorAccess']);
    const local = await moto.iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies ?? []).toEqual([]);
    // The new password went to the 0600 file only, never to the output.
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const [line] = readFileSync(passwordFile, 'utf8').trim().split('\n');
    const password = line?.split('\t')[1] ?? '';
    expect(line).toMatch(/^alice\t.{24}$/);
    expect(restored.stdout + restored.stderr).not.toContain(password);
    expect((await runCli(['journal', 'list', '--journal', journal])).stdout).toMatch(/undone: yes/);
    const twice = await undo(
      report.runId,
      journal,
      '--apply',
      '--yes',
      '--password-file',
      join(tempDir(), 'p2'),
    );
    expect(twice.stdout).toMatch(/ALREADY-UNDONE/);
  });

  it('delete-user with onlyNew deletes only new users; undo brings them back with groups and policies', async () => {
    await createUser(moto.iam, 'veteran', { consolePassword: true });
    await createUser(moto.iam, 'intruder', {
      consolePassword: true,
      path: '/contractors/',
      tags: { team: 'x' },
    });
    await createGroup(moto.iam, 'devs');
    await addUserToGroup(moto.iam, 'intruder', 'devs');
    await attachUserPolicy(moto.iam, 'intruder', ADMINISTRATOR_ACCESS_ARN);
    await putUserPolicy(moto.iam, 'intruder', 'inline-s3', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const keyId = await createAccessKey(moto.iam, 'intruder');
    await moto.iam.send(
      new UploadSSHPublicKeyCommand({
        UserName: 'intruder',
        SSHPublicKeyBody: readFileSync(new URL('ssh-public-key.pub', FIXTURES), 'utf8'),
      }),
    );
    await moto.iam.send(
      new UploadSigningCertificateCommand({
        UserName: 'intruder',
        CertificateBody: readFileSync(new URL('signing-certificate.pem', FIXTURES), 'utf8'),
      }),
    );
    // moto stamps every user "now": the proxy ages the veteran to 2020 wherever its CreateDate is read.
    const age = (body: string): string =>
      body.replace(/(<UserName>veteran<\/UserName>[\s\S]*?<CreateDate>)[^<]+/g, '$12020-01-01T00:00:00Z');
    moto.proxy.rewrite('GetAccountAuthorizationDetails', age);
    moto.proxy.rewrite('GetUser', age);
    answerServiceSpecificCredentials();
    const config = writeConfig('enforce:\n  user-mfa: { mode: delete-user, onlyNew: 60m }\n');
    const journal = tempDir();

    const { run, report } = await enforce(config, journal, '--apply', '--yes');
    expect(run.code).toBe(0);
    expect(action(report, 'delete-user', 'intruder')?.status).toBe('done');
    expect(action(report, 'delete-user', 'veteran')?.status).toBe('skipped');
    expect(action(report, 'delete-user', 'veteran')?.reason).toMatch(/onlyNew 60m: created 2020-01-01/);
    expect(await userNames(moto.iam)).toEqual(['veteran']);

    // The whole user was journaled before anything was removed.
    const records = readFileSync(join(journal, `${report.runId}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; state?: { groups?: string[] } });
    const snapshotAt = records.findIndex((r) => r.type === 'snapshot');
    expect(snapshotAt).toBeGreaterThan(0);
    expect(snapshotAt).toBeLessThan(records.findIndex((r) => r.type === 'step'));
    expect(records[snapshotAt]?.state?.groups).toEqual(['devs']);

    const restored = await undo(
      report.runId,
      journal,
      '--apply',
      '--yes',
      '--password-file',
      join(tempDir(), 'pw'),
    );
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`CANNOT +cannot restore: access key ${keyId}`));
    const user = (await moto.iam.send(new GetUserCommand({ UserName: 'intruder' }))).User;
    expect(user?.Path).toBe('/contractors/');
    expect(user?.Tags).toEqual([{ Key: 'team', Value: 'x' }]);
    const groups = await moto.iam.send(new ListGroupsForUserCommand({ UserName: 'intruder' }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['devs']);
    const attached = await moto.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'intruder' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([ADMINISTRATOR_ACCESS_ARN]);
    const inline = await moto.iam.send(new ListUserPoliciesCommand({ UserName: 'intruder' }));
    expect(inline.PolicyNames).toEqual(['inline-s3']);
    expect(await hasLoginProfile(moto.iam, 'intruder')).toBe(true);
    const ssh = await moto.iam.send(new ListSSHPublicKeysCommand({ UserName: 'intruder' }));
    expect(ssh.SSHPublicKeys).toHaveLength(1);
    const certs = await moto.iam.send(new ListSigningCertificatesCommand({ UserName: 'intruder' }));
    expect(certs.Certificates).toHaveLength(1);
    const keys = await moto.iam.send(new ListAccessKeysCommand({ UserName: 'intruder' }));
    expect(keys.AccessKeyMetadata).toEqual([]);
  });

  it('stops at a failure half-way, reports what was and was not done, and undo completes from the journal', async () => {
    await createUser(moto.iam, 'mallory', { consolePassword: true });
    await createAccessKey(moto.iam, 'mallory');
    await createGroup(moto.iam, 'devs');
    await addUserToGroup(moto.iam, 'mallory', 'devs');
    await attachUserPolicy(moto.iam, 'mallory', ADMINISTRATOR_ACCESS_ARN);
    await createUser(moto.iam, 'trudy', { consolePassword: true });
    answerServiceSpecificCredentials();
    moto.proxy.addRule({
      action: 'DetachUserPolicy',
      status: 500,
      body: awsQueryErrorBody('ServiceFailure', 'internal failure', 'Receiver'),
    });
    const config = writeConfig('enforce:\n  user-mfa: { mode: delete-user }\n');
    const journal = tempDir();
    const { run, report } = await enforce(config, journal, '--apply', '--yes');
    expect(run.code).toBe(3);
    const failed = action(report, 'delete-user', 'mallory');
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toMatch(
      /detach arn:aws:iam::aws:policy\/AdministratorAccess from mallory failed: ServiceFailure/,
    );
    expect(action(report, 'delete-user', 'trudy')).toMatchObject({ status: 'skipped' });
    expect(action(report, 'delete-user', 'trudy')?.reason).toMatch(/not attempted/);
    expect(await hasLoginProfile(moto.iam, 'trudy')).toBe(true);
    expect(await hasLoginProfile(moto.iam, 'mallory')).toBe(false);

    moto.proxy.clearRules();
    const restored = await undo(
      report.runId,
      journal,
      '--apply',
      '--yes',
      '--password-file',
      join(tempDir(), 'pw'),
    );
    expect(restored.code).toBe(0);
    expect(await hasLoginProfile(moto.iam, 'mallory')).toBe(true);
    const groups = await moto.iam.send(new ListGroupsForUserCommand({ UserName: 'mallory' }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['devs']);
    const attached = await moto.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'mallory' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([ADMINISTRATOR_ACCESS_ARN]);
  });

  it('add-to-group refuses a group that does not enforce MFA and fixes users with one that does', async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    await attachUserPolicy(moto.iam, 'alice', ADMINISTRATOR_ACCESS_ARN);
    await createGroup(moto.iam, 'mfa-required');
    const config = writeConfig(
      'enforce:\n  console-user-mfa-enforced: { mode: add-to-group, group: mfa-required }\n',
    );
    const journal = tempDir();
    const refused = await enforce(config, journal, '--apply', '--yes');
    expect(action(refused.report, 'add-to-group', 'alice')?.reason).toMatch(
      /refused: group mfa-required does not pass/,
    );
    expect(changes()).toEqual({});

    // Make the group enforce MFA with our own policy, then enforce again.
    const groupConfig = writeConfig('enforce:\n  group-mfa-enforced: { mode: attach-mfa-policy }\n');
    expect(
      (await enforce(groupConfig, journal, '--apply', '--yes', '--checks', 'group-mfa-enforced')).run.code,
    ).toBe(0);
    const { run, report } = await enforce(config, journal, '--apply', '--yes');
    expect(run.code).toBe(0);
    expect(action(report, 'add-to-group', 'alice')?.status).toBe('done');
    expect(await scanStatus('console-user-mfa-enforced', 'alice')).toBe('pass');
  });

  it('deactivates access keys and undo reactivates them; a user enrolled since the scan is left alone', async () => {
    await createUser(moto.iam, 'ci-bot');
    const keyId = await createAccessKey(moto.iam, 'ci-bot');
    await moto.iam.send(new TagUserCommand({ UserName: 'ci-bot', Tags: [{ Key: 'owner', Value: 'ci' }] }));
    const config = writeConfig('enforce:\n  user-mfa: { mode: deactivate-access-keys }\n');
    const journal = tempDir();
    const { report } = await enforce(config, journal, '--apply', '--yes');
    expect(action(report, 'deactivate-access-keys', 'ci-bot')?.status).toBe('done');
    const status = async () =>
      (await moto.iam.send(new ListAccessKeysCommand({ UserName: 'ci-bot' }))).AccessKeyMetadata?.find(
        (k) => k.AccessKeyId === keyId,
      )?.Status;
    expect(await status()).toBe('Inactive');
    expect((await undo(report.runId, journal, '--apply', '--yes')).code).toBe(0);
    expect(await status()).toBe('Active');

    // The scan sees no device (the credential report is frozen); the user enrols before the action runs.
    moto.proxy.reset();
    moto.proxy.freeze('GetCredentialReport');
    await runCli(['scan', 'aws', '--endpoint-url', moto.proxy.endpoint, '--format', 'json']);
    await enableVirtualMfa(moto.iam, 'ci-bot');
    moto.proxy.rewrite('ListVirtualMFADevices', (body) => body.replace(/<member>[\s\S]*?<\/member>/g, ''));
    const late = await enforce(config, journal, '--apply', '--yes');
    const skipped = action(late.report, 'deactivate-access-keys', 'ci-bot');
    expect(skipped?.status).toBe('skipped');
    expect(skipped?.reason).toMatch(/enrolled an MFA device since the scan/);
    expect(await status()).toBe('Active');
  });

  it('on a terminal, asks before applying and applies only after "yes"', async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    const config = writeConfig('enforce:\n  console-user-mfa: { mode: remove-console-access }\n');
    const journal = tempDir();
    const command = [process.execPath, CLI, 'enforce', 'aws', '--endpoint-url', moto.proxy.endpoint]
      .concat(['--config', config, '--journal', journal, '--apply'])
      .join(' ');
    // `script` runs the CLI on a pseudo-terminal, as an operator would; the answer is typed after the prompt.
    const onTerminal = (answer: string) =>
      new Promise<{ code: number; output: string }>((resolve, reject) => {
        const child = spawn('script', ['-qfec', command, '/dev/null'], {
          cwd: ROOT,
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            NO_COLOR: '1',
          },
        });
        let output = '';
        let answered = false;
        // The answer is typed once; a write the exiting child no longer reads is not the test's failure.
        child.stdin.on('error', () => {});
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (!answered && output.includes('Type "yes" to continue')) {
            answered = true;
            child.stdin.write(`${answer}\r`);
          }
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, output }));
      });
    const refused = await onTerminal('no');
    expect(refused.output).toMatch(/Apply 1 action\(s\) to account 123456789012\?/);
    expect(refused.output).toMatch(/nothing was changed/);
    expect(refused.code).toBe(2);
    expect(changes()).toEqual({});
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(true);
    const accepted = await onTerminal('yes');
    expect(accepted.code).toBe(0);
    expect(accepted.output).toMatch(/DONE +#1 remove-console-access +user\/alice/);
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(false);
  });

  it('refuses a journal directory another live run holds, and undo refuses another account', async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    const config = writeConfig('enforce:\n  console-user-mfa: { mode: remove-console-access }\n');
    const journal = tempDir();
    writeFileSync(join(journal, 'lock'), JSON.stringify({ pid: process.pid, runId: 'other', since: 'now' }));
    const blocked = await enforce(config, journal, '--apply', '--yes');
    expect(blocked.run.code).toBe(3);
    expect(blocked.run.stderr).toMatch(/journal directory .* is in use by process \d+ \(run other/);
    expect(changes()).toEqual({});

    const free = tempDir();
    const { report } = await enforce(config, free, '--apply', '--yes');
    const file = join(free, `${report.runId}.jsonl`);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(
      file,
      [lines[0]?.replace('"account":"123456789012"', '"account":"999999999999"'), ...lines.slice(1)].join(
        '\n',
      ),
    );
    const wrong = await undo(
      report.runId,
      free,
      '--apply',
      '--yes',
      '--password-file',
      join(tempDir(), 'pw'),
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(
      /changed account 999999999999, but these credentials are for account 123456789012/,
    );
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(false);
  });

  it('stops cleanly after the action in progress on Ctrl-C, with a journal undo can use', async () => {
    for (const name of ['u1', 'u2', 'u3']) await createUser(moto.iam, name, { consolePassword: true });
    moto.proxy.delay('DeleteLoginProfile', 1_500);
    const config = writeConfig('enforce:\n  console-user-mfa: { mode: remove-console-access }\n');
    const journal = tempDir();
    const args = ['enforce', 'aws', '--endpoint-url', moto.proxy.endpoint, '--config', config].concat([
      '--journal',
      journal,
      '--apply',
      '--yes',
      '--format',
      'json',
    ]);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
      });
      let stdout = '';
      let stderr = '';
      let interrupted = false;
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // Interrupt while the first change is in flight (the proxy holds it for 1.5 s).
      const poll = setInterval(() => {
        if (!interrupted && moto.proxy.received.DeleteLoginProfile === 1) {
          interrupted = true;
          child.kill('SIGINT');
        }
      }, 50);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stdout, stderr });
      });
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/stopping after the action in progress/);
    const report = JSON.parse(run.stdout) as EnforceReport;
    expect(report.actions.map((a) => a.status)).toEqual(['done', 'skipped', 'skipped']);
    expect(report.actions[1]?.reason).toMatch(/interrupted/);
    expect(changes()).toEqual({ DeleteLoginProfile: 1 });
    const records = readFileSync(join(journal, `${report.runId}.jsonl`), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(records[records.length - 1] ?? '{}')).toMatchObject({
      type: 'end',
      status: 'interrupted',
    });
    expect(readdirSync(journal)).not.toContain('lock');
    const listed = await runCli(['journal', 'list', '--journal', journal]);
    expect(listed.stdout).toMatch(/interrupted +3 actions, 1 changes/);
    moto.proxy.reset();
    expect(
      (await undo(report.runId, journal, '--apply', '--yes', '--password-file', join(tempDir(), 'pw'))).code,
    ).toBe(0);
    expect(changes()).toEqual({ CreateLoginProfile: 1 });
  });

  it("lists and undoes a run journaled in S3 (the Lambda handler's journal) from the CLI", async () => {
    await createUser(moto.iam, 'alice', { consolePassword: true });
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: moto.moto.endpoint,
      forcePathStyle: true,
      credentials: MOTO_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'journal-bucket' }));
    const options = { endpointUrl: moto.moto.endpoint, credentials: MOTO_CREDENTIALS };
    const account = buildAccount((await collectAwsSnapshot(options)).snapshot);
    const plan = planEnforcement(
      account,
      parseConfig({ enforce: { 'console-user-mfa': { mode: 'remove-console-access' } } }, 'c'),
    );
    const journal = await openS3Journal(s3, { bucket: 'journal-bucket', prefix: 'journal/' }, plan.runId, {
      create: true,
    });
    const clients = createAwsClients(options);
    await applyPlan(plan, clients, journal);
    await journal.close();
    clients.destroy();
    s3.destroy();
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(false);

    const at = ['--journal', 's3://journal-bucket/journal/', '--endpoint-url', moto.moto.endpoint];
    const listed = await runCli(['journal', 'list', ...at]);
    expect(listed.stdout).toMatch(new RegExp(`${plan.runId} .*completed`));
    const restored = await runCli([
      'undo',
      plan.runId,
      ...at,
      '--apply',
      '--yes',
      '--password-file',
      join(tempDir(), 'pw'),
    ]);
    expect(restored.code).toBe(0);
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(true);
    expect((await runCli(['journal', 'list', ...at])).stdout).toMatch(/undone: yes/);
  });

  it('says clearly when the config has nothing to enforce', async () => {
    const config = writeConfig('failOn: high\n');
    const { run } = await enforce(config, tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no `enforce` key in the config/);
    expect(run.stderr).not.toMatch(/at .*\.js/);
  });
});
