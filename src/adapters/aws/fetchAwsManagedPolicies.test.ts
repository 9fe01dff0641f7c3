import {
  CreateRoleCommand,
  GetPolicyCommand,
  paginateGetAccountAuthorizationDetails,
  type ManagedPolicyDetail,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { motoCollectOptions } from '../../../test/harness/awsClients.js';
import { accessDeniedRule, throttlingRule } from '../../../test/harness/awsProxy.js';
import { useMoto } from '../../../test/harness/motoFixture.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  IAM_USER_CHANGE_PASSWORD_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachRolePolicy,
  attachUserPolicy,
  createGroup,
  createManagedPolicy,
  createRole,
  createUser,
} from '../../../test/harness/seed.js';
import { ScanError } from '../../errors.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import type { RawAuthorizationDetails, RawManagedPolicyDetail } from '../snapshot/iamSnapshot.js';
import { createAwsClients } from './clients.js';
import { collectAwsSnapshot } from './collectSnapshot.js';
import { attachedAwsManagedPolicyArns, fetchAwsManagedPolicies } from './fetchAwsManagedPolicies.js';
import { createScanContext } from './scanContext.js';

// The AWS managed policies of a scan are read one by one, only those the principals use, each once, at its
// live default version; one that cannot be read stays in the data with an unknown document.

const fixture = useMoto();

const READ_ONLY_ACCESS_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const POWER_USER_ACCESS_ARN = 'arn:aws:iam::aws:policy/PowerUserAccess';
const S3_READ = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
};

function known<T>(value: Maybe<T>): T {
  if (isUnknown(value)) throw new Error(`expected a known value, got unknown: ${value.reason}`);
  return value;
}

function documentOf(
  policy: RawManagedPolicyDetail | ManagedPolicyDetail | undefined,
): Maybe<unknown> | undefined {
  return policy?.PolicyVersionList?.find((version) => version.IsDefaultVersion)?.Document;
}

/** URL-encoded (AWS, moto in GetAccountAuthorizationDetails) or plain JSON text, as a value. */
function decoded(document: unknown): unknown {
  if (typeof document !== 'string') throw new Error(`expected a document string, got ${String(document)}`);
  return JSON.parse(document.startsWith('%') ? decodeURIComponent(document) : document);
}

/** How the body of a query-protocol request names a policy ARN, for a proxy rule. */
function policyArnParameter(arn: string): string {
  return `PolicyArn=${encodeURIComponent(arn)}`;
}

async function withContext<T>(
  endpoint: string,
  read: (context: ReturnType<typeof createScanContext>) => Promise<T>,
  extra: { maxAttempts?: number } = {},
): Promise<{ value: T; requests: Record<string, number> }> {
  const clients = createAwsClients(motoCollectOptions(endpoint, extra));
  try {
    const value = await read(createScanContext(clients));
    return { value, requests: clients.requests.byOperation };
  } finally {
    clients.destroy();
  }
}

/** Users, groups and roles with AWS managed policies attached, one of them twice, one as a boundary. */
async function seedAccount(): Promise<{ localArn: string }> {
  await createUser(fixture.iam, 'alice', { consolePassword: true });
  await createUser(fixture.iam, 'bob');
  await createGroup(fixture.iam, 'admins');
  await addUserToGroup(fixture.iam, 'alice', 'admins');
  await attachGroupPolicy(fixture.iam, 'admins', ADMINISTRATOR_ACCESS_ARN);
  await attachUserPolicy(fixture.iam, 'alice', ADMINISTRATOR_ACCESS_ARN);
  await attachUserPolicy(fixture.iam, 'alice', IAM_USER_CHANGE_PASSWORD_ARN);
  const localArn = await createManagedPolicy(fixture.iam, 's3-read', S3_READ);
  await attachUserPolicy(fixture.iam, 'bob', localArn);
  await createRole(fixture.iam, 'auditor');
  await attachRolePolicy(fixture.iam, 'auditor', READ_ONLY_ACCESS_ARN);
  // moto renders a role's permissions boundary (not a user's), so the boundary is a role's here.
  await fixture.iam.send(
    new CreateRoleCommand({
      RoleName: 'bounded',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
      PermissionsBoundary: POWER_USER_ACCESS_ARN,
    }),
  );
  return { localArn };
}

describe('attachedAwsManagedPolicyArns', () => {
  it('collects attachments and boundaries of users, groups and roles, once each, and no customer policy', () => {
    const details: RawAuthorizationDetails = {
      UserDetailList: [
        {
          UserName: 'alice',
          AttachedManagedPolicies: [
            { PolicyArn: ADMINISTRATOR_ACCESS_ARN },
            { PolicyArn: 'arn:aws:iam::123456789012:policy/own' },
          ],
          PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
        },
        { UserName: 'bob', PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::1:policy/b' } },
      ],
      GroupDetailList: [
        {
          GroupName: 'admins',
          AttachedManagedPolicies: [
            { PolicyArn: ADMINISTRATOR_ACCESS_ARN },
            { PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole' },
          ],
        },
      ],
      RoleDetailList: [
        {
          RoleName: 'cn-role',
          AttachedManagedPolicies: [{ PolicyArn: 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess' }, {}],
          PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/job-function/Billing' },
        },
      ],
      Policies: [{ Arn: 'arn:aws:iam::aws:policy/SecurityAudit' }],
    };
    expect(attachedAwsManagedPolicyArns(details)).toEqual([
      'arn:aws-cn:iam::aws:policy/ReadOnlyAccess',
      ADMINISTRATOR_ACCESS_ARN,
      'arn:aws:iam::aws:policy/PowerUserAccess',
      'arn:aws:iam::aws:policy/job-function/Billing',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaRole',
    ]);
    expect(attachedAwsManagedPolicyArns({})).toEqual([]);
  });
});

describe('AWS managed policies in a live scan (moto)', () => {
  it('reads exactly the attached ones, each once, with the documents the full listing has', async () => {
    const { localArn } = await seedAccount();
    const attached = [
      ADMINISTRATOR_ACCESS_ARN,
      IAM_USER_CHANGE_PASSWORD_ARN,
      POWER_USER_ACCESS_ARN,
      READ_ONLY_ACCESS_ARN,
    ];

    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));

    const policies = known(snapshot.authorizationDetails).Policies ?? [];
    expect(policies.map((policy) => policy.Arn).sort()).toEqual([...attached, localArn].sort());
    // One GetPolicy and one GetPolicyVersion per distinct policy: with every ARN present, each was read once.
    expect(requests.byOperation.GetPolicy).toBe(attached.length);
    expect(requests.byOperation.GetPolicyVersion).toBe(attached.length);
    expect(requests.byOperation.GetAccountAuthorizationDetails).toBe(1);

    // The old way: every AWS managed policy in GetAccountAuthorizationDetails.
    const full: ManagedPolicyDetail[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client: fixture.iam },
      { Filter: ['LocalManagedPolicy', 'AWSManagedPolicy'] },
    ))
      full.push(...(page.Policies ?? []));
    expect(full.length).toBeGreaterThan(1000);
    for (const arn of attached) {
      const ours = policies.find((policy) => policy.Arn === arn);
      const theirs = full.find((policy) => policy.Arn === arn);
      expect(ours).toMatchObject({
        Arn: arn,
        PolicyName: arn.split('/').pop(),
        Path: theirs?.Path,
        DefaultVersionId: theirs?.DefaultVersionId,
        PolicyVersionList: [{ VersionId: theirs?.DefaultVersionId, IsDefaultVersion: true }],
      });
      expect(decoded(documentOf(ours))).toEqual(decoded(documentOf(theirs)));
    }
  });

  it('costs nothing extra when no AWS managed policy is attached', async () => {
    const localArn = await createManagedPolicy(fixture.iam, 's3-read', S3_READ);
    await createUser(fixture.iam, 'bob');
    await attachUserPolicy(fixture.iam, 'bob', localArn);

    const { snapshot, requests } = await collectAwsSnapshot(motoCollectOptions(fixture.moto.endpoint));

    expect(known(snapshot.authorizationDetails).Policies?.map((policy) => policy.Arn)).toEqual([localArn]);
    expect(requests.byOperation.GetPolicy).toBeUndefined();
    expect(requests.byOperation.GetPolicyVersion).toBeUndefined();
  });

  it('GetPolicy denied for one policy: its document is unknown and names it; the others are read', async () => {
    await seedAccount();
    fixture.proxy.addRule({
      ...accessDeniedRule('GetPolicy'),
      bodyIncludes: policyArnParameter(ADMINISTRATOR_ACCESS_ARN),
    });

    const { snapshot } = await collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint));

    const policies = known(snapshot.authorizationDetails).Policies ?? [];
    const admin = policies.find((policy) => policy.Arn === ADMINISTRATOR_ACCESS_ARN);
    expect(admin).toMatchObject({ PolicyName: 'AdministratorAccess', Path: '/' });
    const document = documentOf(admin);
    expect(isUnknown(document) && document.reason).toBe(
      `GetPolicy ${ADMINISTRATOR_ACCESS_ARN} failed: AccessDenied: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetPolicy on resource: *`,
    );
    for (const arn of [IAM_USER_CHANGE_PASSWORD_ARN, POWER_USER_ACCESS_ARN, READ_ONLY_ACCESS_ARN]) {
      const other = documentOf(policies.find((policy) => policy.Arn === arn));
      expect(typeof other).toBe('string');
    }
    expect(fixture.proxy.received.GetPolicyVersion).toBe(3);
  });

  it('GetPolicyVersion denied, or a policy that does not exist: unknown with the reason', async () => {
    fixture.proxy.addRule({
      ...accessDeniedRule('GetPolicyVersion'),
      bodyIncludes: policyArnParameter(READ_ONLY_ACCESS_ARN),
    });
    const missing = 'arn:aws:iam::aws:policy/NoSuchPolicyAnywhere';

    const { value } = await withContext(fixture.proxy.endpoint, (context) =>
      fetchAwsManagedPolicies(context, [READ_ONLY_ACCESS_ARN, missing, IAM_USER_CHANGE_PASSWORD_ARN]),
    );

    expect(value.map((policy) => policy.Arn)).toEqual([
      READ_ONLY_ACCESS_ARN,
      missing,
      IAM_USER_CHANGE_PASSWORD_ARN,
    ]);
    const [readOnly, absent, changePassword] = value.map(documentOf);
    expect(isUnknown(readOnly) && readOnly.reason).toMatch(
      /^GetPolicyVersion arn:aws:iam::aws:policy\/ReadOnlyAccess v\d+ failed: AccessDenied: /,
    );
    // GetPolicy told the default version before the document was denied.
    expect(value[0]?.DefaultVersionId).toMatch(/^v\d+$/);
    expect(isUnknown(absent) && absent.reason).toMatch(
      /^GetPolicy arn:aws:iam::aws:policy\/NoSuchPolicyAnywhere failed: NoSuchEntity(Exception)?: /,
    );
    expect(value[1]).toMatchObject({ PolicyName: 'NoSuchPolicyAnywhere', Path: '/' });
    expect(decoded(changePassword)).toMatchObject({ Statement: expect.any(Array) as unknown });
  });

  it('GetPolicy still throttled after the retries stops the scan, as every other throttled read does', async () => {
    await seedAccount();
    fixture.proxy.addRule(throttlingRule('GetPolicy'));

    const scan = collectAwsSnapshot(motoCollectOptions(fixture.proxy.endpoint, { maxAttempts: 2 }));

    await expect(scan).rejects.toBeInstanceOf(ScanError);
    await expect(scan).rejects.toThrow(/^GetPolicy arn:aws:iam::aws:policy\/\S+ was still throttled/);
  });

  it('takes a known document when its version is the live default, and asks when it is not', async () => {
    const live = await fixture.iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY_ACCESS_ARN }));
    const liveVersion = live.Policy?.DefaultVersionId ?? '';
    const bundled = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'x:Y', Resource: '*' }] };
    const known = (arn: string) =>
      arn === READ_ONLY_ACCESS_ARN
        ? { versionId: liveVersion, document: bundled }
        : arn === IAM_USER_CHANGE_PASSWORD_ARN
          ? { versionId: 'v0-outdated', document: bundled }
          : undefined;

    const { value, requests } = await withContext(fixture.moto.endpoint, (context) =>
      fetchAwsManagedPolicies(context, [READ_ONLY_ACCESS_ARN, IAM_USER_CHANGE_PASSWORD_ARN], { known }),
    );

    expect(documentOf(value[0])).toBe(bundled);
    expect(decoded(documentOf(value[1]))).not.toEqual(bundled);
    expect(requests).toEqual({ GetPolicy: 2, GetPolicyVersion: 1 });
  });
});
