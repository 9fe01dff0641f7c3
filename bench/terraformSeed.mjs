// The synthetic Terraform tree of the Terraform scan benchmark (bench/terraform.mjs): a root module that
// calls one local module per team (`./modules/team-0001`, ...) with for_each over a map of environments, each
// team module ten files (variables, locals, IAM users with login profiles and group memberships, groups with
// jsonencode inline policies, data "aws_iam_policy_document" + aws_iam_policy + attachments, and bulky
// non-IAM resources: S3, EC2 with heredoc user data, security groups, CloudWatch). Every file is padded to
// the requested size with such non-IAM resources. Output is canonical `terraform fmt` style (aligned `=`).
// Deterministic for a seed; the benchmark knows the verdicts to expect from the MFA modes it drew.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from './policyAccount.mjs';

// ---------------------------------------------------------------------------------------------------------
// A tiny HCL writer. Values: JS strings (quoted), numbers, booleans, null, arrays, plain objects (HCL object
// constructors), and the tagged forms below. Bodies are lists of attr/block/blank items.

const KIND = Symbol('hcl');
/** A raw expression written as is, on one line: `var.team`, `"${local.prefix}-x"`, `merge(a, b)`. */
export const expr = (text) => ({ [KIND]: 'expr', text });
/** `fn(<multi-line argument>)`, e.g. jsonencode({...}). */
const call = (fn, arg) => ({ [KIND]: 'call', fn, arg });
/** `<<-EOT` heredoc; `text` lines are indented two spaces below the attribute. */
const heredoc = (text, tag = 'EOT') => ({ [KIND]: 'heredoc', text, tag });

const attr = (name, value) => ({ t: 'attr', name, value });
const block = (type, labels, items) => ({ t: 'block', type, labels, items });
const blank = { t: 'blank' };

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const pad = (n) => ' '.repeat(n);

function quote(text) {
  return `"${text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('${', '$${')
    .replaceAll('%{', '%%{')}"`;
}

function isScalar(value) {
  return value === null || typeof value !== 'object' || value[KIND] === 'expr';
}

/** Renders a value whose first line continues the current line; later lines are indented at `indent`. */
function render(value, indent) {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value[KIND] === 'expr') return value.text;
  if (value[KIND] === 'call') return `${value.fn}(${render(value.arg, indent)})`;
  if (value[KIND] === 'heredoc') {
    const body = value.text
      .split('\n')
      .map((line) => (line === '' ? '' : `${pad(indent + 2)}${line}`))
      .join('\n');
    return `<<-${value.tag}\n${body}\n${pad(indent)}${value.tag}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) {
      const inline = `[${value.map((v) => render(v, indent)).join(', ')}]`;
      if (inline.length + indent <= 100) return inline;
    }
    const inner = value.map((v) => `${pad(indent + 2)}${render(v, indent + 2)},`);
    return `[\n${inner.join('\n')}\n${pad(indent)}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const items = entries.map(([key, v]) => attr(IDENT.test(key) ? key : quote(key), v));
  return `{\n${renderBody(items, indent + 2)}\n${pad(indent)}}`;
}

/** Body lines at `indent`, with `=` aligned over each run of single-line attributes, as terraform fmt does. */
function renderBody(items, indent) {
  const lines = [];
  let run = [];
  const flush = () => {
    const width = Math.max(...run.map((a) => a.name.length));
    for (const a of run) lines.push(`${pad(indent)}${a.name.padEnd(width)} = ${a.rendered}`);
    run = [];
  };
  for (const item of items) {
    if (item.t === 'attr') {
      const rendered = render(item.value, indent);
      // A value that opens a bracket it closes on a later line is not aligned and ends the run; a heredoc
      // is (its opening line balances), so the run goes on after it.
      const multiLine = rendered.includes('\n') && item.value?.[KIND] !== 'heredoc';
      if (multiLine) {
        if (run.length) flush();
        lines.push(`${pad(indent)}${item.name} = ${rendered}`);
      } else run.push({ name: item.name, rendered });
      continue;
    }
    if (run.length) flush();
    if (item.t === 'blank') lines.push('');
    else {
      const head = [item.type, ...item.labels.map(quote)].join(' ');
      if (item.items.length === 0) lines.push(`${pad(indent)}${head} {}`);
      else lines.push(`${pad(indent)}${head} {`, renderBody(item.items, indent + 2), `${pad(indent)}}`);
    }
  }
  if (run.length) flush();
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// The tree.

export const ENVIRONMENTS = {
  dev: { account_id: '111111111111', region: 'eu-west-1', strict_mfa: false, instance_count: 1 },
  prod: { account_id: '222222222222', region: 'eu-central-1', strict_mfa: true, instance_count: 3 },
};

/**
 * How a team enforces MFA, and its share of teams. `inline`: the developers group's jsonencode inline policy
 * has the Deny/NotAction/BoolIfExists statement; `document`: a data "aws_iam_policy_document" with it,
 * attached to both groups; `strict`: that policy attached only where var.strict_mfa (prod); `near-miss`: an
 * inline Deny with plain Bool (access keys carry no MFA key, so it does not enforce); `none`: nothing.
 */
const MFA_MODES = [
  ['inline', 0.35],
  ['document', 0.25],
  ['strict', 0.15],
  ['near-miss', 0.1],
  ['none', 0.15],
];

// prettier-ignore
const FIRST_NAMES = [
  'alice', 'bruno', 'chen', 'dara', 'elif', 'femi', 'gita', 'hugo', 'ines', 'jonas', 'kemal', 'lena',
  'mateo', 'nora', 'omar', 'priya', 'quinn', 'rosa', 'sven', 'tariq', 'uma', 'viktor', 'wen', 'yara',
];
const DEPARTMENTS = ['platform', 'payments', 'search', 'data', 'mobile', 'security', 'growth', 'infra'];
const SELF_SERVICE = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];
const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm6i.large', 'c6i.xlarge', 'r6i.large'];
const WORDS = (
  'the service handles requests from the edge tier and writes events to the queue before the batch ' +
  'workers pick them up every few minutes so that retries stay cheap and the dashboards remain accurate ' +
  'while the on call engineer watches latency error rates saturation and cost across every region'
).split(' ');

function pickWeighted(random, table) {
  let r = random.next();
  for (const [value, weight] of table) {
    if ((r -= weight) < 0) return value;
  }
  return table[table.length - 1][0];
}

function sentence(random, words) {
  return Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
}

const pad4 = (n) => String(n).padStart(4, '0');

function mfaDenyJson(operator) {
  return {
    Sid: 'DenyAllExceptMfaSelfServiceWithoutMfa',
    Effect: 'Deny',
    NotAction: SELF_SERVICE,
    Resource: '*',
    Condition: expr(`{ ${operator} = { "aws:MultiFactorAuthPresent" = "false" } }`),
  };
}

function tagsExpr(extra) {
  return expr(`merge(local.common_tags, { ${extra} })`);
}

// ---- filler: bulky non-IAM resources, varied by the file they pad ---------------------------------------

function userData(random, name) {
  const lines = ['#!/bin/bash', 'set -euo pipefail', `# bootstrap for ${name}`];
  const steps = random.int(12, 24);
  for (let i = 0; i < steps; i++) {
    lines.push(
      random.pick([
        `yum install -y ${random.pick(['jq', 'awscli', 'amazon-cloudwatch-agent', 'nginx', 'docker'])}`,
        `systemctl enable --now ${random.pick(['docker', 'nginx', 'amazon-cloudwatch-agent', 'chronyd'])}`,
        `echo "${sentence(random, 6)}" >> /etc/motd`,
        `aws ssm get-parameter --name /${name}/config/${i} --with-decryption --query Parameter.Value --output text > /etc/app/${i}.conf`,
        `curl -fsS --retry 5 http://169.254.169.254/latest/meta-data/instance-id > /var/run/instance-id`,
        `sysctl -w net.core.somaxconn=${random.int(1024, 65535)}`,
      ]),
    );
  }
  return lines.join('\n');
}

function fillerS3(random, ctx, n) {
  const name = `data_${n}`;
  return [
    block(
      'resource',
      ['aws_s3_bucket', name],
      [
        attr('bucket', expr(`"\${local.prefix}-${name.replaceAll('_', '-')}-\${var.account_id}"`)),
        attr('force_destroy', false),
        attr('object_lock_enabled', random.chance(0.3)),
        attr(
          'tags',
          tagsExpr(`Purpose = "${random.pick(DEPARTMENTS)}-data", Retention = "${random.int(30, 400)}d"`),
        ),
      ],
    ),
    block(
      'resource',
      ['aws_s3_bucket_versioning', name],
      [
        attr('bucket', expr(`aws_s3_bucket.${name}.id`)),
        blank,
        block('versioning_configuration', [], [attr('status', 'Enabled')]),
      ],
    ),
    block(
      'resource',
      ['aws_s3_bucket_lifecycle_configuration', name],
      [
        attr('bucket', expr(`aws_s3_bucket.${name}.id`)),
        blank,
        ...Array.from({ length: random.int(2, 4) }, (_, i) =>
          block(
            'rule',
            [],
            [
              attr('id', `tier-${i}`),
              attr('status', 'Enabled'),
              blank,
              block('filter', [], [attr('prefix', `logs/${random.pick(DEPARTMENTS)}/${i}/`)]),
              blank,
              block('transition', [], [attr('days', 30 * (i + 1)), attr('storage_class', 'STANDARD_IA')]),
              blank,
              block('expiration', [], [attr('days', 365 + 30 * i)]),
            ],
          ),
        ),
      ],
    ),
    block(
      'resource',
      ['aws_s3_bucket_server_side_encryption_configuration', name],
      [
        attr('bucket', expr(`aws_s3_bucket.${name}.id`)),
        blank,
        block(
          'rule',
          [],
          [
            block(
              'apply_server_side_encryption_by_default',
              [],
              [
                attr('sse_algorithm', 'aws:kms'),
                attr('kms_master_key_id', `arn:aws:kms:eu-west-1:${ctx.accountHint}:alias/${ctx.team}-${n}`),
              ],
            ),
            attr('bucket_key_enabled', true),
          ],
        ),
      ],
    ),
  ];
}

function fillerInstance(random, ctx, n) {
  const name = `worker_${n}`;
  return [
    block(
      'resource',
      ['aws_instance', name],
      [
        attr('count', expr('var.instance_count')),
        attr('ami', expr('var.ami_id')),
        attr('instance_type', random.pick(INSTANCE_TYPES)),
        attr('subnet_id', expr('var.subnet_ids[count.index % length(var.subnet_ids)]')),
        attr('vpc_security_group_ids', expr(`[aws_security_group.app_${n}.id]`)),
        attr('associate_public_ip_address', false),
        attr('monitoring', true),
        attr('ebs_optimized', true),
        attr('disable_api_termination', random.chance(0.5)),
        attr('user_data', heredoc(userData(random, `${ctx.team}-${name}`))),
        blank,
        block(
          'root_block_device',
          [],
          [
            attr('volume_size', random.int(20, 200)),
            attr('volume_type', 'gp3'),
            attr('encrypted', true),
            attr('iops', 3000),
            attr('throughput', 125),
          ],
        ),
        blank,
        block(
          'metadata_options',
          [],
          [
            attr('http_endpoint', 'enabled'),
            attr('http_tokens', 'required'),
            attr('http_put_response_hop_limit', 1),
          ],
        ),
        blank,
        attr('tags', tagsExpr(`Name = format("%s-${name}-%02d", local.prefix, count.index)`)),
      ],
    ),
    block(
      'resource',
      ['aws_security_group', `app_${n}`],
      [
        attr('name', expr(`"\${local.prefix}-app-${n}"`)),
        attr('description', `Application tier ${n}: ${sentence(random, 8)}`),
        attr('vpc_id', expr('var.vpc_id')),
        blank,
        ...Array.from({ length: random.int(3, 6) }, () => {
          const port = random.pick([80, 443, 8080, 8443, 5432, 6379, 9090]);
          return block(
            'ingress',
            [],
            [
              attr('description', `port ${port} from ${random.pick(DEPARTMENTS)}`),
              attr('from_port', port),
              attr('to_port', port),
              attr('protocol', 'tcp'),
              attr('cidr_blocks', [`10.${random.int(0, 255)}.${random.int(0, 255)}.0/24`]),
            ],
          );
        }),
        blank,
        block(
          'egress',
          [],
          [
            attr('from_port', 0),
            attr('to_port', 0),
            attr('protocol', '-1'),
            attr('cidr_blocks', ['0.0.0.0/0']),
          ],
        ),
        blank,
        attr('tags', expr('local.common_tags')),
      ],
    ),
  ];
}

function fillerAlarm(random, ctx, n) {
  const metric = random.pick(['CPUUtilization', 'NetworkIn', 'StatusCheckFailed', 'DiskReadOps']);
  const widgets = Array.from({ length: random.int(3, 6) }, (_, i) => ({
    type: 'metric',
    x: (i % 2) * 12,
    y: Math.floor(i / 2) * 6,
    width: 12,
    height: 6,
    properties: {
      metrics: [['AWS/EC2', metric, 'AutoScalingGroupName', `${ctx.team}-asg-${n}`]],
      period: 300,
      stat: 'Average',
      region: 'eu-west-1',
      title: sentence(random, 4),
    },
  }));
  return [
    block(
      'resource',
      ['aws_cloudwatch_metric_alarm', `alarm_${n}`],
      [
        attr('alarm_name', expr(`"\${local.prefix}-${metric.toLowerCase()}-${n}"`)),
        attr('comparison_operator', 'GreaterThanOrEqualToThreshold'),
        attr('evaluation_periods', random.int(1, 5)),
        attr('metric_name', metric),
        attr('namespace', 'AWS/EC2'),
        attr('period', 300),
        attr('statistic', 'Average'),
        attr('threshold', random.int(50, 95)),
        attr('alarm_description', sentence(random, 14)),
        attr('treat_missing_data', 'notBreaching'),
        attr('alarm_actions', expr('[var.alerts_topic_arn]')),
        attr('ok_actions', expr('[var.alerts_topic_arn]')),
        blank,
        attr('dimensions', { AutoScalingGroupName: `${ctx.team}-asg-${n}` }),
      ],
    ),
    block(
      'resource',
      ['aws_cloudwatch_dashboard', `board_${n}`],
      [
        attr('dashboard_name', expr(`"\${local.prefix}-board-${n}"`)),
        attr('dashboard_body', heredoc(JSON.stringify({ widgets }, null, 2), 'JSON')),
      ],
    ),
  ];
}

function fillerParameter(random, ctx, n) {
  return [
    block(
      'resource',
      ['aws_ssm_parameter', `config_${n}`],
      [
        attr('name', expr(`"/\${var.team}/\${var.env}/config/${n}"`)),
        attr('type', 'String'),
        attr('tier', 'Standard'),
        attr('description', sentence(random, 10)),
        attr(
          'value',
          call(
            'jsonencode',
            Object.fromEntries(
              Array.from({ length: random.int(6, 12) }, (_, i) => [`setting_${i}`, sentence(random, 3)]),
            ),
          ),
        ),
        attr('tags', expr('local.common_tags')),
      ],
    ),
    block(
      'resource',
      ['aws_cloudwatch_log_group', `logs_${n}`],
      [
        attr('name', expr(`"/aws/\${var.team}/\${var.env}/service-${n}"`)),
        attr('retention_in_days', random.pick([7, 14, 30, 90, 365])),
        attr('tags', expr('local.common_tags')),
      ],
    ),
  ];
}

function fillerVariable(random, ctx, n) {
  return [
    block(
      'variable',
      [`tuning_${n}`],
      [
        attr('description', `${sentence(random, 12)}.`),
        attr(
          'type',
          expr('object({ min_size = number, max_size = number, schedule = string, notes = list(string) })'),
        ),
        attr('default', {
          min_size: random.int(1, 3),
          max_size: random.int(4, 12),
          schedule: `cron(0 ${random.int(0, 23)} * * ? *)`,
          notes: Array.from({ length: random.int(3, 6) }, () => sentence(random, 6)),
        }),
        blank,
        block(
          'validation',
          [],
          [
            attr('condition', expr(`var.tuning_${n}.min_size <= var.tuning_${n}.max_size`)),
            attr('error_message', 'The minimum size must not exceed the maximum size.'),
          ],
        ),
      ],
    ),
  ];
}

const FILLERS = {
  storage: [fillerS3],
  compute: [fillerInstance],
  monitoring: [fillerAlarm],
  variables: [fillerVariable],
  other: [fillerS3, fillerInstance, fillerAlarm, fillerParameter],
};

/** Adds filler blocks until the file reaches about `target` bytes (stops when the next one would overshoot by more than half its size). */
function padded(blocks, random, ctx, kind, target) {
  const fillers = FILLERS[kind] ?? FILLERS.other;
  const parts = blocks.map((b) => renderBody([b], 0));
  let size = parts.reduce((sum, part) => sum + part.length + 2, 0);
  for (let n = 1; size < target; n++) {
    const more = random
      .pick(fillers)(random, ctx, `${ctx.file}_${n}`)
      .map((b) => renderBody([b], 0));
    const extra = more.reduce((sum, part) => sum + part.length + 2, 0);
    if (size + extra / 2 > target && n > 1) break;
    parts.push(...more);
    size += extra;
  }
  return `${parts.join('\n\n')}\n`;
}

// ---- the team module -------------------------------------------------------------------------------------

function teamPlan(random, index) {
  const team = `team-${pad4(index)}`;
  const mode = pickWeighted(random, MFA_MODES);
  const count = random.int(4, 10);
  const members = {};
  for (const first of random.sample(FIRST_NAMES, count)) {
    members[`${first}-${pad4(index)}`] = {
      console: random.chance(0.7),
      admin: random.chance(0.25),
      department: random.pick(DEPARTMENTS),
    };
  }
  return { index, team, mode, members, accountHint: String(100000000000 + index) };
}

function teamFiles(random, plan, target) {
  const ctx = { team: plan.team, accountHint: plan.accountHint };
  const files = {};
  const file = (name, kind, blocks) => {
    ctx.file = name.replace('.tf', '').replaceAll('-', '_');
    files[name] = padded(blocks, random, ctx, kind, target);
  };

  file('variables.tf', 'variables', [
    block(
      'variable',
      ['team'],
      [attr('description', 'Team name, also the IAM path.'), attr('type', expr('string'))],
    ),
    block('variable', ['env'], [attr('type', expr('string'))]),
    block('variable', ['account_id'], [attr('type', expr('string'))]),
    block(
      'variable',
      ['strict_mfa'],
      [
        attr('description', 'Attach the MFA policy to every group (production accounts).'),
        attr('type', expr('bool')),
        attr('default', false),
      ],
    ),
    block('variable', ['instance_count'], [attr('type', expr('number')), attr('default', 1)]),
    block('variable', ['tags'], [attr('type', expr('map(string)')), attr('default', {})]),
    block(
      'variable',
      ['members'],
      [
        attr('description', 'People of the team: console access, admin rights, department.'),
        attr('type', expr('map(object({ console = bool, admin = bool, department = string }))')),
        attr(
          'default',
          Object.fromEntries(
            Object.entries(plan.members).map(([name, m]) => [
              name,
              expr(`{ console = ${m.console}, admin = ${m.admin}, department = "${m.department}" }`),
            ]),
          ),
        ),
      ],
    ),
    block('variable', ['ami_id'], [attr('type', expr('string')), attr('default', 'ami-0abcdef1234567890')]),
    block('variable', ['vpc_id'], [attr('type', expr('string')), attr('default', 'vpc-0123456789abcdef0')]),
    block(
      'variable',
      ['subnet_ids'],
      [
        attr('type', expr('list(string)')),
        attr('default', ['subnet-0aaa1111', 'subnet-0bbb2222', 'subnet-0ccc3333']),
      ],
    ),
    block(
      'variable',
      ['alerts_topic_arn'],
      [attr('type', expr('string')), attr('default', `arn:aws:sns:eu-west-1:${plan.accountHint}:alerts`)],
    ),
  ]);

  file('locals.tf', 'other', [
    block(
      'locals',
      [],
      [
        attr('prefix', expr('"${var.team}-${var.env}"')),
        attr(
          'common_tags',
          expr('merge(var.tags, { Team = var.team, Environment = var.env, ManagedBy = "terraform" })'),
        ),
        attr('console_members', expr('{ for name, m in var.members : name => m if m.console }')),
        attr('admins', expr('[for name, m in var.members : name if m.admin]')),
        attr('departments', expr('distinct([for m in values(var.members) : m.department])')),
        attr('bucket_arn', expr('"arn:aws:s3:::${var.team}-${var.env}-*"')),
        attr('is_prod', expr('var.env == "prod"')),
      ],
    ),
  ]);

  file('users.tf', 'other', [
    block(
      'resource',
      ['aws_iam_user', 'member'],
      [
        attr('for_each', expr('var.members')),
        attr('name', expr('"${var.env}-${each.key}"')),
        attr('path', expr('"/teams/${var.team}/"')),
        attr('force_destroy', true),
        attr('tags', expr('merge(local.common_tags, { Department = each.value.department })')),
      ],
    ),
    block(
      'resource',
      ['aws_iam_user_login_profile', 'console'],
      [
        attr('for_each', expr('local.console_members')),
        attr('user', expr('aws_iam_user.member[each.key].name')),
        attr('password_reset_required', true),
        attr('password_length', 24),
      ],
    ),
    block(
      'resource',
      ['aws_iam_user_group_membership', 'member'],
      [
        attr('for_each', expr('var.members')),
        attr('user', expr('aws_iam_user.member[each.key].name')),
        attr(
          'groups',
          expr(
            'each.value.admin ? [aws_iam_group.developers.name, aws_iam_group.admins.name] : [aws_iam_group.developers.name]',
          ),
        ),
      ],
    ),
  ]);

  const inlineStatements = [
    {
      Sid: 'TeamBuckets',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation'],
      Resource: expr('[local.bucket_arn, "${local.bucket_arn}/*"]'),
    },
    {
      Sid: 'ReadLogs',
      Effect: 'Allow',
      Action: ['logs:GetLogEvents', 'logs:DescribeLogStreams', 'logs:FilterLogEvents'],
      Resource: expr('"arn:aws:logs:*:${var.account_id}:log-group:/aws/${var.team}/*"'),
    },
  ];
  if (plan.mode === 'inline') inlineStatements.push(mfaDenyJson('BoolIfExists'));
  if (plan.mode === 'near-miss') inlineStatements.push(mfaDenyJson('Bool'));
  file('groups.tf', 'other', [
    block(
      'resource',
      ['aws_iam_group', 'developers'],
      [attr('name', expr('"${local.prefix}-developers"')), attr('path', expr('"/teams/${var.team}/"'))],
    ),
    block(
      'resource',
      ['aws_iam_group', 'admins'],
      [attr('name', expr('"${local.prefix}-admins"')), attr('path', expr('"/teams/${var.team}/"'))],
    ),
    block(
      'resource',
      ['aws_iam_group_policy', 'developers'],
      [
        attr('name', 'team-access'),
        attr('group', expr('aws_iam_group.developers.name')),
        attr('policy', call('jsonencode', { Version: '2012-10-17', Statement: inlineStatements })),
      ],
    ),
  ]);

  const adminStatements = [
    block(
      'statement',
      [],
      [
        attr('sid', 'Compute'),
        attr('effect', 'Allow'),
        attr('actions', ['ec2:*', 'autoscaling:*', 'elasticloadbalancing:*']),
        attr('resources', ['*']),
        blank,
        block(
          'condition',
          [],
          [
            attr('test', 'StringEquals'),
            attr('variable', 'aws:RequestedRegion'),
            attr('values', expr('[for env in ["eu-west-1", "eu-central-1"] : env]')),
          ],
        ),
      ],
    ),
    block(
      'statement',
      [],
      [
        attr('sid', 'Storage'),
        attr('effect', 'Allow'),
        attr('actions', ['s3:*']),
        attr('resources', expr('[local.bucket_arn, "${local.bucket_arn}/*"]')),
      ],
    ),
    block(
      'statement',
      [],
      [
        attr('sid', 'NoIamWrites'),
        attr('effect', 'Deny'),
        attr('actions', ['iam:CreateUser', 'iam:DeleteUser', 'iam:AttachUserPolicy', 'iam:PutUserPolicy']),
        attr('resources', ['*']),
      ],
    ),
  ];
  const mfaDocument = block(
    'data',
    ['aws_iam_policy_document', 'require_mfa'],
    [
      block(
        'statement',
        [],
        [
          attr('sid', 'DenyAllExceptMfaSelfServiceWithoutMfa'),
          attr('effect', 'Deny'),
          attr('not_actions', SELF_SERVICE),
          attr('resources', ['*']),
          blank,
          block(
            'condition',
            [],
            [
              attr('test', 'BoolIfExists'),
              attr('variable', 'aws:MultiFactorAuthPresent'),
              attr('values', ['false']),
            ],
          ),
        ],
      ),
    ],
  );
  const policyBlocks = [
    block('data', ['aws_iam_policy_document', 'admin'], adminStatements),
    block(
      'resource',
      ['aws_iam_policy', 'admin'],
      [
        attr('name', expr('"${local.prefix}-admin"')),
        attr('path', expr('"/teams/${var.team}/"')),
        attr('description', expr('"Administration of the ${var.team} workloads in ${var.env}"')),
        attr('policy', expr('data.aws_iam_policy_document.admin.json')),
      ],
    ),
    block(
      'resource',
      ['aws_iam_group_policy_attachment', 'admins'],
      [
        attr('group', expr('aws_iam_group.admins.name')),
        attr('policy_arn', expr('aws_iam_policy.admin.arn')),
      ],
    ),
    block(
      'resource',
      ['aws_iam_group_policy_attachment', 'developers_read_only'],
      [
        attr('group', expr('aws_iam_group.developers.name')),
        attr('policy_arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'),
      ],
    ),
  ];
  if (plan.mode === 'document' || plan.mode === 'strict') {
    const attachment = (group) => [
      ...(plan.mode === 'strict' ? [attr('count', expr('var.strict_mfa ? 1 : 0'))] : []),
      attr('group', expr(`aws_iam_group.${group}.name`)),
      attr(
        'policy_arn',
        expr(plan.mode === 'strict' ? 'aws_iam_policy.require_mfa[0].arn' : 'aws_iam_policy.require_mfa.arn'),
      ),
    ];
    policyBlocks.push(
      mfaDocument,
      block(
        'resource',
        ['aws_iam_policy', 'require_mfa'],
        [
          ...(plan.mode === 'strict' ? [attr('count', expr('var.strict_mfa ? 1 : 0'))] : []),
          attr('name', expr('"${local.prefix}-require-mfa"')),
          attr('description', 'Deny everything but MFA self-service without MFA'),
          attr('policy', expr('data.aws_iam_policy_document.require_mfa.json')),
        ],
      ),
      block('resource', ['aws_iam_group_policy_attachment', 'developers_mfa'], attachment('developers')),
      block('resource', ['aws_iam_group_policy_attachment', 'admins_mfa'], attachment('admins')),
    );
  }
  file('policies.tf', 'other', policyBlocks);

  file('storage.tf', 'storage', []);
  file('compute.tf', 'compute', []);
  file('monitoring.tf', 'monitoring', []);
  file('network.tf', 'other', [
    block(
      'resource',
      ['aws_security_group', 'team'],
      [
        attr('name', expr('"${local.prefix}-team"')),
        attr('description', 'Shared team security group'),
        attr('vpc_id', expr('var.vpc_id')),
        blank,
        block(
          'dynamic',
          ['ingress'],
          [
            attr('for_each', expr('toset([443, 8443])')),
            blank,
            block(
              'content',
              [],
              [
                attr('from_port', expr('ingress.value')),
                attr('to_port', expr('ingress.value')),
                attr('protocol', 'tcp'),
                attr('cidr_blocks', ['10.0.0.0/8']),
              ],
            ),
          ],
        ),
      ],
    ),
  ]);
  file('outputs.tf', 'other', [
    block(
      'output',
      ['group_names'],
      [attr('value', expr('[aws_iam_group.developers.name, aws_iam_group.admins.name]'))],
    ),
    block(
      'output',
      ['admin_users'],
      [attr('value', expr('[for name in local.admins : aws_iam_user.member[name].name]'))],
    ),
    block(
      'output',
      ['user_arns'],
      [attr('value', expr('{ for name, user in aws_iam_user.member : name => user.arn }'))],
    ),
  ]);
  return files;
}

// ---- the root module ---------------------------------------------------------------------------------

function rootFiles(random, teams, callsPerFile, target) {
  const ctx = { team: 'root', accountHint: '999999999999' };
  const files = {};
  const file = (name, kind, blocks) => {
    ctx.file = name.replace('.tf', '').replaceAll('-', '_');
    files[name] = padded(blocks, random, ctx, kind, target);
  };
  file('versions.tf', 'other', [
    block(
      'terraform',
      [],
      [
        attr('required_version', '>= 1.5.0'),
        blank,
        block('required_providers', [], [attr('aws', { source: 'hashicorp/aws', version: '~> 5.0' })]),
      ],
    ),
    block(
      'provider',
      ['aws'],
      [
        attr('region', 'eu-west-1'),
        blank,
        block('default_tags', [], [attr('tags', { Organisation: 'example', CostCentre: '4711' })]),
      ],
    ),
    block(
      'locals',
      [],
      [attr('prefix', 'root'), attr('common_tags', { Organisation: 'example', ManagedBy: 'terraform' })],
    ),
    // Module outputs flow back into the root: the auditors group holds every team's admins.
    block('resource', ['aws_iam_group', 'auditors'], [attr('name', 'auditors'), attr('path', '/org/')]),
    block(
      'resource',
      ['aws_iam_group_membership', 'auditors'],
      [
        attr('name', 'auditors-members'),
        attr('group', expr('aws_iam_group.auditors.name')),
        attr(
          'users',
          expr(
            `flatten([${teams
              .slice(0, 8)
              .map((t) => `for m in values(module.team_${pad4(t.index)}) : m.admin_users`)
              .map((f) => `[${f}]`)
              .join(', ')}])`,
          ),
        ),
      ],
    ),
  ]);
  file('variables.tf', 'variables', [
    block(
      'variable',
      ['environments'],
      [
        attr('description', 'One instance of every team module per environment.'),
        attr(
          'type',
          expr(
            'map(object({ account_id = string, region = string, strict_mfa = bool, instance_count = number }))',
          ),
        ),
        attr(
          'default',
          Object.fromEntries(
            Object.entries(ENVIRONMENTS).map(([env, e]) => [
              env,
              expr(
                `{ account_id = "${e.account_id}", region = "${e.region}", strict_mfa = ${e.strict_mfa}, instance_count = ${e.instance_count} }`,
              ),
            ]),
          ),
        ),
      ],
    ),
    // What the filler resources of the root files refer to, as in the team modules.
    block('variable', ['team'], [attr('type', expr('string')), attr('default', 'platform')]),
    block('variable', ['env'], [attr('type', expr('string')), attr('default', 'shared')]),
    block('variable', ['account_id'], [attr('type', expr('string')), attr('default', '999999999999')]),
    block('variable', ['instance_count'], [attr('type', expr('number')), attr('default', 2)]),
    block('variable', ['ami_id'], [attr('type', expr('string')), attr('default', 'ami-0abcdef1234567890')]),
    block('variable', ['vpc_id'], [attr('type', expr('string')), attr('default', 'vpc-0123456789abcdef0')]),
    block(
      'variable',
      ['subnet_ids'],
      [attr('type', expr('list(string)')), attr('default', ['subnet-0aaa1111', 'subnet-0bbb2222'])],
    ),
    block(
      'variable',
      ['alerts_topic_arn'],
      [attr('type', expr('string')), attr('default', 'arn:aws:sns:eu-west-1:999999999999:alerts')],
    ),
  ]);
  for (let f = 0; f * callsPerFile < teams.length; f++) {
    const calls = teams
      .slice(f * callsPerFile, (f + 1) * callsPerFile)
      .map((t) =>
        block(
          'module',
          [`team_${pad4(t.index)}`],
          [
            attr('source', `./modules/${t.team}`),
            attr('for_each', expr('var.environments')),
            blank,
            attr('team', t.team),
            attr('env', expr('each.key')),
            attr('account_id', expr('each.value.account_id')),
            attr('strict_mfa', expr('each.value.strict_mfa')),
            attr('instance_count', expr('each.value.instance_count')),
            attr('tags', expr(`merge(local.common_tags, { Team = "${t.team}" })`)),
          ],
        ),
      );
    file(`teams-${String(f + 1).padStart(3, '0')}.tf`, 'other', calls);
  }
  return files;
}

/** How many teams, root call files and extra filler files make exactly `files` files. */
export function layout(files, callsPerFile = 25) {
  const rootFixed = 2; // versions.tf, variables.tf
  let teams = Math.floor(files / 10);
  const cost = (t) => 10 * t + Math.ceil(t / callsPerFile) + rootFixed;
  while (teams > 1 && cost(teams) > files) teams--;
  if (cost(teams) > files) throw new Error(`--files must be at least ${cost(1)}`);
  return { teams, rootCallFiles: Math.ceil(teams / callsPerFile), extras: files - cost(teams), callsPerFile };
}

/** What the checks must conclude, from the drawn MFA modes (see MFA_MODES). */
function expectations(teams) {
  const expected = {
    groups: { pass: 0, fail: 1 }, // + the root auditors group, which has no policy
    consoleUsers: { enforced: 0, notEnforced: 0 },
    users: 0,
    modes: {},
  };
  for (const t of teams) {
    expected.modes[t.mode] = (expected.modes[t.mode] ?? 0) + 1;
    for (const e of Object.values(ENVIRONMENTS)) {
      const developers =
        t.mode === 'inline' || t.mode === 'document' || (t.mode === 'strict' && e.strict_mfa);
      const admins = t.mode === 'document' || (t.mode === 'strict' && e.strict_mfa);
      for (const ok of [developers, admins]) expected.groups[ok ? 'pass' : 'fail']++;
      for (const m of Object.values(t.members)) {
        expected.users++;
        // Every member is in the developers group, so that group decides.
        if (m.console) expected.consoleUsers[developers ? 'enforced' : 'notEnforced']++;
      }
    }
  }
  return expected;
}

/**
 * Writes the tree under `dir` (which must be empty or absent): `files` .tf files of about `kb` KB each.
 * Returns the root module directory, the file list, the byte total and the expected verdicts.
 */
export function generateTree(dir, { files = 5000, kb = 10, seed = 20261127 } = {}) {
  const random = createRandom(seed);
  const target = kb * 1024;
  const shape = layout(files);
  const teams = Array.from({ length: shape.teams }, (_, i) => teamPlan(random, i + 1));
  const written = [];
  let bytes = 0;
  const write = (path, text) => {
    writeFileSync(path, text);
    written.push(path);
    bytes += Buffer.byteLength(text);
  };
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(rootFiles(random, teams, shape.callsPerFile, target)))
    write(join(dir, name), text);
  for (const plan of teams) {
    const moduleDir = join(dir, 'modules', plan.team);
    mkdirSync(moduleDir, { recursive: true });
    for (const [name, text] of Object.entries(teamFiles(random, plan, target)))
      write(join(moduleDir, name), text);
  }
  // Files left over once the teams are laid out: more filler in the first teams' modules.
  for (let i = 0; i < shape.extras; i++) {
    const plan = teams[i % teams.length];
    const ctx = { team: plan.team, accountHint: plan.accountHint, file: `extra_${i + 1}` };
    write(join(dir, 'modules', plan.team, `extra-${i + 1}.tf`), padded([], random, ctx, 'other', target));
  }
  return { root: dir, files: written, bytes, shape, expected: expectations(teams) };
}
