import { describe, expect, it } from 'vitest';
import { findingOf, scanTf } from '../../../test/support/iacFixture.js';
import { unknownValue } from '../../model/unknown.js';
import { literalAccountOf, principalAccountsOf, renameAccount } from './literalAccount.js';

const HERE = '000000000000';
const declared = new Set([`arn:aws:iam::${HERE}:user/alice`, `arn:aws:iam::${HERE}:policy/team/deny`]);

describe('the account code names by number', () => {
  it('is the one whose ARNs name what the code declares', () => {
    expect(literalAccountOf(['arn:aws:iam::123456789012:user/alice'], declared, HERE)).toBe('123456789012');
    expect(
      literalAccountOf(['{"Resource":"arn:aws:iam::123456789012:policy/team/deny"}'], declared, HERE),
    ).toBe('123456789012');
    // A root, or a user the code does not declare, says nothing about which account the code is in.
    expect(literalAccountOf(['arn:aws:iam::123456789012:root'], declared, HERE)).toBeUndefined();
    expect(literalAccountOf(['arn:aws:iam::123456789012:user/bob'], declared, HERE)).toBeUndefined();
    // Two accounts naming declared things: ambiguous, nothing adopted.
    expect(
      literalAccountOf(
        ['arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::210987654321:policy/team/deny'],
        declared,
        HERE,
      ),
    ).toBeUndefined();
  });

  it("is the one an identity policy compares aws:PrincipalAccount with (its principals are the account's)", () => {
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'AWS:PrincipalAccount': ['123456789012'] } },
        },
      ],
    };
    expect([...principalAccountsOf(policy)]).toEqual(['123456789012']);
    expect([...principalAccountsOf(JSON.stringify(policy))]).toEqual(['123456789012']);
    expect(literalAccountOf([], declared, HERE, principalAccountsOf(policy))).toBe('123456789012');
    // Evidence for two accounts is none.
    expect(
      literalAccountOf(['arn:aws:iam::210987654321:user/alice'], declared, HERE, principalAccountsOf(policy)),
    ).toBeUndefined();
  });

  it('is renamed where it stands alone, in strings, lists and objects, never inside another number', () => {
    const unknown = unknownValue('later');
    const renamed = renameAccount(
      { a: ['123456789012', 'arn:aws:iam::123456789012:root', '91234567890123'], b: unknown },
      '123456789012',
      HERE,
    );
    expect(renamed).toEqual({ a: [HERE, `arn:aws:iam::${HERE}:root`, '91234567890123'], b: unknown });
    expect(renamed.b).toBe(unknown);
  });

  it('Terraform: a trust naming the account by number is the account, only when the code says it is', async () => {
    const code = (extra: string) => `
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::123456789012:root"${extra}] }
      Action    = "sts:AssumeRole"
    }]
  })
}
`;
    const alone = await scanTf({ 'main.tf': code('') });
    expect(findingOf(alone, 'role-trust-mfa', 'ops')?.details?.trustedAccounts).toEqual(['123456789012']);
    const named = await scanTf({ 'main.tf': code(', "arn:aws:iam::123456789012:user/alice"') });
    expect(findingOf(named, 'role-trust-mfa', 'ops')?.status).toBe('fail');
    expect(findingOf(named, 'role-trust-mfa', 'ops')?.details?.trustedAccounts).toBeUndefined();
  });

  it('Terraform: a Deny for "any other account" does not apply to the code\'s own users', async () => {
    const result = await scanTf({
      'main.tf': `
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_policy" "alice" {
  name = "everything-here"
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      {
        Effect    = "Deny"
        Action    = "*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalAccount" = "123456789012" } }
      },
    ]
  })
}
`,
    });
    // Read with the placeholder account, the Deny would deny alice everything: a pass she does not deserve.
    expect(findingOf(result, 'console-user-mfa-enforced', 'alice')?.status).toBe('fail');
  });
});
