import { PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../harness/awsClients.js';
import {
  attachRolePolicy,
  createRole,
  createUser,
  generateCredentialReport,
  putUserPolicy,
} from '../harness/seed.js';
import {
  ACCOUNT_TOKEN,
  withAccount,
  type PolicyDoc,
  type ScenarioRole,
  type ScenarioUser,
} from './trustScenario.js';

// The trust scenario in each input format. Each renderer writes it the way people write that format
// (Terraform: heredoc JSON, jsonencode, aws_iam_policy_document; CloudFormation: Fn::Sub), so a difference
// between adapters is a difference in how they read, not in what they were given.

const run = promisify(execFile);
const TF_ACCOUNT = '${data.aws_caller_identity.current.account_id}';

export interface Scenario {
  readonly roles: readonly ScenarioRole[];
  readonly users: readonly ScenarioUser[];
}

const iacRoles = (scenario: Scenario) => scenario.roles.filter((role) => !role.liveOnly);
const tfName = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');

// --- moto (and the export written from it) ---------------------------------------------------------------

export async function seedMoto(iam: IAMClient, scenario: Scenario, account: string): Promise<void> {
  for (const user of scenario.users) {
    await createUser(iam, user.name, { consolePassword: true });
    if (user.inline)
      await putUserPolicy(iam, user.name, 'inline', JSON.stringify(withAccount(user.inline, account)));
  }
  for (const role of scenario.roles) {
    await createRole(iam, role.name, JSON.stringify(withAccount(role.trust, account)), role.path);
    if (role.inline)
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: role.name,
          PolicyName: 'inline',
          PolicyDocument: JSON.stringify(withAccount(role.inline, account)),
        }),
      );
    for (const arn of role.managed ?? []) await attachRolePolicy(iam, role.name, arn);
  }
  await generateCredentialReport(iam);
}

/** The export `scan export` reads, written by the aws CLI itself from the account in moto. */
export async function writeExport(endpoint: string, dir: string): Promise<void> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: MOTO_REGION,
    AWS_PAGER: '',
  };
  const files: Record<string, string[]> = {
    'authorization-details.json': ['get-account-authorization-details'],
    'credential-report.json': ['get-credential-report'],
    'account-summary.json': ['get-account-summary'],
    'virtual-mfa-devices.json': ['list-virtual-mfa-devices'],
  };
  for (const [file, args] of Object.entries(files)) {
    const { stdout } = await run('aws', ['iam', ...args, '--endpoint-url', endpoint, '--output', 'json'], {
      env,
      maxBuffer: 256 * 1024 * 1024,
    });
    await writeFile(join(dir, file), stdout);
  }
}

// --- Terraform ------------------------------------------------------------------------------------------

function hclString(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%\{/g, '%%{');
  return `"${escaped.replaceAll(ACCOUNT_TOKEN, TF_ACCOUNT)}"`;
}

/** A JSON value as an HCL expression, for jsonencode(). */
function hclValue(value: unknown, indent = ''): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join('\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{\n${entries.map(([k, v]) => `${inner}${hclString(k)} = ${hclValue(v, inner)}`).join('\n')}\n${indent}}`;
}

function heredoc(document: PolicyDoc): string {
  const json = JSON.stringify(document, null, 2).replaceAll(ACCOUNT_TOKEN, TF_ACCOUNT);
  return `<<-EOT\n${json}\nEOT`;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [String(value)]);
const hclList = (values: readonly string[]) => `[${values.map(hclString).join(', ')}]`;

/** A policy document as `data "aws_iam_policy_document"`, the way the provider's docs write trust policies. */
function policyDocumentData(name: string, document: PolicyDoc): string {
  const statements = document.Statement.map((statement) => {
    const lines = [
      `    effect  = "${String(statement.Effect)}"`,
      `    actions = ${hclList(list(statement.Action))}`,
    ];
    if (statement.Resource !== undefined) lines.push(`    resources = ${hclList(list(statement.Resource))}`);
    const principal = statement.Principal as Record<string, unknown> | undefined;
    for (const [type, identifiers] of Object.entries(principal ?? {}))
      lines.push(
        `    principals {\n      type        = "${type}"\n      identifiers = ${hclList(list(identifiers))}\n    }`,
      );
    const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
    for (const [test, keys] of Object.entries(condition))
      for (const [variable, values] of Object.entries(keys))
        lines.push(
          `    condition {\n      test     = "${test}"\n      variable = "${variable}"\n      values   = ${hclList(list(values))}\n    }`,
        );
    return `  statement {\n${lines.join('\n')}\n  }`;
  });
  return `data "aws_iam_policy_document" "${name}" {\n${statements.join('\n')}\n}\n`;
}

export type TerraformStyle = 'heredoc' | 'policy-document';

/**
 * heredoc: every document is JSON in a heredoc. policy-document: trust policies are
 * aws_iam_policy_document data sources and the inline policies jsonencode() objects.
 */
export function renderTerraform(scenario: Scenario, style: TerraformStyle): string {
  const blocks = ['data "aws_caller_identity" "current" {}\n'];
  const documentOf = (name: string, document: PolicyDoc): string => {
    if (style === 'heredoc') return heredoc(document);
    blocks.push(policyDocumentData(name, document));
    return `data.aws_iam_policy_document.${name}.json`;
  };
  const inlineOf = (document: PolicyDoc) =>
    style === 'heredoc' ? heredoc(document) : `jsonencode(${hclValue(document, '  ')})`;
  for (const user of scenario.users) {
    const id = tfName(user.name);
    blocks.push(`resource "aws_iam_user" "${id}" {\n  name = "${user.name}"\n}\n`);
    blocks.push(`resource "aws_iam_user_login_profile" "${id}" {\n  user = aws_iam_user.${id}.name\n}\n`);
    if (user.inline)
      blocks.push(
        `resource "aws_iam_user_policy" "${id}" {\n  name   = "inline"\n  user   = aws_iam_user.${id}.name\n  policy = ${inlineOf(user.inline)}\n}\n`,
      );
  }
  for (const role of iacRoles(scenario)) {
    const id = tfName(role.name);
    const path = role.path ? `\n  path = "${role.path}"` : '';
    const trust = documentOf(`${id}_trust`, role.trust);
    blocks.push(
      `resource "aws_iam_role" "${id}" {\n  name = "${role.name}"${path}\n  assume_role_policy = ${trust}\n}\n`,
    );
    if (role.inline)
      blocks.push(
        `resource "aws_iam_role_policy" "${id}" {\n  name   = "inline"\n  role   = aws_iam_role.${id}.id\n  policy = ${inlineOf(role.inline)}\n}\n`,
      );
    (role.managed ?? []).forEach((arn, index) =>
      blocks.push(
        `resource "aws_iam_role_policy_attachment" "${id}_${index}" {\n  role       = aws_iam_role.${id}.name\n  policy_arn = "${arn}"\n}\n`,
      ),
    );
  }
  // Written as people keep it: `terraform fmt` aligns the arguments.
  return execFileSync('terraform', ['fmt', '-'], { input: blocks.join('\n') }).toString();
}

/**
 * What `terraform show -json` writes for the same code applied to `account`: values resolved, the caller
 * identity read during the plan and kept in prior_state, and the ARNs of new resources known only after apply.
 */
export function renderPlan(scenario: Scenario, account: string): string {
  const resources: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  const add = (type: string, name: string, values: Record<string, unknown>, unknownAfter: string[] = []) => {
    const address = `${type}.${name}`;
    resources.push({
      address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      values,
    });
    changes.push({
      address,
      mode: 'managed',
      type,
      name,
      change: {
        actions: ['create'],
        before: null,
        after: values,
        after_unknown: Object.fromEntries(unknownAfter.map((k) => [k, true])),
      },
    });
  };
  const json = (document: PolicyDoc) => JSON.stringify(withAccount(document, account));
  for (const user of scenario.users) {
    const id = tfName(user.name);
    add('aws_iam_user', id, { name: user.name, path: '/', force_destroy: false }, ['arn', 'id', 'unique_id']);
    add('aws_iam_user_login_profile', id, { user: user.name, password_reset_required: null }, ['password']);
    if (user.inline)
      add('aws_iam_user_policy', id, { name: 'inline', user: user.name, policy: json(user.inline) });
  }
  for (const role of iacRoles(scenario)) {
    const id = tfName(role.name);
    add(
      'aws_iam_role',
      id,
      { name: role.name, path: role.path ?? '/', assume_role_policy: json(role.trust) },
      ['arn', 'id', 'unique_id'],
    );
    if (role.inline)
      add('aws_iam_role_policy', id, { name: 'inline', role: role.name, policy: json(role.inline) });
    (role.managed ?? []).forEach((arn, index) =>
      add('aws_iam_role_policy_attachment', `${id}_${index}`, { role: role.name, policy_arn: arn }),
    );
  }
  const identity = {
    address: 'data.aws_caller_identity.current',
    mode: 'data',
    type: 'aws_caller_identity',
    name: 'current',
    values: {
      account_id: account,
      arn: `arn:aws:iam::${account}:user/ci`,
      id: account,
      user_id: 'AIDAEXAMPLE',
    },
  };
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: { resources } },
      resource_changes: changes,
      prior_state: { format_version: '1.0', values: { root_module: { resources: [identity] } } },
    },
    null,
    2,
  );
}

// --- CloudFormation -------------------------------------------------------------------------------------

/** Strings that name the account become Fn::Sub with ${AWS::AccountId}, as templates write them. */
function subbed(value: unknown): unknown {
  if (typeof value === 'string')
    return value.includes(ACCOUNT_TOKEN)
      ? { 'Fn::Sub': value.replaceAll(ACCOUNT_TOKEN, '${AWS::AccountId}') }
      : value;
  if (Array.isArray(value)) return value.map(subbed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, subbed(v)]));
  return value;
}

const logicalId = (name: string) =>
  name
    .split(/[^A-Za-z0-9]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** Block YAML with the short-form `!Sub` tag, as most templates are written. */
function yamlOf(value: unknown, indent: string): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0]?.[0] === 'Fn::Sub')
      return ` !Sub ${JSON.stringify(entries[0][1])}`;
    // YAML reads a plain `Null` (or `true`, `on`...) as a value, not a name: such keys are quoted.
    const keyOf = (key: string) => (/^(null|true|false|yes|no|on|off|y|n|~)$/i.test(key) ? `"${key}"` : key);
    return entries.map(([key, inner]) => `\n${indent}${keyOf(key)}:${yamlOf(inner, `${indent}  `)}`).join('');
  }
  if (Array.isArray(value))
    return value
      .map((item) => {
        const rendered = yamlOf(item, `${indent}  `);
        // A mapping item starts on the dash's line.
        return rendered.startsWith('\n') ? `\n${indent}- ${rendered.trimStart()}` : `\n${indent}-${rendered}`;
      })
      .join('');
  return ` ${JSON.stringify(value)}`;
}

export function renderCloudFormationYaml(scenario: Scenario): string {
  const template = JSON.parse(renderCloudFormation(scenario)) as Record<string, unknown>;
  return `${yamlOf(template, '').trimStart()}\n`;
}

export function renderCloudFormation(scenario: Scenario): string {
  const resources: Record<string, unknown> = {};
  for (const user of scenario.users)
    resources[`${logicalId(user.name)}User`] = {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: user.name,
        LoginProfile: {
          Password: '{{resolve:secretsmanager:mfa-warden/initial-password}}',
          PasswordResetRequired: true,
        },
        ...(user.inline ? { Policies: [{ PolicyName: 'inline', PolicyDocument: subbed(user.inline) }] } : {}),
      },
    };
  for (const role of iacRoles(scenario))
    resources[`${logicalId(role.name)}Role`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: role.name,
        ...(role.path ? { Path: role.path } : {}),
        AssumeRolePolicyDocument: subbed(role.trust),
        ...(role.inline ? { Policies: [{ PolicyName: 'inline', PolicyDocument: subbed(role.inline) }] } : {}),
        ...(role.managed ? { ManagedPolicyArns: role.managed } : {}),
      },
    };
  return JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: resources,
    },
    null,
    2,
  );
}
