import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { findingOf, scanTf } from '../../test/support/iacFixture.js';
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

  describe('remediation', () => {
    const ARN = 'arn:aws:iam::123456789012:policy/deny-bool-false';

    it('says to use BoolIfExists in that statement, and puts a fixed document in force as a held-back new version', () => {
      const fix = run(['deny-bool-false'])['deny-bool-false']?.remediation;
      expect(fix?.text).toMatch(
        /^In policy deny-bool-false, statement "DenyNoMfa": replace "Bool" with "BoolIfExists" \(value "false"\); .*deny-bool-false\.fixed\.json/,
      );
      expect(fix?.cli).toEqual([
        `aws iam get-policy-version --policy-arn ${ARN} --version-id "$(aws iam get-policy --policy-arn ${ARN} --query Policy.DefaultVersionId --output text)" --query PolicyVersion.Document --output json > deny-bool-false.current.json`,
        `aws iam create-policy-version --policy-arn ${ARN} --policy-document file://deny-bool-false.fixed.json --set-as-default`,
      ]);
      expect(fix?.destructive).toEqual([false, true]);
      expect(fix?.needsInput).toEqual([false, true]);
      expect(fix?.terraform).toContain('test     = "BoolIfExists"');
      expect(fix?.terraform).toContain('values   = ["false"]');
    });

    it('inverts an inverted Deny to "false", and an Allow that applies without MFA to Bool "true"', () => {
      expect(
        run(['deny-inverted-boolifexists-true'])['deny-inverted-boolifexists-true']?.remediation?.text,
      ).toContain('invert the test: "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}');
      const allow = run(['allow-boolifexists-true'])['allow-boolifexists-true'];
      expect(allow?.status).toBe('fail');
      expect(allow?.remediation?.text).toContain(
        '"Bool": {"aws:MultiFactorAuthPresent": "true"} (no IfExists)',
      );
      expect(allow?.remediation?.terraform).toContain('test     = "Bool"');
    });

    it('for an inline policy, fetches and writes over it with get/put-group-policy, names quoted', () => {
      const account = buildAccount(
        snapshot({
          groups: [
            groupDetail("o'ps", {
              GroupPolicyList: [{ PolicyName: 'we@k', PolicyDocument: policyFixture('deny-bool-false') }],
            }),
          ],
        }),
      );
      const fix = mfaConditionSound.run(account)[0]?.remediation;
      expect(fix?.text).toMatch(/^In the inline policy we@k of group o'ps, statement "DenyNoMfa": /);
      expect(fix?.cli).toEqual([
        `aws iam get-group-policy --group-name 'o'\\''ps' --policy-name we@k --query PolicyDocument --output json > group-o-ps-we@k.current.json`,
        `aws iam put-group-policy --group-name 'o'\\''ps' --policy-name we@k --policy-document file://group-o-ps-we@k.fixed.json`,
      ]);
      expect(fix?.destructive).toEqual([false, true]);
    });

    it('in Terraform code, points at the file and statement and gives the condition block, no CLI', async () => {
      const result = await scanTf({
        'main.tf': [
          'resource "aws_iam_policy" "weak" {',
          '  name = "weak"',
          '  policy = jsonencode({',
          '    Version = "2012-10-17"',
          '    Statement = [{',
          '      Sid       = "DenyNoMfa"',
          '      Effect    = "Deny"',
          '      NotAction = ["iam:ListMFADevices"]',
          '      Resource  = "*"',
          '      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }',
          '    }]',
          '  })',
          '}',
          '',
        ].join('\n'),
      });
      const finding = findingOf(result, 'mfa-condition-sound', 'weak');
      expect(finding?.status).toBe('fail');
      expect(finding?.remediation?.text).toMatch(
        /^In policy weak \(.*main\.tf:1 \(aws_iam_policy\.weak\)\), statement "DenyNoMfa": replace "Bool" with "BoolIfExists"/,
      );
      expect(finding?.remediation?.cli).toBeUndefined();
      expect(finding?.remediation?.terraform).toContain(
        '# with jsonencode(): Condition = { BoolIfExists = {',
      );
    });

    it('for a policy declared in a module, says to change the module', async () => {
      const policy = [
        'resource "aws_iam_policy" "weak" {',
        '  name = "weak"',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Deny"',
        '      NotAction = ["iam:ListMFADevices"]',
        '      Resource  = "*"',
        '      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }',
        '    }]',
        '  })',
        '}',
        '',
      ].join('\n');
      const result = await scanTf({
        'main.tf': 'module "guard" {\n  source = "./modules/guard"\n}\n',
        'modules/guard/main.tf': policy,
      });
      const fix = findingOf(result, 'mfa-condition-sound', 'weak')?.remediation;
      expect(fix?.text).toMatch(
        /^In policy weak \(.*\(module\.guard\.aws_iam_policy\.weak\)\), Statement\[0\]: /,
      );
      expect(fix?.text).toContain('it is declared in module.guard: change the module or its inputs');
    });
  });
});
