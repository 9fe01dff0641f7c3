// The generated SCP, judged by our own engine for an IAM user (enforced), for an exempt user and for a role
// (the Deny does not apply), and measured against the 5,120-character SCP limit.
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  analyzeEnforcementPolicy,
  isSelfEnrolmentAction,
  loadActionCatalog,
  parsePolicyDocument,
  type ActionCatalog,
} from '../policy/index.js';
import { MFA_SCP_NOT_ACTIONS, SCP_SIZE_LIMIT, mfaScpDocument, scpJson } from './mfaScp.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const ALICE = 'arn:aws:iam::123456789012:user/alice';
const breakGlass = (i: number) => `arn:aws:iam::${String(100000000000 + i)}:user/emergency/break-glass-${i}`;

const analyse = (document: Record<string, unknown>, principalArn?: string) =>
  analyzeEnforcementPolicy(parsePolicyDocument(document, 'scp'), {
    catalog,
    ...(principalArn ? { context: { 'aws:PrincipalArn': principalArn } } : {}),
  });

describe('mfaScpDocument', () => {
  it('denies an IAM user everything but self-enrolment without MFA: enforced', () => {
    const verdict = analyse(mfaScpDocument(), ALICE);
    expect(verdict.verdict).toBe('enforced');
    expect(verdict.byCredential.console.enforced).toBe(true);
    expect(verdict.byCredential.accessKey.enforced).toBe(true);
  });

  it('leaves roles and service-linked roles alone: for them the Deny does not apply', () => {
    const document = mfaScpDocument();
    for (const role of [
      'arn:aws:iam::123456789012:role/deploy',
      'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
    ]) {
      const verdict = analyse(document, role);
      expect(verdict.verdict).toBe('none');
      expect(verdict.byCredential.console.deniedBy).toEqual([]);
    }
  });

  it('is one Deny with NotAction, Resource *, BoolIfExists false and ArnLike on IAM users', () => {
    expect(mfaScpDocument()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyIamUsersWithoutMfa',
          Effect: 'Deny',
          NotAction: [...MFA_SCP_NOT_ACTIONS],
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' },
          },
        },
      ],
    });
    expect(MFA_SCP_NOT_ACTIONS.every(isSelfEnrolmentAction)).toBe(true);
  });

  it('with exempt ARNs: enforced for other users, not applied to the exempt ones', () => {
    const exempt = [breakGlass(1), 'arn:aws:iam::*:user/ops/break-glass']; // an exact ARN and a pattern
    const document = mfaScpDocument({ exemptArns: exempt });
    expect(analyse(document, ALICE).verdict).toBe('enforced');
    for (const arn of [breakGlass(1), 'arn:aws:iam::210987654321:user/ops/break-glass']) {
      const verdict = analyse(document, arn);
      expect(verdict.verdict).toBe('none');
      expect(verdict.byCredential.accessKey.sensitive[0]).toBe('*');
    }
  });

  it('fits the SCP size limit, also with several exempt ARNs, measured on the JSON we write', () => {
    const plain = scpJson(mfaScpDocument());
    expect(plain.length).toBeLessThan(SCP_SIZE_LIMIT / 4);
    const ten = scpJson(mfaScpDocument({ exemptArns: Array.from({ length: 10 }, (_, i) => breakGlass(i)) }));
    expect(ten.length).toBeLessThan(SCP_SIZE_LIMIT);
    expect(JSON.parse(ten)).toEqual(
      mfaScpDocument({ exemptArns: Array.from({ length: 10 }, (_, i) => breakGlass(i)) }),
    );
  });

  it('refuses exempt ARNs that push it past the limit, and accepts the most that fit', () => {
    const arns = (n: number) => Array.from({ length: n }, (_, i) => breakGlass(i));
    const fits = (n: number) => {
      try {
        mfaScpDocument({ exemptArns: arns(n) });
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return false;
      }
    };
    let most = 0;
    while (fits(most + 1) && most < 500) most++;
    expect(most).toBeGreaterThan(30);
    expect(most).toBeLessThan(500);

    // The most that fit are within the limit; one more ARN would really be over it.
    const largest = mfaScpDocument({ exemptArns: arns(most) });
    expect(scpJson(largest).length).toBeLessThanOrEqual(SCP_SIZE_LIMIT);
    type Scp = { Statement: { Condition: { ArnNotLike: { 'aws:PrincipalArn': string[] } } }[] };
    (largest as unknown as Scp).Statement[0]?.Condition.ArnNotLike['aws:PrincipalArn'].push(breakGlass(most));
    expect(scpJson(largest).length).toBeGreaterThan(SCP_SIZE_LIMIT);
    expect(() => mfaScpDocument({ exemptArns: arns(most + 1) })).toThrow(
      new RegExp(`with ${most + 1} exempt ARNs, over the 5,120-character limit for service control policies`),
    );
  });

  it('rejects a value that is not an IAM ARN, naming it', () => {
    expect(() => mfaScpDocument({ exemptArns: ['alice'] })).toThrow(/--exempt-arn "alice" is not an IAM ARN/);
  });
});
