import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteLoginProfileCommand, DeleteUserCommand } from '@aws-sdk/client-iam';
import {
  EnableSecurityHubCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadEvent } from '../../test/fixtures/cloudtrail/loadEvent.js';
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS } from '../../test/harness/awsClients.js';
import { useMoto } from '../../test/harness/motoFixture.js';
import { createUser, enableVirtualMfa } from '../../test/harness/seed.js';
import { handleEvents, type InvocationReport } from './handleEvents.js';
import { createLambdaClients, type LambdaClients } from './lambdaClients.js';
import type { LambdaEnv } from './lambdaEnv.js';

// The scheduled full scan as EventBridge Scheduler invokes it: SNS delivers to a real HTTP subscriber (moto
// posts each notification to it), Security Hub findings are read back with GetFindings.

const moto = useMoto();
let clients: LambdaClients;
let server: Server;
let subscriber: string;
const received: { Type?: string; Subject?: string; Message?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  subscriber = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  clients = createLambdaClients({ endpointUrl: moto.moto.endpoint, credentials: MOTO_CREDENTIALS });
});
afterEach(() => clients.destroy());

async function topic(): Promise<string> {
  const arn = (await clients.sns.send(new CreateTopicCommand({ Name: 'mfa-warden' }))).TopicArn as string;
  await clients.sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'http', Endpoint: subscriber }));
  return arn;
}

async function findings(): Promise<AwsSecurityFinding[]> {
  const all: AwsSecurityFinding[] = [];
  let token: string | undefined;
  do {
    const page = await clients.securityHub.send(
      new GetFindingsCommand({ MaxResults: 100, NextToken: token }),
    );
    all.push(...(page.Findings ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return all;
}

const byKey = (list: AwsSecurityFinding[], check: string, arn: string) =>
  list.find((f) => f.GeneratorId === check && f.Resources?.[0]?.Id === arn);

const CONFIG = 'exemptions:\n  - resource: break-glass\n    reason: emergency access\n';

async function scheduled(env: LambdaEnv, now = new Date()): Promise<InvocationReport> {
  return handleEvents(loadEvent('scheduled-event'), { MFA_WARDEN_CONFIG: CONFIG, ...env }, clients, {
    now,
    log: () => undefined,
  });
}

describe('the scheduled scan', () => {
  it('publishes the summary and failing findings to SNS', async () => {
    await createUser(moto.iam, 'mary', { consolePassword: true });
    await createUser(moto.iam, 'bob', { consolePassword: true });
    await enableVirtualMfa(moto.iam, 'bob');
    const topicArn = await topic();

    const report = await scheduled({ MFA_WARDEN_SNS_TOPIC_ARN: topicArn });
    expect(report.scan).toMatchObject({ account: MOTO_ACCOUNT_ID, sns: { messages: 1 } });
    const notifications = received.filter((m) => m.Type === 'Notification');
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.Subject).toMatch(/^mfa-warden: account 123456789012: \d+ failing$/);
    const body = JSON.parse(notifications[0]?.Message ?? '{}') as {
      summary: { byStatus: Record<string, number> };
      failing: { check: string; name: string }[];
    };
    expect(body.failing).toContainEqual(expect.objectContaining({ check: 'console-user-mfa', name: 'mary' }));
    expect(body.failing.some((f) => f.name === 'bob' && f.check === 'console-user-mfa')).toBe(false);
    expect(body.summary.byStatus.fail).toBe(body.failing.length);
  });

  it('imports one Security Hub finding per check and resource, updated in place by later scans', async () => {
    await clients.securityHub.send(new EnableSecurityHubCommand({}));
    await createUser(moto.iam, 'mary', { consolePassword: true });
    await createUser(moto.iam, 'bob', { consolePassword: true });
    await enableVirtualMfa(moto.iam, 'bob');
    await createUser(moto.iam, 'break-glass', { consolePassword: true });
    await createUser(moto.iam, 'erin');
    const env = { MFA_WARDEN_SECURITY_HUB: 'true' };
    const mary = `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/mary`;

    const first = await scheduled(env, new Date('2026-12-01T06:00:00Z'));
    const before = await findings();
    expect(first.scan?.securityHub).toMatchObject({ imported: before.length, failed: 0, archived: 0 });
    expect(before.length).toBe(first.scan?.summary.total);
    expect(new Set(before.map((f) => f.Id)).size).toBe(before.length);
    expect(byKey(before, 'console-user-mfa', mary)).toMatchObject({
      Compliance: { Status: 'FAILED' },
      Severity: { Label: 'HIGH' },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
      Resources: [{ Type: 'AwsIamUser', Partition: 'aws', Region: 'us-east-1' }],
    });
    expect(
      byKey(before, 'console-user-mfa', `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/bob`)?.Compliance?.Status,
    ).toBe('PASSED');
    const exempt = byKey(before, 'console-user-mfa', `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/break-glass`);
    expect(exempt?.Compliance?.Status).toBe('NOT_AVAILABLE');
    expect(byKey(before, 'root-mfa', `arn:aws:iam::${MOTO_ACCOUNT_ID}:root`)?.Resources?.[0]?.Type).toBe(
      'AwsAccount',
    );

    // mary is fixed: the same finding (same Id) turns PASSED, keeping its creation date.
    await clients.iam.send(new DeleteLoginProfileCommand({ UserName: 'mary' }));
    const second = await scheduled(env, new Date('2026-12-02T06:00:00Z'));
    const after = await findings();
    expect(after.length).toBe(before.length);
    expect(second.scan?.securityHub).toMatchObject({ failed: 0, archived: 0 });
    const fixed = byKey(after, 'console-user-mfa', mary);
    expect(fixed?.Id).toBe(byKey(before, 'console-user-mfa', mary)?.Id);
    expect(fixed).toMatchObject({
      Compliance: { Status: 'PASSED' },
      Severity: { Label: 'INFORMATIONAL' },
      CreatedAt: '2026-12-01T06:00:00.000Z',
      UpdatedAt: '2026-12-02T06:00:00.000Z',
    });

    // erin is deleted: her findings are archived, not left ACTIVE.
    await clients.iam.send(new DeleteUserCommand({ UserName: 'erin' }));
    const third = await scheduled(env, new Date('2026-12-03T06:00:00Z'));
    const last = await findings();
    const erins = last.filter((f) => f.Resources?.[0]?.Id === `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/erin`);
    expect(erins.length).toBeGreaterThan(0);
    expect(third.scan?.securityHub?.archived).toBe(erins.length);
    expect(erins.every((f) => f.RecordState === 'ARCHIVED')).toBe(true);
    expect(last.length).toBe(before.length);
  });
});
