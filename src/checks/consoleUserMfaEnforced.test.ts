import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { Account } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import { evaluateWitness, isWitness, witnessStatement, type Witness } from '../policy/index.js';
import { findingOf, scanTf } from '../../test/support/iacFixture.js';
import { accountPolicies } from './accountPolicies.js';
import type { CheckResult } from './check.js';
import { consoleUserMfaEnforced } from './consoleUserMfaEnforced.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const S3_READ = 'arn:aws:iam::123456789012:policy/s3-read-only-boundary';

function accountOf(
  users: ReturnType<typeof userDetail>[],
  report = users.map((u) => ({ name: u.UserName as string, password: true, mfa: true })),
  admin: unknown = policyFixture('administrator-access'),
): Account {
  return buildAccount(
    snapshot({
      users,
      report,
      groups: [
        groupDetail('enforced', {
          GroupPolicyList: [
            { PolicyName: 'mfa', PolicyDocument: policyFixture('aws-manage-own-credentials-with-mfa') },
          ],
        }),
        groupDetail('admins', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
      ],
      policies: [managedPolicy(ADMIN, admin), managedPolicy(S3_READ, policyFixture('s3-read-only-boundary'))],
    }),
  );
}

function run(...args: Parameters<typeof accountOf>) {
  const account = accountOf(...args);
  const results = consoleUserMfaEnforced.run(account);
  expectWitnessesHold(account, results);
  return new Map(results.map((r) => [r.resource.name, r]));
}

/** Every fail carries a witness our engine allows as one fully known request, by the Allow it names. */
function expectWitnessesHold(account: Account, results: readonly CheckResult[]) {
  const users = isUnknown(account.users) ? [] : account.users;
  for (const result of results) {
    const witness = result.details?.witness;
    expect(isWitness(witness)).toBe(result.status === 'fail');
    if (!isWitness(witness)) continue;
    const resolved = accountPolicies(account).forUser(users.find((u) => u.name === result.resource.name)!);
    if (isUnknown(resolved)) throw new Error(resolved.reason);
    const decision = evaluateWitness(resolved.set, witness);
    expect(decision.reachable).toBe(true);
    expect(decision.conditional).toBe(false);
    expect(decision.allowedBy && witnessStatement(decision.allowedBy)).toEqual(witness.allowedBy);
    expect(witness.context['aws:PrincipalArn']).toBe(result.resource.arn);
    expect(result.details?.replay).toMatch(/^aws iam simulate-(principal|custom)-policy /);
  }
}

describe('console-user-mfa-enforced', () => {
  it('fails an admin without enforcement and lists what is reachable, even when the user has a device', () => {
    const finding = run([userDetail('admin', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })]).get(
      'admin',
    );
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(
      /console sessions and access keys: [\d,]+ actions in \d+ services reachable without MFA via AdministratorAccess/,
    );
    expect((finding?.details as { console: { sensitive: string[] } }).console.sensitive).toContain('*');
  });

  it('a fail carries a witness (the user creates itself an access key) and the simulator command for it', () => {
    const arn = 'arn:aws:iam::123456789012:user/admin';
    const finding = run([userDetail('admin', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })]).get(
      'admin',
    );
    expect(finding?.details?.witness).toEqual({
      credential: 'console-session',
      action: 'iam:CreateAccessKey',
      resource: arn,
      context: { 'aws:MultiFactorAuthPresent': 'false', 'aws:PrincipalArn': arn, 'aws:username': 'admin' },
      allowedBy: { policy: 'AdministratorAccess', statement: 'Statement[0]' },
    } satisfies Witness);
    expect(finding?.details?.replay).toBe(
      `aws iam simulate-principal-policy --policy-source-arn ${arn} --action-names iam:CreateAccessKey --resource-arns ${arn} ` +
        '--context-entries ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=false,ContextKeyType=boolean ' +
        `ContextKeyName=aws:PrincipalArn,ContextKeyValues=${arn},ContextKeyType=string ` +
        'ContextKeyName=aws:username,ContextKeyValues=admin,ContextKeyType=string',
    );
    expect(finding?.details).toHaveProperty('console.sensitive');
  });

  it('mutation: without the statement the witness names, the user passes', () => {
    const users = [userDetail('admin', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })];
    const witness = run(users).get('admin')?.details?.witness as Witness;
    expect(witness.allowedBy.policy).toBe('AdministratorAccess');
    const document = policyFixture('administrator-access') as { Statement: unknown[] };
    const index = Number(/^Statement\[(\d+)\]$/.exec(witness.allowedBy.statement)?.[1]);
    const mutated = { ...document, Statement: document.Statement.filter((_, i) => i !== index) };
    expect(run(users, undefined, mutated).get('admin')?.status).toBe('pass');
  });

  it('in Terraform code: the witness holds, and the simulator gets the documents themselves', async () => {
    const result = await scanTf({
      'main.tf': [
        'resource "aws_iam_user" "bob" {',
        '  name = "bob"',
        '}',
        '',
        'resource "aws_iam_user_login_profile" "bob" {',
        '  user = aws_iam_user.bob.name',
        '}',
        '',
        'resource "aws_iam_user_policy_attachment" "admin" {',
        '  user       = aws_iam_user.bob.name',
        '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
        '}',
        '',
      ].join('\n'),
    });
    const finding = findingOf(result, 'console-user-mfa-enforced', 'bob');
    expect(finding?.status).toBe('fail');
    const witness = finding?.details?.witness;
    expect(witness).toMatchObject({ credential: 'console-session', action: 'iam:CreateAccessKey' });
    expect(finding?.details?.replay).toMatch(
      /^aws iam simulate-custom-policy --policy-input-list '\{"Version":"2012-10-17","Statement":\[\{"Effect":"Allow","Action":"\*","Resource":"\*"\}\]\}' --action-names iam:CreateAccessKey --resource-arns arn:aws:iam::\d{12}:user\/bob --context-entries /,
    );
  });

  it('passes an admin whose group enforces MFA', () => {
    const finding = run([userDetail('admin', '/', { GroupList: ['enforced', 'admins'] })]).get('admin');
    expect(finding?.status).toBe('pass');
  });

  it('considers the permissions boundary', () => {
    const user = userDetail('bounded', '/', {
      AttachedManagedPolicies: [{ PolicyArn: ADMIN }],
      PermissionsBoundary: { PermissionsBoundaryArn: S3_READ },
    });
    const finding = run([user]).get('bounded');
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/ 1 service/);
  });

  it('passes users without a console password and is unknown for users the report does not know', () => {
    const results = run(
      [userDetail('api', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }), userDetail('late')],
      [{ name: 'api', password: false, mfa: false }],
    );
    expect(results.get('api')?.status).toBe('pass');
    expect(results.get('late')?.status).toBe('unknown');
  });

  it('is unknown when a group of the user is missing from the data', () => {
    expect(run([userDetail('u', '/', { GroupList: ['ghost'] })]).get('u')?.status).toBe('unknown');
  });

  it('attaches mfa-warden-require-mfa to the user, name and account filled in', () => {
    const finding = run([userDetail('-admin', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })]).get(
      '-admin',
    );
    const fix = finding?.remediation;
    expect(fix?.cli?.[0]).toBe('mfa-warden generate policy --output mfa-warden-require-mfa.json');
    expect(fix?.cli?.[2]).toBe(
      'aws iam attach-user-policy --user-name=-admin --policy-arn arn:aws:iam::123456789012:policy/mfa-warden-require-mfa',
    );
    expect(fix?.text).toMatch(
      /^Attach the MFA-enforcing policy mfa-warden-require-mfa .* to -admin, or add -admin to a group/,
    );
    expect(fix?.terraform).toContain('resource "aws_iam_user_policy_attachment" "_admin_require_mfa"');
    expect(fix?.terraform).toContain('user       = "-admin"');
  });
});

describe('console-user-mfa-enforced memory', () => {
  it('keeps the analyses users share, not those of a user with policies of its own', () => {
    const own = {
      PolicyName: 'own',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      },
    };
    const account = accountOf([
      userDetail('a1', '/', { GroupList: ['admins'] }),
      userDetail('a2', '/', { GroupList: ['admins'] }),
      userDetail('solo', '/', { UserPolicyList: [own] }),
    ]);
    const results = new Map(consoleUserMfaEnforced.run(account).map((r) => [r.resource.name, r.status]));
    expect(Object.fromEntries(results)).toEqual({ a1: 'fail', a2: 'fail', solo: 'fail' });
    const analyzer = accountPolicies(account).analyzer;
    expect(analyzer.analysedCount).toBe(2);
    expect(analyzer.cacheSize).toBe(1);
  });
});
