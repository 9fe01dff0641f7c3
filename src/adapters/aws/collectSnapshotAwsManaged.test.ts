import { paginateGetAccountAuthorizationDetails, type IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { motoCollectOptions } from '../../../test/harness/awsClients.js';
import { accessDeniedRule } from '../../../test/harness/awsProxy.js';
import { useMoto } from '../../../test/harness/motoFixture.js';
import { policyFixture } from '../../../test/support/policyFixtures.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  IAM_USER_CHANGE_PASSWORD_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachRolePolicy,
  attachUserPolicy,
  createGroup,
  createGroupWithInlinePolicy,
  createManagedPolicy,
  createRole,
  createUser,
  enableVirtualMfa,
} from '../../../test/harness/seed.js';
import type { Finding } from '../../checks/check.js';
import { isUnknown } from '../../model/unknown.js';
import { scanAccount } from '../../scan/scan.js';
import { scanModel } from '../../scan/scanModel.js';
import { buildAccount } from '../snapshot/buildAccount.js';
import type { RawAuthorizationDetails } from '../snapshot/iamSnapshot.js';
import { collectAwsSnapshot } from './collectSnapshot.js';

// A live scan reads only the AWS managed policies the principals use. Its verdicts must be those of the
// old way, which had every AWS managed policy from GetAccountAuthorizationDetails, and a policy it cannot
// read must make the verdicts that depend on it unknown, never pass.

const fixture = useMoto();

const READ_ONLY_ACCESS_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ATTACHED = [ADMINISTRATOR_ACCESS_ARN, IAM_USER_CHANGE_PASSWORD_ARN, READ_ONLY_ACCESS_ARN];
// AWS's documented "manage your own MFA device, nothing else without MFA" policy: enforces MFA.
const SELF_MANAGE_MFA = policyFixture('aws-self-manage-mfa-device') as Record<string, unknown>;
// A Deny with Bool: mfa-condition-sound fails it (access keys carry no MFA key), whoever it is attached to.
const DENY_WITH_BOOL = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: 's3:DeleteBucket',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

/**
 * alice: console, no MFA, in "developers" (enforcing inline Deny + AdministratorAccess), AdministratorAccess
 * also direct. bob: console with MFA, ReadOnlyAccess and IAMUserChangePassword direct. carol: console, in
 * "readers" (ReadOnlyAccess). dave: access keys only, AdministratorAccess. A role with ReadOnlyAccess.
 */
async function seedAccount(iam: IAMClient): Promise<void> {
  await createGroupWithInlinePolicy(iam, 'developers', 'require-mfa', SELF_MANAGE_MFA);
  await attachGroupPolicy(iam, 'developers', ADMINISTRATOR_ACCESS_ARN);
  await createGroup(iam, 'readers');
  await attachGroupPolicy(iam, 'readers', READ_ONLY_ACCESS_ARN);
  const boolDeny = await createManagedPolicy(iam, 'deny-delete-bool', DENY_WITH_BOOL);
  await attachGroupPolicy(iam, 'readers', boolDeny);

  await createUser(iam, 'alice', { consolePassword: true });
  await addUserToGroup(iam, 'alice', 'developers');
  await attachUserPolicy(iam, 'alice', ADMINISTRATOR_ACCESS_ARN);
  await createUser(iam, 'bob', { consolePassword: true });
  await enableVirtualMfa(iam, 'bob');
  await attachUserPolicy(iam, 'bob', READ_ONLY_ACCESS_ARN);
  await attachUserPolicy(iam, 'bob', IAM_USER_CHANGE_PASSWORD_ARN);
  await createUser(iam, 'carol', { consolePassword: true });
  await addUserToGroup(iam, 'carol', 'readers');
  await createUser(iam, 'dave');
  await attachUserPolicy(iam, 'dave', ADMINISTRATOR_ACCESS_ARN);
  await createRole(iam, 'auditor');
  await attachRolePolicy(iam, 'auditor', READ_ONLY_ACCESS_ARN);
}

/** GetAccountAuthorizationDetails as the scan read it before: every AWS managed policy included. */
async function fullAuthorizationDetails(iam: IAMClient): Promise<RawAuthorizationDetails> {
  const merged: Required<RawAuthorizationDetails> = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  for await (const page of paginateGetAccountAuthorizationDetails(
    { client: iam },
    { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
  )) {
    merged.UserDetailList.push(...(page.UserDetailList ?? []));
    merged.GroupDetailList.push(...(page.GroupDetailList ?? []));
    merged.RoleDetailList.push(...(page.RoleDetailList ?? []));
    merged.Policies.push(...(page.Policies ?? []));
  }
  return merged;
}

const key = (finding: Finding): string =>
  `${finding.check} ${finding.resource.type} ${finding.resource.arn} ${finding.resource.name}`;
const sorted = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => key(a).localeCompare(key(b)));

function statusOf(findings: readonly Finding[], check: string, name: string): Finding | undefined {
  return findings.find((finding) => finding.check === check && finding.resource.name === name);
}

describe('scanAccount with AWS managed policies read one by one (moto)', () => {
  it('gives exactly the findings of a snapshot with every AWS managed policy, for 2 requests per policy', async () => {
    await seedAccount(fixture.iam);
    const now = new Date();

    const result = await scanAccount({ ...motoCollectOptions(fixture.moto.endpoint), now });

    // The old way: the same snapshot, but GetAccountAuthorizationDetails with AWSManagedPolicy.
    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));
    const old = scanModel(
      buildAccount({ ...snapshot, authorizationDetails: await fullAuthorizationDetails(fixture.iam) }),
      { now },
    );
    const oldPolicies = old.account.managedPolicies;
    expect(isUnknown(oldPolicies) ? 0 : oldPolicies.length).toBeGreaterThan(1000);
    const newPolicies = result.account.managedPolicies;
    expect(isUnknown(newPolicies) ? [] : newPolicies.filter((p) => p.awsManaged).map((p) => p.arn)).toEqual(
      ATTACHED,
    );

    expect(sorted(result.findings)).toEqual(sorted(old.findings));
    expect(result.summary).toEqual(old.summary);
    // Not a vacuous comparison: the AWS managed documents decide these verdicts.
    expect(statusOf(result.findings, 'console-user-mfa-enforced', 'alice')?.status).toBe('pass');
    expect(statusOf(result.findings, 'console-user-mfa-enforced', 'bob')?.status).toBe('fail');
    expect(statusOf(result.findings, 'console-user-mfa-enforced', 'carol')?.status).toBe('fail');
    expect(statusOf(result.findings, 'group-mfa-enforced', 'developers')?.status).toBe('pass');
    expect(statusOf(result.findings, 'group-mfa-enforced', 'readers')?.status).toBe('fail');
    expect(statusOf(result.findings, 'mfa-condition-sound', 'deny-delete-bool')?.status).toBe('fail');

    // A constant number of calls, plus GetPolicy and GetPolicyVersion once per distinct policy.
    const { byOperation, total } = result.requests ?? { byOperation: {}, total: 0 };
    expect(byOperation.GetPolicy).toBe(ATTACHED.length);
    expect(byOperation.GetPolicyVersion).toBe(ATTACHED.length);
    expect(Object.keys(byOperation).sort()).toEqual([
      'GenerateCredentialReport',
      'GetAccountAuthorizationDetails',
      'GetAccountSummary',
      'GetCallerIdentity',
      'GetCredentialReport',
      'GetPolicy',
      'GetPolicyVersion',
      'ListVirtualMFADevices',
    ]);
    expect(total - 2 * ATTACHED.length).toBeLessThanOrEqual(8);
  });

  it('GetPolicy denied for AdministratorAccess: what depends on it is unknown or error, never pass', async () => {
    await seedAccount(fixture.iam);
    const before = await scanAccount(motoCollectOptions(fixture.proxy.endpoint));
    fixture.proxy.addRule({
      ...accessDeniedRule('GetPolicy'),
      bodyIncludes: `PolicyArn=${encodeURIComponent(ADMINISTRATOR_ACCESS_ARN)}`,
    });

    const after = await scanAccount(motoCollectOptions(fixture.proxy.endpoint));

    for (const [check, name] of [
      ['console-user-mfa-enforced', 'alice'],
      ['group-mfa-enforced', 'developers'],
    ] as const) {
      expect(statusOf(before.findings, check, name)?.status).toBe('pass');
      const finding = statusOf(after.findings, check, name);
      expect(finding?.status).toBe('unknown');
      expect(finding?.message).toBe(
        `policies could not be evaluated: AdministratorAccess: GetPolicy ${ADMINISTRATOR_ACCESS_ARN} failed: AccessDenied: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetPolicy on resource: *`,
      );
    }
    // The policy-level checks cannot judge the document either.
    const policyFindings = after.findings.filter((f) => f.resource.arn === ADMINISTRATOR_ACCESS_ARN);
    expect(policyFindings.length).toBeGreaterThan(0);
    expect(policyFindings.every((f) => f.status === 'error')).toBe(true);
    // The report says what could not be read.
    expect(after.summary.collectionIssues).toEqual([
      {
        what: 'managed policy AdministratorAccess',
        reason: expect.stringMatching(
          /^GetPolicy arn:aws:iam::aws:policy\/AdministratorAccess failed: AccessDenied: /,
        ),
      },
    ]);
    // Verdicts that do not depend on it are unchanged.
    for (const [check, name] of [
      ['console-user-mfa-enforced', 'bob'],
      ['console-user-mfa-enforced', 'carol'],
      ['console-user-mfa-enforced', 'dave'],
      ['group-mfa-enforced', 'readers'],
    ] as const) {
      expect(statusOf(after.findings, check, name)?.status).toBe(
        statusOf(before.findings, check, name)?.status,
      );
    }
    expect(before.summary.collectionIssues).toEqual([]);
    expect(
      after.findings.filter((f) => f.status === 'pass' && f.message.includes('AdministratorAccess')),
    ).toEqual([]);
  });
});
