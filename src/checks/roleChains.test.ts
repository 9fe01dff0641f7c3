import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import {
  ACCOUNT,
  groupDetail,
  managedPolicy,
  roleDetail,
  snapshot,
  userDetail,
} from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { RawRoleDetail } from '../adapters/snapshot/iamSnapshot.js';
import { isUnknown } from '../model/unknown.js';
import { evaluateWitness, isWitness } from '../policy/index.js';
import { accountPolicies } from './accountPolicies.js';
import { consoleUserMfaEnforced } from './consoleUserMfaEnforced.js';
import { groupMfaEnforced } from './groupMfaEnforced.js';

// console-user-mfa-enforced and group-mfa-enforced follow sts:AssumeRole: a role a user can assume without
// MFA adds what its session can do without MFA, through chains of roles, cycles included.

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const MFA_TRUE = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const trust = (principal: unknown, condition?: unknown) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: 'sts:AssumeRole',
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const assumeAny = {
  PolicyName: 'assume',
  PolicyDocument: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
  },
};

function scan(roles: RawRoleDetail[], users = [userDetail('alice')]) {
  const account = buildAccount(
    snapshot({
      users,
      report: users.map((u) => ({ name: u.UserName as string, password: true, mfa: true })),
      groups: [
        groupDetail('admins', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
        groupDetail('empty'),
      ],
      roles,
      policies: [managedPolicy(ADMIN, policyFixture('administrator-access'))],
    }),
  );
  return { account, results: new Map(consoleUserMfaEnforced.run(account).map((r) => [r.resource.name, r])) };
}

describe('console-user-mfa-enforced through sts:AssumeRole', () => {
  const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;

  it('a user whose own policies allow nothing fails when an admin role trusts it by name without MFA', () => {
    const { account, results } = scan([
      roleDetail('admin', trust(alice), { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
    ]);
    const result = results.get('alice');
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^its own policies enforce MFA, but it can assume roles without MFA: alice -> role\/admin \(depth 1, by access key and console session\): as role\/admin, [\d,]+ actions/,
    );
    expect(result?.details?.chains).toEqual([
      expect.objectContaining({ chain: 'alice -> role/admin', depth: 1, role: roleArn('admin') }),
    ]);
    expect(result?.remediation?.cli?.at(-1)).toMatch(/update-assume-role-policy --role-name admin/);
    // The witness is the last role's request, and the engine allows it from that role's policies.
    const witness = result?.details?.witness;
    expect(isWitness(witness)).toBe(true);
    if (!isWitness(witness)) return;
    expect(witness.context['aws:PrincipalArn']).toBe(roleArn('admin'));
    const role = (isUnknown(account.roles) ? [] : account.roles).find((r) => r.name === 'admin')!;
    const policies = accountPolicies(account).forRole(role);
    if (isUnknown(policies)) throw new Error(policies.reason);
    expect(evaluateWitness(policies.set, witness).reachable).toBe(true);
    expect(result?.details?.replay).toContain(`--policy-source-arn ${roleArn('admin')}`);
  });

  it('passes when the trust policy requires MFA, or the role can do nothing', () => {
    expect(
      scan([
        roleDetail('admin', trust(alice, MFA_TRUE), { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
      ]).results.get('alice')?.status,
    ).toBe('pass');
    expect(scan([roleDetail('idle', trust(alice))]).results.get('alice')?.status).toBe('pass');
  });

  it('trusting the account is not enough for a user whose own policies allow nothing', () => {
    const { results } = scan([
      roleDetail('admin', trust(ROOT), { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
    ]);
    expect(results.get('alice')?.status).toBe('pass');
  });

  it('names the chain, shortest first, through role chaining and a cycle', () => {
    const roles = [
      roleDetail('deploy', trust(ROOT), { RolePolicyList: [assumeAny] }),
      roleDetail('admin', trust([roleArn('deploy'), roleArn('ops')]), {
        AttachedManagedPolicies: [{ PolicyArn: ADMIN }],
      }),
      roleDetail('ops', trust(roleArn('admin')), { RolePolicyList: [assumeAny] }),
    ];
    const bob = userDetail('bob', '/', { GroupList: ['admins'] });
    const { results } = scan(roles, [bob]);
    const result = results.get('bob');
    expect(result?.status).toBe('fail');
    const chains = (result?.details?.chains as { chain: string; depth: number }[]).map((c) => [
      c.chain,
      c.depth,
    ]);
    expect(chains).toEqual(
      expect.arrayContaining([
        ['bob -> role/deploy -> role/admin', 2],
        ['bob -> role/deploy', 1],
        ['bob -> role/deploy -> role/admin -> role/ops', 3],
      ]),
    );
    // The role that reaches the most comes first.
    expect(chains[0]).toEqual(['bob -> role/deploy -> role/admin', 2]);
    expect(result?.message).toContain(
      'through sts:AssumeRole without MFA it reaches more: bob -> role/deploy -> role/admin',
    );
  });

  it('service-linked roles and roles trusted by services are never hops', () => {
    const { results } = scan([
      roleDetail('AWSServiceRoleForX', trust(alice), {
        Path: '/aws-service-role/x.amazonaws.com/',
        AttachedManagedPolicies: [{ PolicyArn: ADMIN }],
      }),
      roleDetail(
        'ec2',
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] },
      ),
    ]);
    expect(results.get('alice')?.status).toBe('pass');
  });
});

describe('group-mfa-enforced through sts:AssumeRole', () => {
  it('a failing group names the roles its members can go on to assume without MFA', () => {
    const { account } = scan([
      roleDetail('admin', trust(ROOT), { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
    ]);
    const empty = groupMfaEnforced.run(account).find((r) => r.resource.name === 'admins');
    expect(empty?.status).toBe('fail');
    expect(empty?.message).toContain(
      'members can also assume roles without MFA: example-member -> role/admin',
    );
  });
});

describe('organization keys of the principal', () => {
  const withOrganization = (account: ReturnType<typeof buildAccount>) => ({
    ...account,
    organization: {
      organizationId: 'o-abc123',
      managementAccountId: '999999999999',
      isManagementAccount: false,
      path: ['r-ab12', 'ou-ab12-11111111', ACCOUNT],
      scpLevels: [],
    },
  });
  const mfaDenyOnPath = (path: string) => ({
    PolicyName: 'deny-without-mfa-in-ou',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: [
            'iam:CreateVirtualMFADevice',
            'iam:EnableMFADevice',
            'iam:ListMFADevices',
            'sts:GetSessionToken',
          ],
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': path },
          },
        },
      ],
    },
  });

  it('aws:PrincipalOrgPaths is the account’s path in the organization: a Deny on its OU is decided', () => {
    for (const [path, status] of [
      ['o-abc123/r-ab12/ou-ab12-11111111/*', 'pass'],
      ['o-abc123/r-ab12/ou-ab12-22222222/*', 'fail'],
    ] as const) {
      const bob = userDetail('bob', '/', { GroupList: ['admins'], UserPolicyList: [mfaDenyOnPath(path)] });
      const account = withOrganization(
        buildAccount(
          snapshot({
            users: [bob],
            report: [{ name: 'bob', password: true, mfa: true }],
            groups: [groupDetail('admins', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })],
            policies: [managedPolicy(ADMIN, policyFixture('administrator-access'))],
          }),
        ),
      );
      expect(
        consoleUserMfaEnforced.run(account).map((r) => r.status),
        path,
      ).toEqual([status]);
    }
  });
});

describe('tags of the principal', () => {
  // The example: "deny without MFA unless tagged mfa-exempt=approved".
  const abacDeny = {
    PolicyName: 'deny-without-mfa-unless-exempt',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: [
            'iam:CreateVirtualMFADevice',
            'iam:EnableMFADevice',
            'iam:ListMFADevices',
            'sts:GetSessionToken',
          ],
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringNotEquals: { 'aws:PrincipalTag/mfa-exempt': 'approved' },
          },
        },
      ],
    },
  };
  const statusFor = (tags: { Key: string; Value: string }[], origin?: 'iac') => {
    const user = userDetail('carol', '/', { GroupList: ['admins'], UserPolicyList: [abacDeny], Tags: tags });
    const account = buildAccount(
      snapshot({
        users: [user],
        report: [{ name: 'carol', password: true, mfa: true }],
        groups: [groupDetail('admins', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })],
        policies: [managedPolicy(ADMIN, policyFixture('administrator-access'))],
      }),
    );
    const judged = origin ? { ...account, input: origin } : account;
    return consoleUserMfaEnforced.run(judged).map((r) => r.status);
  };

  it('is judged exactly with the user’s real tags: no tag or another value is denied, approved is exempt', () => {
    // A live or exported user's tags are all IAM has: a missing tag is absent, so StringNotEquals holds.
    expect(statusFor([])).toEqual(['pass']);
    expect(statusFor([{ Key: 'mfa-exempt', Value: 'pending' }])).toEqual(['pass']);
    expect(statusFor([{ Key: 'mfa-exempt', Value: 'approved' }])).toEqual(['fail']);
  });

  it('in code a missing tag may be an unresolved one: the Deny is not relied on', () => {
    expect(statusFor([], 'iac')).toEqual(['fail']);
  });
});

describe('roles whose trust policy or permissions cannot be read', () => {
  const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const missing = `arn:aws:iam::${ACCOUNT}:policy/not-in-the-data`;

  it('a role that trusts the user but whose permissions are unknown makes the verdict unknown, never pass', () => {
    const result = scan([
      roleDetail('admin', trust(alice), { AttachedManagedPolicies: [{ PolicyArn: missing }] }),
    ]).results.get('alice');
    expect(result?.status).toBe('unknown');
    expect(result?.message).toMatch(
      /may assume roles without MFA .*could not be read: alice -> role\/admin \(/,
    );
  });

  it('the same role passes when its trust policy requires MFA, and so does one its policies cannot reach', () => {
    const guarded = roleDetail('admin', trust(alice, MFA_TRUE), {
      AttachedManagedPolicies: [{ PolicyArn: missing }],
    });
    expect(scan([guarded]).results.get('alice')?.status).toBe('pass');
    // An unreadable trust policy counts only where the caller's own policies allow sts:AssumeRole on it.
    expect(scan([roleDetail('opaque', 'not json {')]).results.get('alice')?.status).toBe('pass');
  });

  it('reached through a readable role, the unreadable one is named with the chain', () => {
    const result = scan([
      roleDetail('hop', trust(alice), {
        RolePolicyList: [
          {
            PolicyName: 'assume-opaque',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn('opaque') },
                { Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: roleArn('opaque') },
              ],
            },
          },
        ],
      }),
      roleDetail('opaque', 'not json {'),
    ]).results.get('alice');
    expect(result?.message).toMatch(/alice -> role\/hop -> role\/opaque \(invalid trust policy/);
  });
});

describe('tags of a role, for its sessions', () => {
  // alice may assume role/deploy without MFA; the role is admin but carries the same ABAC Deny.
  const abacDeny = {
    PolicyName: 'deny-without-mfa-unless-exempt',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: 'iam:ListMFADevices',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringNotEquals: { 'aws:PrincipalTag/mfa-exempt': 'approved' },
          },
        },
      ],
    },
  };
  const aliceStatus = (tags: { Key: string; Value: string }[], tagSession = false) => {
    const document = trust(`arn:aws:iam::${ACCOUNT}:user/alice`);
    if (tagSession) document.Statement[0]!.Action = ['sts:AssumeRole', 'sts:TagSession'] as never;
    return scan([
      roleDetail('deploy', document, {
        AttachedManagedPolicies: [{ PolicyArn: ADMIN }],
        RolePolicyList: [abacDeny],
        Tags: tags,
      }),
    ]).results.get('alice')?.status;
  };

  it('the role’s own tags decide its ABAC Deny: untagged it holds, exempt it does not', () => {
    expect(aliceStatus([])).toBe('pass');
    expect(aliceStatus([{ Key: 'mfa-exempt', Value: 'pending' }])).toBe('pass');
    expect(aliceStatus([{ Key: 'mfa-exempt', Value: 'approved' }])).toBe('fail');
  });

  it('a trust policy that allows sts:TagSession lets the caller set the tag: the Deny is not relied on', () => {
    expect(aliceStatus([], true)).toBe('fail');
  });
});

describe('chains and trust shapes in code', () => {
  it('Terraform: a user reaches an admin role through a chain; SAML and OIDC roles pass role-trust-mfa', async () => {
    const { loadTerraform } = await import('../adapters/terraform/loadTerraform.js');
    const { writeTree } = await import('../../test/support/iacFixture.js');
    const { roleTrustMfa } = await import('./roleTrustMfa.js');
    const loaded = await loadTerraform([
      writeTree({
        'main.tf': `
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_user.alice.arn }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "deploy" {
  role = aws_iam_role.deploy.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }]
  })
}

resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.deploy.arn }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "saml" {
  name = "saml"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::000000000000:saml-provider/okta" }
      Action    = "sts:AssumeRoleWithSAML"
    }]
  })
}

resource "aws_iam_role" "github" {
  name = "github"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}
`,
      }),
    ]);
    expect(loaded.errors).toEqual([]);
    const account = loaded.targets[0]!.account;
    const alice = consoleUserMfaEnforced.run(account).find((r) => r.resource.name === 'alice');
    expect(alice?.status).toBe('fail');
    expect(alice?.message).toContain('alice -> role/deploy -> role/admin');
    const trust = Object.fromEntries(roleTrustMfa.run(account).map((r) => [r.resource.name, r.status]));
    expect(trust).toEqual({ deploy: 'fail', admin: 'pass', saml: 'pass', github: 'pass' });
  });
});
