import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { mfaConditionSound } from './mfaConditionSound.js';

function run(fixtures: string[]) {
  const account = buildAccount(
    snapshot({ policies: fixtures.map((name) => managedPolicy(name, policyFixture(name))) }),
  );
  return Object.fromEntries(mfaConditionSound.run(account).map((r) => [r.resource.name, r]));
}

describe('mfa-condition-sound', () => {
  it('passes the AWS reference policies and ignores policies without MFA keys', () => {
    const results = run([
      'aws-self-manage-mfa-device',
      'aws-manage-own-credentials-with-mfa',
      'administrator-access',
    ]);
    expect(Object.keys(results).sort()).toEqual([
      'aws-manage-own-credentials-with-mfa',
      'aws-self-manage-mfa-device',
    ]);
    expect(Object.values(results).map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it.each(['deny-bool-false', 'deny-inverted-boolifexists-true', 'deny-foranyvalue-bool'])(
    'fails %s',
    (fixture) => {
      const finding = run([fixture])[fixture];
      expect(finding?.status).toBe('fail');
      expect(finding?.message).toMatch(/Statement\[\d\]|Deny|Sid|:/);
      expect(finding?.resource.type).toBe('AWS::IAM::Policy');
    },
  );

  it('explains the access-key bypass of Bool in a Deny', () => {
    expect(run(['deny-bool-false'])['deny-bool-false']?.message).toMatch(/access key/);
  });

  it('checks inline policies of groups, named after their owner', () => {
    const account = buildAccount(
      snapshot({
        groups: [
          groupDetail('ops', {
            GroupPolicyList: [{ PolicyName: 'weak', PolicyDocument: policyFixture('deny-bool-false') }],
          }),
        ],
      }),
    );
    const [finding] = mfaConditionSound.run(account);
    expect(finding).toMatchObject({
      status: 'fail',
      resource: { name: 'group/ops/weak', arn: 'arn:aws:iam::123456789012:group/ops' },
    });
  });

  it('reports an invalid document as an error naming the statement, never a pass', () => {
    const finding = run(['invalid-effect'])['invalid-effect'];
    expect(finding?.status).toBe('error');
    expect(finding?.message).toMatch(/Statement\[2\]/);
  });
});
