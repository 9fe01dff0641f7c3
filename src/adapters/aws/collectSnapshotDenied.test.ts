import { beforeEach, describe, expect, it } from 'vitest';
import { motoCollectOptions } from '../../../test/harness/awsClients.js';
import { accessDeniedRule, awsQueryErrorBody, awsQueryResponseBody } from '../../../test/harness/awsProxy.js';
import { useMoto } from '../../../test/harness/motoFixture.js';
import { createUser, enableVirtualMfa } from '../../../test/harness/seed.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { collectAwsSnapshot } from './collectSnapshot.js';

// A security tool must never turn an error into a pass: a part the caller may not read becomes unknown with
// the reason, and the rest of the account is still read.

const fixture = useMoto();

beforeEach(async () => {
  await createUser(fixture.iam, 'alice', { consolePassword: true });
  await enableVirtualMfa(fixture.iam, 'alice');
  await createUser(fixture.iam, 'bob');
});

function reasonOf<T>(value: Maybe<T> | undefined): string {
  if (value === undefined || !isUnknown(value))
    throw new Error(`expected unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

describe('parts the caller may not read become unknown, and the scan goes on', () => {
  it('GetAccountSummary denied', async () => {
    fixture.proxy.addRule(accessDeniedRule('GetAccountSummary'));
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.accountSummary)).toBe(
      'GetAccountSummary failed: AccessDenied: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetAccountSummary on resource: *',
    );
    expect(isUnknown(snapshot.authorizationDetails)).toBe(false);
    expect(isUnknown(snapshot.credentialReport)).toBe(false);
    expect(isUnknown(snapshot.virtualMfaDevices)).toBe(false);
  });

  it('GetCredentialReport denied: every user is asked per user instead', async () => {
    fixture.proxy.addRule(accessDeniedRule('GetCredentialReport'));
    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.credentialReport)).toMatch(/^GetCredentialReport failed: AccessDenied: /);
    expect(snapshot.perUser.get('alice')?.consolePassword).toBe(true);
    expect(snapshot.perUser.get('bob')).toEqual({ consolePassword: false, mfaDevices: [] });
    expect(requests.byOperation.GetLoginProfile).toBe(2);
  });

  it('GenerateCredentialReport denied', async () => {
    fixture.proxy.addRule(accessDeniedRule('GenerateCredentialReport'));
    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.credentialReport)).toMatch(/^GenerateCredentialReport failed: AccessDenied: /);
    expect(requests.byOperation.GetCredentialReport).toBeUndefined();
    expect(snapshot.perUser.size).toBe(2);
  });

  it('a report that never completes is unknown after the deadline, not waited for forever', async () => {
    fixture.proxy.addRule({
      action: 'GenerateCredentialReport',
      status: 200,
      body: awsQueryResponseBody(
        'GenerateCredentialReport',
        '<State>INPROGRESS</State><Description>Report generation in progress</Description>',
      ),
    });
    const started = Date.now();
    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { credentialReportTimeoutMs: 1_000 }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reasonOf(snapshot.credentialReport)).toBe('GenerateCredentialReport did not complete within 1 s');
    expect(requests.byOperation.GenerateCredentialReport).toBeGreaterThan(1);
    expect(snapshot.perUser.size).toBe(2);
  });

  it('a report without the documented columns is unknown', async () => {
    const csv = Buffer.from('name,arn\nalice,arn:aws:iam::123456789012:user/alice\n').toString('base64');
    fixture.proxy.addRule({
      action: 'GetCredentialReport',
      status: 200,
      body: awsQueryResponseBody(
        'GetCredentialReport',
        `<Content>${csv}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime>`,
      ),
    });
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.credentialReport)).toMatch(
      /^GetCredentialReport returned a report that cannot be read: .*missing column/,
    );
    expect(snapshot.perUser.size).toBe(2);
  });

  it('GetAccountAuthorizationDetails denied: users unknown, so nobody to ask per user', async () => {
    fixture.proxy.addRule(accessDeniedRule('GetAccountAuthorizationDetails'));
    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { fresh: true }),
    );
    expect(reasonOf(snapshot.authorizationDetails)).toMatch(
      /^GetAccountAuthorizationDetails failed: AccessDenied: /,
    );
    expect(snapshot.perUser.size).toBe(0);
    expect(requests.byOperation.GetLoginProfile).toBeUndefined();
  });

  it('ListVirtualMFADevices denied', async () => {
    fixture.proxy.addRule(accessDeniedRule('ListVirtualMFADevices'));
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    expect(reasonOf(snapshot.virtualMfaDevices)).toMatch(/^ListVirtualMFADevices failed: AccessDenied: /);
  });

  it('GetLoginProfile denied: console access unknown per user, MFA devices still read', async () => {
    fixture.proxy.addRule(accessDeniedRule('GetLoginProfile'));
    const { snapshot } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { fresh: true }),
    );
    const alice = snapshot.perUser.get('alice');
    expect(reasonOf(alice?.consolePassword)).toMatch(/^GetLoginProfile failed: AccessDenied: /);
    expect(alice?.mfaDevices).toHaveLength(1);
  });

  it('ListMFADevices denied: devices unknown per user', async () => {
    fixture.proxy.addRule(accessDeniedRule('ListMFADevices'));
    const { snapshot } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { fresh: true }),
    );
    expect(reasonOf(snapshot.perUser.get('bob')?.mfaDevices)).toMatch(
      /^ListMFADevices failed: AccessDenied: /,
    );
    expect(snapshot.perUser.get('bob')?.consolePassword).toBe(false);
  });

  it('a server error that outlasts the retries makes the part unknown', async () => {
    fixture.proxy.addRule({
      action: 'GetAccountSummary',
      status: 500,
      body: awsQueryErrorBody('ServiceFailure', 'We encountered an internal error.', 'Receiver'),
    });
    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(fixture.proxy.endpoint, { maxAttempts: 2 }),
    );
    // The SDK names modelled errors after their shape (ServiceFailure -> ServiceFailureException).
    expect(reasonOf(snapshot.accountSummary)).toBe(
      'GetAccountSummary failed: ServiceFailureException: We encountered an internal error.',
    );
    expect(requests.byOperation.GetAccountSummary).toBe(2);
  });
});
