import { describe, expect, it } from 'vitest';
import { writeTree } from '../../test/support/iacFixture.js';
import { ACCOUNT, roleDetail, snapshot } from '../../test/support/rawSnapshot.js';
import { loadCloudFormation } from '../adapters/cloudformation/loadCloudFormation.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { loadTerraform } from '../adapters/terraform/loadTerraform.js';
import type { Account } from '../model/account.js';
import { unknownValue } from '../model/unknown.js';
import type { CheckResult } from './check.js';
import { roleTrustMfa } from './roleTrustMfa.js';

const OTHER = '999988887777';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const MFA_TRUE = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

function trustDoc(...statements: Record<string, unknown>[]): string {
  // As the API returns it: URL-encoded JSON.
  return encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
}
const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...extra,
});

function run(account: Account): Record<string, CheckResult> {
  return Object.fromEntries(roleTrustMfa.run(account).map((r) => [r.resource.name, r]));
}

describe('role-trust-mfa on a live account model', () => {
  const results = run(
    buildAccount(
      snapshot({
        roles: [
          roleDetail('open-to-account', trustDoc(allow({ AWS: ROOT }))),
          roleDetail('mfa-required', trustDoc(allow({ AWS: ROOT }, { Condition: MFA_TRUE }))),
          roleDetail(
            'ifexists-allow',
            trustDoc(
              allow({ AWS: ROOT }, { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }),
            ),
          ),
          roleDetail(
            'deny-without-mfa',
            trustDoc(allow({ AWS: ACCOUNT }), {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sts:AssumeRole',
              Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
            }),
          ),
          roleDetail('one-user', trustDoc(allow({ AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }))),
          roleDetail('cross-account', trustDoc(allow({ AWS: `arn:aws:iam::${OTHER}:root` }))),
          roleDetail(
            'cross-account-mfa',
            trustDoc(allow({ AWS: `arn:aws:iam::${OTHER}:root` }, { Condition: MFA_TRUE })),
          ),
          roleDetail('ec2', trustDoc(allow({ Service: 'ec2.amazonaws.com' }))),
          roleDetail(
            'saml',
            trustDoc({
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/okta` },
              Action: 'sts:AssumeRoleWithSAML',
              Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
            }),
          ),
          roleDetail('chained', trustDoc(allow({ AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` }))),
          roleDetail('AWSServiceRoleForSupport', trustDoc(allow({ Service: 'support.amazonaws.com' })), {
            Path: '/aws-service-role/support.amazonaws.com/',
          }),
          roleDetail(
            'broken',
            trustDoc({
              Effect: 'Allow',
              Principal: { AWS: ROOT },
              Action: 'sts:AssumeRole',
              Condition: { Bool: 'x' },
            }),
          ),
        ],
      }),
    ),
  );

  it('fails a role any user of the account can assume without MFA, naming both ways in', () => {
    const open = results['open-to-account'];
    expect(open?.status).toBe('fail');
    expect(open?.message).toMatch(
      /IAM users of account 123456789012 can assume it without MFA with an access key and from a console session/,
    );
    expect(open?.resource.type).toBe('AWS::IAM::Role');
    expect(open?.remediation?.cli?.at(-1)).toMatch(
      /^aws iam update-assume-role-policy --role-name open-to-account /,
    );
  });

  it('passes Bool true in the Allow, and a Deny on the absence of MFA', () => {
    expect(results['mfa-required']?.status).toBe('pass');
    expect(results['deny-without-mfa']?.status).toBe('pass');
    expect(results['deny-without-mfa']?.message).toMatch(/Statement\[1\] denies it/);
  });

  it('fails BoolIfExists true in the Allow: an access key carries no MFA key, so it gets in', () => {
    const weak = results['ifexists-allow'];
    expect(weak?.status).toBe('fail');
    expect(weak?.message).toMatch(/with an access key/);
    expect(weak?.message).not.toMatch(/console session/);
    expect(weak?.details?.withoutMfa).toEqual([
      expect.objectContaining({ credentials: ['access-key'], kind: 'account' }),
    ]);
  });

  it('judges a role trusting one user as that user', () => {
    expect(results['one-user']?.status).toBe('fail');
    expect(results['one-user']?.message).toContain('user arn:aws:iam::123456789012:user/alice');
  });

  it('reports cross-account trust with the trusted account id, pass or fail', () => {
    expect(results['cross-account']?.status).toBe('fail');
    expect(results['cross-account']?.details?.trustedAccounts).toEqual([OTHER]);
    expect(results['cross-account']?.message).toContain(`Cross-account trust (${OTHER})`);
    expect(results['cross-account-mfa']?.status).toBe('pass');
    expect(results['cross-account-mfa']?.details?.trustedAccounts).toEqual([OTHER]);
  });

  it('passes roles trusted only by services, SAML/OIDC providers or other roles, saying why', () => {
    expect(results.ec2?.status).toBe('pass');
    expect(results.ec2?.message).toContain('AWS services (ec2.amazonaws.com)');
    expect(results.saml?.status).toBe('pass');
    expect(results.saml?.message).toMatch(/SAML\/OIDC providers .*identity provider/);
    expect(results.chained?.status).toBe('pass');
    expect(results.chained?.message).toContain('roles (arn:aws:iam::123456789012:role/deploy)');
  });

  it('does not evaluate service-linked roles, and errs on a trust policy IAM would reject', () => {
    expect(results.AWSServiceRoleForSupport).toBeUndefined();
    expect(results.broken?.status).toBe('error');
  });

  it('errs when the roles could not be read, never passes', () => {
    const account = {
      ...buildAccount(snapshot({})),
      roles: unknownValue('GetAccountAuthorizationDetails failed'),
    };
    expect(roleTrustMfa.run(account).map((r) => r.status)).toEqual(['error']);
  });
});

describe('role-trust-mfa in code', () => {
  async function terraformResults(main: string): Promise<Record<string, CheckResult>> {
    const loaded = await loadTerraform([writeTree({ 'main.tf': main })]);
    expect(loaded.errors).toEqual([]);
    return run(loaded.targets[0]!.account);
  }

  it('Terraform: aws_iam_policy_document with principals and an MFA condition, and without', async () => {
    const results = await terraformResults(`
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "with_mfa" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

data "aws_iam_policy_document" "without_mfa" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${OTHER}:root"]
    }
  }
}

resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = data.aws_iam_policy_document.with_mfa.json
}

resource "aws_iam_role" "partner" {
  name               = "partner"
  assume_role_policy = data.aws_iam_policy_document.without_mfa.json
}

resource "aws_iam_role" "lambda" {
  name = "lambda"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
`);
    expect(results.admin?.status).toBe('pass');
    expect(results.partner?.status).toBe('fail');
    expect(results.partner?.details?.trustedAccounts).toEqual([OTHER]);
    expect(results.lambda?.status).toBe('pass');
  });

  it('CloudFormation: AssumeRolePolicyDocument with and without the MFA condition', async () => {
    const dir = writeTree({
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: 'true'
  Open:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Ref AWS::AccountId
            Action: sts:AssumeRole
`,
    });
    const loaded = await loadCloudFormation([`${dir}/template.yaml`]);
    expect(loaded.errors).toEqual([]);
    const results = roleTrustMfa.run(loaded.targets[0]!.account);
    const byStatus = Object.fromEntries(results.map((r) => [r.resource.name, r.status]));
    // A role without RoleName gets a generated name, as CloudFormation gives it.
    expect(byStatus).toEqual({ admin: 'pass', 'STACK-Open-GENERATED': 'fail' });
    const open = results.find((r) => r.status === 'fail');
    expect(open?.remediation?.cloudformation).toContain('aws:MultiFactorAuthPresent');
    expect(open?.remediation?.cli).toBeUndefined();
  });
});
