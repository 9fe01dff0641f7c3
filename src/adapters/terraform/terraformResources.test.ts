import { afterAll, describe, expect, it } from 'vitest';
import {
  findingOf,
  scanTf,
  statusOf,
  terraformFmtProblems,
  writeTree,
} from '../../../test/support/iacFixture.js';
import { isUnknown } from '../../model/unknown.js';
import { enforcingJson, group, groupWithInlinePolicy, managedPolicy } from './terraformFixtures.js';
import { loadTerraform } from './loadTerraform.js';

// Pass/fail pairs for each resource type and construct the adapter maps; each pair differs in one place.

const GROUP = 'group-mfa-enforced';
const CONSOLE = 'console-user-mfa-enforced';

afterAll(() => {
  expect(terraformFmtProblems()).toBe('');
});

const consoleUser = (name: string) => `resource "aws_iam_user" "${name}" {
  name = "${name}"
}

resource "aws_iam_user_login_profile" "${name}" {
  user = aws_iam_user.${name}.name
}

resource "aws_iam_user_policy_attachment" "${name}_admin" {
  user       = aws_iam_user.${name}.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`;

describe('Terraform resource types', () => {
  it('aws_iam_group_policy_attachments_exclusive', async () => {
    const tf = (arn: string) => `${group('support')}
${managedPolicy('mfa', enforcingJson())}
resource "aws_iam_group_policy_attachments_exclusive" "support" {
  group_name  = aws_iam_group.support.name
  policy_arns = [${arn}]
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('aws_iam_policy.mfa.arn') }), GROUP, 'support')).toBe(
      'pass',
    );
    expect(
      statusOf(await scanTf({ 'main.tf': tf('"arn:aws:iam::aws:policy/ReadOnlyAccess"') }), GROUP, 'support'),
    ).toBe('fail');
  });

  it('aws_iam_group_policies_exclusive: a kept inline policy not in code is unknown', async () => {
    const tf = (names: string) => `${groupWithInlinePolicy(enforcingJson())}
resource "aws_iam_group_policies_exclusive" "support" {
  group_name   = aws_iam_group.support.name
  policy_names = [${names}]
}
`;
    expect(
      statusOf(await scanTf({ 'main.tf': tf('aws_iam_group_policy.support_mfa.name') }), GROUP, 'support'),
    ).toBe('pass');
    const outside = await scanTf({ 'main.tf': tf('"require-mfa", "legacy"') });
    expect(statusOf(outside, GROUP, 'support')).toBe('unknown');
    expect(findingOf(outside, GROUP, 'support')?.message).toMatch(/legacy/);
  });

  it('aws_iam_group_membership puts console users in an enforcing group', async () => {
    const tf = (group: string) => `${groupWithInlinePolicy(enforcingJson())}
${consoleUser('alice')}
resource "aws_iam_group_membership" "support" {
  name  = "support-members"
  group = ${group}
  users = [aws_iam_user.alice.name]
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('aws_iam_group.support.name') }), CONSOLE, 'alice')).toBe(
      'pass',
    );
    expect(statusOf(await scanTf({ 'main.tf': tf('"nobody"') }), CONSOLE, 'alice')).toBe('unknown');
  });

  it('aws_iam_user_policy enforces on the user itself', async () => {
    const tf = (operator: string) => `${consoleUser('alice')}
resource "aws_iam_user_policy" "alice_mfa" {
  name = "require-mfa"
  user = aws_iam_user.alice.name
  policy = ${enforcingJson(operator)}
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('BoolIfExists') }), CONSOLE, 'alice')).toBe('pass');
    expect(statusOf(await scanTf({ 'main.tf': tf('Bool') }), CONSOLE, 'alice')).toBe('fail');
  });

  it('a user without a login profile has no console password', async () => {
    const result = await scanTf({
      'main.tf': `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
`,
    });
    expect(findingOf(result, CONSOLE, 'ci')?.message).toMatch(/no console password/);
    const user = result.account.users;
    expect(isUnknown(user) ? undefined : user[0]?.activeAccessKeys).toBe(1);
  });

  it('aws_iam_role: trust policy, inline_policy blocks, managed_policy_arns and role attachments', async () => {
    const dir = writeTree({
      'main.tf': `resource "aws_iam_role" "deploy" {
  name = "deploy"
  path = "/ci/"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  tags                = { mfa-exempt = "approved" }
  inline_policy {
    name   = "s3"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
  }
}

resource "aws_iam_role_policy_attachment" "deploy_admin" {
  role       = aws_iam_role.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`,
    });
    const loaded = await loadTerraform([dir]);
    const roles = loaded.targets[0]?.account.roles;
    const role = isUnknown(roles) ? undefined : roles?.[0];
    expect(role?.arn).toBe('arn:aws:iam::000000000000:role/ci/deploy');
    expect(role?.inlinePolicies.map((p) => p.name)).toEqual(['s3']);
    expect(role?.attachedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(JSON.stringify(role?.assumeRolePolicy?.document)).toMatch(/111122223333/);
    expect(role?.tags).toEqual({ 'mfa-exempt': 'approved' });
  });

  it('data.aws_iam_policy reads AWS managed policies from the snapshot; others are unknown', async () => {
    const tf = (name: string) => `${group('support')}
data "aws_iam_policy" "managed" {
  name = "${name}"
}

resource "aws_iam_group_policy" "copy" {
  group  = aws_iam_group.support.name
  policy = data.aws_iam_policy.managed.policy
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('ReadOnlyAccess') }), GROUP, 'support')).toBe('fail');
    expect(statusOf(await scanTf({ 'main.tf': tf('our-own-policy') }), GROUP, 'support')).toBe('unknown');
  });

  it('a permissions boundary that is an AWS managed policy limits what a user can reach', async () => {
    const tf = (boundary: string) => `resource "aws_iam_user" "alice" {
  name                 = "alice"
  permissions_boundary = "arn:aws:iam::aws:policy/${boundary}"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_policy_attachment" "alice" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}
`;
    // The boundary intersects: with an EC2-only boundary nothing S3 is reachable; with admin, S3 reads are.
    expect(statusOf(await scanTf({ 'main.tf': tf('AmazonEC2ReadOnlyAccess') }), CONSOLE, 'alice')).toBe(
      'pass',
    );
    expect(statusOf(await scanTf({ 'main.tf': tf('AdministratorAccess') }), CONSOLE, 'alice')).toBe('fail');
  });

  it('an unmodelled data source used as a policy is unknown, naming it', async () => {
    const result = await scanTf({
      'main.tf': `${group('support')}
data "aws_ssm_parameter" "policy" {
  name = "/iam/require-mfa"
}

resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.support.name
  policy = data.aws_ssm_parameter.policy.value
}
`,
    });
    expect(statusOf(result, GROUP, 'support')).toBe('unknown');
    expect(findingOf(result, GROUP, 'support')?.message).toMatch(/aws_ssm_parameter/);
  });
});

describe('Terraform constructs', () => {
  it('count, count.index, element() and splat attach one policy to every group', async () => {
    const tf = (names: string) => `locals {
  teams = [${names}]
}

resource "aws_iam_group" "team" {
  count = length(local.teams)
  name  = element(local.teams, count.index)
}

${managedPolicy('mfa', enforcingJson())}
resource "aws_iam_policy_attachment" "mfa" {
  name       = "mfa"
  groups     = slice(aws_iam_group.team[*].name, 0, 2)
  policy_arn = aws_iam_policy.mfa.arn
}
`;
    const result = await scanTf({ 'main.tf': tf('"red", "blue", "green"') });
    expect(statusOf(result, GROUP, 'red')).toBe('pass');
    expect(statusOf(result, GROUP, 'blue')).toBe('pass');
    expect(statusOf(result, GROUP, 'green')).toBe('fail');
    expect(findingOf(result, GROUP, 'green')?.resource.source).toMatchObject({
      address: 'aws_iam_group.team[2]',
    });
  });

  it('for expressions, conditionals, format and merge decide what is attached', async () => {
    const tf = (strict: string) => `variable "strict" {
  type    = bool
  default = ${strict}
}

locals {
  base  = { support = "arn:aws:iam::aws:policy/ReadOnlyAccess" }
  extra = var.strict ? { support = aws_iam_policy.mfa.arn } : {}
  all   = merge(local.base, local.extra)
  names = { for k, v in local.all : format("%s-group", k) => v }
}

${managedPolicy('mfa', enforcingJson())}
resource "aws_iam_group" "g" {
  for_each = local.names
  name     = each.key
}

resource "aws_iam_group_policy_attachment" "g" {
  for_each   = local.names
  group      = aws_iam_group.g[each.key].name
  policy_arn = each.value
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('true') }), GROUP, 'support-group')).toBe('pass');
    expect(statusOf(await scanTf({ 'main.tf': tf('false') }), GROUP, 'support-group')).toBe('fail');
  });

  it('override_policy_documents replaces a statement by sid, as the provider does', async () => {
    const tf = (overrideTest: string) => `${group('support')}
data "aws_iam_policy_document" "base" {
  statement {
    sid         = "DenyWithoutMfa"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "override" {
  statement {
    sid         = "DenyWithoutMfa"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "${overrideTest}"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
}

resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.support.name
  policy = data.aws_iam_policy_document.merged.json
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('BoolIfExists') }), GROUP, 'support')).toBe('pass');
    expect(statusOf(await scanTf({ 'main.tf': tf('Bool') }), GROUP, 'support')).toBe('fail');
  });
});

describe('Terraform: names IAM keeps unique', () => {
  it('a group declared twice is reported and cannot pass', async () => {
    const result = await scanTf({
      'main.tf': `${groupWithInlinePolicy(enforcingJson())}
resource "aws_iam_group" "again" {
  name = "support"
}
`,
    });
    expect(statusOf(result, GROUP, 'support')).toBe('unknown');
    expect(findingOf(result, GROUP, 'support')?.message).toMatch(/declared twice/);
    expect(JSON.stringify(result.summary.collectionIssues)).toMatch(/IAM names are unique/);
  });
});

describe('Terraform: references to other resources', () => {
  it('reads a non-IAM resource only when a policy refers to it (bucket ARN), at its own line', async () => {
    const tf = (bucket: string) => `resource "aws_s3_bucket" "logs" {
  bucket = "${bucket}"
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_policy" "logs" {
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.logs.arn}/*" }]
  })
}
`;
    const result = await scanTf({ 'main.tf': tf('acme-logs') });
    const finding = findingOf(result, CONSOLE, 'alice');
    expect(finding?.status).toBe('fail');
    expect(JSON.stringify(finding?.details)).toMatch(/s3/);
  });
});

describe('Terraform: Allow statements on resources known only after apply', () => {
  const tf = (effect: string) => `resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_policy" "jobs" {
  user = aws_iam_user.alice.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "${effect}", Action = "sqs:SendMessage", Resource = aws_sqs_queue.jobs.arn }]
  })
}
`;

  it('an Allow on an unknown ARN is judged as if on every resource: sound, and still a verdict', async () => {
    const result = await scanTf({ 'main.tf': tf('Allow') });
    expect(statusOf(result, CONSOLE, 'alice')).toBe('fail');
  });

  it('a Deny on an unknown ARN keeps the document unknown', async () => {
    const result = await scanTf({ 'main.tf': tf('Deny') });
    expect(statusOf(result, CONSOLE, 'alice')).toBe('unknown');
    expect(findingOf(result, CONSOLE, 'alice')?.message).toMatch(/aws_sqs_queue\.jobs\.arn/);
  });
});

describe('Terraform: enforce-mfa from its Git source', () => {
  it('reads the release from ?ref=', async () => {
    const tf = (ref: string) => `resource "aws_iam_group" "support" {
  name = "support"
}

module "enforce_mfa" {
  source = "git::https://github.com/terraform-module/terraform-aws-enforce-mfa.git?ref=${ref}"
  groups = [aws_iam_group.support.name]
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('v0.12.0') }), GROUP, 'support')).toBe('pass');
    expect(statusOf(await scanTf({ 'main.tf': tf('v1.2.0') }), GROUP, 'support')).toBe('fail');
  });
});

describe('Terraform: policy documents on resources known only after apply', () => {
  const tf = (effect: string) => `resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

data "aws_iam_policy_document" "jobs" {
  statement {
    effect    = "${effect}"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.jobs.arn]
  }
}

resource "aws_iam_user_policy" "jobs" {
  user   = aws_iam_user.alice.name
  policy = data.aws_iam_policy_document.jobs.json
}
`;

  it('an Allow statement block is widened; a Deny keeps the document unknown', async () => {
    expect(statusOf(await scanTf({ 'main.tf': tf('Allow') }), CONSOLE, 'alice')).toBe('fail');
    expect(statusOf(await scanTf({ 'main.tf': tf('Deny') }), CONSOLE, 'alice')).toBe('unknown');
  });
});

describe('Terraform: variable types', () => {
  it('fills optional() object attributes with their defaults, as Terraform does', async () => {
    const tf = (fallback: string) => `variable "users" {
  type = list(object({
    name    = string
    console = optional(bool, ${fallback})
  }))
  default = [{ name = "ann" }]
}

resource "aws_iam_user" "u" {
  for_each = { for u in var.users : u.name => u }
  name     = each.key
}

resource "aws_iam_user_login_profile" "u" {
  for_each = { for u in var.users : u.name => u if u.console }
  user     = aws_iam_user.u[each.key].name
}

resource "aws_iam_user_policy_attachment" "admin" {
  for_each   = aws_iam_user.u
  user       = each.value.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`;
    expect(findingOf(await scanTf({ 'main.tf': tf('false') }), CONSOLE, 'ann')?.message).toMatch(
      /no console password/,
    );
    expect(statusOf(await scanTf({ 'main.tf': tf('true') }), CONSOLE, 'ann')).toBe('fail');
  });
});

describe('Terraform: override files', () => {
  it('merges override.tf into the block it names, as Terraform does', async () => {
    const files = (operator: string) => ({
      'main.tf': groupWithInlinePolicy(enforcingJson()),
      'override.tf': `resource "aws_iam_group_policy" "support_mfa" {
  policy = ${enforcingJson(operator)}
}
`,
    });
    expect(statusOf(await scanTf(files('BoolIfExists')), GROUP, 'support')).toBe('pass');
    expect(statusOf(await scanTf(files('Bool')), GROUP, 'support')).toBe('fail');
  });
});

describe('Terraform: count on a module', () => {
  it('gives each module instance its own address and values', async () => {
    const result = await scanTf({
      'main.tf': `locals {
  teams = ["red", "blue"]
}

module "team" {
  count  = length(local.teams)
  source = "./team"
  name   = local.teams[count.index]
}
`,
      'team/main.tf': `variable "name" {
  type = string
}

${groupWithInlinePolicy(enforcingJson('BoolIfExists'), 'this').replace('name = "this"', 'name = var.name')}`,
    });
    expect(findingOf(result, GROUP, 'blue')?.resource.source).toMatchObject({
      address: 'module.team[1].aws_iam_group.this',
    });
    expect(statusOf(result, GROUP, 'red')).toBe('pass');
  });
});

describe('Terraform: outputs of the modelled enforce-mfa module', () => {
  it('its arn output attaches its policy elsewhere', async () => {
    const tf = (explicit: string) => `${group('support')}
module "enforce_mfa" {
  source               = "terraform-module/enforce-mfa/aws"
  version              = "1.2.0"
  manage_explicit_deny = ${explicit}
}

resource "aws_iam_group_policy_attachment" "mfa" {
  group      = aws_iam_group.support.name
  policy_arn = module.enforce_mfa.arn
}
`;
    expect(statusOf(await scanTf({ 'main.tf': tf('true') }), GROUP, 'support')).toBe('pass');
    expect(statusOf(await scanTf({ 'main.tf': tf('false') }), GROUP, 'support')).toBe('fail');
  });
});
