import { widenUnknownResources } from '../iac/widenUnknownResources.js';
import {
  where,
  type IacAccountBuilder,
  type IacSource,
  type PrincipalKind,
  type PrincipalRef,
} from '../iac/iacAccountBuilder.js';
import type { IacInputError } from '../iac/iacLoadResult.js';
import { isUnknown, unknownValue, type Maybe } from '../../model/unknown.js';
import {
  asText,
  firstUnknown,
  isCfnMap,
  NO_VALUE,
  type CfnMap,
  type CfnValue,
  type IamIdentity,
  type TemplateResolver,
} from './intrinsics.js';
import type { CloudFormationTemplate } from './parseTemplate.js';
import { isTemplateMap, type TemplateValue } from './templateTree.js';

// The IAM resources of a template, reported to the shared IaC builder. Each declaration's source is its
// logical id, so findings and suppressions point at the same line. Other resource types cannot change what an
// IAM principal may do without MFA and are skipped.

export interface DeclareInput {
  readonly file: string;
  readonly template: CloudFormationTemplate;
  readonly resolver: TemplateResolver;
  readonly builder: IacAccountBuilder;
}

interface Declaration {
  readonly logicalId: string;
  readonly source: IacSource;
  readonly resolver: TemplateResolver;
  readonly builder: IacAccountBuilder;
  /** A property's resolved value; undefined when absent. */
  readonly property: (name: string) => CfnValue | undefined;
  /** Why the resource may not exist (its condition is unknown); undefined when it surely exists. */
  readonly uncertain?: string;
}

type Handler = (declaration: Declaration) => void;

const HANDLERS: ReadonlyMap<string, Handler> = new Map([
  ['AWS::IAM::Group', declareGroup],
  ['AWS::IAM::User', declareUser],
  ['AWS::IAM::Role', declareRole],
  ['AWS::IAM::ManagedPolicy', declareManagedPolicy],
  ['AWS::IAM::Policy', declarePolicy],
  ['AWS::IAM::GroupPolicy', (d: Declaration) => declareOwnedPolicy(d, 'group', 'GroupName')],
  ['AWS::IAM::UserPolicy', (d: Declaration) => declareOwnedPolicy(d, 'user', 'UserName')],
  ['AWS::IAM::RolePolicy', (d: Declaration) => declareOwnedPolicy(d, 'role', 'RoleName')],
  ['AWS::IAM::UserToGroupAddition', declareUserToGroupAddition],
  ['AWS::IAM::AccessKey', declareAccessKey],
]);

/** Declares every IAM resource; returns the resources too malformed to read (their file is then broken). */
export function declareResources(input: DeclareInput): IacInputError[] {
  const { file, template, resolver, builder } = input;
  const errors: IacInputError[] = [];
  for (const [logicalId, definition] of Object.entries(template.resources)) {
    const at = template.parsed.keyPosition(template.resources, logicalId) ?? { line: 1, column: 1 };
    const source: IacSource = { kind: 'iac', file, line: at.line, column: at.column, address: logicalId };
    if (logicalId.startsWith('Fn::')) {
      // Fn::ForEach and Fn::Transform (AWS::Include) generate resources we cannot see, IAM ones included.
      declareUnseenPrincipals(
        builder,
        source,
        `${logicalId} generates resources that are not evaluated here`,
      );
      continue;
    }
    if (!isTemplateMap(definition) || typeof definition.Type !== 'string') {
      errors.push({ file, ...at, message: `resource ${logicalId} must be a mapping with a Type` });
      continue;
    }
    const nested = definition.Type === 'AWS::CloudFormation::Stack';
    const handler = HANDLERS.get(definition.Type);
    if (!handler && !nested) continue;
    const exists = resolver.resourceCondition(logicalId);
    if (exists === false) continue;
    if (!handler) {
      declareNestedStack(resolver, builder, source, definition.Properties);
      continue;
    }
    const declaration: Declaration = {
      logicalId,
      source,
      resolver,
      builder,
      property: propertyReader(resolver, definition.Properties, logicalId),
      ...(isUnknown(exists) ? { uncertain: exists.reason } : {}),
    };
    handler(declaration);
  }
  return errors;
}

/**
 * Principals something unseen may change get an unknown policy each, through the builder's "owner unresolved"
 * rule (a policy for a principal we cannot name may be anyone's), so none of them can pass on what we saw.
 */
export function declareUnseenPrincipals(builder: IacAccountBuilder, source: IacSource, reason: string): void {
  for (const kind of ['user', 'group', 'role'] as const) {
    builder.addInlinePolicy(
      { kind, name: unknownValue(reason) },
      'unseen-resources',
      unknownValue(reason),
      source,
    );
  }
}

/**
 * A nested stack's template is scanned on its own; what it does with the names and ARNs this template passes
 * it (a policy attached to a group, a user added to it) is not seen here, so those principals are unsure.
 */
function declareNestedStack(
  resolver: TemplateResolver,
  builder: IacAccountBuilder,
  source: IacSource,
  properties: TemplateValue | undefined,
): void {
  builder.addIssue({
    what: where(source),
    reason:
      'a nested stack: the IAM resources of its template are not part of this scan (scan that template too)',
  });
  const read = propertyReader(resolver, properties, source.address);
  const mentioned = new Set<string>();
  const collect = (value: CfnValue | undefined): void => {
    if (typeof value === 'string') value.split(',').forEach((part) => mentioned.add(part.trim()));
    else if (Array.isArray(value)) (value as readonly CfnValue[]).forEach(collect);
    else if (isCfnMap(value) && !isUnknown(value)) Object.values(value).forEach(collect);
  };
  collect(read('Parameters'));
  if (mentioned.size > 0) {
    builder.taintMentioned(
      mentioned,
      `passed to the nested stack ${source.address}, whose template is not part of this scan`,
      source,
    );
  }
}

function propertyReader(
  resolver: TemplateResolver,
  properties: TemplateValue | undefined,
  logicalId: string,
): (name: string) => CfnValue | undefined {
  const resolved = properties === undefined ? {} : resolver.resolve(properties);
  if (resolved === NO_VALUE) return () => undefined;
  // Properties that are themselves unknown (Properties: !If [...]) make every property unknown: present,
  // perhaps, with a value we cannot see. Each reader below treats that as the stricter possibility.
  if (isUnknown(resolved)) return () => resolved;
  if (!isCfnMap(resolved)) {
    const broken = unknownValue(`the Properties of ${logicalId} must be a mapping`);
    return () => broken;
  }
  const map: CfnMap = resolved;
  return (name) => (Object.hasOwn(map, name) ? map[name] : undefined);
}

function identityOf(declaration: Declaration): IamIdentity {
  const identity = declaration.resolver.identity(declaration.logicalId);
  if (!identity) throw new Error(`${declaration.logicalId} is not a named IAM resource`);
  for (const reason of identity.unresolved) {
    declaration.builder.addIssue({
      what: where(declaration.source),
      reason: `${reason}; it is modelled as ${identity.arn}, and references to its real name or ARN do not match it`,
    });
  }
  return identity;
}

function declareGroup(declaration: Declaration): void {
  const identity = identityOf(declaration);
  declaration.builder.addGroup({ name: identity.name, ...pathOf(identity), source: declaration.source });
  declarePrincipalPolicies(declaration, { kind: 'group', name: identity.name });
}

function declareUser(declaration: Declaration): void {
  const { builder, source, property } = declaration;
  const identity = identityOf(declaration);
  const boundary = property('PermissionsBoundary');
  builder.addUser({
    name: identity.name,
    ...pathOf(identity),
    source,
    tags: tagsOf(property('Tags')),
    ...(boundary !== undefined ? { permissionsBoundaryArn: asText(boundary, 'PermissionsBoundary') } : {}),
  });
  // An unknown LoginProfile (a property behind an unknown Fn::If) counts as a console password: with one, the
  // user passes only when MFA is enforced; without one, it would pass anyway. Assuming it is never a guess.
  if (property('LoginProfile') !== undefined) builder.addLoginProfile(identity.name, source);
  for (const group of namesOf(property('Groups'), 'Groups'))
    builder.addMembership(identity.name, group, source);
  declarePrincipalPolicies(declaration, { kind: 'user', name: identity.name });
}

function declareRole(declaration: Declaration): void {
  const { builder, source, property } = declaration;
  const identity = identityOf(declaration);
  const trust = property('AssumeRolePolicyDocument');
  const boundary = property('PermissionsBoundary');
  builder.addRole({
    name: identity.name,
    ...pathOf(identity),
    source,
    ...(trust !== undefined
      ? {
          assumeRolePolicy: {
            document: policyDocument(trust, `AssumeRolePolicyDocument of ${declaration.logicalId}`),
            source,
          },
        }
      : {}),
    ...(boundary !== undefined ? { permissionsBoundaryArn: asText(boundary, 'PermissionsBoundary') } : {}),
    tags: tagsOf(property('Tags')),
  });
  declarePrincipalPolicies(declaration, { kind: 'role', name: identity.name });
}

/** Inline Policies and ManagedPolicyArns, shared by groups, users and roles. */
function declarePrincipalPolicies(declaration: Declaration, owner: PrincipalRef): void {
  const { builder, source, property, logicalId, uncertain } = declaration;
  if (uncertain !== undefined) {
    // The principal may not exist at all; if it does, it is as declared. Either way its verdict is not ours.
    builder.addInlinePolicy(
      owner,
      'conditional-resource',
      unknownValue(`${logicalId} ${existsOnlyIf(uncertain)}`),
      source,
    );
  }
  const policies = property('Policies');
  if (policies !== undefined) {
    const list = isUnknown(policies)
      ? [policies]
      : Array.isArray(policies)
        ? (policies as readonly CfnValue[])
        : [policies];
    list.forEach((policy, index) => {
      const what = `Policies[${index}] of ${logicalId}`;
      const entry = isCfnMap(policy) && !isUnknown(policy) ? policy : undefined;
      const name = entry ? asText(entry.PolicyName, `${what} PolicyName`) : undefined;
      const document = entry
        ? policyDocument(entry.PolicyDocument, what)
        : isUnknown(policy)
          ? unknownValue(`${what}: ${policy.reason}`)
          : unknownValue(`${what} must be a mapping with PolicyName and PolicyDocument`);
      builder.addInlinePolicy(
        owner,
        typeof name === 'string' ? name : `${logicalId}-policy-${index}`,
        document,
        source,
      );
    });
  }
  for (const arn of namesOf(property('ManagedPolicyArns'), 'ManagedPolicyArns'))
    builder.attachPolicy(owner, arn, source);
}

function declareManagedPolicy(declaration: Declaration): void {
  const { builder, source, property, logicalId, uncertain } = declaration;
  const identity = identityOf(declaration);
  // An unknown condition leaves the policy's very existence open: its document is unknown to whoever it
  // attaches to, so neither "enforced" nor "not enforced" is claimed for them.
  const document =
    uncertain !== undefined
      ? unknownValue(`${logicalId} ${existsOnlyIf(uncertain)}`)
      : policyDocument(property('PolicyDocument'), `PolicyDocument of ${logicalId}`);
  const arn = builder.addManagedPolicy({ name: identity.name, ...pathOf(identity), document, source });
  for (const [kind, key] of OWNER_LISTS) {
    for (const name of namesOf(property(key), key)) builder.attachPolicy({ kind, name }, arn, source);
  }
}

function declarePolicy(declaration: Declaration): void {
  const { builder, source, property, logicalId } = declaration;
  const name = asText(property('PolicyName'), `PolicyName of ${logicalId}`);
  const document = conditionalDocument(declaration, property('PolicyDocument'));
  for (const [kind, key] of OWNER_LISTS) {
    for (const owner of namesOf(property(key), key)) {
      builder.addInlinePolicy(
        { kind, name: owner },
        typeof name === 'string' ? name : logicalId,
        document,
        source,
      );
    }
  }
}

/** AWS::IAM::GroupPolicy, UserPolicy, RolePolicy: one inline policy on one named principal. */
function declareOwnedPolicy(declaration: Declaration, kind: PrincipalKind, ownerKey: string): void {
  const { builder, source, property, logicalId } = declaration;
  const name = asText(property('PolicyName'), `PolicyName of ${logicalId}`);
  const owner = asText(property(ownerKey), `${ownerKey} of ${logicalId}`);
  const document = conditionalDocument(declaration, property('PolicyDocument'));
  builder.addInlinePolicy(
    { kind, name: owner },
    typeof name === 'string' ? name : logicalId,
    document,
    source,
  );
}

function declareUserToGroupAddition(declaration: Declaration): void {
  const { builder, source, property, logicalId, uncertain } = declaration;
  const group: Maybe<string> =
    uncertain !== undefined
      ? unknownValue(`${logicalId} ${existsOnlyIf(uncertain)}`)
      : asText(property('GroupName'), `GroupName of ${logicalId}`);
  for (const user of namesOf(property('Users'), 'Users')) builder.addMembership(user, group, source);
}

function declareAccessKey(declaration: Declaration): void {
  const { builder, property, logicalId } = declaration;
  const user = asText(property('UserName'), `UserName of ${logicalId}`);
  // Only a key declared Inactive is inactive; an unknown status or existence counts as an active key.
  const status = property('Status');
  builder.addAccessKey(user, declaration.uncertain !== undefined || status !== 'Inactive');
}

const OWNER_LISTS: readonly (readonly [PrincipalKind, string])[] = [
  ['group', 'Groups'],
  ['user', 'Users'],
  ['role', 'Roles'],
];

function conditionalDocument(declaration: Declaration, value: CfnValue | undefined): Maybe<unknown> {
  const what = `PolicyDocument of ${declaration.logicalId}`;
  if (declaration.uncertain !== undefined) {
    return unknownValue(`${declaration.logicalId} ${existsOnlyIf(declaration.uncertain)}`);
  }
  return policyDocument(value, what);
}

/**
 * A policy document as an object. An unknown inside makes the whole document unknown (a statement with one
 * unresolved value may be the one that denies), except an Allow's unresolved Resource, widened to "*".
 */
export function policyDocument(value: CfnValue | undefined, what: string): Maybe<unknown> {
  if (value === undefined) return unknownValue(`${what} is missing`);
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      return unknownValue(`${what} is a string that is not JSON: ${(error as Error).message}`);
    }
  }
  const unknown = firstUnknown(value);
  if (unknown) {
    // An Allow on a resource created alongside (`!GetAtt Queue.Arn`) is judged as if on every resource.
    const widened = widenUnknownResources(value, (part) => firstUnknown(part as CfnValue) !== undefined);
    return widened ?? unknownValue(`${what}: ${unknown.reason}`);
  }
  return value;
}

/** A list of names or ARNs; an unknown list is one unknown entry, which the builder spreads soundly. */
function namesOf(value: CfnValue | undefined, what: string): Maybe<string>[] {
  if (value === undefined) return [];
  if (isUnknown(value)) return [value];
  if (!Array.isArray(value)) return [unknownValue(`${what} must be a list`)];
  return (value as readonly CfnValue[]).map((item) => asText(item, `${what} entry`));
}

/** Known tags only: a tag is a label, and an unresolved one is left out rather than invented. */
function tagsOf(value: CfnValue | undefined): Record<string, string> {
  if (!Array.isArray(value)) return {};
  const entries: [string, string][] = [];
  for (const tag of value as readonly CfnValue[]) {
    if (!isCfnMap(tag) || isUnknown(tag)) continue;
    const key = tag.Key;
    const text = tag.Value;
    if (typeof key === 'string' && (typeof text === 'string' || typeof text === 'number')) {
      entries.push([key, String(text)]);
    }
  }
  // fromEntries defines own properties, so a tag named __proto__ stays a tag.
  return Object.fromEntries(entries);
}

function pathOf(identity: IamIdentity): { path?: string } {
  return identity.path !== undefined ? { path: identity.path } : {};
}

function existsOnlyIf(reason: string): string {
  return `is created only if its condition holds, and that is unknown (${reason})`;
}
