import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findingOf,
  scanTf,
  statusOf,
  terraformFmtProblems,
  writeTree,
} from '../../../test/support/iacFixture.js';
import { scanTerraform } from '../../scan/scan.js';
import { enforcingJson, group, groupWithInlinePolicy, managedPolicy } from './terraformFixtures.js';

const GROUP = 'group-mfa-enforced';
const CONSOLE = 'console-user-mfa-enforced';

afterAll(() => {
  // Every fixture the tests wrote is valid, canonically formatted Terraform.
  expect(terraformFmtProblems()).toBe('');
});

describe('Terraform: the seed examples (tfsec/Trivy aws-iam-enforce-mfa)', () => {
  it('fails both groups of the insecure example, written as the seed writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-seed-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'data aws_caller_identity current {}\n\nresource aws_iam_group support {\n  name =  "support"\n}\n\nresource aws_iam_group developers {\n  name =  "developers"\n}\n',
    );
    const result = await scanTerraform([dir]);
    expect(statusOf(result, GROUP, 'support')).toBe('fail');
    expect(statusOf(result, GROUP, 'developers')).toBe('fail');
    expect(findingOf(result, GROUP, 'support')?.resource.source).toMatchObject({
      kind: 'iac',
      line: 3,
      address: 'aws_iam_group.support',
    });
  });

  it('passes support in the secure example (enforce-mfa 0.12.0, modelled without terraform init)', async () => {
    const result = await scanTerraform(['examples/terraform/seed-secure']);
    expect(statusOf(result, GROUP, 'support')).toBe('pass');
    expect(result.summary.notApplicable).toEqual([
      'root-mfa',
      'root-hardware-mfa',
      'console-user-mfa',
      'user-mfa',
    ]);
    expect(result.findings.filter((f) => f.status === 'unknown')).toEqual([]);
  });
});

describe('Terraform: policies judged by the engine, not by a string', () => {
  it('passes an enforcing inline policy and fails each near miss (one line changed)', async () => {
    expect(
      statusOf(await scanTf({ 'main.tf': groupWithInlinePolicy(enforcingJson()) }), GROUP, 'support'),
    ).toBe('pass');
    // Plain Bool: long-term access keys carry no MFA key, so the Deny does not apply to them.
    expect(
      statusOf(await scanTf({ 'main.tf': groupWithInlinePolicy(enforcingJson('Bool')) }), GROUP, 'support'),
    ).toBe('fail');
    // Inverted value: denies requests WITH MFA.
    expect(
      statusOf(
        await scanTf({
          'main.tf': groupWithInlinePolicy(
            enforcingJson('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'),
          ),
        }),
        GROUP,
        'support',
      ),
    ).toBe('fail');
    // Condition keys are case-insensitive in IAM.
    expect(
      statusOf(
        await scanTf({
          'main.tf': groupWithInlinePolicy(enforcingJson('BoolIfExists', 'aws:multifactorauthpresent')),
        }),
        GROUP,
        'support',
      ),
    ).toBe('pass');
  });

  it('fails a Deny on s3:* only and an Allow-only MFA condition', async () => {
    const s3Only = `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "s3:*"
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })`;
    const allowOnly = `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "*"
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })`;
    expect(statusOf(await scanTf({ 'main.tf': groupWithInlinePolicy(s3Only) }), GROUP, 'support')).toBe(
      'fail',
    );
    expect(statusOf(await scanTf({ 'main.tf': groupWithInlinePolicy(allowOnly) }), GROUP, 'support')).toBe(
      'fail',
    );
  });

  it('finds enforcement in a second attached policy and through aws_iam_policy_attachment', async () => {
    const second = `${group('support')}
${managedPolicy('require_mfa', enforcingJson())}
resource "aws_iam_group_policy_attachment" "read_only" {
  group      = aws_iam_group.support.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_group_policy_attachment" "mfa" {
  group      = aws_iam_group.support.name
  policy_arn = aws_iam_policy.require_mfa.arn
}
`;
    expect(statusOf(await scanTf({ 'main.tf': second }), GROUP, 'support')).toBe('pass');
    const viaPolicyAttachment = `${group('support')}
${group('ops')}
${managedPolicy('require_mfa', enforcingJson())}
resource "aws_iam_policy_attachment" "mfa" {
  name       = "require_mfa"
  groups     = [aws_iam_group.support.name]
  policy_arn = aws_iam_policy.require_mfa.arn
}
`;
    const result = await scanTf({ 'main.tf': viaPolicyAttachment });
    expect(statusOf(result, GROUP, 'support')).toBe('pass');
    expect(statusOf(result, GROUP, 'ops')).toBe('fail');
  });

  it('renders data.aws_iam_policy_document, including dynamic statements', async () => {
    const doc = (test: string) => `${group('support')}
locals {
  exempt = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
}

data "aws_iam_policy_document" "mfa" {
  dynamic "statement" {
    for_each = [local.exempt]
    content {
      sid         = "DenyWithoutMfa"
      effect      = "Deny"
      not_actions = statement.value
      resources   = ["*"]
      condition {
        test     = "${test}"
        variable = "aws:MultiFactorAuthPresent"
        values   = ["false"]
      }
    }
  }
}

resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.support.name
  policy = data.aws_iam_policy_document.mfa.json
}
`;
    expect(statusOf(await scanTf({ 'main.tf': doc('BoolIfExists') }), GROUP, 'support')).toBe('pass');
    expect(statusOf(await scanTf({ 'main.tf': doc('Bool') }), GROUP, 'support')).toBe('fail');
  });

  it('reads policies from heredocs, file() and templatefile()', async () => {
    const json = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            NotAction: [
              'iam:CreateVirtualMFADevice',
              'iam:EnableMFADevice',
              'iam:ListMFADevices',
              'sts:GetSessionToken',
            ],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      },
      null,
      2,
    );
    const heredoc = `${group('support')}
resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.support.name
  policy = <<-EOT
    ${json.split('\n').join('\n    ')}
  EOT
}
`;
    expect(statusOf(await scanTf({ 'main.tf': heredoc }), GROUP, 'support')).toBe('pass');
    const viaFile = `${group('support')}
resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.support.name
  policy = file("\${path.module}/policies/mfa.json")
}
`;
    expect(statusOf(await scanTf({ 'main.tf': viaFile, 'policies/mfa.json': json }), GROUP, 'support')).toBe(
      'pass',
    );
    const template = json.replace('"false"', '"${value}"');
    const viaTemplate = (value: string) => `${group('support')}
resource "aws_iam_group_policy" "mfa" {
  group  = aws_iam_group.support.name
  policy = templatefile("\${path.module}/mfa.json.tftpl", { value = "${value}" })
}
`;
    expect(
      statusOf(
        await scanTf({ 'main.tf': viaTemplate('false'), 'mfa.json.tftpl': template }),
        GROUP,
        'support',
      ),
    ).toBe('pass');
    expect(
      statusOf(
        await scanTf({ 'main.tf': viaTemplate('true'), 'mfa.json.tftpl': template }),
        GROUP,
        'support',
      ),
    ).toBe('fail');
  });
});

describe('Terraform: variables, unknowns and modules', () => {
  const byVariable = `variable "mfa_operator" {
  type = string
}

${groupWithInlinePolicy(enforcingJson('(var.mfa_operator)'))}`;

  it('an unset variable makes the verdict unknown, never pass; --var and tfvars resolve it', async () => {
    const unset = await scanTf({ 'main.tf': byVariable });
    expect(statusOf(unset, GROUP, 'support')).toBe('unknown');
    expect(findingOf(unset, GROUP, 'support')?.message).toMatch(/mfa_operator.*--var/);
    expect(
      statusOf(
        await scanTf({ 'main.tf': byVariable }, { vars: ['mfa_operator=BoolIfExists'] }),
        GROUP,
        'support',
      ),
    ).toBe('pass');
    expect(
      statusOf(
        await scanTf({ 'main.tf': byVariable, 'terraform.tfvars': 'mfa_operator = "Bool"\n' }),
        GROUP,
        'support',
      ),
    ).toBe('fail');
    // Precedence: --var beats terraform.tfvars, *.auto.tfvars beats terraform.tfvars, TF_VAR_ is lowest.
    expect(
      statusOf(
        await scanTf(
          { 'main.tf': byVariable, 'terraform.tfvars': 'mfa_operator = "Bool"\n' },
          { vars: ['mfa_operator=BoolIfExists'] },
        ),
        GROUP,
        'support',
      ),
    ).toBe('pass');
    expect(
      statusOf(
        await scanTf({
          'main.tf': byVariable,
          'terraform.tfvars': 'mfa_operator = "Bool"\n',
          'x.auto.tfvars': 'mfa_operator = "BoolIfExists"\n',
        }),
        GROUP,
        'support',
      ),
    ).toBe('pass');
    expect(
      statusOf(
        await scanTf({ 'main.tf': byVariable }, { env: { TF_VAR_mfa_operator: 'BoolIfExists' } }),
        GROUP,
        'support',
      ),
    ).toBe('pass');
    const varFile = writeTree({ 'ci.tfvars': 'mfa_operator = "Bool"\n' });
    expect(
      statusOf(
        await scanTf({ 'main.tf': byVariable }, { varFiles: [join(varFile, 'ci.tfvars')] }),
        GROUP,
        'support',
      ),
    ).toBe('fail');
  });

  it('resolves for_each module instances separately, with their addresses', async () => {
    const result = await scanTerraform(['examples/terraform/realistic']);
    const platform = findingOf(result, GROUP, 'platform');
    expect(platform?.status).toBe('pass');
    expect(platform?.resource.source).toMatchObject({
      address: 'module.team["platform"].aws_iam_group.this',
    });
    expect(statusOf(result, GROUP, 'interns')).toBe('fail');
    // dave is a console user in the interns group, which does not enforce MFA; alice's group does.
    expect(statusOf(result, CONSOLE, 'dave')).toBe('fail');
    expect(statusOf(result, CONSOLE, 'alice')).toBe('pass');
    expect(statusOf(result, CONSOLE, 'bob')).toBe('pass');
    expect(findingOf(result, CONSOLE, 'bob')?.message).toMatch(/no console password/);
  });

  it('keeps two instances of one module apart, and count on a module', async () => {
    const files = {
      'main.tf': `module "a" {
  source = "./team"
  name   = "a"
  mfa    = true
}

module "b" {
  source = "./team"
  name   = "b"
  mfa    = false
}
`,
      'team/main.tf': `variable "name" {
  type = string
}

variable "mfa" {
  type = bool
}

resource "aws_iam_group" "this" {
  name = var.name
}

${managedPolicy('this', enforcingJson()).replace('name   = "this"', 'name   = "${var.name}-mfa"')}
resource "aws_iam_group_policy_attachment" "this" {
  count      = var.mfa ? 1 : 0
  group      = aws_iam_group.this.name
  policy_arn = aws_iam_policy.this.arn
}
`,
    };
    const result = await scanTf(files);
    expect(statusOf(result, GROUP, 'a')).toBe('pass');
    expect(statusOf(result, GROUP, 'b')).toBe('fail');
  });

  it('an unknown count makes the attachment uncertain: unknown, not pass', async () => {
    const files = {
      'main.tf': `variable "enforce" {
  type = bool
}

${group('support')}
${managedPolicy('mfa', enforcingJson())}
resource "aws_iam_group_policy_attachment" "mfa" {
  count      = var.enforce ? 1 : 0
  group      = aws_iam_group.support.name
  policy_arn = aws_iam_policy.mfa.arn
}
`,
    };
    expect(statusOf(await scanTf(files), GROUP, 'support')).toBe('unknown');
    expect(statusOf(await scanTf(files, { vars: ['enforce=true'] }), GROUP, 'support')).toBe('pass');
    expect(statusOf(await scanTf(files, { vars: ['enforce=false'] }), GROUP, 'support')).toBe('fail');
  });

  it('a registry module that is not on disk makes what it is given unknown, with the hint', async () => {
    const files = {
      'main.tf': `${group('support')}
${group('other')}
module "mfa" {
  source = "acme/mfa-policy/aws"
  groups = [aws_iam_group.support.name]
}
`,
    };
    const result = await scanTf(files);
    expect(statusOf(result, GROUP, 'support')).toBe('unknown');
    expect(findingOf(result, GROUP, 'support')?.message).toMatch(/terraform init/);
    expect(statusOf(result, GROUP, 'other')).toBe('fail');
  });

  it('reads a downloaded module through .terraform/modules/modules.json', async () => {
    const files = {
      'main.tf': `${group('support')}
module "mfa" {
  source = "acme/mfa-policy/aws"
  group  = aws_iam_group.support.name
}
`,
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'mfa', Source: 'acme/mfa-policy/aws', Dir: '.terraform/modules/mfa' },
        ],
      }),
      '.terraform/modules/mfa/main.tf': `variable "group" {
  type = string
}

resource "aws_iam_group_policy" "mfa" {
  group  = var.group
  policy = ${enforcingJson()}
}
`,
    };
    expect(statusOf(await scanTf(files), GROUP, 'support')).toBe('pass');
  });

  it('models enforce-mfa by version: v1 denies only with manage_explicit_deny', async () => {
    const call = (extra: string) => `${group('support')}
module "enforce_mfa" {
  source  = "terraform-module/enforce-mfa/aws"
  version = "~> 1.0"
  groups  = [aws_iam_group.support.name]
${extra}}
`;
    expect(statusOf(await scanTf({ 'main.tf': call('') }), GROUP, 'support')).toBe('fail');
    expect(
      statusOf(await scanTf({ 'main.tf': call('\n  manage_explicit_deny = true\n') }), GROUP, 'support'),
    ).toBe('pass');
  });

  it('reads .tf.json files', async () => {
    const config = {
      resource: {
        aws_iam_group: { support: { name: 'support' } },
        aws_iam_group_policy: {
          mfa: {
            group: '${aws_iam_group.support.name}',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Deny',
                  NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'sts:GetSessionToken'],
                  Resource: '*',
                  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
                },
              ],
            }),
          },
        },
      },
    };
    const result = await scanTf({ 'main.tf.json': JSON.stringify(config, null, 2) });
    expect(statusOf(result, GROUP, 'support')).toBe('pass');
    expect(findingOf(result, GROUP, 'support')?.resource.source).toMatchObject({ line: 4 });
  });
});

describe('Terraform: console users', () => {
  it('a console user passes only in an enforcing group; AWS managed admin without it fails', async () => {
    const user = (groupLine: string) => `${groupWithInlinePolicy(enforcingJson())}
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_policy_attachment" "admin" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
${groupLine}`;
    const member = `
resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.support.name]
}
`;
    expect(statusOf(await scanTf({ 'main.tf': user(member) }), CONSOLE, 'alice')).toBe('pass');
    const without = await scanTf({ 'main.tf': user('') });
    expect(statusOf(without, CONSOLE, 'alice')).toBe('fail');
    expect(findingOf(without, CONSOLE, 'alice')?.message).toMatch(/iam:CreateAccessKey|\*/);
  });
});

describe('Terraform: suppressions and bad input', () => {
  it('a suppression comment with a reason makes the finding exempt, never hidden', async () => {
    const result = await scanTf({
      'main.tf': `# mfa-warden:ignore group-mfa-enforced break-glass group, credentials in the safe
resource "aws_iam_group" "breakglass" {
  name = "breakglass"
}

resource "aws_iam_group" "support" { # mfa-warden:ignore group-mfa-enforced migrating in JIRA-12
  name = "support"
}

${group('developers')}`,
    });
    expect(findingOf(result, GROUP, 'breakglass')?.status).toBe('exempt');
    expect(findingOf(result, GROUP, 'breakglass')?.message).toMatch(
      /break-glass group, credentials in the safe/,
    );
    expect(statusOf(result, GROUP, 'support')).toBe('exempt');
    expect(statusOf(result, GROUP, 'developers')).toBe('fail');
  });

  it('a suppression without a reason is an input error', async () => {
    const result = await scanTf({
      'main.tf': `// mfa-warden:ignore group-mfa-enforced
${group('support')}`,
    });
    expect(result.inputErrors[0]).toMatchObject({ line: 1 });
    expect(result.inputErrors[0]?.message).toMatch(/no reason/);
  });

  it('a syntax error names file:line:column; the other paths are still scanned', async () => {
    const broken = writeTree({ 'main.tf': 'resource "aws_iam_group" "x" {\n  name = [1, 2\n}\n' });
    const good = writeTree({ 'main.tf': group('support') });
    const result = await scanTerraform([broken, good]);
    expect(result.inputErrors).toHaveLength(1);
    expect(result.inputErrors[0]).toMatchObject({ file: join(broken, 'main.tf') });
    expect(result.inputErrors[0]?.line).toBeGreaterThan(0);
    expect(result.inputErrors[0]?.column).toBeGreaterThan(0);
    expect(statusOf(result, GROUP, 'support')).toBe('fail');
  });

  it('a broken file in a module turns its passes into unknown', async () => {
    const result = await scanTf({
      'main.tf': groupWithInlinePolicy(enforcingJson()),
      'users.tf': 'resource "aws_iam_user" {\n',
    });
    expect(statusOf(result, GROUP, 'support')).toBe('unknown');
  });

  it('a file that is not Terraform says so', async () => {
    const dir = writeTree({ 'notes.txt': 'hello' });
    const result = await scanTerraform([join(dir, 'notes.txt')]);
    expect(result.inputErrors[0]?.message).toMatch(/not Terraform/);
  });
});

describe('Terraform: paths', () => {
  it('scans a single .tf file as a module of its own', async () => {
    const result = await scanTerraform(['examples/terraform/seed-insecure/main.tf']);
    expect(result.targets.map((t) => t.label)).toEqual(['examples/terraform/seed-insecure/main.tf']);
    expect(statusOf(result, GROUP, 'developers')).toBe('fail');
  });

  it('finds root modules below a directory, leaving out the modules they call', async () => {
    const result = await scanTerraform(['examples/terraform']);
    expect(result.targets.map((t) => t.label)).toEqual([
      'examples/terraform/realistic',
      'examples/terraform/seed-insecure',
      'examples/terraform/seed-secure',
    ]);
  });
});

describe('Terraform: binary input', () => {
  it('says a binary file is not text instead of quoting its bytes', async () => {
    const dir = writeTree({ 'README.md': 'binary fixture' });
    writeFileSync(join(dir, 'main.tf'), Buffer.from([0x72, 0x65, 0x00, 0xff, 0xfe, 0x01, 0x7b]));
    const result = await scanTerraform([dir]);
    expect(result.inputErrors[0]?.message).toBe('not Terraform: this is a binary file, not text');
  });
});

describe('Terraform: the summary', () => {
  it('counts each target and says which checks do not apply, even when nothing was read', async () => {
    const result = await scanTerraform([
      'examples/terraform/seed-insecure',
      'examples/terraform/seed-secure',
    ]);
    expect(result.summary.targets).toEqual([
      { label: 'examples/terraform/seed-insecure', byStatus: expect.objectContaining({ fail: 2 }) },
      { label: 'examples/terraform/seed-secure', byStatus: expect.objectContaining({ pass: 1 }) },
    ]);
    const none = await scanTerraform([join(writeTree({ 'notes.txt': 'x' }), 'notes.txt')]);
    expect(none.summary.notApplicable).toEqual([
      'root-mfa',
      'root-hardware-mfa',
      'console-user-mfa',
      'user-mfa',
    ]);
  });
});
