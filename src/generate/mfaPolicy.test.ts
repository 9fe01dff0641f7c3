// The generated identity policy, judged by our own engine: enforced, with and without break-glass ARNs, and
// the break-glass principals really are left out of the Deny.
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  analyzeEnforcementPolicy,
  isSelfEnrolmentAction,
  loadActionCatalog,
  parsePolicyDocument,
  type ActionCatalog,
} from '../policy/index.js';
import { DEFAULT_MFA_POLICY_NAME, MFA_POLICY_NOT_ACTIONS, mfaEnforcingPolicyDocument } from './mfaPolicy.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const BREAK_GLASS = 'arn:aws:iam::123456789012:user/break-glass';
const OPS_BREAK_GLASS = 'arn:aws:iam::*:user/emergency/*';

const analyse = (document: Record<string, unknown>, principalArn?: string) =>
  analyzeEnforcementPolicy(parsePolicyDocument(document, DEFAULT_MFA_POLICY_NAME), {
    catalog,
    ...(principalArn ? { context: { 'aws:PrincipalArn': principalArn } } : {}),
  });

type Statement = { Sid: string; Effect: string; Condition?: Record<string, Record<string, unknown>> };
const statements = (document: Record<string, unknown>) => document.Statement as Statement[];
const deny = (document: Record<string, unknown>) => statements(document).find((s) => s.Effect === 'Deny');

describe('mfaEnforcingPolicyDocument', () => {
  it('is enforced for console sessions and access keys, whatever else allows', () => {
    const verdict = analyse(mfaEnforcingPolicyDocument());
    expect(verdict.verdict).toBe('enforced');
    expect(verdict.reasons.map((r) => r.code)).toEqual(['enforced']);
    expect(verdict.exemptActionCount).toBe(0);
    expect(verdict.byCredential.console.sensitive).toEqual([]);
    expect(verdict.byCredential.accessKey.sensitive).toEqual([]);
  });

  it("keeps AWS's shape: own-user resources, device creation on mfa/*, one Deny with BoolIfExists false", () => {
    const document = mfaEnforcingPolicyDocument();
    expect(document.Version).toBe('2012-10-17');
    expect(statements(document).map((s) => s.Sid)).toEqual([
      'AllowViewAccountInfo',
      'AllowManageOwnPasswords',
      'AllowManageOwnAccessKeys',
      'AllowManageOwnSigningCertificates',
      'AllowManageOwnSSHPublicKeys',
      'AllowManageOwnGitCredentials',
      'AllowManageOwnVirtualMFADevice',
      'AllowManageOwnUserMFA',
      'DenyAllExceptListedIfNoMFA',
    ]);
    expect(deny(document)).toEqual({
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      NotAction: [...MFA_POLICY_NOT_ACTIONS],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    const resources = statements(document).map((s) => (s as { Resource?: unknown }).Resource);
    expect(new Set(resources)).toEqual(
      new Set(['*', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/*']),
    );
  });

  it('exempts from MFA only actions the engine tolerates, and never iam:DeactivateMFADevice', () => {
    expect(MFA_POLICY_NOT_ACTIONS.every(isSelfEnrolmentAction)).toBe(true);
    expect(MFA_POLICY_NOT_ACTIONS).not.toContain('iam:DeactivateMFADevice');
    expect(MFA_POLICY_NOT_ACTIONS).not.toContain('iam:DeleteVirtualMFADevice');
  });

  it('with exempt ARNs: enforced for everyone else, and the Deny does not apply to an exempt principal', () => {
    const document = mfaEnforcingPolicyDocument({ exemptArns: [BREAK_GLASS, OPS_BREAK_GLASS] });
    expect(deny(document)?.Condition).toEqual({
      BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
      ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, OPS_BREAK_GLASS] },
    });
    expect(analyse(document, ALICE).verdict).toBe('enforced');

    for (const exempt of [BREAK_GLASS, 'arn:aws:iam::123456789012:user/emergency/bob']) {
      const verdict = analyse(document, exempt);
      expect(verdict.verdict).toBe('none');
      expect(verdict.byCredential.console.enforced).toBe(false);
      expect(verdict.byCredential.accessKey.sensitive[0]).toBe('*');
    }
  });

  it('with exempt ARNs and the principal unknown, the engine cannot confirm enforcement and says why', () => {
    const verdict = analyse(mfaEnforcingPolicyDocument({ exemptArns: [BREAK_GLASS] }));
    expect(verdict.verdict).toBe('partial');
    expect(verdict.reasons.find((r) => r.code === 'unknown-condition')?.message).toContain(
      'aws:PrincipalArn',
    );
  });

  it('is deterministic and a fresh object every time', () => {
    const first = mfaEnforcingPolicyDocument({ exemptArns: [BREAK_GLASS] });
    const second = mfaEnforcingPolicyDocument({ exemptArns: [BREAK_GLASS] });
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));
    expect(first).not.toBe(second);
    (deny(first)?.Condition as Record<string, unknown>).Extra = 1;
    expect(JSON.stringify(mfaEnforcingPolicyDocument({ exemptArns: [BREAK_GLASS] }))).toBe(
      JSON.stringify(second),
    );
  });

  it('drops duplicate exempt ARNs and keeps their order', () => {
    const document = mfaEnforcingPolicyDocument({
      exemptArns: [OPS_BREAK_GLASS, BREAK_GLASS, OPS_BREAK_GLASS],
    });
    expect(deny(document)?.Condition?.ArnNotLike).toEqual({
      'aws:PrincipalArn': [OPS_BREAK_GLASS, BREAK_GLASS],
    });
  });

  it.each([
    'break-glass',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::12345:user/x y',
    'arn:aws:iam::12345:user/alice',
    'arn:aws:iam::123456789012:',
    ' arn:aws:iam::123456789012:user/alice',
  ])('rejects %j as an exempt ARN, naming it', (value) => {
    expect(() => mfaEnforcingPolicyDocument({ exemptArns: [value] })).toThrow(InputError);
    expect(() => mfaEnforcingPolicyDocument({ exemptArns: [value] })).toThrow(value);
  });

  it.each([
    'arn:aws:iam::123456789012:role/BreakGlass',
    'arn:aws-us-gov:iam::123456789012:user/ops/break-glass',
    'arn:aws:iam::*:user/break-glass-?',
  ])('accepts %s', (value) => {
    expect(() => mfaEnforcingPolicyDocument({ exemptArns: [value] })).not.toThrow();
  });
});
