import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { motoCollectOptions } from '../../../test/harness/awsClients.js';
import {
  accessDeniedRule,
  awsQueryErrorBody,
  awsQueryResponseBody,
  throttlingRule,
} from '../../../test/harness/awsProxy.js';
import { useMoto } from '../../../test/harness/motoFixture.js';
import { createUser, enableVirtualMfa } from '../../../test/harness/seed.js';
import { ScanError } from '../../errors.js';
import { isUnknown } from '../../model/unknown.js';
import { collectAwsSnapshot } from './collectSnapshot.js';

// Anything that means we are not really reading the account (no connection, no usable credentials, throttling
// we could not outlast) stops the scan with a ScanError instead of producing a half-empty, clean-looking one.

const fixture = useMoto();

beforeEach(async () => {
  await createUser(fixture.iam, 'alice', { consolePassword: true });
  await enableVirtualMfa(fixture.iam, 'alice');
  await createUser(fixture.iam, 'bob');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function scanError(promise: Promise<unknown>): Promise<ScanError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScanError);
  return error as ScanError;
}

describe('conditions that stop the scan with a ScanError', () => {
  it('an unreachable endpoint fails fast with a one-line message', async () => {
    const started = Date.now();
    const error = await scanError(
      collectAwsSnapshot(motoCollectOptions('http://127.0.0.1:1', { maxAttempts: 1 })),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(/^could not reach http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(error.message).not.toContain('\n');
  });

  it('credentials that cannot be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-'));
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'credentials'), '');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      vi.stubEnv(name, undefined);
    }
    const error = await scanError(
      collectAwsSnapshot({ endpointUrl: fixture.moto.endpoint, profile: 'does-not-exist', maxAttempts: 1 }),
    );
    expect(error.message).toMatch(/^could not load AWS credentials for profile "does-not-exist": /);
  });

  it('credentials that AWS rejects', async () => {
    fixture.proxy.addRule({
      action: 'GetCallerIdentity',
      status: 403,
      body: awsQueryErrorBody(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      ),
    });
    const error = await scanError(collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint)));
    expect(error.message).toBe(
      'AWS rejected the credentials (InvalidClientTokenId): The security token included in the request is invalid.',
    );
  });

  it('GetCallerIdentity failing in any way, since it needs no permission; the reads beside it stop', async () => {
    fixture.proxy.addRule(accessDeniedRule('GetCallerIdentity'));
    // A report still being generated: without the abort the scan would poll it for 60 s.
    fixture.proxy.addRule({
      action: 'GenerateCredentialReport',
      status: 200,
      body: awsQueryResponseBody('GenerateCredentialReport', '<State>INPROGRESS</State>'),
    });
    const started = Date.now();
    const error = await scanError(collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint)));
    expect(error.message).toMatch(/^GetCallerIdentity failed: AccessDenied: /);
    expect(Date.now() - started).toBeLessThan(10_000);
    const polls = fixture.proxy.received.GenerateCredentialReport ?? 0;
    expect(polls).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fixture.proxy.received.GenerateCredentialReport ?? 0).toBe(polls);
    expect(fixture.proxy.received.GetCredentialReport).toBeUndefined();
    expect(fixture.proxy.received.GetLoginProfile).toBeUndefined();
  });

  it('throttling that outlasts the retries, and the other parts stop too', async () => {
    fixture.proxy.addRule(throttlingRule('GetAccountAuthorizationDetails'));
    const error = await scanError(
      collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint, { maxAttempts: 2 })),
    );
    expect(error.message).toBe(
      'GetAccountAuthorizationDetails was still throttled (Throttling) after 2 attempts; try again later or lower the concurrency',
    );
    expect(fixture.proxy.received.GetAccountAuthorizationDetails).toBe(2);
    expect(fixture.proxy.received.GetLoginProfile).toBeUndefined();
  });

  it('a fatal error stops a credential report that is still being polled', async () => {
    fixture.proxy.addRule({
      action: 'GenerateCredentialReport',
      status: 200,
      body: awsQueryResponseBody('GenerateCredentialReport', '<State>INPROGRESS</State>'),
    });
    fixture.proxy.addRule(throttlingRule('GetAccountSummary'));
    const started = Date.now();
    const error = await scanError(
      collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint, { maxAttempts: 2 })),
    );
    expect(error.message).toMatch(/^GetAccountSummary was still throttled/);
    // Without the abort the scan would only fail once the 60 s report deadline had passed.
    expect(Date.now() - started).toBeLessThan(10_000);
    const polls = fixture.proxy.received.GenerateCredentialReport ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fixture.proxy.received.GenerateCredentialReport ?? 0).toBe(polls);
  });

  it('throttling in a per-user call', async () => {
    fixture.proxy.addRule(throttlingRule('GetLoginProfile'));
    const error = await scanError(
      collectAwsSnapshot(
        motoCollectOptions(fixture.proxy.endpoint, { fresh: true, maxAttempts: 2, concurrency: 1 }),
      ),
    );
    expect(error.message).toMatch(/^GetLoginProfile was still throttled \(Throttling\) after 2 attempts/);
  });
});

describe('retries', () => {
  it('a throttled request is retried and then succeeds', async () => {
    fixture.proxy.addRule(throttlingRule('GetAccountSummary', 1));
    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(isUnknown(snapshot.accountSummary)).toBe(false);
    expect(requests.byOperation.GetAccountSummary).toBe(2);
    expect(fixture.proxy.received.GetAccountSummary).toBe(2);
  });
});
