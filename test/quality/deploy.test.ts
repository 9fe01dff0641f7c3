import { WATCHED_EVENT_NAMES } from '../../src/lambda/cloudTrailEvent.js';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadModuleTree } from '../../src/adapters/terraform/moduleTree.js';
import { ModuleInstance } from '../../src/adapters/terraform/moduleInstance.js';
import { initHclParser } from '../../src/adapters/terraform/parseHcl.js';
import { isTfObject, tfUnknown, type TfObject, type TfValue } from '../../src/adapters/terraform/value.js';
import { resolveRaw, rootVariables } from '../../src/adapters/terraform/variableValues.js';
import { parseTemplate } from '../../src/adapters/cloudformation/parseTemplate.js';
import {
  isTemplateMap,
  type TemplateMap,
  type TemplateValue,
} from '../../src/adapters/cloudformation/templateTree.js';
import type { Account } from '../../src/model/account.js';
import { isUnknown } from '../../src/model/unknown.js';
import { compileActionMatcher } from '../../src/policy/actionMatcher.js';
import { loadActionCatalog, parsePolicyDocument } from '../../src/policy/index.js';
import { scanCloudFormation, scanTerraform, type IacScanResult } from '../../src/scan/scan.js';

// The deployment in deploy/ (Terraform module, its organization variant, the CloudFormation account template
// and its StackSet): the code is formatted and lint-clean, our own scanners find nothing wrong in it, the
// function's role grants exactly the permissions of the enforcement modes chosen, and the function is wired to
// the Lambda contract (handler, environment, events, schedule) and to us-east-1.

const run = promisify(execFile);

const MODULE = 'deploy/terraform';
const ORGANIZATION = 'deploy/terraform/organization';
const TEMPLATE = 'deploy/cloudformation/mfa-warden.yaml';
const STACKSET = 'deploy/cloudformation/organization-stackset.yaml';

const MODES = [
  'remove-console-access',
  'deactivate-access-keys',
  'attach-mfa-policy',
  'add-to-group',
  'delete-user',
] as const;
type Mode = (typeof MODES)[number];

/** The CloudFormation parameter that enables each mode. */
const MODE_PARAMETER: Record<Mode, string> = {
  'remove-console-access': 'EnforceRemoveConsoleAccess',
  'deactivate-access-keys': 'EnforceDeactivateAccessKeys',
  'attach-mfa-policy': 'EnforceAttachMfaPolicy',
  'add-to-group': 'EnforceAddToGroup',
  'delete-user': 'EnforceDeleteUser',
};

/** What the role may always do: write its logs, read IAM, its config, journal, topic and queue. */
const BASE_ACTIONS = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:GetAccountAuthorizationDetails',
  'iam:ListVirtualMFADevices',
  'iam:GetAccountSummary',
  'iam:GetLoginProfile',
  'iam:ListMFADevices',
  'iam:GetUser',
  'iam:GetGroup',
  'iam:ListGroupsForUser',
  'iam:ListUserPolicies',
  'iam:GetUserPolicy',
  'iam:ListAttachedUserPolicies',
  'iam:GetGroupPolicy',
  'iam:ListGroupPolicies',
  'iam:ListAttachedGroupPolicies',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListEntitiesForPolicy',
  'iam:ListAccessKeys',
  'ssm:GetParameter',
  's3:PutObject',
  's3:GetObject',
  's3:ListBucket',
  'sns:Publish',
  'sqs:SendMessage',
];

/** What sending findings to Security Hub adds: import them, and find earlier ones to archive. */
const SECURITY_HUB_ACTIONS = ['securityhub:BatchImportFindings', 'securityhub:GetFindings'];

/** What each enforcement mode adds, and nothing else. */
const MODE_ACTIONS: Record<Mode, readonly string[]> = {
  'remove-console-access': ['iam:DeleteLoginProfile'],
  'deactivate-access-keys': ['iam:UpdateAccessKey'],
  'attach-mfa-policy': ['iam:CreatePolicy', 'iam:AttachGroupPolicy', 'iam:AttachUserPolicy'],
  'add-to-group': ['iam:AddUserToGroup'],
  'delete-user': [
    'iam:DeleteLoginProfile',
    'iam:DeleteAccessKey',
    'iam:ListSigningCertificates',
    'iam:DeleteSigningCertificate',
    'iam:ListSSHPublicKeys',
    'iam:GetSSHPublicKey',
    'iam:DeleteSSHPublicKey',
    'iam:ListServiceSpecificCredentials',
    'iam:DeleteServiceSpecificCredential',
    'iam:DeactivateMFADevice',
    'iam:DeleteVirtualMFADevice',
    'iam:RemoveUserFromGroup',
    'iam:DeleteUserPolicy',
    'iam:DetachUserPolicy',
    'iam:DeleteUser',
  ],
};

// The rule sends the function exactly the events its handler acts on.
const IAM_EVENTS = WATCHED_EVENT_NAMES;

const ENVIRONMENT = [
  'MFA_WARDEN_APPLY',
  'MFA_WARDEN_JOURNAL_BUCKET',
  'MFA_WARDEN_JOURNAL_PREFIX',
  'MFA_WARDEN_SNS_TOPIC_ARN',
  'MFA_WARDEN_SECURITY_HUB',
];

const sorted = (items: Iterable<string>): string[] =>
  [...new Set([...items].map((a) => a.toLowerCase()))].sort();

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function exitOf(command: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return run(command, args).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
}

/** Findings that would fail a run, input errors and collection issues: all must be absent. */
function problems(result: IacScanResult) {
  return {
    findings: result.findings
      .filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'unknown')
      .map((f) => `${f.check} ${f.status} ${f.resource.name}: ${f.message}`),
    inputErrors: result.inputErrors,
    issues: result.targets.length > 0 ? result.summary.collectionIssues : ['nothing was scanned'],
  };
}

/** The one inline policy of a role in a scanned model, as a document the scanner could read in full. */
function rolePolicy(account: Account, name: RegExp): unknown {
  const roles = isUnknown(account.roles) ? [] : account.roles;
  const role = roles.find((r) => name.test(r.name));
  expect(role, `a role matching ${name}`).toBeDefined();
  expect(role?.inlinePolicies).toHaveLength(1);
  const document = role?.inlinePolicies[0]?.document;
  if (document === undefined || isUnknown(document)) throw new Error(`the policy of ${name} is not known`);
  return document;
}

/** Every catalogued action some Allow of the document grants (on some resource), lower-cased and sorted. */
async function allowedActions(document: unknown): Promise<string[]> {
  const catalog = await loadActionCatalog();
  const parsed = parsePolicyDocument(document, 'role policy');
  expect(parsed.statements.some((s) => s.effect === 'Deny')).toBe(false);
  const matchers = parsed.statements.map((s) => compileActionMatcher(s.action));
  const allowed = catalog.services.flatMap((service) =>
    catalog.actionsOf(service).filter((action) => matchers.some((m) => m.matches(action))),
  );
  return sorted(allowed);
}

async function terraformRolePolicy(modes: readonly string[], vars: string[] = [], role = /-function$/) {
  const result = await scanTerraform([MODULE], { vars: [`enforce_modes=${JSON.stringify(modes)}`, ...vars] });
  expect(problems(result)).toEqual({ findings: [], inputErrors: [], issues: [] });
  return rolePolicy(result.account, role);
}

async function cloudFormationRolePolicy(modes: readonly Mode[], extra: Record<string, string> = {}) {
  const parameters = Object.fromEntries(MODES.map((m) => [MODE_PARAMETER[m], String(modes.includes(m))]));
  const result = await scanCloudFormation([TEMPLATE], { parameters: { ...parameters, ...extra } });
  expect(problems(result)).toEqual({ findings: [], inputErrors: [], issues: [] });
  return rolePolicy(result.account, /FunctionRole/);
}

/** One resource of a Terraform root module as our evaluator renders it (variables from `vars`). */
async function terraformResource(
  dir: string,
  type: string,
  name: string,
  vars: string[] = [],
): Promise<TfObject> {
  await initHclParser();
  const root = resolve(dir);
  const { tree, errors } = await loadModuleTree(root);
  expect(errors).toEqual([]);
  const inputs = new Map<string, TfValue>();
  for (const [key, raw] of await rootVariables(root, { vars })) {
    const block = tree.config.variables.get(key);
    if (block) inputs.set(key, await resolveRaw(raw, block.body.attributes.get('type')?.expr));
  }
  const functions = {
    baseDir: root,
    readFile: (path: string) => {
      try {
        return readFileSync(isAbsolute(path) ? path : join(root, path), 'utf8');
      } catch {
        return tfUnknown(`cannot read ${path}`);
      }
    },
    renderTemplate: () => tfUnknown('templates are not used by the deployment'),
  };
  const module = new ModuleInstance(tree, '', (key) => inputs.get(key), functions, {
    rootDir: root,
    externalOutputs: () => tfUnknown('the deployment calls no modules'),
  });
  const instances = module.instances('managed', type, name);
  expect(instances).toHaveLength(1);
  return (instances[0] as (typeof instances)[number]).attributes();
}

/** A nested block's single object (`environment[0]`), or the attribute itself. */
function block(value: TfValue | undefined): TfObject {
  const item = Array.isArray(value) ? value[0] : value;
  if (!isTfObject(item)) throw new Error(`expected a block, got ${JSON.stringify(item)}`);
  return item;
}

function template(file: string): TemplateMap {
  const parsed = parseTemplate(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.template.root;
}

function map(value: TemplateValue | undefined): TemplateMap {
  if (!isTemplateMap(value)) throw new Error(`expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

describe('deploy/terraform', () => {
  it('every .tf file passes terraform fmt -check', async () => {
    expect(filesUnder(MODULE, '.tf').length).toBeGreaterThanOrEqual(10);
    const result = await exitOf('terraform', ['fmt', '-check', '-diff', '-recursive', MODULE]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });

  it.each([
    ['module, defaults', MODULE, []],
    [
      'module, every mode, Security Hub, inline config',
      MODULE,
      [
        `enforce_modes=${JSON.stringify(MODES)}`,
        'security_hub=true',
        'config_in_environment=true',
        'enforcement_group_names=["mfa-required"]',
      ],
    ],
    [
      'organization',
      ORGANIZATION,
      [
        'organizational_unit_ids=["ou-ab12-cdef3456"]',
        'lambda_s3_bucket=code',
        'lambda_s3_key=mfa-warden.zip',
      ],
    ],
  ])('scan terraform finds nothing: %s', async (_label, dir, vars) => {
    const result = await scanTerraform([dir], { vars });
    expect(problems(result)).toEqual({ findings: [], inputErrors: [], issues: [] });
    expect(result.targets.map((t) => t.label)).toEqual([dir]);
    // The module's two roles reached the scanner with documents it could read in full.
    if (dir === MODULE) {
      const roles = isUnknown(result.account.roles) ? [] : result.account.roles;
      expect(roles.map((r) => r.name).sort()).toEqual(['mfa-warden-function', 'mfa-warden-scheduler']);
      for (const role of roles) {
        expect(role.inlinePolicies.every((p) => !isUnknown(p.document))).toBe(true);
        expect(role.assumeRolePolicy && !isUnknown(role.assumeRolePolicy.document)).toBe(true);
      }
    }
  });

  it('with enforce_modes = ["remove-console-access"] the role can DeleteLoginProfile, not DeleteUser or AttachGroupPolicy', async () => {
    const allowed = await allowedActions(await terraformRolePolicy(['remove-console-access']));
    expect(allowed).toContain('iam:deleteloginprofile');
    expect(allowed).not.toContain('iam:deleteuser');
    expect(allowed).not.toContain('iam:attachgrouppolicy');
    expect(sorted(allowed)).toEqual(sorted([...BASE_ACTIONS, ...MODE_ACTIONS['remove-console-access']]));
  });

  it('the role has the scan permissions alone without modes, and each mode adds exactly its own', async () => {
    expect(await allowedActions(await terraformRolePolicy([]))).toEqual(sorted(BASE_ACTIONS));
    for (const mode of MODES) {
      const allowed = await allowedActions(await terraformRolePolicy([mode]));
      expect({ mode, allowed }).toEqual({ mode, allowed: sorted([...BASE_ACTIONS, ...MODE_ACTIONS[mode]]) });
    }
    const all = await allowedActions(await terraformRolePolicy(MODES));
    expect(all).toEqual(sorted([...BASE_ACTIONS, ...MODES.flatMap((m) => MODE_ACTIONS[m])]));
  });

  it('attach-mfa-policy may create and attach only the MFA policy', async () => {
    const policy = await terraformRolePolicy(['attach-mfa-policy'], ['mfa_policy_name=require-mfa']);
    const document = (typeof policy === 'string' ? JSON.parse(policy) : policy) as {
      Statement: { Sid: string; Resource: unknown; Condition?: unknown }[];
    };
    const create = document.Statement.find((s) => s.Sid === 'CreateMfaPolicy');
    const attach = document.Statement.find((s) => s.Sid === 'AttachMfaPolicy');
    expect(create?.Resource).toBe('arn:aws:iam::000000000000:policy/require-mfa');
    expect(attach?.Condition).toEqual({
      ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::000000000000:policy/require-mfa' },
    });
  });

  it('Security Hub and the SSM config parameter add their permission only when used', async () => {
    const withHub = await allowedActions(await terraformRolePolicy([], ['security_hub=true']));
    expect(withHub).toEqual(sorted([...BASE_ACTIONS, ...SECURITY_HUB_ACTIONS]));
    const inline = await allowedActions(await terraformRolePolicy([], ['config_in_environment=true']));
    expect(inline).toEqual(sorted(BASE_ACTIONS.filter((a) => a !== 'ssm:GetParameter')));
  });

  it('the scheduler role may only invoke the function', async () => {
    const document = await terraformRolePolicy([], [], /-scheduler$/);
    expect(await allowedActions(document)).toEqual(['lambda:invokefunction']);
  });

  it('the rule matches exactly the IAM events the handler watches, from CloudTrail', async () => {
    const rule = await terraformResource(MODULE, 'aws_cloudwatch_event_rule', 'iam');
    const pattern = JSON.parse(String(rule.event_pattern)) as Record<string, unknown>;
    expect(pattern).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['iam.amazonaws.com'], eventName: expect.any(Array) },
    });
    const names = (pattern.detail as { eventName: string[] }).eventName;
    expect(names).toHaveLength(25);
    expect([...names].sort()).toEqual([...IAM_EVENTS].sort());
  });

  it('the function follows the Lambda contract', async () => {
    const fn = await terraformResource(MODULE, 'aws_lambda_function', 'warden', ['apply=true']);
    expect(fn).toMatchObject({ handler: 'dist/lambda/index.handler', memory_size: 1024, timeout: 300 });
    expect(String(fn.runtime)).toMatch(/^nodejs2[24]\.x$/);
    const variables = block(block(fn.environment).variables);
    expect(Object.keys(variables).sort()).toEqual([...ENVIRONMENT, 'MFA_WARDEN_CONFIG_SSM'].sort());
    expect(variables).toMatchObject({
      MFA_WARDEN_APPLY: 'true',
      MFA_WARDEN_JOURNAL_PREFIX: 'journal/',
      MFA_WARDEN_SECURITY_HUB: 'false',
      MFA_WARDEN_CONFIG_SSM: '/mfa-warden/config',
    });
    const inline = await terraformResource(MODULE, 'aws_lambda_function', 'warden', [
      'config_in_environment=true',
      'config=failOn: high',
    ]);
    const inlineVariables = block(block(inline.environment).variables);
    expect(inlineVariables.MFA_WARDEN_CONFIG).toBe('failOn: high');
    expect(inlineVariables.MFA_WARDEN_CONFIG_SSM).toBeUndefined();

    const schedule = await terraformResource(MODULE, 'aws_scheduler_schedule', 'scan');
    expect(schedule.schedule_expression).toBe('rate(1 day)');
    expect(JSON.parse(String(block(schedule.target).input))).toEqual({ mfaWarden: 'scan' });
    const target = await terraformResource(MODULE, 'aws_cloudwatch_event_target', 'iam');
    expect(block(target.retry_policy).maximum_retry_attempts).toBeGreaterThan(0);
    expect(target.dead_letter_config).toHaveLength(1);
    const permission = await terraformResource(MODULE, 'aws_lambda_permission', 'events');
    expect(permission).toMatchObject({ principal: 'events.amazonaws.com', action: 'lambda:InvokeFunction' });
  });

  it('the journal bucket is versioned, private, encrypted and TLS-only', async () => {
    expect(await terraformResource(MODULE, 'aws_s3_bucket', 'journal')).toMatchObject({
      force_destroy: false,
    });
    const versioning = await terraformResource(MODULE, 'aws_s3_bucket_versioning', 'journal');
    expect(block(versioning.versioning_configuration).status).toBe('Enabled');
    expect(await terraformResource(MODULE, 'aws_s3_bucket_public_access_block', 'journal')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const sse = await terraformResource(
      MODULE,
      'aws_s3_bucket_server_side_encryption_configuration',
      'journal',
    );
    expect(block(block(sse.rule).apply_server_side_encryption_by_default).sse_algorithm).toBe('AES256');
    const topic = await terraformResource(MODULE, 'aws_sns_topic', 'findings');
    expect(topic.kms_master_key_id).toBe('alias/aws/sns');
    const queue = await terraformResource(MODULE, 'aws_sqs_queue', 'dead_letter');
    expect(queue.sqs_managed_sse_enabled).toBe(true);
  });

  it('the organization variant deploys the account template to the OUs through a service-managed StackSet', async () => {
    const vars = [
      'organizational_unit_ids=["ou-ab12-cdef3456"]',
      'lambda_s3_bucket=code',
      'lambda_s3_key=mfa-warden.zip',
      'enforce_modes=["remove-console-access"]',
    ];
    const stackSet = await terraformResource(ORGANIZATION, 'aws_cloudformation_stack_set', 'warden', vars);
    expect(stackSet).toMatchObject({ permission_model: 'SERVICE_MANAGED', capabilities: ['CAPABILITY_IAM'] });
    expect(block(stackSet.auto_deployment).enabled).toBe(true);
    expect(stackSet.template_body).toBe(readFileSync(TEMPLATE, 'utf8'));
    const parameters = block(stackSet.parameters);
    const accepted = Object.keys(map(template(TEMPLATE).Parameters));
    expect(Object.keys(parameters).filter((key) => !accepted.includes(key))).toEqual([]);
    expect(parameters).toMatchObject({
      CodeS3Bucket: 'code',
      CodeS3Key: 'mfa-warden.zip',
      Apply: 'false',
      EnforceRemoveConsoleAccess: 'true',
      EnforceDeleteUser: 'false',
      EnforceAttachMfaPolicy: 'false',
    });
    const instance = await terraformResource(
      ORGANIZATION,
      'aws_cloudformation_stack_set_instance',
      'warden',
      vars,
    );
    expect(instance.stack_set_instance_region).toBe('us-east-1');
    expect(block(instance.deployment_targets).organizational_unit_ids).toEqual(['ou-ab12-cdef3456']);
  });
});

describe('deploy/cloudformation', () => {
  it('both templates pass cfn-lint', async () => {
    const result = await exitOf('cfn-lint', [TEMPLATE, STACKSET]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it.each([
    ['account template, defaults', TEMPLATE, {}],
    [
      'account template, every mode',
      TEMPLATE,
      {
        ...Object.fromEntries(MODES.map((m) => [MODE_PARAMETER[m], 'true'])),
        SecurityHub: 'true',
        EnforcementGroupName: 'mfa-required',
        PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      },
    ],
    [
      'StackSet',
      STACKSET,
      { TemplateURL: 'https://example.com/t.yaml', OrganizationalUnitIds: 'ou-ab12-cdef3456' },
    ],
  ])('scan cloudformation finds nothing: %s', async (_label, file, parameters) => {
    const result = await scanCloudFormation([file], {
      parameters: { CodeS3Bucket: 'code', CodeS3Key: 'mfa-warden.zip', ...parameters },
    });
    expect(problems(result)).toEqual({ findings: [], inputErrors: [], issues: [] });
    expect(result.targets).toHaveLength(1);
    if (file === TEMPLATE) {
      const roles = isUnknown(result.account.roles) ? [] : result.account.roles;
      expect(roles).toHaveLength(2);
    }
  });

  it('with only EnforceRemoveConsoleAccess the role can DeleteLoginProfile, not DeleteUser or AttachGroupPolicy', async () => {
    const allowed = await allowedActions(await cloudFormationRolePolicy(['remove-console-access']));
    expect(allowed).toContain('iam:deleteloginprofile');
    expect(allowed).not.toContain('iam:deleteuser');
    expect(allowed).not.toContain('iam:attachgrouppolicy');
  });

  it('the role has the scan permissions alone without modes, and each mode adds exactly its own', async () => {
    expect(await allowedActions(await cloudFormationRolePolicy([]))).toEqual(sorted(BASE_ACTIONS));
    for (const mode of MODES) {
      const allowed = await allowedActions(await cloudFormationRolePolicy([mode]));
      expect({ mode, allowed }).toEqual({ mode, allowed: sorted([...BASE_ACTIONS, ...MODE_ACTIONS[mode]]) });
    }
    const hub = await allowedActions(await cloudFormationRolePolicy([], { SecurityHub: 'true' }));
    expect(hub).toEqual(sorted([...BASE_ACTIONS, ...SECURITY_HUB_ACTIONS]));
    const inline = await allowedActions(await cloudFormationRolePolicy([], { ConfigInEnvironment: 'true' }));
    expect(inline).toEqual(sorted(BASE_ACTIONS.filter((a) => a !== 'ssm:GetParameter')));
  });

  it('the rule matches exactly the IAM events the handler watches, the function follows the Lambda contract, us-east-1 only', () => {
    const root = template(TEMPLATE);
    const resources = map(root.Resources);
    const pattern = map(map(map(resources.IamChangeRule).Properties).EventPattern);
    expect(pattern.source).toEqual(['aws.iam']);
    expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(map(pattern.detail).eventSource).toEqual(['iam.amazonaws.com']);
    const names = map(pattern.detail).eventName as string[];
    expect(names).toHaveLength(25);
    expect([...names].sort()).toEqual([...IAM_EVENTS].sort());

    const fn = map(map(resources.Function).Properties);
    expect(fn.Handler).toBe('dist/lambda/index.handler');
    expect(Object.keys(map(map(fn.Environment).Variables)).sort()).toEqual(
      [...ENVIRONMENT, 'MFA_WARDEN_CONFIG', 'MFA_WARDEN_CONFIG_SSM'].sort(),
    );
    const parameters = map(root.Parameters);
    expect(map(parameters.MemorySize).Default).toBe(1024);
    expect(map(parameters.Timeout).Default).toBe(300);
    const schedule = map(map(resources.ScanSchedule).Properties);
    expect(JSON.parse(String(map(schedule.Target).Input))).toEqual({ mfaWarden: 'scan' });
    expect(map(root.Rules).OnlyUsEast1).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
          AssertDescription: expect.any(String),
        },
      ],
    });
  });

  it('the StackSet is service-managed, follows the OUs, deploys to us-east-1 and passes only known parameters', () => {
    const root = template(STACKSET);
    const stackSet = map(map(map(root.Resources).StackSet).Properties);
    expect(stackSet.PermissionModel).toBe('SERVICE_MANAGED');
    expect(map(stackSet.AutoDeployment).Enabled).toBe(true);
    expect(stackSet.StackInstancesGroup).toEqual([
      {
        DeploymentTargets: { OrganizationalUnitIds: { Ref: 'OrganizationalUnitIds' } },
        Regions: ['us-east-1'],
      },
    ]);
    const accountParameters = map(template(TEMPLATE).Parameters);
    const passed = (stackSet.Parameters as TemplateMap[]).map((p) => String(p.ParameterKey));
    expect(passed.filter((key) => !Object.hasOwn(accountParameters, key))).toEqual([]);
    // Every parameter the account template requires is passed on.
    const required = Object.keys(accountParameters).filter(
      (key) => map(accountParameters[key]).Default === undefined,
    );
    expect(required.filter((key) => !passed.includes(key))).toEqual([]);
  });
});
