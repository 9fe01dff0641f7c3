import { describe, expect, it } from 'vitest';
import { policyFixture } from '../../test/support/policyFixtures.js';
import { managedPolicy, snapshot } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { mfaExemptionsMinimal } from './mfaExemptionsMinimal.js';

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
});
