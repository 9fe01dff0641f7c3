import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { motoCollectOptions, motoIamClient } from '../../../test/harness/awsClients.js';
import {
  accessDeniedRule,
  awsQueryErrorBody,
  awsQueryResponseBody,
  startAwsProxy,
  throttlingRule,
  type AwsProxy,
} from '../../../test/harness/awsProxy.js';
import { startMoto, type MotoServer } from '../../../test/harness/moto.js';
import { createUser, enableVirtualMfa } from '../../../test/harness/seed.js';
import { ScanError } from '../../errors.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { collectAwsSnapshot } from './collectSnapshot.js';

// A security tool must never turn an error into a pass: a denied part becomes unknown with its reason, and
// anything that means we are not really reading the account stops the scan with a ScanError.

let moto: MotoServer;
let proxy: AwsProxy;
let iam: IAMClient;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startAwsProxy(moto.endpoint);
  iam = motoIamClient(moto.endpoint);
});

afterAll(async () => {
  iam?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  proxy.reset();
  await moto.reset();
  await createUser(iam, 'alice', { consolePassword: true });
  await enableVirtualMfa(iam, 'alice');
  await createUser(iam, 'bob');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function reasonOf<T>(value: Maybe<T> | undefined): string {
  if (value === undefined || !isUnknown(value))
    throw new Error(`expected unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

async function scanError(promise: Promise<unknown>): Promise<ScanError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScanError);
  return error as ScanError;
}

describe('parts the caller may not read become unknown, and the scan goes on', () => {
  it('GetAccountSummary denied', async () => {
    proxy.addRule(accessDeniedRule('GetAccountSummary'));
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint));
    expect(reasonOf(snapshot.accountSummary)).toBe(
      'GetAccountSummary failed: AccessDenied: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetAccountSummary on resource: *',
    );
    expect(isUnknown(snapshot.authorizationDetails)).toBe(false);
    expect(isUnknown(snapshot.credentialReport)).toBe(false);
    expect(isUnknown(snapshot.virtualMfaDevices)).toBe(false);
  });

  it('GetCredentialReport denied: every user is asked per user instead', async () => {
    proxy.addRule(accessDeniedRule('GetCredentialReport'));
    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint));
    expect(reasonOf(snapshot.credentialReport)).toMatch(/^GetCredentialReport failed: AccessDenied: /);
    expect(snapshot.perUser.get('alice')?.consolePassword).toBe(true);
    expect(snapshot.perUser.get('bob')).toEqual({ consolePassword: false, mfaDevices: [] });
    expect(requests.byOperation.GetLoginProfile).toBe(2);
  });

  it('GenerateCredentialReport denied', async () => {
    proxy.addRule(accessDeniedRule('GenerateCredentialReport'));
    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint));
    expect(reasonOf(snapshot.credentialReport)).toMatch(/^GenerateCredentialReport failed: AccessDenied: /);
    expect(requests.byOperation.GetCredentialReport).toBeUndefined();
    expect(snapshot.perUser.size).toBe(2);
  });

  it('a report that never completes is unknown after the deadline, not waited for forever', async () => {
    proxy.addRule({
      action: 'GenerateCredentialReport',
      status: 200,
      body: awsQueryResponseBody(
        'GenerateCredentialReport',
        '<State>INPROGRESS</State><Description>Report generation in progress</Description>',
      ),
    });
    const started = Date.now();
    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(proxy.endpoint, { credentialReportTimeoutMs: 1_000 }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reasonOf(snapshot.credentialReport)).toBe('GenerateCredentialReport did not complete within 1 s');
    expect(requests.byOperation.GenerateCredentialReport).toBeGreaterThan(1);
    expect(snapshot.perUser.size).toBe(2);
  });

  it('a report without the documented columns is unknown', async () => {
    const csv = Buffer.from('name,arn\nalice,arn:aws:iam::123456789012:user/alice\n').toString('base64');
    proxy.addRule({
      action: 'GetCredentialReport',
      status: 200,
      body: awsQueryResponseBody(
        'GetCredentialReport',
        `<Content>${csv}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime>`,
      ),
    });
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint));
    expect(reasonOf(snapshot.credentialReport)).toMatch(
      /^GetCredentialReport returned a report that cannot be read: .*missing column/,
    );
    expect(snapshot.perUser.size).toBe(2);
  });

  it('GetAccountAuthorizationDetails denied: users unknown, so nobody to ask per user', async () => {
    proxy.addRule(accessDeniedRule('GetAccountAuthorizationDetails'));
    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(proxy.endpoint, { fresh: true }),
    );
    expect(reasonOf(snapshot.authorizationDetails)).toMatch(
      /^GetAccountAuthorizationDetails failed: AccessDenied: /,
    );
    expect(snapshot.perUser.size).toBe(0);
    expect(requests.byOperation.GetLoginProfile).toBeUndefined();
  });

  it('ListVirtualMFADevices denied', async () => {
    proxy.addRule(accessDeniedRule('ListVirtualMFADevices'));
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint));
    expect(reasonOf(snapshot.virtualMfaDevices)).toMatch(/^ListVirtualMFADevices failed: AccessDenied: /);
  });

  it('GetLoginProfile denied: console access unknown per user, MFA devices still read', async () => {
    proxy.addRule(accessDeniedRule('GetLoginProfile'));
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint, { fresh: true }));
    const alice = snapshot.perUser.get('alice');
    expect(reasonOf(alice?.consolePassword)).toMatch(/^GetLoginProfile failed: AccessDenied: /);
    expect(alice?.mfaDevices).toHaveLength(1);
  });

  it('ListMFADevices denied: devices unknown per user', async () => {
    proxy.addRule(accessDeniedRule('ListMFADevices'));
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint, { fresh: true }));
    expect(reasonOf(snapshot.perUser.get('bob')?.mfaDevices)).toMatch(
      /^ListMFADevices failed: AccessDenied: /,
    );
    expect(snapshot.perUser.get('bob')?.consolePassword).toBe(false);
  });

  it('a server error that outlasts the retries makes the part unknown', async () => {
    proxy.addRule({
      action: 'GetAccountSummary',
      status: 500,
      body: awsQueryErrorBody('ServiceFailure', 'We encountered an internal error.', 'Receiver'),
    });
    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(proxy.endpoint, { maxAttempts: 2 }),
    );
    // The SDK names modelled errors after their shape (ServiceFailure -> ServiceFailureException).
    expect(reasonOf(snapshot.accountSummary)).toBe(
      'GetAccountSummary failed: ServiceFailureException: We encountered an internal error.',
    );
    expect(requests.byOperation.GetAccountSummary).toBe(2);
  });
});

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
      collectAwsSnapshot({ endpointUrl: moto.endpoint, profile: 'does-not-exist', maxAttempts: 1 }),
    );
    expect(error.message).toMatch(/^could not load AWS credentials for profile "does-not-exist": /);
  });

  it('credentials that AWS rejects', async () => {
    proxy.addRule({
      action: 'GetCallerIdentity',
      status: 403,
      body: awsQueryErrorBody(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      ),
    });
    const error = await scanError(collectAwsSnapshot(motoCollectOptions(proxy.endpoint)));
    expect(error.message).toBe(
      'AWS rejected the credentials (InvalidClientTokenId): The security token included in the request is invalid.',
    );
  });

  it('GetCallerIdentity failing in any way, since it needs no permission', async () => {
    proxy.addRule(accessDeniedRule('GetCallerIdentity'));
    const error = await scanError(collectAwsSnapshot(motoCollectOptions(proxy.endpoint)));
    expect(error.message).toMatch(/^GetCallerIdentity failed: AccessDenied: /);
    expect(proxy.received.GenerateCredentialReport).toBeUndefined();
  });

  it('throttling that outlasts the retries, and the other parts stop too', async () => {
    proxy.addRule(throttlingRule('GetAccountAuthorizationDetails'));
    const error = await scanError(collectAwsSnapshot(motoCollectOptions(proxy.endpoint, { maxAttempts: 2 })));
    expect(error.message).toBe(
      'GetAccountAuthorizationDetails was still throttled (Throttling) after 2 attempts; try again later or lower the concurrency',
    );
    expect(proxy.received.GetAccountAuthorizationDetails).toBe(2);
    expect(proxy.received.GetLoginProfile).toBeUndefined();
  });

  it('a fatal error stops a credential report that is still being polled', async () => {
    proxy.addRule({
      action: 'GenerateCredentialReport',
      status: 200,
      body: awsQueryResponseBody('GenerateCredentialReport', '<State>INPROGRESS</State>'),
    });
    proxy.addRule(throttlingRule('GetAccountSummary'));
    const started = Date.now();
    const error = await scanError(collectAwsSnapshot(motoCollectOptions(proxy.endpoint, { maxAttempts: 2 })));
    expect(error.message).toMatch(/^GetAccountSummary was still throttled/);
    // Without the abort the scan would only fail once the 60 s report deadline had passed.
    expect(Date.now() - started).toBeLessThan(10_000);
    const polls = proxy.received.GenerateCredentialReport ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(proxy.received.GenerateCredentialReport ?? 0).toBe(polls);
  });

  it('throttling in a per-user call', async () => {
    proxy.addRule(throttlingRule('GetLoginProfile'));
    const error = await scanError(
      collectAwsSnapshot(motoCollectOptions(proxy.endpoint, { fresh: true, maxAttempts: 2, concurrency: 1 })),
    );
    expect(error.message).toMatch(/^GetLoginProfile was still throttled \(Throttling\) after 2 attempts/);
  });
});

describe('retries', () => {
  it('a throttled request is retried and then succeeds', async () => {
    proxy.addRule(throttlingRule('GetAccountSummary', 1));
    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(proxy.endpoint));
    expect(isUnknown(snapshot.accountSummary)).toBe(false);
    expect(requests.byOperation.GetAccountSummary).toBe(2);
    expect(proxy.received.GetAccountSummary).toBe(2);
  });
});
