import { describe, expect, it } from 'vitest';
import { policyFixture, urlEncodedPolicyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { groupMfaEnforced } from './groupMfaEnforced.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function statuses(parts: Parameters<typeof snapshot>[0]): Record<string, string> {
  const results = groupMfaEnforced.run(buildAccount(snapshot(parts)));
  return Object.fromEntries(results.map((r) => [r.resource.name, r.status]));
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
