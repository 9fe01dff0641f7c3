import type { IAMClient } from '@aws-sdk/client-iam';
import {
  addUserToGroup,
  attachGroupPolicy,
  attachRolePolicy,
  attachUserPolicy,
  createAccessKey,
  createGroup,
  createInactiveAccessKey,
  createManagedPolicy,
  createRole,
  createUser,
  createVirtualMfaDevice,
  deactivateMfaDevice,
  enableHardwareMfa,
  enableVirtualMfa,
  putGroupPolicy,
} from './seed.js';

// The "acme" account of examples/acme-export (scripts/build-acme-export.py seeds the same one with boto3),
// for tests that want a realistic account in moto: groups with strong, weak and partial MFA policies,
// console and API users with every kind of MFA state, two roles, an abandoned virtual device.

const aws = (name: string): string => `arn:aws:iam::aws:policy/${name}`;

/** AWS's "self-manage MFA" example: BoolIfExists also denies long-term access keys. */
const BLOCK_MOST_ACCESS_UNLESS_MFA = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowListActions',
      Effect: 'Allow',
      Action: ['iam:ListUsers', 'iam:ListVirtualMFADevices'],
      Resource: '*',
    },
    {
      Sid: 'AllowUserToCreateVirtualMFADevice',
      Effect: 'Allow',
      Action: ['iam:CreateVirtualMFADevice'],
      Resource: 'arn:aws:iam::*:mfa/*',
    },
    {
      Sid: 'AllowUserToManageTheirOwnMFA',
      Effect: 'Allow',
      Action: ['iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA',
      Effect: 'Allow',
      Action: ['iam:DeactivateMFADevice'],
      Resource: ['arn:aws:iam::*:user/${aws:username}'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
    {
      Sid: 'BlockMostAccessUnlessSignedInWithMFA',
      Effect: 'Deny',
      NotAction: [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
        'sts:GetSessionToken',
      ],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

/** Bool instead of BoolIfExists: requests signed with access keys are never denied. */
const WEAK_DENY_WITHOUT_MFA = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAllWithoutMFA',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

const S3_MFA_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyS3WithoutMFA',
      Effect: 'Deny',
      Action: 's3:*',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

function breakGlassTrust(accountId: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  };
}

interface AcmeUser {
  readonly name: string;
  readonly path: string;
  readonly console?: boolean;
  readonly groups?: readonly string[];
  readonly accessKeys?: number;
  readonly inactiveKeys?: number;
  readonly managed?: readonly string[];
  readonly tags?: Record<string, string>;
}

async function acmeUser(iam: IAMClient, user: AcmeUser): Promise<void> {
  await createUser(iam, user.name, {
    path: user.path,
    consolePassword: user.console ?? false,
    ...(user.tags ? { tags: user.tags } : {}),
  });
  for (const group of user.groups ?? []) await addUserToGroup(iam, user.name, group);
  for (let i = 0; i < (user.accessKeys ?? 0); i++) await createAccessKey(iam, user.name);
  for (let i = 0; i < (user.inactiveKeys ?? 0); i++) await createInactiveAccessKey(iam, user.name);
  for (const arn of user.managed ?? []) await attachUserPolicy(iam, user.name, arn);
}

/** Seeds acme into the account `iam` acts in (moto's default account unless told otherwise). */
export async function seedAcme(iam: IAMClient, accountId = '123456789012'): Promise<void> {
  await createGroup(iam, 'admins', '/');
  await attachGroupPolicy(iam, 'admins', aws('AdministratorAccess'));
  await createGroup(iam, 'developers', '/engineering/');
  await attachGroupPolicy(iam, 'developers', aws('PowerUserAccess'));
  await putGroupPolicy(
    iam,
    'developers',
    'BlockMostAccessUnlessSignedInWithMFA',
    BLOCK_MOST_ACCESS_UNLESS_MFA,
  );
  await createGroup(iam, 'support', '/ops/');
  await attachGroupPolicy(iam, 'support', aws('AWSSupportAccess'));
  await putGroupPolicy(iam, 'support', 'DenyAllWithoutMFA', WEAK_DENY_WITHOUT_MFA);
  const s3MfaOnly = await createManagedPolicy(iam, 's3-mfa-only', S3_MFA_ONLY, '/acme/');
  await createGroup(iam, 'contractors', '/contractors/');
  await attachGroupPolicy(iam, 'contractors', aws('AmazonS3FullAccess'));
  await attachGroupPolicy(iam, 'contractors', s3MfaOnly);

  await createRole(iam, 'break-glass', breakGlassTrust(accountId));
  await attachRolePolicy(iam, 'break-glass', aws('AdministratorAccess'));
  await createRole(iam, 'app-server', undefined, '/service/');
  await attachRolePolicy(iam, 'app-server', aws('AmazonS3ReadOnlyAccess'));

  // Console users.
  await acmeUser(iam, {
    name: 'alice.admin',
    path: '/engineering/',
    console: true,
    groups: ['admins'],
    tags: { team: 'platform' },
  });
  await enableVirtualMfa(iam, 'alice.admin', 'alice.admin');
  await acmeUser(iam, {
    name: 'bob.builder',
    path: '/engineering/',
    console: true,
    groups: ['developers'],
    tags: { team: 'web' },
  });
  await acmeUser(iam, {
    name: 'carol.chen',
    path: '/engineering/',
    console: true,
    groups: ['developers'],
    accessKeys: 1,
  });
  await enableVirtualMfa(iam, 'carol.chen', 'carol.chen');
  await acmeUser(iam, {
    name: 'zoë.müller',
    path: '/engineering/',
    console: true,
    groups: ['developers'],
    tags: { team: 'data' },
  });
  await acmeUser(iam, { name: 'dave.ops', path: '/ops/', console: true, groups: ['admins'] });
  await enableHardwareMfa(iam, 'dave.ops', 'GAHT12345678');
  await acmeUser(iam, { name: 'erin.oncall', path: '/ops/', console: true, groups: ['support'] });
  const erinSerial = await enableVirtualMfa(iam, 'erin.oncall', 'erin.oncall');
  await deactivateMfaDevice(iam, 'erin.oncall', erinSerial);
  await acmeUser(iam, {
    name: 'frank.support',
    path: '/ops/',
    console: true,
    groups: ['support'],
    accessKeys: 1,
  });
  await enableVirtualMfa(iam, 'frank.support', 'frank.support');
  await acmeUser(iam, {
    name: 'gina.contractor',
    path: '/contractors/',
    console: true,
    groups: ['contractors'],
  });
  await acmeUser(iam, {
    name: 'hank.contractor',
    path: '/contractors/',
    console: true,
    groups: ['contractors'],
  });
  await enableVirtualMfa(iam, 'hank.contractor', 'hank.contractor');
  await acmeUser(iam, {
    name: 'ivan.auditor',
    path: '/',
    console: true,
    managed: [aws('IAMReadOnlyAccess')],
  });
  await enableVirtualMfa(iam, 'ivan.auditor', 'ivan.auditor');

  // API-only users (no console password).
  await acmeUser(iam, {
    name: 'ci-deploy',
    path: '/engineering/',
    accessKeys: 1,
    managed: [aws('AmazonS3ReadOnlyAccess')],
  });
  await acmeUser(iam, {
    name: 'backup-agent',
    path: '/ops/',
    groups: ['support'],
    accessKeys: 1,
    inactiveKeys: 1,
  });
  await acmeUser(iam, {
    name: 'metrics-reader',
    path: '/ops/',
    inactiveKeys: 1,
    managed: [aws('CloudWatchReadOnlyAccess')],
  });

  // A virtual device created but never assigned (an abandoned enrolment).
  await createVirtualMfaDevice(iam, 'spare-token');
}

/** The user the export adds after its credential report: absent from a frozen report, read per user. */
export async function addAcmeLateHire(iam: IAMClient): Promise<void> {
  await acmeUser(iam, { name: 'late.hire', path: '/engineering/', console: true, groups: ['developers'] });
}
