// Builds a synthetic account of N users in moto, quickly and reproducibly (seeded PRNG, no Math.random).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import { createClients, createRequestCounter } from './clients.mjs';

const PATHS = ['/', '/engineering/', '/engineering/platform/', '/finance/', '/contractors/', '/ops/oncall/'];

// The usual "deny everything but MFA self-service without MFA" policy from the IAM documentation.
const REQUIRE_MFA_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowManageOwnVirtualMFADevice',
      Effect: 'Allow',
      Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices'],
      Resource: ['arn:aws:iam::*:mfa/*', 'arn:aws:iam::*:user/${aws:username}'],
    },
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      NotAction: [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:ListMFADevices',
        'sts:GetSessionToken',
      ],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};
const POLICIES = [
  { name: 'RequireMFA', document: REQUIRE_MFA_POLICY },
  {
    name: 'S3ReadOnlyData',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }],
    },
  },
  {
    name: 'AdminWithMfaCondition',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ],
    },
  },
  {
    name: 'Ec2Operator',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:StartInstances'], Resource: '*' }],
    },
  },
];

// AWS managed policies real accounts attach, for the variants with N attached (--aws-managed N, at most 30).
// The heavy ones (ReadOnlyAccess: ~2,900 action patterns, SecurityAudit) are in the first 25 on purpose.
export const AWS_MANAGED_POLICY_ARNS = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'PowerUserAccess',
  'IAMUserChangePassword',
  'SecurityAudit',
  'job-function/ViewOnlyAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonS3FullAccess',
  'AmazonEC2ReadOnlyAccess',
  'AmazonEC2FullAccess',
  'CloudWatchReadOnlyAccess',
  'job-function/Billing',
  'job-function/DatabaseAdministrator',
  'job-function/NetworkAdministrator',
  'job-function/SystemAdministrator',
  'job-function/SupportUser',
  'AmazonDynamoDBReadOnlyAccess',
  'AmazonRDSReadOnlyAccess',
  'AWSLambda_ReadOnlyAccess',
  'AmazonSQSReadOnlyAccess',
  'AmazonSNSReadOnlyAccess',
  'AWSCloudTrail_ReadOnlyAccess',
  'AmazonVPCReadOnlyAccess',
  'IAMReadOnlyAccess',
  'CloudWatchLogsReadOnlyAccess',
  'AmazonRoute53ReadOnlyAccess',
  'AWSCodeCommitReadOnly',
  'AmazonEC2ContainerRegistryReadOnly',
  'AWSSupportAccess',
  'IAMSelfManageServiceSpecificCredentials',
].map((name) => `arn:aws:iam::aws:policy/${name}`);

/** mulberry32: a tiny deterministic PRNG, so every run (and 1k vs 10k) builds the same kind of account. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The account plan, independent of moto, so the benchmark knows the expected verdicts. */
export function planAccount(userCount) {
  const random = prng(20240611);
  const groupCount = Math.max(1, Math.floor(userCount / 20));
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    name: `team-${String(i).padStart(4, '0')}`,
    path: PATHS[i % PATHS.length],
    // Every group gets one customer managed policy; a third also get the MFA guard and an inline policy.
    policies: [POLICIES[1 + (i % 3)].name, ...(i % 3 === 0 ? ['RequireMFA'] : [])],
    inline: i % 3 === 0,
  }));
  const users = Array.from({ length: userCount }, (_, i) => {
    const console = random() < 0.6;
    const mfa = console && random() < 0.4;
    // About 80% of users belong to a group, some to two.
    const memberships = [];
    if (random() < 0.8) memberships.push(groups[Math.floor(random() * groupCount)].name);
    if (random() < 0.15) {
      const second = groups[Math.floor(random() * groupCount)].name;
      if (!memberships.includes(second)) memberships.push(second);
    }
    return {
      name: `user-${String(i).padStart(6, '0')}`,
      path: PATHS[Math.floor(random() * PATHS.length)],
      console,
      mfa,
      groups: memberships,
      // A few users carry a directly attached policy.
      policy: random() < 0.02 ? POLICIES[Math.floor(random() * POLICIES.length)].name : undefined,
    };
  });
  return {
    users,
    groups,
    expected: {
      users: userCount,
      consoleUsers: users.filter((u) => u.console).length,
      mfaUsers: users.filter((u) => u.mfa).length,
      consoleWithoutMfa: users.filter((u) => u.console && !u.mfa).length,
      groups: groupCount,
      memberships: users.reduce((n, u) => n + u.groups.length, 0),
      customerPolicies: POLICIES.length,
    },
  };
}

/**
 * Which principals of a planned account get which of the first `count` AWS managed policies: group g gets
 * policy g mod count, and every policy is on at least one group (groups carry several when there are fewer
 * groups than policies); every 97th user also gets one directly. Exactly `count` distinct policies in all.
 * Derived from indexes, not the PRNG, so the account's MFA verdicts are the same with and without them.
 */
export function planAwsManagedAttachments(plan, count) {
  if (!Number.isInteger(count) || count < 0 || count > AWS_MANAGED_POLICY_ARNS.length)
    throw new Error(
      `the AWS managed policy count must be 0 to ${AWS_MANAGED_POLICY_ARNS.length}, got ${count}`,
    );
  if (count === 0) return [];
  const attachments = new Map();
  const add = (kind, name, arn) => attachments.set(`${kind} ${name} ${arn}`, { kind, name, arn });
  plan.groups.forEach((group, g) => add('group', group.name, AWS_MANAGED_POLICY_ARNS[g % count]));
  for (let k = 0; k < count; k += 1) {
    add('group', plan.groups[k % plan.groups.length].name, AWS_MANAGED_POLICY_ARNS[k]);
  }
  plan.users.forEach((user, i) => {
    if (i % 97 === 0) add('user', user.name, AWS_MANAGED_POLICY_ARNS[(i / 97) % count]);
  });
  return [...attachments.values()];
}

/**
 * Attaches the first `count` AWS managed policies (see planAwsManagedAttachments) to an account seeded with
 * seedAccount for `users` users. Idempotent in moto (attaching twice is not an error).
 * @param {{ endpoint: string, users: number, count: number, concurrency?: number, log?: (line: string) => void }} options
 */
export async function attachAwsManagedPolicies({ endpoint, users, count, concurrency = 32, log = () => {} }) {
  const attachments = planAwsManagedAttachments(planAccount(users), count);
  const counter = createRequestCounter();
  const clients = createClients({ endpoint, maxSockets: concurrency, counter });
  const limit = pLimit(concurrency);
  const started = performance.now();
  try {
    await Promise.all(
      attachments.map(({ kind, name, arn }) =>
        limit(() =>
          clients.iam.send(
            kind === 'group'
              ? new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: arn })
              : new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }),
          ),
        ),
      ),
    );
  } finally {
    clients.destroy();
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  const distinct = new Set(attachments.map((a) => a.arn)).size;
  log(
    `attached ${distinct} AWS managed policies (${attachments.length} attachments) in ${seconds.toFixed(1)} s`,
  );
  return { seconds, attachments: attachments.length, distinct, requests: counter };
}

/**
 * Seeds moto with a planned account and generates the credential report.
 * @param {{ endpoint: string, users: number, concurrency?: number, log?: (line: string) => void }} options
 */
export async function seedAccount({ endpoint, users: userCount, concurrency = 32, log = () => {} }) {
  const plan = planAccount(userCount);
  const counter = createRequestCounter();
  const clients = createClients({ endpoint, maxSockets: concurrency, counter });
  const limit = pLimit(concurrency);
  const send = (command) => limit(() => clients.iam.send(command));
  const phases = {};
  const phase = async (name, work) => {
    const start = performance.now();
    await work();
    phases[name] = Number(((performance.now() - start) / 1000).toFixed(3));
  };
  const started = performance.now();
  try {
    const policyArns = {};
    await phase('policies+groups', async () => {
      await Promise.all(
        POLICIES.map(async (p) => {
          const { Policy } = await send(
            new CreatePolicyCommand({
              PolicyName: p.name,
              Path: '/bench/',
              PolicyDocument: JSON.stringify(p.document),
            }),
          );
          policyArns[p.name] = Policy.Arn;
        }),
      );
      await Promise.all(
        plan.groups.map(async (g) => {
          await send(new CreateGroupCommand({ GroupName: g.name, Path: g.path }));
          await Promise.all(
            g.policies.map((name) =>
              send(new AttachGroupPolicyCommand({ GroupName: g.name, PolicyArn: policyArns[name] })),
            ),
          );
          if (g.inline) {
            await send(
              new PutGroupPolicyCommand({
                GroupName: g.name,
                PolicyName: 'deny-billing-without-mfa',
                PolicyDocument: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Deny',
                      Action: 'aws-portal:*',
                      Resource: '*',
                      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
                    },
                  ],
                }),
              }),
            );
          }
        }),
      );
    });

    await phase('users', async () => {
      // One chain per user; the limiter bounds requests in flight, not users.
      await Promise.all(
        plan.users.map(async (u) => {
          await send(new CreateUserCommand({ UserName: u.name, Path: u.path }));
          const tasks = u.groups.map((group) =>
            send(new AddUserToGroupCommand({ GroupName: group, UserName: u.name })),
          );
          if (u.policy) {
            tasks.push(
              send(new AttachUserPolicyCommand({ UserName: u.name, PolicyArn: policyArns[u.policy] })),
            );
          }
          if (u.console) {
            tasks.push(
              send(
                new CreateLoginProfileCommand({
                  UserName: u.name,
                  Password: `Bench-${u.name}-Passw0rd!`,
                  PasswordResetRequired: false,
                }),
              ),
            );
          }
          if (u.mfa) {
            tasks.push(
              (async () => {
                const { VirtualMFADevice } = await send(
                  new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: u.name }),
                );
                // moto accepts any pair of codes.
                await send(
                  new EnableMFADeviceCommand({
                    UserName: u.name,
                    SerialNumber: VirtualMFADevice.SerialNumber,
                    AuthenticationCode1: '123456',
                    AuthenticationCode2: '654321',
                  }),
                );
              })(),
            );
          }
          await Promise.all(tasks);
        }),
      );
    });

    await phase('credential-report', async () => {
      // moto answers STARTED to the first call and COMPLETE afterwards; real AWS takes a few seconds.
      for (let attempt = 0; attempt < 30; attempt += 1) {
        const { State } = await send(new GenerateCredentialReportCommand({}));
        if (State === 'COMPLETE') return;
        await sleep(200);
      }
      throw new Error('credential report did not reach COMPLETE');
    });
  } finally {
    clients.destroy();
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  log(
    `seeded ${userCount} users (${plan.expected.consoleUsers} console, ${plan.expected.mfaUsers} MFA, ` +
      `${plan.expected.groups} groups) with ${counter.total} requests in ${seconds.toFixed(1)} s ` +
      `(${Math.round(counter.total / seconds)} req/s, concurrency ${concurrency}; ` +
      Object.entries(phases)
        .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
        .join(', ') +
      ')',
  );
  return { seconds, phases, requests: counter, expected: plan.expected };
}
