import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { findingOf, scanCfn } from '../../test/support/iacFixture.js';
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
import type { CheckResult } from './check.js';
import { allChecks } from './index.js';
import { judgeOrganizationScps } from './orgScpMfa.js';

// Every failing result of every check carries a remediation: one sentence, commands, and a Terraform snippet
// that `terraform fmt` accepts unchanged (so it is valid HCL, formatted as the user's code would be).

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const root = `arn:aws:iam::${ACCOUNT}:root`;

const account = buildAccount(
  snapshot({
    users: [
      userDetail("o'brien", '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
      userDetail('ci+deploy@x'),
    ],
    report: [
      { name: "o'brien", password: true, mfa: false },
      { name: 'ci+deploy@x', password: false, mfa: false, keys: 1 },
    ],
    roles: [
      roleDetail("dep'loy", {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: root }, Action: 'sts:AssumeRole' }],
      }),
    ],
    groups: [
      groupDetail('empty'),
      groupDetail('we,ak', {
        GroupPolicyList: [{ PolicyName: 'inline', PolicyDocument: policyFixture('deny-bool-false') }],
      }),
    ],
    policies: [
      managedPolicy(ADMIN, policyFixture('administrator-access')),
      ...[
        'deny-bool-false',
        'allow-boolifexists-true',
        'deny-notaction-create-access-key',
        'deny-notresource-s3',
      ].map((name) => managedPolicy(name, policyFixture(name))),
    ],
    summary: { AccountMFAEnabled: 1, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 },
    virtual: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, userArn: root }],
  }),
);
const noRootMfa = buildAccount(
  snapshot({ summary: { AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 } }),
);

const failing: { check: string; result: CheckResult }[] = allChecks.flatMap((check) =>
  [account, noRootMfa].flatMap((a) =>
    check
      .run(a)
      .filter((result) => result.status === 'fail')
      .map((result) => ({ check: check.id, result })),
  ),
);

const fullAwsAccess = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  target: 'r-ab12',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
// org-scp-mfa judges an organization: a member account without an MFA SCP fails it.
const member = {
  ...noRootMfa,
  id: '210987654321',
  organization: {
    organizationId: 'o-abcdefghij',
    managementAccountId: ACCOUNT,
    isManagementAccount: false,
    path: ['r-ab12', '210987654321'],
    scpLevels: [[fullAwsAccess], [fullAwsAccess]],
  },
};
failing.push({
  check: 'org-scp-mfa',
  result: judgeOrganizationScps({
    organizationId: 'o-abcdefghij',
    managementAccountId: ACCOUNT,
    partition: 'aws',
    accounts: [member],
  }),
});

function terraformFmt(snippet: string): string {
  return execFileSync('terraform', ['fmt', '-'], {
    input: `${snippet}\n`,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

describe('remediation on every failing finding', () => {
  it('every check fails somewhere in this account, so each is covered below', () => {
    expect(new Set(failing.map((f) => f.check))).toEqual(new Set(allChecks.map((c) => c.id)));
  });

  it.each(failing.map((f) => [`${f.check} ${f.result.resource.name}`, f.result] as const))(
    '%s: one sentence, commands, and a Terraform snippet terraform fmt leaves unchanged',
    (_, result) => {
      const fix = result.remediation;
      expect(fix?.text).toMatch(/^[^\n]+[.]$/);
      expect(fix?.cli?.length).toBeGreaterThan(0);
      for (const marks of [fix?.destructive, fix?.needsInput]) {
        if (marks) expect(marks).toHaveLength(fix?.cli?.length ?? -1);
      }
      expect(fix?.cli?.every((command) => !/[\n\r]/.test(command))).toBe(true);
      // The account's own id wherever an ARN is written, never a placeholder for it.
      expect(fix?.cli?.join('\n')).not.toMatch(/ACCOUNT_ID|GROUP_THAT|000000000000/);
      expect(terraformFmt(fix?.terraform ?? '')).toBe(`${fix?.terraform}\n`);
    },
  );

  it('gives CloudFormation snippets that parse as YAML', async () => {
    const result = await scanCfn(
      [
        'Resources:',
        '  Ops:',
        '    Type: AWS::IAM::Group',
        '    Properties:',
        '      GroupName: ops',
        '      Policies:',
        '        - PolicyName: weak',
        '          PolicyDocument:',
        '            Version: "2012-10-17"',
        '            Statement:',
        '              - Effect: Deny',
        '                NotAction: iam:CreateAccessKey',
        '                Resource: "*"',
        '                Condition:',
        '                  Bool:',
        '                    aws:MultiFactorAuthPresent: "false"',
        '',
      ].join('\n'),
    );
    const snippets = result.findings
      .filter((f) => f.status === 'fail')
      .map((f) => f.remediation?.cloudformation);
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    for (const snippet of snippets) {
      expect(snippet).toBeDefined();
      const parsed = parseDocument(snippet ?? '');
      expect(parsed.errors).toEqual([]);
    }
    expect(
      findingOf(result, 'mfa-exemptions-minimal', 'group/ops/weak')?.remediation?.cloudformation,
    ).toContain('NotAction:\n  - iam:ChangePassword');
  });
});
