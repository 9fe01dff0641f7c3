import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { MOTO_ACCOUNT_ID, motoCollectOptions } from '../../test/harness/awsClients.js';
import { useMoto } from '../../test/harness/motoFixture.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  IAM_USER_CHANGE_PASSWORD_ARN,
  addUserToGroup,
  attachGroupPolicy,
  attachUserPolicy,
  createAccessKey,
  createGroup,
  createGroupWithInlinePolicy,
  createManagedPolicy,
  createUser,
  enableVirtualMfa,
  putUserPolicy,
} from '../../test/harness/seed.js';
import type { Finding } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import { isUnknown } from '../model/unknown.js';
import { evaluate } from '../scan/evaluate.js';
import { scanAccount } from '../scan/scan.js';
import { PRINCIPAL_CHECKS } from './enforceEvents.js';
import { readPrincipals } from './readPrincipals.js';
import { resolveTouched } from './resolveTouched.js';

const moto = useMoto();
const CHECKS = [...PRINCIPAL_CHECKS];

const DENY_WITHOUT_MFA = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      NotAction: ['iam:*MFA*', 'iam:ChangePassword', 'iam:GetUser', 'sts:GetSessionToken'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};
/** Bool in a Deny lets access keys through: mfa-condition-sound fails it. */
const UNSOUND = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

/** An account with every kind of relationship the checks follow, and one user no event touches. */
async function seed(): Promise<{ readOnly: string }> {
  const iam = moto.iam;
  await createGroupWithInlinePolicy(iam, 'developers', 'require-mfa', DENY_WITHOUT_MFA);
  const readOnly = await createManagedPolicy(iam, 'read-only-s3', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
  });
  await attachGroupPolicy(iam, 'developers', readOnly);
  await createGroup(iam, 'admins');
  await attachGroupPolicy(iam, 'admins', ADMINISTRATOR_ACCESS_ARN);
  // moto has no user permissions boundaries; buildAccount's handling of them is shared with the full scan.

  await createUser(iam, 'alice', { path: '/division/', consolePassword: true, tags: { team: 'blue' } });
  await enableVirtualMfa(iam, 'alice');
  await addUserToGroup(iam, 'alice', 'developers');
  await createUser(iam, 'bob', { consolePassword: true });
  await addUserToGroup(iam, 'bob', 'admins');
  await addUserToGroup(iam, 'bob', 'developers');
  await createAccessKey(iam, 'bob');
  await createUser(iam, 'carol');
  await createAccessKey(iam, 'carol');
  await putUserPolicy(iam, 'carol', 'unsound', UNSOUND);
  await attachUserPolicy(iam, 'carol', readOnly);
  await createUser(iam, 'dave', { consolePassword: true, tags: { 'mfa-warden:exempt': 'break-glass' } });
  await attachUserPolicy(iam, 'dave', IAM_USER_CHANGE_PASSWORD_ARN);
  await createUser(iam, 'erin', { consolePassword: true });
  return { readOnly };
}

const key = (f: Finding) => `${f.check} ${f.resource.arn} ${f.resource.name}`;
const view = (findings: readonly Finding[]) =>
  findings
    .map((f) => ({ key: key(f), status: f.status, message: f.message }))
    .sort((a, b) => a.key.localeCompare(b.key));

describe('readPrincipals', () => {
  it('judges the touched principals exactly as a full scan of the same account does', async () => {
    const { readOnly } = await seed();
    const limit = pLimit(8);
    const resolved = await resolveTouched(
      moto.iam,
      [{ users: ['alice', 'carol', 'dave', 'ghost'], groups: ['developers'], policies: [readOnly] }],
      limit,
    );
    // The group brought its members, the policy its attachments.
    expect([...resolved.users].sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'ghost']);
    const read = await readPrincipals(
      moto.iam,
      resolved,
      { accountId: MOTO_ACCOUNT_ID, partition: 'aws' },
      limit,
    );
    expect(read.missing).toEqual(['user/ghost']);
    const users = isUnknown(read.account.users) ? [] : read.account.users;
    expect(users.map((u) => u.name)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(users.find((u) => u.name === 'bob')?.activeAccessKeys).toBe(1);
    // admins is read as bob's group (its policies count for bob) but is not itself in scope.
    const groups = isUnknown(read.account.groups) ? [] : read.account.groups;
    expect(groups.map((g) => g.name).sort()).toEqual(['admins', 'developers']);
    expect([...read.scope]).not.toContain(`arn:aws:iam::${MOTO_ACCOUNT_ID}:group/admins`);

    const now = new Date();
    const mine = evaluate(read.account, selectChecks(CHECKS), { now }).filter((f) =>
      read.scope.has(f.resource.arn),
    );
    const fresh = await scanAccount({
      ...motoCollectOptions(moto.moto.endpoint),
      fresh: true,
      checks: CHECKS,
      now,
    });
    const theirs = fresh.findings.filter((f) => read.scope.has(f.resource.arn));
    expect(view(mine)).toEqual(view(theirs));
    // Every kind of verdict is in the comparison, so it compares something.
    expect(new Set(mine.map((f) => f.status))).toEqual(new Set(['pass', 'fail', 'exempt']));
    expect(new Set(mine.map((f) => f.check))).toEqual(new Set(CHECKS));

    // Against the default scan (credential report) the verdicts agree; only the evidence named differs.
    const usual = await scanAccount({ ...motoCollectOptions(moto.moto.endpoint), checks: CHECKS, now });
    const statuses = (list: readonly Finding[]) => view(list).map(({ key, status }) => ({ key, status }));
    expect(statuses(mine)).toEqual(statuses(usual.findings.filter((f) => read.scope.has(f.resource.arn))));
  });

  it('reads each principal, group and managed policy once', async () => {
    const { readOnly } = await seed();
    const limit = pLimit(8);
    const resolved = await resolveTouched(
      moto.iam,
      [
        { users: ['bob'], groups: [], policies: [] },
        { users: ['bob', 'carol'], groups: [], policies: [readOnly] },
      ],
      limit,
    );
    const counts: Record<string, number> = {};
    moto.iam.middlewareStack.add(
      (next, context) => (args) => {
        const name = String(context.commandName).replace(/Command$/, '');
        counts[name] = (counts[name] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: 'countForTest' },
    );
    try {
      await readPrincipals(moto.iam, resolved, { accountId: MOTO_ACCOUNT_ID, partition: 'aws' }, limit);
    } finally {
      moto.iam.middlewareStack.remove('countForTest');
    }
    // bob twice and carol by name; read-only-s3 is attached to carol and to developers (alice, bob).
    expect([...resolved.users].sort()).toEqual(['alice', 'bob', 'carol']);
    for (const operation of [
      'GetUser',
      'GetLoginProfile',
      'ListMFADevices',
      'ListAccessKeys',
      'ListGroupsForUser',
    ])
      expect(counts[operation], operation).toBe(3);
    // developers (alice's and bob's) and admins (bob's), each once.
    expect(counts.ListAttachedGroupPolicies).toBe(2);
    expect(counts.ListGroupPolicies).toBe(2);
    // read-only-s3 (carol's and developers') and AdministratorAccess (admins'), each once.
    expect(counts.GetPolicy).toBe(2);
    expect(counts.GetPolicyVersion).toBe(2);
    // developers' identity came from GetGroup while resolving; admins' from ListGroupsForUser.
    expect(counts.GetGroup).toBeUndefined();
  });
});
