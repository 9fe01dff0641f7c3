import { describe, expect, it } from 'vitest';
import { collectAwsSnapshot } from '../../src/adapters/aws/collectSnapshot.js';
import { ScanError } from '../../src/errors.js';
import { mfaScpDocument } from '../../src/generate/mfaScp.js';
import { isUnknown, type Maybe } from '../../src/model/unknown.js';
import { scanAccount } from '../../src/scan/scan.js';
import { scanOrganization } from '../../src/scan/scanOrganization.js';
import { MOTO_CREDENTIALS, motoCollectOptions } from '../harness/awsClients.js';
import type { AwsProxy } from '../harness/awsProxy.js';
import { useMoto } from '../harness/motoFixture.js';
import { createUser, enableVirtualMfa } from '../harness/seed.js';
import { seedOrganization } from '../harness/seedOrganization.js';

// Every attempt has a connect and a request/socket timeout that aborts it (so the SDK retries it), every
// paginated listing is guarded against tokens that come back, and a whole scan can be given a deadline or a
// signal: it then stops at once, cancels its requests and resolves with what it had read.

const fixture = useMoto();

function reasonOf<T>(value: Maybe<T> | undefined): string {
  if (value === undefined || !isUnknown(value))
    throw new Error(`expected unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

async function seedTwoUsers(): Promise<void> {
  await createUser(fixture.iam, 'alice', { consolePassword: true });
  await enableVirtualMfa(fixture.iam, 'alice');
  await createUser(fixture.iam, 'bob', { consolePassword: true });
}

/** After the scan returned: no request is left open at the proxy and none arrives later. */
async function expectNothingOutlives(proxy: AwsProxy): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(proxy.openRequests).toBe(0);
  const before = JSON.stringify(proxy.received);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(JSON.stringify(proxy.received)).toBe(before);
}

describe('per-attempt timeouts abort the attempt, and the SDK retries it', () => {
  it('a request that is never answered is retried after requestTimeoutMs', async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({ kind: 'no-answer', seed: 1, rate: 0, actions: ['GetAccountSummary'] });
    const started = Date.now();
    const { snapshot } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { requestTimeoutMs: 1_000 }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isUnknown(snapshot.accountSummary)).toBe(false);
    expect(fixture.proxy.faultHits).toEqual([{ action: 'GetAccountSummary', index: 0, kind: 'no-answer' }]);
    expect(fixture.proxy.received.GetAccountSummary).toBe(2);
  });

  it('a body that stops in the middle is aborted after the same time without data, and retried', async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({ kind: 'stalled-body', seed: 1, rate: 0, actions: ['ListVirtualMFADevices'] });
    const { snapshot } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { requestTimeoutMs: 1_000 }),
    );
    expect(isUnknown(snapshot.virtualMfaDevices)).toBe(false);
    expect(fixture.proxy.received.ListVirtualMFADevices).toBe(2);
  });

  it('an endpoint that never answers fails the scan after the attempts, naming the call', async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({ kind: 'no-answer', seed: 1, rate: 1, actions: ['GetAccountSummary'] });
    const started = Date.now();
    const error = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { requestTimeoutMs: 500, maxAttempts: 2 }),
    ).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).message).toMatch(
      /^GetAccountSummary got no answer from http:\/\/127\.0\.0\.1:\d+ in time after 2 attempts: no response within 500 ms$/,
    );
    await expectNothingOutlives(fixture.proxy);
  });

  it('an HTTP 200 whose body is cut short is retried instead of failing the part', async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({
      kind: 'truncated-body',
      seed: 1,
      rate: 0,
      actions: ['ListVirtualMFADevices'],
    });
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(isUnknown(snapshot.virtualMfaDevices)).toBe(false);
    expect(fixture.proxy.received.ListVirtualMFADevices).toBe(2);
  });
});

describe('a listing whose tokens come back ends as unknown, naming the call', () => {
  it('the same Marker again', async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({ kind: 'marker-repeat', seed: 1, actions: ['ListVirtualMFADevices'] });
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.virtualMfaDevices)).toBe(
      'ListVirtualMFADevices failed: PaginationLoop: page 2 points back to itself (a repeated Marker): the listing would never end',
    );
    expect(fixture.proxy.received.ListVirtualMFADevices).toBe(2);
    expect(isUnknown(snapshot.authorizationDetails)).toBe(false);
  });

  it('a cycle A -> B -> A', async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({ kind: 'marker-cycle', seed: 1, actions: ['GetAccountAuthorizationDetails'] });
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.authorizationDetails)).toMatch(
      /^GetAccountAuthorizationDetails failed: PaginationLoop: page 3 points back to an earlier page \(a repeated Marker\)/,
    );
    expect(fixture.proxy.received.GetAccountAuthorizationDetails).toBe(3);
  });
});

describe('a deadline or a signal for the whole scan', () => {
  it('timeoutMs: the scan resolves with what it read; what was in flight is unknown, and it says why', async () => {
    await seedTwoUsers();
    // The listing hangs far longer than the deadline (its own timeout is 20 s).
    fixture.proxy.injectFault({
      kind: 'no-answer',
      seed: 1,
      rate: 1,
      actions: ['GetAccountAuthorizationDetails'],
    });
    const started = Date.now();
    const result = await scanAccount({
      ...motoCollectOptions(fixture.proxy.endpoint),
      requestTimeoutMs: 20_000,
      timeoutMs: 1_500,
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(result.interrupted).toBe('the scan timed out after 1.5 s');
    expect(result.summary.interrupted).toBe('the scan timed out after 1.5 s');
    const users = result.findings.find((f) => f.check === 'console-user-mfa');
    expect(users).toMatchObject({
      status: 'error',
      message:
        'IAM users could not be listed: GetAccountAuthorizationDetails did not finish: the scan timed out after 1.5 s',
    });
    // What finished is reported as usual: moto's account summary says root has no MFA.
    expect(result.findings.find((f) => f.check === 'root-mfa')?.status).toBe('fail');
    expect(result.summary.collectionIssues).toContainEqual({
      what: 'GetAccountAuthorizationDetails',
      reason: 'GetAccountAuthorizationDetails did not finish: the scan timed out after 1.5 s',
    });
    await expectNothingOutlives(fixture.proxy);
  });

  it("abortSignal: stopped by the caller, with the caller's reason", async () => {
    await seedTwoUsers();
    fixture.proxy.injectFault({ kind: 'no-answer', seed: 1, rate: 1, actions: ['ListVirtualMFADevices'] });
    const controller = new AbortController();
    // Stopped once the held listing is open and the identity is known: GetCallerIdentity runs beside the
    // listings, and stopping it is a fatal error, not this case. GetCredentialReport is asked only after
    // GenerateCredentialReport has polled for a while (moto: STARTED, then 250 ms later COMPLETE), long
    // after the identity answered.
    const poll = setInterval(() => {
      if (fixture.proxy.openRequests > 0 && (fixture.proxy.received.GetCredentialReport ?? 0) > 0)
        controller.abort('stopped by the operator');
    }, 20);
    const result = await scanAccount({
      ...motoCollectOptions(fixture.proxy.endpoint),
      abortSignal: controller.signal,
    }).finally(() => clearInterval(poll));
    expect(result.interrupted).toBe('stopped by the operator');
    expect(result.summary.collectionIssues).toContainEqual({
      what: 'ListVirtualMFADevices',
      reason: 'ListVirtualMFADevices did not finish: stopped by the operator',
    });
    await expectNothingOutlives(fixture.proxy);
  });

  it('a scan that finishes in time says nothing about an interruption', async () => {
    await seedTwoUsers();
    const result = await scanAccount({ ...motoCollectOptions(fixture.proxy.endpoint), timeoutMs: 60_000 });
    expect(result.interrupted).toBeUndefined();
    expect(result.findings.every((f) => f.status === 'pass' || f.status === 'fail')).toBe(true);
  });

  it('stopped before the account was identified: a ScanError, since nothing can be reported', async () => {
    fixture.proxy.injectFault({ kind: 'no-answer', seed: 1, rate: 1, actions: ['GetCallerIdentity'] });
    const error = await scanAccount({
      ...motoCollectOptions(fixture.proxy.endpoint),
      requestTimeoutMs: 20_000,
      timeoutMs: 500,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).message).toBe(
      'GetCallerIdentity did not finish: the scan timed out after 500 ms',
    );
    await expectNothingOutlives(fixture.proxy);
  });

  it('an organization: finished accounts are reported, unfinished ones are errors saying they did not finish', async () => {
    const org = await seedOrganization(fixture.moto.endpoint);
    const ou = await org.addOu('production');
    const prod = await org.addAccount('prod', ou);
    const dev = await org.addAccount('dev');
    await org.addScp('iam-users-require-mfa', mfaScpDocument(), [ou]);
    await createUser(await org.iamIn(dev), 'dev-admin', { consolePassword: true });
    await createUser(fixture.iam, 'manager', { consolePassword: true });
    org.destroy();
    // Member accounts (assumed-role sessions, ASIA keys) hang on their listing; the management account does not.
    fixture.proxy.injectFault({
      kind: 'no-answer',
      seed: 1,
      rate: 1,
      actions: ['GetAccountAuthorizationDetails'],
      accessKeyPrefix: 'ASIA',
    });
    const started = Date.now();
    const result = await scanOrganization({
      endpointUrl: fixture.proxy.endpoint,
      credentials: MOTO_CREDENTIALS,
      requestTimeoutMs: 20_000,
      timeoutMs: 2_500,
    });
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(result.interrupted).toBe('the scan timed out after 2.5 s');
    const status = Object.fromEntries(result.accounts.map((a) => [a.id, [a.status, a.reason]]));
    expect(status[result.organization.managementAccountId]).toEqual(['scanned', undefined]);
    for (const member of [prod, dev])
      expect(status[member]).toEqual(['interrupted', 'did not finish: the scan timed out after 2.5 s']);
    const devFindings = result.findings.filter((f) => f.resource.account === dev);
    expect(devFindings.length).toBeGreaterThan(0);
    for (const finding of devFindings)
      expect(finding).toMatchObject({
        status: 'error',
        message: `account ${dev} (dev) did not finish: the scan timed out after 2.5 s`,
      });
    expect(
      result.findings.find((f) => f.check === 'console-user-mfa' && f.resource.name === 'manager')?.status,
    ).toBe('fail');
    // SCP coverage comes from the organization, read in full: dev is still named as uncovered.
    expect(result.findings.find((f) => f.check === 'org-scp-mfa')).toMatchObject({
      status: 'fail',
      details: { uncovered: [dev] },
    });
    await expectNothingOutlives(fixture.proxy);
  });

  it('an organization with `signal` already aborted: no account is started, each is an error finding', async () => {
    const org = await seedOrganization(fixture.moto.endpoint);
    const member = await org.addAccount('member');
    org.destroy();
    const controller = new AbortController();
    controller.abort();
    const result = await scanOrganization({
      endpointUrl: fixture.proxy.endpoint,
      credentials: MOTO_CREDENTIALS,
      checks: ['user-mfa'],
      signal: controller.signal,
    });
    expect(result.interrupted).toBe('the scan was interrupted');
    expect(result.accounts.map((a) => a.status)).toEqual(['interrupted', 'interrupted']);
    expect(result.findings.find((f) => f.resource.account === member)).toMatchObject({
      check: 'user-mfa',
      status: 'error',
      message: `account ${member} (member) was not scanned: the scan was interrupted`,
    });
    expect(fixture.proxy.received.AssumeRole).toBeUndefined();
  });
});
