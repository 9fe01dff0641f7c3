import { describe, expect, it } from 'vitest';
import { MOTO_ACCOUNT_ID, motoCollectOptions } from '../../../test/harness/awsClients.js';
import { useMoto } from '../../../test/harness/motoFixture.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachUserPolicy,
  createGroupWithInlinePolicy,
  createLoginProfile,
  createManagedPolicy,
  createRole,
  createUser,
  createUsers,
  createVirtualMfaDevice,
  enableVirtualMfa,
  generateCredentialReport,
} from '../../../test/harness/seed.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { parseCredentialReport } from '../snapshot/credentialReport.js';
import { collectAwsSnapshot } from './collectSnapshot.js';

const fixture = useMoto();

function known<T>(value: Maybe<T>): T {
  if (isUnknown(value)) throw new Error(`expected a known value, got unknown: ${value.reason}`);
  return value;
}

const DENY_WITHOUT_MFA = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      NotAction: ['iam:*MFA*'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

describe('collectAwsSnapshot against moto', () => {
  it('reads users, groups, roles and policies with their relationships', async () => {
    await createUser(fixture.iam, 'alice', {
      path: '/division/team/',
      consolePassword: true,
      tags: { team: 'blue' },
    });
    await createGroupWithInlinePolicy(fixture.iam, 'developers', 'require-mfa', DENY_WITHOUT_MFA);
    const localArn = await createManagedPolicy(fixture.iam, 'read-only-s3', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
    });
    await attachGroupPolicy(fixture.iam, 'developers', localArn);
    await addUserToGroup(fixture.iam, 'alice', 'developers');
    await attachUserPolicy(fixture.iam, 'alice', ADMINISTRATOR_ACCESS_ARN);
    await createRole(fixture.iam, 'ec2-app');

    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));

    expect(snapshot.accountId).toBe(MOTO_ACCOUNT_ID);
    expect(snapshot.origin).toEqual({ kind: 'aws', endpoint: fixture.moto.endpoint });
    const details = known(snapshot.authorizationDetails);
    const alice = details.UserDetailList?.find((user) => user.UserName === 'alice');
    expect(alice).toMatchObject({
      Path: '/division/team/',
      Arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/division/team/alice`,
      GroupList: ['developers'],
      AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMINISTRATOR_ACCESS_ARN }],
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    const group = details.GroupDetailList?.find((candidate) => candidate.GroupName === 'developers');
    expect(group?.GroupPolicyList?.map((policy) => policy.PolicyName)).toEqual(['require-mfa']);
    expect(group?.AttachedManagedPolicies?.map((policy) => policy.PolicyArn)).toEqual([localArn]);
    // As on AWS, inline documents arrive URL-encoded; decoding them is the policy module's job.
    const inline = group?.GroupPolicyList?.[0]?.PolicyDocument;
    expect(typeof inline).toBe('string');
    expect(JSON.parse(decodeURIComponent(inline as string))).toEqual(DENY_WITHOUT_MFA);
    expect(details.RoleDetailList?.map((role) => role.RoleName)).toEqual(['ec2-app']);
    const policyArns = details.Policies?.map((policy) => policy.Arn);
    expect(policyArns).toContain(localArn);
    expect(policyArns).toContain(ADMINISTRATOR_ACCESS_ARN);
    const local = details.Policies?.find((policy) => policy.Arn === localArn);
    expect(local?.PolicyVersionList?.find((version) => version.IsDefaultVersion)?.Document).toBeDefined();
  });

  it('decodes the credential report and trusts it for the users it lists', async () => {
    await createUser(fixture.iam, 'alice', { consolePassword: true });
    await enableVirtualMfa(fixture.iam, 'alice');
    await createUser(fixture.iam, 'bob');

    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));

    const report = known(snapshot.credentialReport);
    expect(report.origin).toBe('GetCredentialReport');
    expect(report.csv.startsWith('user,arn,user_creation_time,password_enabled,')).toBe(true);
    expect(report.generatedTime).toBeInstanceOf(Date);
    const rows = parseCredentialReport(report);
    expect(rows.map((row) => [row.user, row.passwordEnabled, row.mfaActive])).toEqual([
      ['alice', true, true],
      ['bob', false, false],
    ]);
    expect(snapshot.perUser.size).toBe(0);
    expect(requests.byOperation.GetLoginProfile).toBeUndefined();
    expect(requests.byOperation.ListMFADevices).toBeUndefined();
  });

  it('lists virtual MFA devices, assigned and unassigned, and the account summary', async () => {
    const alice = await createUser(fixture.iam, 'alice', { consolePassword: true });
    const assigned = await enableVirtualMfa(fixture.iam, 'alice');
    const spare = await createVirtualMfaDevice(fixture.iam, 'spare-device');

    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));

    const devices = known(snapshot.virtualMfaDevices);
    expect(devices).toHaveLength(2);
    const bySerial = new Map(devices.map((device) => [device.SerialNumber, device]));
    expect(bySerial.get(assigned)?.User?.Arn).toBe(alice.arn);
    expect(bySerial.get(assigned)?.EnableDate).toBeInstanceOf(Date);
    expect(bySerial.get(spare)?.User).toBeUndefined();
    expect(bySerial.get(spare)?.EnableDate).toBeUndefined();

    const summary = known(snapshot.accountSummary);
    expect(summary.Users).toBe(1);
    expect(summary.MFADevicesInUse).toBe(1);
    expect(summary.AccountMFAEnabled).toBe(0);
  });

  it('keeps Unicode user names and nested paths intact through the report and per-user calls', async () => {
    const zoe = await createUser(fixture.iam, 'Zoë.Ørsted', {
      path: '/division/team/',
      consolePassword: true,
    });
    const kanji = await createUser(fixture.iam, '名前', { path: '/ünïcode/' });
    await enableVirtualMfa(fixture.iam, '名前', 'kanji-mfa');

    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint, { fresh: true }));

    const rows = parseCredentialReport(known(snapshot.credentialReport));
    expect(rows.map((row) => [row.user, row.arn])).toEqual([
      ['Zoë.Ørsted', zoe.arn],
      ['名前', kanji.arn],
    ]);
    expect(zoe.arn).toBe(`arn:aws:iam::${MOTO_ACCOUNT_ID}:user/division/team/Zoë.Ørsted`);
    expect(known(snapshot.authorizationDetails).UserDetailList?.map((user) => user.Arn)).toEqual([
      zoe.arn,
      kanji.arn,
    ]);
    expect(snapshot.perUser.get('Zoë.Ørsted')).toEqual({ consolePassword: true, mfaDevices: [] });
    expect(known(snapshot.perUser.get('名前')?.mfaDevices ?? [])).toMatchObject([
      { UserName: '名前', SerialNumber: `arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/kanji-mfa` },
    ]);
  });

  it('asks per user about a user created after the credential report was generated', async () => {
    await createUser(fixture.iam, 'alice', { consolePassword: true });
    await generateCredentialReport(fixture.iam);
    // moto rebuilds the report on every call; AWS hands out the same one for up to 4 hours. The proxy
    // replays the report as it was before the new user existed.
    fixture.proxy.freeze('GetCredentialReport');
    await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));
    await createUser(fixture.iam, 'late-joiner');
    await createLoginProfile(fixture.iam, 'late-joiner');

    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));

    const rows = parseCredentialReport(known(snapshot.credentialReport));
    expect(rows.map((row) => row.user)).toEqual(['alice']);
    expect([...snapshot.perUser.keys()]).toEqual(['late-joiner']);
    expect(snapshot.perUser.get('late-joiner')).toEqual({ consolePassword: true, mfaDevices: [] });
    expect(requests.byOperation.GetLoginProfile).toBe(1);
    expect(requests.byOperation.ListMFADevices).toBe(1);
  });

  it('in fresh mode asks every user, and reads a missing login profile as no console password', async () => {
    await createUser(fixture.iam, 'with-password', { consolePassword: true });
    await enableVirtualMfa(fixture.iam, 'with-password');
    await createUser(fixture.iam, 'no-password');
    await createUser(fixture.iam, 'third', { path: '/division/team/' });

    const { snapshot, requests } = await collectAwsSnapshot(
      motoCollectOptions(fixture.moto.endpoint, { fresh: true }),
    );

    expect(new Set(snapshot.perUser.keys())).toEqual(new Set(['with-password', 'no-password', 'third']));
    expect(snapshot.perUser.get('no-password')).toEqual({ consolePassword: false, mfaDevices: [] });
    const withPassword = snapshot.perUser.get('with-password');
    expect(withPassword?.consolePassword).toBe(true);
    expect(known(withPassword?.mfaDevices ?? []).map((device) => device.SerialNumber)).toEqual([
      `arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/with-password-mfa`,
    ]);
    expect(requests.byOperation.GetLoginProfile).toBe(3);
    expect(requests.byOperation.ListMFADevices).toBe(3);
  });

  it('lists all 8 MFA devices of one user in fresh mode', async () => {
    await createUser(fixture.iam, 'many-devices', { consolePassword: true });
    const serials: string[] = [];
    for (let i = 1; i <= 8; i++)
      serials.push(await enableVirtualMfa(fixture.iam, 'many-devices', `device-${i}`));

    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint, { fresh: true }));

    const devices = known(snapshot.perUser.get('many-devices')?.mfaDevices ?? []);
    expect(devices.map((device) => device.SerialNumber).sort()).toEqual([...serials].sort());
    expect(devices.every((device) => device.EnableDate instanceof Date)).toBe(true);
  });

  it('costs the same requests for 30 users as for 3 in a normal scan', async () => {
    await createUsers(fixture.iam, 3, { consolePassword: true });
    const small = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));
    await fixture.moto.reset();
    await createUsers(fixture.iam, 30, { consolePassword: true });
    const large = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));

    expect(known(large.snapshot.authorizationDetails).UserDetailList).toHaveLength(30);
    expect(large.requests.byOperation).toEqual(small.requests.byOperation);
    expect(large.requests.total).toBe(small.requests.total);
    expect(Object.keys(large.requests.byOperation).sort()).toEqual([
      'GenerateCredentialReport',
      'GetAccountAuthorizationDetails',
      'GetAccountSummary',
      'GetCallerIdentity',
      'GetCredentialReport',
      'ListVirtualMFADevices',
    ]);
    expect(large.requests.total).toBeLessThanOrEqual(8);
  });

  it('accumulates requests in a counter passed by the caller', async () => {
    await createUsers(fixture.iam, 2);
    const first = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint, { fresh: true }));
    const second = await collectAwsSnapshot(
      motoCollectOptions(fixture.moto.endpoint, { fresh: true, requests: first.requests }),
    );
    expect(second.requests).toBe(first.requests);
    expect(second.requests.byOperation.GetLoginProfile).toBe(4);
  });
});
