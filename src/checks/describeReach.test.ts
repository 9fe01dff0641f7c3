import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { managedPolicy, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { Account } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import { createMfaAnalyzer, parsePolicyDocument, type PolicySet } from '../policy/index.js';
import { witnessDetails } from './describeReach.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const account = buildAccount(
  snapshot({
    users: [userDetail('alice', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })],
    report: [{ name: 'alice', password: true, mfa: false }],
    policies: [managedPolicy(ADMIN, policyFixture('administrator-access'))],
  }),
);
const alice = isUnknown(account.users) ? undefined : account.users[0];
const ALICE_ARN = 'arn:aws:iam::123456789012:user/alice';
const principal = { 'aws:username': 'alice', 'aws:PrincipalArn': ALICE_ARN };
const analyzer = createMfaAnalyzer();

function details(target: Account, set: PolicySet, names = new Map()) {
  return witnessDetails({
    account: target,
    set,
    analysis: analyzer.analyze(set),
    principal,
    simulate: { arn: ALICE_ARN },
    names,
  });
}

describe('witnessDetails', () => {
  const admin = parsePolicyDocument(policyFixture('administrator-access'), 'main.tf:9 (AdministratorAccess)');

  it('a live or exported principal: the simulator reads its policies itself', () => {
    expect(alice?.arn).toBe(ALICE_ARN);
    const found = details(account, { identity: [admin] });
    expect(found?.replay).toMatch(
      /^aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::123456789012:user\/alice --action-names iam:CreateAccessKey /,
    );
    expect(found).not.toHaveProperty('replayFiles');
  });

  it('infrastructure as code: the documents inline, the boundary as the boundary list', () => {
    const boundary = parsePolicyDocument(policyFixture('s3-read-only-boundary'), 'main.tf:20 (boundary)');
    const found = details({ ...account, input: 'iac' }, { identity: [admin], boundary: [boundary] });
    expect(found?.witness.action).toBe('s3:GetObject');
    expect(found?.replay).toMatch(
      /^aws iam simulate-custom-policy --policy-input-list '\{"Version":"2012-10-17","Statement":\[\{"Effect":"Allow","Action":"\*","Resource":"\*"\}\]\}' --permissions-boundary-policy-input-list '\{"Version":"2012-10-17","Statement":\[\{.*"Action":\["s3:get\*","s3:list\*"\],"Resource":"\*"\}\]\}' --action-names s3:GetObject /,
    );
  });

  it('documents too long for a command line: files named after the policies, and which policy each holds', () => {
    const statements = Array.from({ length: 200 }, (_, i) => ({
      Sid: `ReadBucket${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    }));
    const big = parsePolicyDocument(
      { Version: '2012-10-17', Statement: [...statements, { Effect: 'Allow', Action: '*', Resource: '*' }] },
      'main.tf:1 (big)',
    );
    const found = details(
      { ...account, input: 'iac' },
      { identity: [big, admin] },
      new Map([[big, 'user/alice/big']]),
    );
    expect(found?.replay).toMatch(
      /^aws iam simulate-custom-policy --policy-input-list "\$\(cat user-alice-big\.json\)" "\$\(cat main\.tf-9--AdministratorAccess-\.json\)" --action-names /,
    );
    expect(found?.replayFiles).toEqual([
      { file: 'user-alice-big.json', policy: 'main.tf:1 (big)' },
      // No label known: the origin, made a file name.
      { file: 'main.tf-9--AdministratorAccess-.json', policy: 'main.tf:9 (AdministratorAccess)' },
    ]);
  });
});
