import type { PolicyDocumentRef } from '../../model/account.js';
import { unknownValue, type Maybe } from '../../model/unknown.js';
import {
  IacAccountBuilder,
  iamArn,
  type IacSource,
  type PrincipalKind,
  type PrincipalRef,
} from '../iac/iacAccountBuilder.js';
import { resourceName } from './computedAttributes.js';
import {
  enforceMfaSourceVersion,
  isEnforceMfaSource,
  modelEnforceMfaModule,
  type EnforceMfaModel,
} from './enforceMfaModule.js';
import type { ExternalModuleCall, ResourceInstance } from './moduleInstance.js';
import { soundPolicyDocument } from './soundPolicyDocument.js';
import {
  firstUnknown,
  isTfObject,
  isTfUnknown,
  tfToString,
  TfPartialJson,
  TfUnknown,
  type TfObject,
  type TfValue,
} from './value.js';

// Terraform resources -> IAM declarations for the shared IaC builder. Each resource type maps to what it
// declares (a group, a policy, an attachment, a membership); what the evaluator could not resolve arrives
// as TfUnknown and becomes the model's Unknown with the same reason.

/** What the mapping needs of a resource, from HCL evaluation or from a plan. */
export interface TerraformResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly address: string;
  readonly source: IacSource;
  readonly uncertain?: string;
  attributes(): TfObject;
}

export function fromInstance(instance: ResourceInstance): TerraformResource {
  return {
    mode: instance.mode,
    type: instance.type,
    address: instance.address,
    source: sourceOf(instance),
    ...(instance.uncertain ? { uncertain: instance.uncertain } : {}),
    attributes: () => instance.attributes(),
  };
}

export function sourceOf(instance: { block: ResourceInstance['block']; address: string }): IacSource {
  return {
    kind: 'iac',
    file: instance.block.file,
    line: instance.block.pos.line,
    column: instance.block.pos.column,
    address: instance.address,
  };
}

function maybeString(value: TfValue | undefined, what: string): Maybe<string> {
  if (value === undefined || value === null) return unknownValue(`${what} is not set`);
  if (isTfUnknown(value)) return unknownValue(value.reason);
  const text = tfToString(value);
  return text instanceof TfUnknown ? unknownValue(`${what}: ${text.reason}`) : text;
}

function optionalString(value: TfValue | undefined): Maybe<string> | undefined {
  if (value === undefined || value === null) return undefined;
  return maybeString(value, 'value');
}

/** A list attribute as its elements; an unknown list is one unknown element (it may name anyone). */
function maybeList(value: TfValue | undefined, what: string): Maybe<string>[] {
  if (value === undefined || value === null) return [];
  if (isTfUnknown(value)) return [unknownValue(`${what}: ${value.reason}`)];
  if (!Array.isArray(value)) return [maybeString(value, what)];
  return value.map((item) => maybeString(item, what));
}

/** A policy document attribute (JSON text from jsonencode, a heredoc or a data source's json). */
function documentOf(value: TfValue | undefined, what: string): Maybe<unknown> {
  if (value === undefined || value === null) return unknownValue(`${what} is not set`);
  if (value instanceof TfPartialJson) {
    const widened = soundPolicyDocument(value);
    if (widened !== undefined) return widened;
  }
  const unknown = firstUnknown(value);
  if (unknown) return unknownValue(`${what} is unresolved: ${unknown.reason}`);
  return value;
}

function pathOf(value: TfValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function tagsOf(value: TfValue | undefined): Record<string, string> {
  if (!isTfObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, tag] of Object.entries(value)) if (typeof tag === 'string') out[key] = tag;
  return out;
}

function nameOrAddress(value: TfValue, address: string): string {
  return typeof value === 'string' ? value : `${address} (name unresolved)`;
}

interface InlineKey {
  readonly owner: string;
  readonly name: string;
}

/** Maps every resource instance and external module call into the builder. */
export function addTerraformResources(
  builder: IacAccountBuilder,
  instances: readonly TerraformResource[],
  externals: readonly ExternalModuleCall[],
): void {
  const inlineNames: InlineKey[] = [];
  const exclusive: { owner: PrincipalRef; names: Maybe<string>[]; source: IacSource }[] = [];
  for (const instance of instances) {
    if (instance.mode !== 'managed' || !instance.type.startsWith('aws_iam_')) continue;
    const attrs = instance.attributes();
    const source = instance.source;
    const owner = (kind: PrincipalKind, key: string): PrincipalRef => ({
      kind,
      name: instance.uncertain
        ? unknownValue(instance.uncertain)
        : maybeString(attrs[key], `${instance.address}.${key}`),
    });
    const arnAttr = (key = 'policy_arn'): Maybe<string> =>
      instance.uncertain
        ? unknownValue(`${instance.address} may not exist: ${instance.uncertain}`)
        : maybeString(attrs[key], `${instance.address}.${key}`);
    switch (instance.type) {
      case 'aws_iam_group':
        builder.addGroup({
          name: nameOrAddress(attrs.name ?? null, instance.address),
          path: pathOf(attrs.path),
          source,
        });
        break;
      case 'aws_iam_user':
        builder.addUser({
          name: nameOrAddress(attrs.name ?? null, instance.address),
          path: pathOf(attrs.path),
          source,
          tags: tagsOf(attrs.tags),
          ...(attrs.permissions_boundary !== undefined && attrs.permissions_boundary !== null
            ? { permissionsBoundaryArn: maybeString(attrs.permissions_boundary, 'permissions_boundary') }
            : {}),
        });
        break;
      case 'aws_iam_role': {
        const name = nameOrAddress(attrs.name ?? null, instance.address);
        const trust: PolicyDocumentRef = {
          document: documentOf(attrs.assume_role_policy, `${instance.address}.assume_role_policy`),
          source,
        };
        builder.addRole({
          name,
          path: pathOf(attrs.path),
          source,
          assumeRolePolicy: trust,
          tags: tagsOf(attrs.tags),
          ...(optionalString(attrs.permissions_boundary)
            ? { permissionsBoundaryArn: optionalString(attrs.permissions_boundary) }
            : {}),
        });
        const self: PrincipalRef = { kind: 'role', name };
        for (const block of Array.isArray(attrs.inline_policy) ? attrs.inline_policy : []) {
          if (!isTfObject(block)) continue;
          const policyName = typeof block.name === 'string' ? block.name : 'inline_policy';
          builder.addInlinePolicy(
            self,
            policyName,
            documentOf(block.policy, `${instance.address}.inline_policy`),
            source,
          );
        }
        for (const arn of maybeList(attrs.managed_policy_arns, `${instance.address}.managed_policy_arns`))
          builder.attachPolicy(self, arn, source);
        break;
      }
      case 'aws_iam_policy':
        builder.addManagedPolicy({
          name: nameOrAddress(resourceName(attrs, instance.address), instance.address),
          path: pathOf(attrs.path),
          document: documentOf(attrs.policy, `${instance.address}.policy`),
          source,
        });
        break;
      case 'aws_iam_group_policy':
      case 'aws_iam_user_policy':
      case 'aws_iam_role_policy': {
        const kind = instance.type.slice('aws_iam_'.length, -'_policy'.length) as PrincipalKind;
        const ref = owner(kind, kind);
        const policyName = nameOrAddress(resourceName(attrs, instance.address), instance.address);
        builder.addInlinePolicy(
          ref,
          policyName,
          documentOf(attrs.policy, `${instance.address}.policy`),
          source,
        );
        if (typeof ref.name === 'string')
          inlineNames.push({ owner: `${kind}:${ref.name}`, name: policyName });
        break;
      }
      case 'aws_iam_group_policy_attachment':
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_role_policy_attachment': {
        const kind = instance.type.slice('aws_iam_'.length, -'_policy_attachment'.length) as PrincipalKind;
        builder.attachPolicy(owner(kind, kind), arnAttr(), source);
        break;
      }
      case 'aws_iam_policy_attachment': {
        const arn = arnAttr();
        for (const [kind, key] of [
          ['group', 'groups'],
          ['user', 'users'],
          ['role', 'roles'],
        ] as const) {
          for (const name of maybeList(attrs[key], `${instance.address}.${key}`))
            builder.attachPolicy({ kind, name }, arn, source);
        }
        break;
      }
      case 'aws_iam_group_policy_attachments_exclusive':
      case 'aws_iam_user_policy_attachments_exclusive':
      case 'aws_iam_role_policy_attachments_exclusive': {
        const kind = instance.type.split('_')[2] as PrincipalKind;
        const ref = owner(kind, `${kind}_name`);
        for (const arn of maybeList(attrs.policy_arns, `${instance.address}.policy_arns`))
          builder.attachPolicy(ref, arn, source);
        break;
      }
      case 'aws_iam_group_policies_exclusive':
      case 'aws_iam_user_policies_exclusive':
      case 'aws_iam_role_policies_exclusive': {
        const kind = instance.type.split('_')[2] as PrincipalKind;
        exclusive.push({
          owner: owner(kind, `${kind}_name`),
          names: maybeList(attrs.policy_names, `${instance.address}.policy_names`),
          source,
        });
        break;
      }
      case 'aws_iam_user_login_profile':
        builder.addLoginProfile(owner('user', 'user').name, source);
        break;
      case 'aws_iam_access_key':
        builder.addAccessKey(
          owner('user', 'user').name,
          attrs.status === undefined || attrs.status === null || attrs.status === 'Active',
        );
        break;
      case 'aws_iam_user_group_membership': {
        const user = owner('user', 'user').name;
        for (const group of maybeList(attrs.groups, `${instance.address}.groups`))
          builder.addMembership(user, group, source);
        break;
      }
      case 'aws_iam_group_membership': {
        const group = owner('group', 'group').name;
        for (const user of maybeList(attrs.users, `${instance.address}.users`))
          builder.addMembership(user, group, source);
        break;
      }
      default:
        break;
    }
  }
  // An exclusive list that names an inline policy this code does not declare: its document lives elsewhere.
  for (const { owner, names, source } of exclusive) {
    for (const name of names) {
      const declared =
        typeof name === 'string' &&
        typeof owner.name === 'string' &&
        inlineNames.some((k) => k.owner === `${owner.kind}:${owner.name}` && k.name === name);
      if (declared) continue;
      builder.addInlinePolicy(
        owner,
        typeof name === 'string' ? name : 'unresolved',
        unknownValue(
          typeof name === 'string'
            ? `inline policy ${name} is kept by ${source.address} but not declared in this code`
            : `${source.address} keeps an unresolved inline policy: ${name.reason}`,
        ),
        source,
      );
    }
  }
  for (const call of externals) addExternalModule(builder, call);
}

const enforceMfaModels = new WeakMap<ExternalModuleCall, EnforceMfaModel | TfUnknown>();

/**
 * terraform-module/enforce-mfa/aws modelled by release, once per call: its resources become declarations
 * here, and its outputs answer references (`module.enforce_mfa.arn`). Undefined for any other source.
 */
export function enforceMfaModelOf(call: ExternalModuleCall): EnforceMfaModel | TfUnknown | undefined {
  if (!isEnforceMfaSource(call.source)) return undefined;
  let model = enforceMfaModels.get(call);
  if (!model) {
    // A Git source pins its release in `?ref=vX.Y.Z`; a registry source in the `version` argument.
    const version = call.version ?? enforceMfaSourceVersion(call.source);
    model = modelEnforceMfaModule(version, call.inputs, (name, path) => iamArn('policy', path, name));
    enforceMfaModels.set(call, model);
  }
  return model;
}

function addExternalModule(builder: IacAccountBuilder, call: ExternalModuleCall): void {
  const source = sourceOf(call);
  const model = enforceMfaModelOf(call);
  if (model) {
    if (model instanceof TfUnknown) {
      builder.addIssue({ what: `${source.file}:${source.line} (${call.address})`, reason: model.reason });
      for (const kind of ['group', 'user'] as const) {
        builder.attachPolicy(
          { kind, name: unknownValue(`${call.address}: ${model.reason}`) },
          unknownValue(model.reason),
          source,
        );
      }
      return;
    }
    const name = maybeString(model.policy.name, `${call.address} policy_name`);
    const path = pathOf(model.policy.path);
    const arn =
      typeof name === 'string'
        ? builder.addManagedPolicy({
            name,
            path,
            document: documentOf(model.policy.document, `${call.address} policy`),
            source: { ...source, address: `${call.address}.aws_iam_policy` },
          })
        : name;
    for (const group of maybeList(model.groups, `${call.address}.groups`))
      builder.attachPolicy({ kind: 'group', name: group }, arn, source);
    for (const user of maybeList(model.users, `${call.address}.users`))
      builder.attachPolicy({ kind: 'user', name: user }, arn, source);
    return;
  }
  // A module that is not on disk may attach anything to the principals it is given: those cannot pass.
  const hint = `module ${call.address} (source "${call.source}") is not on disk; run terraform init so its code can be read`;
  builder.addIssue({ what: `${source.file}:${source.line} (${call.address})`, reason: hint });
  const mentioned = new Set<string>();
  collectStrings(call.inputs, mentioned);
  builder.taintMentioned(mentioned, hint, source);
}

function collectStrings(value: TfValue, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out));
  else if (isTfObject(value)) Object.values(value).forEach((item) => collectStrings(item as TfValue, out));
}

export type { TfObject };
