import { describe, expect, it } from 'vitest';
import { policyFixture, urlEncodedPolicyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { findingOf, scanCfn, scanTf } from '../../test/support/iacFixture.js';
import type { Account } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import {
  ALLOW_EVERYTHING_JSON,
  allowEverything,
  evaluateWitness,
  isWitness,
  witnessStatement,
} from '../policy/index.js';
import { accountPolicies } from './accountPolicies.js';
import type { CheckResult } from './check.js';
import { groupMfaEnforced } from './groupMfaEnforced.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function statuses(parts: Parameters<typeof snapshot>[0]): Record<string, string> {
  const account = buildAccount(snapshot(parts));
  const results = groupMfaEnforced.run(account);
  expectWitnessesHold(account, results);
  return Object.fromEntries(results.map((r) => [r.resource.name, r.status]));
}

/**
 * Every fail carries a witness that our engine allows as one fully known request, beside the "Allow
 * everything" the check assumes, by the Allow it names.
 */
function expectWitnessesHold(account: Account, results: readonly CheckResult[]) {
  const groups = isUnknown(account.groups) ? [] : account.groups;
  for (const result of results) {
    const witness = result.details?.witness;
    expect(isWitness(witness)).toBe(result.status === 'fail');
    if (!isWitness(witness)) continue;
    const resolved = accountPolicies(account).forGroup(groups.find((g) => g.name === result.resource.name)!);
    if (isUnknown(resolved)) throw new Error(resolved.reason);
    const decision = evaluateWitness({ identity: [...resolved.set.identity, allowEverything] }, witness);
    expect(decision.reachable).toBe(true);
    expect(decision.conditional).toBe(false);
    expect(decision.allowedBy && witnessStatement(decision.allowedBy)).toEqual(witness.allowedBy);
    expect(result.details?.replay).toContain(
      `aws iam simulate-principal-policy --policy-source-arn ${result.resource.arn} --policy-input-list '${ALLOW_EVERYTHING_JSON}' --action-names ${witness.action} `,
    );
  }
}

describe('group-mfa-enforced', () => {
  it('passes a group with the AWS reference policy inline (URL-encoded, as on the wire)', () => {
    const result = statuses({
      groups: [
        groupDetail('devs', {
          GroupPolicyList: [
            { PolicyName: 'mfa', PolicyDocument: urlEncodedPolicyFixture('aws-self-manage-mfa-device') },
          ],
        }),
      ],
    });
    expect(result).toEqual({ devs: 'pass' });
  });

  it('finds enforcement in a second attached managed policy, not only the first', () => {
    const result = statuses({
      groups: [
        groupDetail('admins', {
          AttachedManagedPolicies: [
            { PolicyArn: ADMIN },
            { PolicyArn: `arn:aws:iam::123456789012:policy/require-mfa` },
          ],
        }),
      ],
      policies: [
        managedPolicy(ADMIN, policyFixture('administrator-access')),
        managedPolicy('require-mfa', policyFixture('aws-manage-own-credentials-with-mfa')),
      ],
    });
    expect(result).toEqual({ admins: 'pass' });
  });

  it('fails where Trivy passes: Bool in a Deny, an Allow-only condition, a Deny on s3:* only, an inverted value', () => {
    const group = (name: string, fixture: string) =>
      groupDetail(name, {
        GroupPolicyList: [{ PolicyName: fixture, PolicyDocument: policyFixture(fixture) }],
      });
    const result = statuses({
      groups: [
        group('bool', 'deny-bool-false'),
        group('allow-only', 'allow-bool-true'),
        group('s3-only', 'deny-s3-only'),
        group('inverted', 'deny-inverted-boolifexists-true'),
      ],
    });
    expect(result).toEqual({ bool: 'fail', 'allow-only': 'fail', 's3-only': 'fail', inverted: 'fail' });
  });

  it('names the leaking credential kind and lists what is reachable', () => {
    const account = buildAccount(
      snapshot({
        groups: [
          groupDetail('g', {
            GroupPolicyList: [{ PolicyName: 'p', PolicyDocument: policyFixture('deny-bool-false') }],
          }),
        ],
      }),
    );
    const [finding] = groupMfaEnforced.run(account);
    expect(finding?.message).toMatch(/^access key: [\d,]+ actions in \d+ services reachable without MFA/);
    const details = finding?.details as {
      accessKey: { enforced: boolean; sensitive: string[] };
      console: { enforced: boolean };
    };
    expect(details.console.enforced).toBe(true);
    expect(details.accessKey.enforced).toBe(false);
    expect(details.accessKey.sensitive[0]).toBe('*');
  });

  it('the witness is a request by a member the data knows, else by a placeholder member', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('carol', '/', { GroupList: ['bool'] })],
        groups: [
          groupDetail('bool', {
            GroupPolicyList: [{ PolicyName: 'p', PolicyDocument: policyFixture('deny-bool-false') }],
          }),
          groupDetail('nobody'),
        ],
      }),
    );
    const results = groupMfaEnforced.run(account);
    expectWitnessesHold(account, results);
    const [bool, nobody] = results;
    expect(bool?.details?.witness).toMatchObject({
      credential: 'access-key',
      action: 'iam:CreateAccessKey',
      resource: 'arn:aws:iam::123456789012:user/carol',
      context: { 'aws:MultiFactorAuthPresent': null, 'aws:username': 'carol' },
      allowedBy: { policy: 'other attached policies', statement: 'Statement[0]' },
    });
    // An access key sends no MFA key: the command has no entry for it.
    expect(bool?.details?.replay).not.toContain('MultiFactorAuthPresent');
    expect(nobody?.details?.witness).toMatchObject({
      credential: 'console-session',
      resource: 'arn:aws:iam::123456789012:user/example-member',
      context: { 'aws:MultiFactorAuthPresent': 'false', 'aws:username': 'example-member' },
    });
  });

  it('fails a group with no policies and is unknown when an attached policy is missing from the data', () => {
    const result = statuses({
      groups: [
        groupDetail('empty'),
        groupDetail('dangling', {
          AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::123456789012:policy/gone' }],
        }),
      ],
    });
    expect(result).toEqual({ empty: 'fail', dangling: 'unknown' });
  });

  it('is unknown, naming the statement, when a policy is invalid', () => {
    const account = buildAccount(
      snapshot({
        groups: [
          groupDetail('g', {
            GroupPolicyList: [{ PolicyName: 'bad', PolicyDocument: policyFixture('invalid-effect') }],
          }),
        ],
      }),
    );
    const [finding] = groupMfaEnforced.run(account);
    expect(finding?.status).toBe('unknown');
    expect(finding?.message).toMatch(/Statement\[\d\]/);
  });
});

describe('group-mfa-enforced remediation', () => {
  const failing = (name: string, partition = 'aws') => {
    const account = buildAccount(snapshot({ groups: [groupDetail(name)] }));
    const [finding] = groupMfaEnforced.run({ ...account, partition });
    expect(finding?.status).toBe('fail');
    return finding?.remediation;
  };

  it('generates, creates (unless it exists) and attaches mfa-warden-require-mfa, account and partition filled in', () => {
    const fix = failing('devs', 'aws-cn');
    const arn = 'arn:aws-cn:iam::123456789012:policy/mfa-warden-require-mfa';
    expect(fix?.cli).toEqual([
      'mfa-warden generate policy --output mfa-warden-require-mfa.json',
      `aws iam get-policy --policy-arn ${arn} >/dev/null 2>&1 || aws iam create-policy --policy-name mfa-warden-require-mfa --policy-document file://mfa-warden-require-mfa.json`,
      `aws iam attach-group-policy --group-name devs --policy-arn ${arn}`,
    ]);
    expect(fix?.destructive).toBeUndefined();
    expect(fix?.text).toMatch(/^Attach the MFA-enforcing policy mfa-warden-require-mfa .* to group devs: /);
    expect(fix?.terraform).toContain('resource "aws_iam_group_policy_attachment" "devs_require_mfa"');
    expect(fix?.terraform).toContain('group      = "devs"');
  });

  it('quotes odd names for bash and Terraform', () => {
    const fix = failing("o'brien+=,.@x");
    expect(fix?.cli?.[2]).toBe(
      `aws iam attach-group-policy --group-name 'o'\\''brien+=,.@x' --policy-arn arn:aws:iam::123456789012:policy/mfa-warden-require-mfa`,
    );
    expect(failing('a+b=c,d.e@f')?.cli?.[2]).toContain('--group-name a+b=c,d.e@f --policy-arn');
    expect(fix?.terraform).toContain(`group      = "o'brien+=,.@x"`);
    expect(fix?.terraform).toContain('"o_brien_____x_require_mfa"');
  });

  it('in Terraform code, the simulator gets the group documents and the Allow-everything companion', async () => {
    const result = await scanTf({
      'main.tf': [
        'resource "aws_iam_group" "devs" {',
        '  name = "devs"',
        '}',
        '',
        'resource "aws_iam_group_policy" "s3" {',
        '  group = aws_iam_group.devs.name',
        '  name  = "deny-s3"',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Deny"',
        '      Action    = "s3:*"',
        '      Resource  = "*"',
        '      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }',
        '    }]',
        '  })',
        '}',
        '',
      ].join('\n'),
    });
    const finding = findingOf(result, 'group-mfa-enforced', 'devs');
    expect(finding?.status).toBe('fail');
    expect(finding?.details?.witness).toMatchObject({ action: 'iam:CreateAccessKey' });
    expect(finding?.details?.replay).toContain(
      `aws iam simulate-custom-policy --policy-input-list '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}' '${ALLOW_EVERYTHING_JSON}' --action-names iam:CreateAccessKey `,
    );
  });

  it('in Terraform code, refers to the group resource and only generates the document from the CLI', async () => {
    const result = await scanTf({ 'main.tf': 'resource "aws_iam_group" "devs" {\n  name = "devs"\n}\n' });
    const fix = findingOf(result, 'group-mfa-enforced', 'devs')?.remediation;
    expect(fix?.terraform).toContain('group      = aws_iam_group.devs.name');
    expect(fix?.cli).toEqual(['mfa-warden generate policy --output mfa-warden-require-mfa.json']);
    expect(fix?.cloudformation).toBeUndefined();
  });

  it('in a CloudFormation template, offers a managed policy that refers to the group by logical id', async () => {
    const result = await scanCfn(
      'Resources:\n  DevGroup:\n    Type: AWS::IAM::Group\n    Properties:\n      GroupName: devs\n',
    );
    const fix = findingOf(result, 'group-mfa-enforced', 'devs')?.remediation;
    expect(fix?.cloudformation).toContain('Groups:\n      - !Ref DevGroup');
    expect(fix?.terraform).toContain('group      = "devs"');
  });
});

describe('group-mfa-enforced: what is known of any member', () => {
  const denyWithoutMfa = (condition: Record<string, unknown>) => ({
    PolicyName: 'mfa',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, ...condition },
        },
      ],
    },
  });
  const groupWith = (name: string, condition: Record<string, unknown>) =>
    groupDetail(name, { GroupPolicyList: [denyWithoutMfa(condition)] });

  it('is an IAM user of this account: Denies scoped to users, or away from roles, apply to it', () => {
    // No witness check here: the break-glass group fails on a condition that depends on who the member is,
    // and its placeholder member is not the excluded user.
    const verdicts = (parts: Parameters<typeof snapshot>[0]) =>
      Object.fromEntries(
        groupMfaEnforced.run(buildAccount(snapshot(parts))).map((r) => [r.resource.name, r.status]),
      );
    expect(
      verdicts({
        groups: [
          groupWith('not-roles', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }),
          groupWith('users-only', { StringEquals: { 'aws:PrincipalType': 'User' } }),
          groupWith('this-account', { StringEquals: { 'aws:PrincipalAccount': '123456789012' } }),
          // Members named by a break-glass exclusion may be in the group: the Deny may not apply.
          groupWith('break-glass', {
            ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/break-glass' },
          }),
          groupWith('roles-only', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }),
        ],
      }),
    ).toEqual({
      'not-roles': 'pass',
      'users-only': 'pass',
      'this-account': 'pass',
      'break-glass': 'fail',
      'roles-only': 'fail',
    });
  });
});
