import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { groupDetail, managedPolicy, snapshot } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { mfaExemptionsMinimal } from './mfaExemptionsMinimal.js';
import { MINIMAL_EXEMPTIONS } from './policyRemedy.js';

function run(fixtures: string[]) {
  const account = buildAccount(
    snapshot({ policies: fixtures.map((name) => managedPolicy(name, policyFixture(name))) }),
  );
  return Object.fromEntries(mfaExemptionsMinimal.run(account).map((r) => [r.resource.name, r]));
}

describe('mfa-exemptions-minimal', () => {
  it('passes the AWS reference policies and skips policies without an MFA deny', () => {
    const results = run(['aws-self-manage-mfa-device', 'administrator-access', 'allow-bool-true']);
    expect(Object.keys(results)).toEqual(['aws-self-manage-mfa-device']);
    expect(results['aws-self-manage-mfa-device']?.status).toBe('pass');
  });

  it.each([
    ['deny-notaction-create-access-key', /iam:CreateAccessKey/],
    ['deny-notaction-sts-assumerole', /sts:AssumeRole/],
    ['deny-notaction-iam-wildcard', /iam:AttachUserPolicy|iam:CreateAccessKey/],
  ])('fails %s naming the exempted actions', (fixture, pattern) => {
    const finding = run([fixture])[fixture];
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(pattern);
  });

  it('is an error, not silence, when the policies could not be read', () => {
    const raw = snapshot({});
    const account = buildAccount({ ...raw, authorizationDetails: { unknown: true, reason: 'AccessDenied' } });
    const results = mfaExemptionsMinimal.run(account);
    expect(results.map((r) => r.status)).toEqual(['error']);
    expect(results[0]?.message).toMatch(/AccessDenied/);
  });

  describe('remediation', () => {
    it('reduces the NotAction to MFA self-enrolment, listing it, with a held-back new version', () => {
      const fix = run(['deny-notaction-create-access-key'])['deny-notaction-create-access-key']?.remediation;
      expect(fix?.text).toMatch(
        /^In policy deny-notaction-create-access-key, statement "DenyAllExceptAccessKeysIfNoMfa": reduce its NotAction to MFA self-enrolment only \(MFA self-enrolment: iam:ChangePassword, /,
      );
      expect(fix?.cli?.[1]).toBe(
        'aws iam create-policy-version --policy-arn arn:aws:iam::123456789012:policy/deny-notaction-create-access-key --policy-document file://deny-notaction-create-access-key.fixed.json --set-as-default',
      );
      expect(fix?.destructive).toEqual([false, true]);
      expect(fix?.terraform).toContain(`not_actions = ["iam:ChangePassword", "iam:CreateVirtualMFADevice"`);
    });

    it('replaces a NotResource with every resource', () => {
      const fix = run(['deny-notresource-s3'])['deny-notresource-s3']?.remediation;
      expect(fix?.text).toContain('replace its NotResource with "Resource": "*"');
      expect(fix?.terraform).toContain('resources   = ["*"]');
    });

    it('suggests exemptions this check itself accepts', () => {
      const minimal = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            NotAction: MINIMAL_EXEMPTIONS,
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      };
      const account = buildAccount(snapshot({ policies: [managedPolicy('minimal', minimal)] }));
      expect(MINIMAL_EXEMPTIONS).toHaveLength(8);
      expect(mfaExemptionsMinimal.run(account).map((r) => r.status)).toEqual(['pass']);
    });

    it('says an AWS managed policy cannot be changed, and offers no command', () => {
      const arn = 'arn:aws:iam::aws:policy/SomeMfaPolicy';
      const account = buildAccount(
        snapshot({
          groups: [groupDetail('g', { AttachedManagedPolicies: [{ PolicyArn: arn }] })],
          policies: [managedPolicy(arn, policyFixture('deny-notaction-create-access-key'))],
        }),
      );
      const [finding] = mfaExemptionsMinimal.run(account);
      expect(finding?.status).toBe('fail');
      expect(finding?.remediation?.text).toMatch(
        /^policy SomeMfaPolicy is AWS managed and cannot be changed/,
      );
      expect(finding?.remediation?.cli).toBeUndefined();
    });
  });
});
