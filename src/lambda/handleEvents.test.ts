import {
  CreatePolicyVersionCommand,
  GetLoginProfileCommand,
  UntagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadEvent, type FixtureName } from '../../test/fixtures/cloudtrail/loadEvent.js';
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS } from '../../test/harness/awsClients.js';
import { useMoto } from '../../test/harness/motoFixture.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachUserPolicy,
  createGroup,
  createManagedPolicy,
  createUser,
  enableVirtualMfa,
} from '../../test/harness/seed.js';
import type { RunRecord } from '../enforce/journalRecords.js';
import { applyUndo, planUndo } from '../enforce/undo.js';
import { InputError } from '../errors.js';
import { handleEvents, type InvocationReport } from './handleEvents.js';
import { createLambdaClients, type LambdaClients } from './lambdaClients.js';
import type { LambdaEnv } from './lambdaEnv.js';
import { openS3Journal, readS3Journal } from './s3Journal.js';

// The handler as Lambda runs it: recorded CloudTrail events in their EventBridge envelope, the real SDK,
// moto behind the proxy that counts every IAM request (so "read once" and "changed nothing" are checked on
// the wire), the journal in a moto S3 bucket.

const moto = useMoto();
const BUCKET = 'mfa-warden-journal';
const JOURNAL = { bucket: BUCKET, prefix: 'journal/' };
const READ_ONLY = /^(Get|List|Generate|Simulate)/;
const REMOVE_CONSOLE = 'enforce:\n  console-user-mfa: { mode: remove-console-access }\n';

let clients: LambdaClients;
let direct: LambdaClients;
let logs: string[];

beforeEach(async () => {
  clients = createLambdaClients({ endpointUrl: moto.proxy.endpoint, credentials: MOTO_CREDENTIALS });
  direct = createLambdaClients({ endpointUrl: moto.moto.endpoint, credentials: MOTO_CREDENTIALS });
  await direct.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  logs = [];
});
afterEach(() => {
  clients.destroy();
  direct.destroy();
});

function env(config = REMOVE_CONSOLE, extra: LambdaEnv = {}): LambdaEnv {
  return { MFA_WARDEN_CONFIG: config, MFA_WARDEN_APPLY: 'true', MFA_WARDEN_JOURNAL_BUCKET: BUCKET, ...extra };
}

const DRY_RUN: LambdaEnv = { MFA_WARDEN_APPLY: 'false' };

async function invoke(input: unknown, environment: LambdaEnv = env()): Promise<InvocationReport> {
  return handleEvents(input, environment, clients, { log: (line) => logs.push(line) });
}

/** Every IAM request the proxy saw that is not a read, by operation. */
function changes(): Record<string, number> {
  return Object.fromEntries(
    Object.entries(moto.proxy.received).filter(
      ([action]) => /^[A-Z]\w+$/.test(action) && !READ_ONLY.test(action),
    ),
  );
}

async function journalKeys(): Promise<string[]> {
  const listing = await direct.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

async function hasLoginProfile(iam: IAMClient, userName: string): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return true;
  } catch {
    return false;
  }
}

const userArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/${name}`;
const event = (name: FixtureName, rename: Record<string, string> = {}) =>
  loadEvent(name, { rename, freshIds: true });

describe('handleEvents: CloudTrail IAM events', () => {
  it('removes the console password of a new console user without MFA, journaled in S3 with who made the call', async () => {
    await createUser(moto.iam, 'mary', { consolePassword: true });
    const recorded = loadEvent('create-login-profile', { rename: { Mary: 'mary' } });

    const report = await invoke(recorded);
    expect(report.enforcement?.actions).toEqual([
      expect.objectContaining({ mode: 'remove-console-access', resource: userArn('mary'), status: 'done' }),
    ]);
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(false);
    expect(changes()).toEqual({ DeleteLoginProfile: 1 });

    const runId = report.enforcement?.runId as string;
    expect(report.enforcement?.journal).toBe(`s3://${BUCKET}/journal/${runId}/`);
    const records = await readS3Journal(direct.s3, JOURNAL, runId);
    expect(records.map((r) => r.type)).toEqual(['run', 'step', 'done', 'end']);
    const detail = recorded.detail as { eventID: string; eventTime: string };
    expect((records[0] as RunRecord).trigger).toEqual({
      kind: 'cloudtrail',
      events: [
        {
          eventID: detail.eventID,
          eventName: 'CreateLoginProfile',
          eventTime: detail.eventTime,
          userIdentity: {
            type: 'IAMUser',
            arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/JaneDoe`,
            principalId: 'AIDACKCEVSQ6C2EXAMPLE',
            accountId: MOTO_ACCOUNT_ID,
          },
          principals: ['user/mary'],
        },
      ],
    });

    // Undo from the S3 journal, as `mfa-warden undo` does from a file.
    const plan = planUndo(records);
    expect(plan.items).toMatchObject([{ status: 'planned', passwordFor: 'mary' }]);
    const journal = await openS3Journal(direct.s3, JOURNAL, runId, { create: false });
    const delivered: string[] = [];
    const undone = await applyUndo(plan, records, { iam: moto.iam }, journal, {
      deliverPassword: async (user) => {
        delivered.push(user);
      },
    });
    expect(undone.map((item) => item.status)).toEqual(['done']);
    expect(delivered).toEqual(['mary']);
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(true);
    expect(planUndo(await readS3Journal(direct.s3, JOURNAL, runId)).items[0]?.status).toBe('already-undone');

    // One JSON line, the report itself; CloudTrail's redacted password never reaches it.
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0] as string)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(logs[0]).not.toMatch(/HIDDEN_DUE_TO_SECURITY_REASONS|password"/i);
  });

  it.each([
    ['tagged mfa-warden:exempt', REMOVE_CONSOLE, { 'mfa-warden:exempt': 'break-glass account' }],
    [
      'exempt by name in the config',
      `${REMOVE_CONSOLE}exemptions:\n  - resource: mary\n    reason: break-glass account\n`,
      undefined,
    ],
  ])('does nothing for a user %s', async (_label, config, tags) => {
    await createUser(moto.iam, 'mary', { consolePassword: true, ...(tags ? { tags } : {}) });
    const report = await invoke(event('create-login-profile', { Mary: 'mary' }), env(config));
    expect(report.enforcement?.actions).toEqual([]);
    expect(report.enforcement?.notPassing).toContainEqual(
      expect.objectContaining({ check: 'console-user-mfa', status: 'exempt', resource: userArn('mary') }),
    );
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(true);
    expect(changes()).toEqual({});
    expect(await journalKeys()).toEqual([]);
  });

  it('only plans in dry-run (the default), changing nothing and writing no journal', async () => {
    await createUser(moto.iam, 'mary', { consolePassword: true });
    const report = await invoke(event('create-login-profile', { Mary: 'mary' }), {
      MFA_WARDEN_CONFIG: REMOVE_CONSOLE,
    });
    expect(report.apply).toBe(false);
    expect(report.enforcement?.actions).toEqual([
      expect.objectContaining({ mode: 'remove-console-access', status: 'planned' }),
    ]);
    expect(report.enforcement?.actionCounts).toEqual({ planned: 1, done: 0, skipped: 0, failed: 0 });
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(true);
    expect(changes()).toEqual({});
    expect(await journalKeys()).toEqual([]);
  });

  it('re-evaluates the members of a group whose policies an AttachGroupPolicy event changed, and no one else', async () => {
    await createGroup(moto.iam, 'developers');
    await createUser(moto.iam, 'alice', { consolePassword: true });
    await createUser(moto.iam, 'bob', { consolePassword: true });
    await enableVirtualMfa(moto.iam, 'bob');
    await addUserToGroup(moto.iam, 'alice', 'developers');
    await addUserToGroup(moto.iam, 'bob', 'developers');
    await createUser(moto.iam, 'carol', { consolePassword: true });
    // alice is also in interns, which enforces nothing: read for alice's verdict, but no event touched it.
    await createGroup(moto.iam, 'interns');
    await addUserToGroup(moto.iam, 'alice', 'interns');
    await attachGroupPolicy(moto.iam, 'developers', ADMINISTRATOR_ACCESS_ARN);
    const config = `${REMOVE_CONSOLE}  group-mfa-enforced: { mode: attach-mfa-policy }\n`;

    const report = await invoke(event('attach-group-policy'), env(config));
    expect(report.enforcement?.principals).toMatchObject({ users: ['alice', 'bob'], groups: ['developers'] });
    expect(report.enforcement?.actions.map((a) => [a.mode, a.resource, a.status])).toEqual([
      ['attach-mfa-policy', `arn:aws:iam::${MOTO_ACCOUNT_ID}:group/developers`, 'done'],
      ['remove-console-access', userArn('alice'), 'done'],
    ]);
    expect(await hasLoginProfile(moto.iam, 'alice')).toBe(false);
    expect(await hasLoginProfile(moto.iam, 'bob')).toBe(true);
    // carol fails console-user-mfa too, but nothing about her changed: the scheduled scan reports her.
    expect(await hasLoginProfile(moto.iam, 'carol')).toBe(true);
    expect(moto.proxy.received.GetUser).toBeGreaterThanOrEqual(2);
    const records = await readS3Journal(direct.s3, JOURNAL, report.enforcement?.runId as string);
    expect((records[0] as RunRecord).trigger?.events.map((e) => e.principals)).toEqual([
      ['group/developers'],
    ]);
  });

  it('re-evaluates the policy and every principal it is attached to after CreatePolicyVersion', async () => {
    const policyArn = await createManagedPolicy(moto.iam, 'DeveloperAccess', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    await createGroup(moto.iam, 'developers');
    await attachGroupPolicy(moto.iam, 'developers', policyArn);
    await createUser(moto.iam, 'alice', { consolePassword: true });
    await addUserToGroup(moto.iam, 'alice', 'developers');
    await createUser(moto.iam, 'dave', { consolePassword: true });
    await attachUserPolicy(moto.iam, 'dave', policyArn);
    await createUser(moto.iam, 'erin', { consolePassword: true });
    // The new default version uses Bool in a Deny: access keys get through (mfa-condition-sound fails).
    await moto.iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: policyArn,
        SetAsDefault: true,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            {
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
            },
          ],
        }),
      }),
    );
    moto.proxy.reset();

    const report = await invoke(event('create-policy-version'), { ...env(), ...DRY_RUN });
    expect(report.enforcement?.principals).toMatchObject({
      users: ['alice', 'dave'],
      groups: ['developers'],
      policies: [policyArn],
    });
    expect(report.enforcement?.notPassing).toContainEqual(
      expect.objectContaining({ check: 'mfa-condition-sound', status: 'fail', resource: policyArn }),
    );
    const judged = new Set(report.enforcement?.notPassing.map((f) => f.resource));
    expect(judged.has(userArn('erin'))).toBe(false);
    expect(report.enforcement?.actions.map((a) => a.resource).sort()).toEqual([
      userArn('alice'),
      userArn('dave'),
    ]);
    expect(moto.proxy.received.GetUser).toBe(2);
    expect(moto.proxy.received.ListEntitiesForPolicy).toBe(1);
  });

  it('reads each principal once for a burst of 200 events about 3 users', async () => {
    for (const name of ['ann', 'ben', 'cat']) await createUser(moto.iam, name, { consolePassword: true });
    const kinds: FixtureName[] = [
      'create-login-profile',
      'update-login-profile',
      'enable-mfa-device',
      'attach-user-policy',
    ];
    const events = Array.from({ length: 200 }, (_, i) =>
      event(kinds[i % kinds.length] as FixtureName, {
        Mary: ['ann', 'ben', 'cat'][i % 3] as string,
        Richard: ['ann', 'ben', 'cat'][i % 3] as string,
      }),
    );
    // An SQS batch in front of the function, with one event delivered twice (EventBridge is at-least-once).
    const records = [...events, events[0]].map((body, i) => ({
      messageId: String(i),
      body: JSON.stringify(body),
    }));

    const report = await invoke({ Records: records }, { ...env(), ...DRY_RUN });
    expect(report.events).toMatchObject({ received: 201, cloudTrail: 200, duplicates: 1 });
    expect(report.enforcement?.events).toBe(200);
    expect(report.enforcement?.principals.users).toEqual(['ann', 'ben', 'cat']);
    for (const operation of [
      'GetUser',
      'GetLoginProfile',
      'ListMFADevices',
      'ListAccessKeys',
      'ListGroupsForUser',
    ])
      expect(moto.proxy.received[operation], operation).toBe(3);
    expect(report.enforcement?.actions.map((a) => a.resource)).toEqual(['ann', 'ben', 'cat'].map(userArn));
    expect(report.requests.GetUser).toBe(3);
  });

  it('skips a principal that no longer exists, and events that need nothing', async () => {
    await createUser(moto.iam, 'mary', { consolePassword: true });
    const otherAccount = event('create-login-profile', { Mary: 'mary', '123456789012': '210987654321' });
    const report = await invoke([
      event('create-user'),
      event('create-login-profile-failed', { Mary: 'mary' }),
      otherAccount,
    ]);
    expect(report.enforcement?.principals.missing).toEqual(['user/Richard']);
    expect(report.enforcement?.actions).toEqual([]);
    expect(report.enforcement?.ignored).toEqual({
      'the call failed (EntityAlreadyExistsException): nothing changed': 1,
      'an event of another account (210987654321)': 1,
    });
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(true);
    expect(changes()).toEqual({});
  });

  it.each(['ssm', 's3'] as const)('reads the config from %s', async (where) => {
    await createUser(moto.iam, 'mary', { consolePassword: true });
    let source: LambdaEnv;
    if (where === 'ssm') {
      await direct.ssm.send(
        new PutParameterCommand({ Name: '/mfa-warden/config', Value: REMOVE_CONSOLE, Type: 'SecureString' }),
      );
      source = { MFA_WARDEN_CONFIG_SSM: '/mfa-warden/config' };
    } else {
      await direct.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'config/mfa-warden.yaml', Body: REMOVE_CONSOLE }),
      );
      source = { MFA_WARDEN_CONFIG_S3: `s3://${BUCKET}/config/mfa-warden.yaml` };
    }
    const report = await invoke(event('create-login-profile', { Mary: 'mary' }), {
      ...source,
      MFA_WARDEN_APPLY: 'true',
      MFA_WARDEN_JOURNAL_BUCKET: BUCKET,
    });
    expect(report.config).toBe(
      where === 'ssm' ? 'ssm:/mfa-warden/config' : `s3://${BUCKET}/config/mfa-warden.yaml`,
    );
    expect(report.enforcement?.actionCounts.done).toBe(1);
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(false);
  });

  it('logs the error line and throws on a deployment mistake, before touching anything', async () => {
    await expect(
      invoke(event('create-user'), { MFA_WARDEN_CONFIG: REMOVE_CONSOLE, MFA_WARDEN_APPLY: 'true' }),
    ).rejects.toThrow(InputError);
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0] as string)).toMatchObject({
      error: expect.stringMatching(/needs MFA_WARDEN_JOURNAL_BUCKET/),
    });
    expect(moto.proxy.received).toEqual({});
  });

  it('enforces again once the exempt tag is removed (UntagUser is watched too)', async () => {
    await createUser(moto.iam, 'mary', {
      consolePassword: true,
      tags: { 'mfa-warden:exempt': 'onboarding' },
    });
    const first = await invoke(event('create-login-profile', { Mary: 'mary' }));
    expect(first.enforcement?.actions).toEqual([]);
    await moto.iam.send(new UntagUserCommand({ UserName: 'mary', TagKeys: ['mfa-warden:exempt'] }));
    const untag = event('create-login-profile', { Mary: 'mary' }) as { detail: Record<string, unknown> };
    untag.detail.eventName = 'UntagUser';
    untag.detail.requestParameters = { userName: 'mary', tagKeys: ['mfa-warden:exempt'] };
    untag.detail.responseElements = null;
    const report = await invoke(untag);
    expect(report.enforcement?.actionCounts.done).toBe(1);
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(false);
  });
});

describe('handler', () => {
  it('reads process.env and logs one line with console.log', async () => {
    await createUser(moto.iam, 'mary', { consolePassword: true });
    vi.stubEnv('AWS_ENDPOINT_URL', moto.proxy.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', MOTO_CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('MFA_WARDEN_CONFIG', REMOVE_CONSOLE);
    vi.stubEnv('MFA_WARDEN_APPLY', 'true');
    vi.stubEnv('MFA_WARDEN_JOURNAL_BUCKET', BUCKET);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const { handler } = await import('./index.js');
      const report = await handler(loadEvent('create-login-profile', { rename: { Mary: 'mary' } }), {});
      expect(report.enforcement?.actionCounts.done).toBe(1);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ mfaWarden: 'lambda', apply: true });
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(await hasLoginProfile(moto.iam, 'mary')).toBe(false);
  });
});
