import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { consoleUserMfaEnforced } from './consoleUserMfaEnforced.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const S3_READ = 'arn:aws:iam::123456789012:policy/s3-read-only-boundary';

function run(
  users: ReturnType<typeof userDetail>[],
  report = users.map((u) => ({ name: u.UserName as string, password: true, mfa: true })),
) {
  const account = buildAccount(
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
      policies: [
        managedPolicy(ADMIN, policyFixture('administrator-access')),
        managedPolicy(S3_READ, policyFixture('s3-read-only-boundary')),
      ],
    }),
  );
  return new Map(consoleUserMfaEnforced.run(account).map((r) => [r.resource.name, r]));
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
