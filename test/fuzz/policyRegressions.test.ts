import { describe, expect, it } from 'vitest';
import { actionCatalogSync, analyzeEnforcementPolicy, parsePolicyDocument } from '../../src/policy/index.js';

// Engine bugs the policy fuzz tests found, minimised, kept as regression tests once fixed.

describe('engine regressions found by fuzzing', () => {
  // Found by "verdicts do not depend on how a policy is written > statement order" (seed 20261202,
  // FUZZ_RUNS=5000). Two Denies exempt the same action; B denies everything else unconditionally, so A (the
  // MFA Deny) changes nothing. decide() in reachability.ts credits the FIRST Deny that applies, and
  // analyzeEnforcementPolicy counts a credential as restricted only when the credited Deny is an MFA-enforcing
  // one: [A, B] was "partial", [B, A] "none". IAM evaluates both orders alike, so must the verdict. Fixed:
  // decide() now credits an MFA-conditioned Deny first among those that certainly apply.
  it('a verdict does not change when two Deny statements swap places', () => {
    const catalog = actionCatalogSync();
    const mfaDeny = {
      Effect: 'Deny',
      NotAction: 'iam:CreateAccessKey',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    };
    const plainDeny = { Effect: 'Deny', NotAction: 'iam:CreateAccessKey', Resource: '*' };
    const verdict = (...statements: object[]) =>
      analyzeEnforcementPolicy(
        parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, 'p.json'),
        {
          catalog,
        },
      ).verdict;
    expect(verdict(mfaDeny, plainDeny)).toBe('partial');
    expect(verdict(plainDeny, mfaDeny)).toBe(verdict(mfaDeny, plainDeny));
  });
});
