// Every Terraform file `generate` writes is formatted as terraform fmt would, and our own Terraform scanner
// reads it without an input error or a failing finding; the policy, attached to a group, enforces MFA there.
import { afterAll, describe, expect, it } from 'vitest';
import { terraformFmtProblems, writeTree } from '../../test/support/iacFixture.js';
import { scanTerraform, type IacScanResult } from '../scan/scan.js';
import { generateArtefact, type Artefact } from './generateArtefact.js';

afterAll(() => {
  expect(terraformFmtProblems()).toBe('');
});

const EXEMPT = ['arn:aws:iam::123456789012:user/break-glass', 'arn:aws:iam::*:user/emergency/*'];

const bad = (result: IacScanResult) =>
  result.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'unknown');

const scan = async (files: Record<string, string>) => scanTerraform([writeTree(files)]);

const inGroup = (attachRequireMfa: boolean) => `
resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy_attachment" "developers_admin" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
${
  attachRequireMfa
    ? `
resource "aws_iam_group_policy_attachment" "developers_require_mfa" {
  group      = aws_iam_group.developers.name
  policy_arn = aws_iam_policy.mfa_warden_require_mfa.arn
}
`
    : ''
}
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.developers.name]
}
`;

describe('generate --format terraform', () => {
  it.each<[Artefact, readonly string[]]>([
    ['policy', []],
    ['policy', EXEMPT],
    ['scp', []],
    ['scp', EXEMPT],
    ['config-rules', []],
  ])('%s (exempt ARNs: %j) scans without input errors or failing findings', async (artefact, exemptArns) => {
    const text = generateArtefact(artefact, { format: 'terraform', exemptArns });
    const result = await scan({ 'main.tf': text });
    expect(result.inputErrors).toEqual([]);
    expect(bad(result)).toEqual([]);
    if (artefact === 'policy') {
      // The scanner read the document: both policy-level checks judged it and passed it.
      expect(
        result.findings
          .filter((f) => f.resource.name === 'mfa-warden-require-mfa')
          .map((f) => `${f.check}:${f.status}`),
      ).toEqual(['mfa-condition-sound:pass', 'mfa-exemptions-minimal:pass']);
    }
  });

  it('writes the resource types the spec names', () => {
    expect(generateArtefact('policy', { format: 'terraform' })).toMatch(
      /^resource "aws_iam_policy" "mfa_warden_require_mfa" \{\n {2}name {8}= "mfa-warden-require-mfa"\n[\s\S]* {2}policy = jsonencode\(\{/m,
    );
    expect(generateArtefact('policy', { format: 'terraform' })).toContain(
      '"arn:aws:iam::*:user/$${aws:username}"',
    );
    const scp = generateArtefact('scp', { format: 'terraform' });
    expect(scp).toMatch(/^resource "aws_organizations_policy" /m);
    expect(scp).toContain('  type        = "SERVICE_CONTROL_POLICY"\n');
    expect(scp).toContain('  content = jsonencode({');
    const rules = generateArtefact('config-rules', { format: 'terraform' });
    expect(rules.match(/^resource "aws_config_config_rule" /gm)).toHaveLength(4);
    expect(rules.match(/maximum_execution_frequency = "TwentyFour_Hours"/g)).toHaveLength(4);
    expect(rules).toContain(
      '# root-account-hardware-mfa-enabled (AWS Config managed rule ROOT_ACCOUNT_HARDWARE_MFA_ENABLED',
    );
  });

  it('attached to a group with AdministratorAccess, the policy makes the group and its console user enforce MFA', async () => {
    const policy = generateArtefact('policy', { format: 'terraform' });
    const attached = await scan({ 'main.tf': policy, 'groups.tf': inGroup(true) });
    expect(attached.inputErrors).toEqual([]);
    const status = (result: IacScanResult, check: string) =>
      result.findings.find((f) => f.check === check && ['developers', 'alice'].includes(f.resource.name))
        ?.status;
    expect(status(attached, 'group-mfa-enforced')).toBe('pass');
    expect(status(attached, 'console-user-mfa-enforced')).toBe('pass');
    expect(bad(attached)).toEqual([]);

    // The same account without the attachment: both fail, so the pass above is the policy's doing.
    const detached = await scan({ 'main.tf': policy, 'groups.tf': inGroup(false) });
    expect(status(detached, 'group-mfa-enforced')).toBe('fail');
    expect(status(detached, 'console-user-mfa-enforced')).toBe('fail');
  });

  it('with exempt ARNs attached to a group: the scanner cannot tell members from the exempt principals', async () => {
    // Known limit, pinned so that a change is noticed: scans do not fix aws:PrincipalArn per user, so the
    // ArnNotLike makes the Deny undecided for every member and group-mfa-enforced fails, saying so.
    const policy = generateArtefact('policy', { format: 'terraform', exemptArns: EXEMPT });
    const result = await scan({ 'main.tf': policy, 'groups.tf': inGroup(true) });
    const group = result.findings.find((f) => f.check === 'group-mfa-enforced');
    expect(group?.status).toBe('fail');
    expect(group?.message).toContain('only under conditions that cannot be decided here');
  });
});
