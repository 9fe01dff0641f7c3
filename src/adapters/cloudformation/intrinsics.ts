import { iamArn, IAC_ACCOUNT_ID, IAC_PARTITION } from '../iac/iacAccountBuilder.js';
import { isUnknown, unknownValue, type Maybe, type UnknownValue } from '../../model/unknown.js';
import type { ParameterValue } from './parameters.js';
import { isTemplateList, isTemplateMap, type TemplateMap, type TemplateValue } from './templateTree.js';

// One resolver for every intrinsic function, over the template's parameters, conditions, mappings and
// resources. What only a deployment knows (a region, another stack's export, a physical id CloudFormation
// assigns) is an Unknown carrying the reason, and it spreads to every value computed from it, so a verdict can
// never rest on a guess. Unknowns inside lists and mappings stay where they are: the caller decides how far
// they reach (an unknown ARN in ManagedPolicyArns is one unknown attachment; an unknown anywhere in a policy
// document makes the whole document unknown).

/** `Ref: AWS::NoValue`: the property or list element is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type NoValue = typeof NO_VALUE;

export type CfnValue = null | boolean | number | string | readonly CfnValue[] | CfnMap | UnknownValue;
export interface CfnMap {
  readonly [key: string]: CfnValue;
}
export type Resolved = CfnValue | NoValue;

export type IamKind = 'group' | 'user' | 'role' | 'policy';

/** The name and ARN an IAM resource of this template gets, as `Ref` and `Fn::GetAtt` see them. */
export interface IamIdentity {
  readonly kind: IamKind;
  readonly name: string;
  /** Undefined when the template sets none (IAM's default `/`) or when it is unresolved. */
  readonly path?: string;
  readonly arn: string;
  /** Why the real name or path is not known, when it is not; the name is then a placeholder. */
  readonly unresolved: readonly string[];
}

const IAM_NAMED_TYPES: ReadonlyMap<string, { kind: IamKind; nameProperty: string }> = new Map([
  ['AWS::IAM::Group', { kind: 'group', nameProperty: 'GroupName' }],
  ['AWS::IAM::User', { kind: 'user', nameProperty: 'UserName' }],
  ['AWS::IAM::Role', { kind: 'role', nameProperty: 'RoleName' }],
  ['AWS::IAM::ManagedPolicy', { kind: 'policy', nameProperty: 'ManagedPolicyName' }],
]);

/** Pseudo parameters a deployer may pin with --parameter; the others are fixed by the model. */
const DEPLOY_TIME_PSEUDO = new Set(['AWS::Region', 'AWS::StackName', 'AWS::StackId']);

const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/;

export class TemplateResolver {
  private readonly resources: TemplateMap;
  private readonly conditions: TemplateMap;
  private readonly mappings: TemplateMap;
  private readonly conditionCache = new Map<string, Maybe<boolean>>();
  private readonly evaluating = new Set<string>();
  private readonly identityCache = new Map<string, IamIdentity | undefined>();

  constructor(
    template: TemplateMap,
    private readonly parameters: ReadonlyMap<string, ParameterValue>,
    private readonly overrides: Readonly<Record<string, string>>,
  ) {
    this.resources = mapOrEmpty(template.Resources);
    this.conditions = mapOrEmpty(template.Conditions);
    this.mappings = mapOrEmpty(template.Mappings);
  }

  resolve(value: TemplateValue): Resolved {
    if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
    if (typeof value === 'string') {
      return DYNAMIC_REFERENCE.test(value)
        ? unknownValue(`"${value}" holds a dynamic reference, resolved only when the stack is deployed`)
        : value;
    }
    if (isTemplateList(value)) return this.resolveList(value);
    const call = isIntrinsicCall(value);
    if (call) return this.intrinsic(call, value[call] ?? null);
    const keys = Object.keys(value);
    const out = Object.create(null) as Record<string, CfnValue>;
    for (const key of keys) {
      const resolved = this.resolve(value[key] ?? null);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  /** A named condition of the Conditions section. */
  condition(name: string): Maybe<boolean> {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (this.evaluating.has(name)) return unknownValue(`condition ${name} depends on itself`);
    const definition = own(this.conditions, name);
    if (definition === undefined) return unknownValue(`condition ${name} is not defined in Conditions`);
    this.evaluating.add(name);
    const value = this.evaluateCondition(definition);
    this.evaluating.delete(name);
    const result = isUnknown(value) ? unknownValue(`condition ${name} is unknown: ${value.reason}`) : value;
    this.conditionCache.set(name, result);
    return result;
  }

  /** Whether a resource is created: its `Condition`, or true when it has none. */
  resourceCondition(logicalId: string): Maybe<boolean> {
    const definition = own(this.resources, logicalId);
    const condition = isTemplateMap(definition) ? definition.Condition : undefined;
    if (condition === undefined) return true;
    if (typeof condition !== 'string')
      return unknownValue(`the Condition of ${logicalId} must be a condition name`);
    return this.condition(condition);
  }

  /** The name and ARN of an IAM group, user, role or managed policy declared in this template. */
  identity(logicalId: string): IamIdentity | undefined {
    if (this.identityCache.has(logicalId)) return this.identityCache.get(logicalId);
    // Marked before resolving so that a name referring back to its own resource ends as unresolved.
    this.identityCache.set(logicalId, undefined);
    const identity = this.computeIdentity(logicalId);
    this.identityCache.set(logicalId, identity);
    return identity;
  }

  private computeIdentity(logicalId: string): IamIdentity | undefined {
    const definition = own(this.resources, logicalId);
    if (!isTemplateMap(definition) || typeof definition.Type !== 'string') return undefined;
    const named = IAM_NAMED_TYPES.get(definition.Type);
    if (!named) return undefined;
    const declared = own(definition, 'Properties');
    const properties =
      declared === undefined
        ? {}
        : isTemplateMap(declared) && !isIntrinsicCall(declared)
          ? declared
          : undefined;
    const read = (key: string): Resolved | undefined => {
      if (properties) {
        const value = own(properties, key);
        return value === undefined ? undefined : this.resolve(value);
      }
      const all = this.resolve(declared ?? null);
      if (isUnknown(all)) return all;
      return isCfnMap(all) && Object.hasOwn(all, key) ? all[key] : undefined;
    };
    const unresolved: string[] = [];
    let name: string;
    const rawName = read(named.nameProperty);
    if (rawName === undefined || rawName === NO_VALUE) {
      // CloudFormation names it stack-LogicalId-RANDOM; a fixed placeholder keeps every reference consistent.
      name = `${this.overrides['AWS::StackName'] ?? 'STACK'}-${logicalId}-GENERATED`;
    } else {
      const text = asText(rawName, `${named.nameProperty} of ${logicalId}`);
      if (isUnknown(text)) {
        unresolved.push(`${named.nameProperty} of ${logicalId} is unresolved (${text.reason})`);
        name = `${logicalId}-UNRESOLVED-NAME`;
      } else name = text;
    }
    let path: string | undefined;
    const rawPath = read('Path');
    if (rawPath !== undefined && rawPath !== NO_VALUE) {
      const text = asText(rawPath, `Path of ${logicalId}`);
      if (isUnknown(text)) unresolved.push(`Path of ${logicalId} is unresolved (${text.reason})`);
      else path = text;
    }
    return {
      kind: named.kind,
      name,
      ...(path !== undefined ? { path } : {}),
      arn: iamArn(named.kind, path, name),
      unresolved,
    };
  }

  private resolveList(list: readonly TemplateValue[]): CfnValue[] {
    const out: CfnValue[] = [];
    for (const item of list) {
      const resolved = this.resolve(item);
      if (resolved !== NO_VALUE) out.push(resolved);
    }
    return out;
  }

  private intrinsic(name: string, args: TemplateValue): Resolved {
    switch (name) {
      case 'Ref':
        return typeof args === 'string'
          ? this.ref(args)
          : invalid('Ref', 'expects a logical id or parameter name');
      case 'Fn::GetAtt':
        return this.getAttFunction(args);
      case 'Fn::Sub':
        return this.sub(args);
      case 'Fn::Join':
        return this.join(args);
      case 'Fn::Select':
        return this.select(args);
      case 'Fn::Split':
        return this.split(args);
      case 'Fn::If':
        return this.ifFunction(args);
      case 'Fn::FindInMap':
        return this.findInMap(args);
      case 'Fn::ImportValue': {
        const exported = this.resolve(args);
        const label = typeof exported === 'string' ? ` ${exported}` : '';
        return unknownValue(`Fn::ImportValue${label}: the value is exported by another stack`);
      }
      case 'Fn::Base64': {
        const text = asText(this.resolve(args), 'Fn::Base64');
        return isUnknown(text) ? text : Buffer.from(text, 'utf8').toString('base64');
      }
      case 'Fn::GetAZs':
        return unknownValue(
          'Fn::GetAZs: the availability zones are known only in the region the stack is deployed to',
        );
      case 'Fn::Cidr':
        return unknownValue('Fn::Cidr is not evaluated (it never names IAM resources)');
      case 'Fn::Transform':
        return unknownValue('Fn::Transform: a macro computes this value when the stack is deployed');
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return this.evaluateCondition({ [name]: args });
      case 'Fn::ToJsonString': {
        const value = this.resolve(args);
        const unknown = firstUnknown(value);
        if (unknown) return unknown;
        return value === NO_VALUE ? invalid(name, 'has nothing to encode') : JSON.stringify(value);
      }
      case 'Fn::Length': {
        const value = this.resolve(args);
        if (isUnknown(value)) return value;
        return Array.isArray(value) ? value.length : invalid(name, 'expects a list');
      }
      default:
        return unknownValue(`${name} is not an intrinsic function this scanner evaluates`);
    }
  }

  private ref(name: string): Resolved {
    if (name.startsWith('AWS::')) return this.pseudoParameter(name);
    if (this.parameters.has(name)) return this.parameters.get(name) as ParameterValue;
    if (Object.hasOwn(this.resources, name)) return this.resourceRef(name);
    if (/^[a-z0-9-]+:/i.test(name)) {
      return unknownValue(
        `\${${name}} is not a parameter, resource or pseudo parameter; inside Fn::Sub an IAM policy variable is written \${!${name}}`,
      );
    }
    return unknownValue(`Ref ${name}: no parameter or resource of that name`);
  }

  private pseudoParameter(name: string): Resolved {
    switch (name) {
      case 'AWS::AccountId':
        return IAC_ACCOUNT_ID;
      case 'AWS::Partition':
        return IAC_PARTITION;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return unknownValue('AWS::NotificationARNs is known only when the stack is deployed');
    }
    if (DEPLOY_TIME_PSEUDO.has(name)) {
      const given = this.overrides[name];
      return (
        given ??
        unknownValue(`${name} is known only when the stack is deployed; pass --parameter ${name}=...`)
      );
    }
    return unknownValue(`${name} is not a pseudo parameter`);
  }

  private resourceRef(logicalId: string): Resolved {
    const exists = this.resourceCondition(logicalId);
    if (exists === false) return notCreated(logicalId);
    const identity = this.identity(logicalId);
    if (identity) return identity.kind === 'policy' ? identity.arn : identity.name;
    return unknownValue(
      `the physical id of ${logicalId} (${typeOf(own(this.resources, logicalId))}) is assigned when the stack is deployed`,
    );
  }

  private getAttFunction(args: TemplateValue): Resolved {
    if (typeof args === 'string') {
      const dot = args.indexOf('.');
      if (dot <= 0) return invalid('Fn::GetAtt', `expects LogicalId.Attribute, got "${args}"`);
      return this.getAtt(args.slice(0, dot), args.slice(dot + 1));
    }
    if (isTemplateList(args) && args.length === 2 && typeof args[0] === 'string') {
      const attribute = asText(this.resolve(args[1] ?? null), 'Fn::GetAtt attribute');
      return isUnknown(attribute) ? attribute : this.getAtt(args[0], attribute);
    }
    return invalid('Fn::GetAtt', 'expects [LogicalId, Attribute]');
  }

  private getAtt(logicalId: string, attribute: string): Resolved {
    if (!Object.hasOwn(this.resources, logicalId))
      return unknownValue(`Fn::GetAtt ${logicalId}.${attribute}: no resource ${logicalId}`);
    if (this.resourceCondition(logicalId) === false) return notCreated(logicalId);
    const identity = this.identity(logicalId);
    if (identity && (attribute === 'Arn' || (identity.kind === 'policy' && attribute === 'PolicyArn'))) {
      return identity.arn;
    }
    return unknownValue(
      `${logicalId}.${attribute} (${typeOf(own(this.resources, logicalId))}) is known only when the stack is deployed`,
    );
  }

  private sub(args: TemplateValue): Resolved {
    let template: TemplateValue | undefined = args;
    let variables: TemplateMap = {};
    if (isTemplateList(args)) {
      template = args[0];
      const given = args[1];
      if (args.length !== 2 || !isTemplateMap(given))
        return invalid('Fn::Sub', 'expects a string or [string, {variables}]');
      variables = given;
    }
    if (typeof template !== 'string') return invalid('Fn::Sub', 'expects a string or [string, {variables}]');
    let unknown: UnknownValue | undefined;
    const text = template.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let value: Resolved;
      if (Object.hasOwn(variables, name)) value = this.resolve(variables[name] ?? null);
      else if (!name.startsWith('AWS::') && name.includes('.')) {
        const dot = name.indexOf('.');
        value = this.getAtt(name.slice(0, dot), name.slice(dot + 1));
      } else value = this.ref(name);
      const part = asText(value, `Fn::Sub \${${name}}`);
      if (isUnknown(part)) {
        unknown ??= part;
        return '';
      }
      return part;
    });
    if (unknown) return unknown;
    return this.resolve(text);
  }

  private join(args: TemplateValue): Resolved {
    if (!isTemplateList(args) || args.length !== 2 || typeof args[0] !== 'string') {
      return invalid('Fn::Join', 'expects [delimiter, [values]]');
    }
    const delimiter = args[0];
    const list = this.resolve(args[1] ?? null);
    if (isUnknown(list)) return list;
    if (!Array.isArray(list)) return invalid('Fn::Join', 'expects a list of values to join');
    const parts: string[] = [];
    for (const item of list as readonly CfnValue[]) {
      const text = asText(item, 'Fn::Join element');
      if (isUnknown(text)) return text;
      parts.push(text);
    }
    return parts.join(delimiter);
  }

  private select(args: TemplateValue): Resolved {
    if (!isTemplateList(args) || args.length !== 2) return invalid('Fn::Select', 'expects [index, [values]]');
    const index = asText(this.resolve(args[0] ?? null), 'Fn::Select index');
    if (isUnknown(index)) return index;
    const list = this.resolve(args[1] ?? null);
    if (isUnknown(list)) return list;
    const position = Number(index);
    if (!Array.isArray(list) || !Number.isInteger(position) || position < 0) {
      return invalid('Fn::Select', 'expects a non-negative index and a list');
    }
    const items = list as readonly CfnValue[];
    const item = items[position];
    return item === undefined
      ? invalid('Fn::Select', `index ${position} is past the end of a list of ${items.length}`)
      : item;
  }

  private split(args: TemplateValue): Resolved {
    if (!isTemplateList(args) || args.length !== 2)
      return invalid('Fn::Split', 'expects [delimiter, string]');
    const delimiter = asText(this.resolve(args[0] ?? null), 'Fn::Split delimiter');
    if (isUnknown(delimiter)) return delimiter;
    const source = asText(this.resolve(args[1] ?? null), 'Fn::Split source');
    if (isUnknown(source)) return source;
    return delimiter === '' ? invalid('Fn::Split', 'the delimiter is empty') : source.split(delimiter);
  }

  private ifFunction(args: TemplateValue): Resolved {
    if (!isTemplateList(args) || args.length !== 3 || typeof args[0] !== 'string') {
      return invalid('Fn::If', 'expects [condition name, value if true, value if false]');
    }
    const chosen = this.condition(args[0]);
    if (chosen === true) return this.resolve(args[1] ?? null);
    if (chosen === false) return this.resolve(args[2] ?? null);
    // Both branches alike means the condition does not matter; otherwise the value is one of two, unknown.
    const whenTrue = this.resolve(args[1] ?? null);
    const whenFalse = this.resolve(args[2] ?? null);
    if (!firstUnknown(whenTrue) && sameValue(whenTrue, whenFalse)) return whenTrue;
    return unknownValue(`Fn::If ${args[0]}: ${chosen.reason}`);
  }

  private findInMap(args: TemplateValue): Resolved {
    if (!isTemplateList(args) || args.length < 3 || args.length > 4) {
      return invalid('Fn::FindInMap', 'expects [MapName, TopLevelKey, SecondLevelKey]');
    }
    const keys: string[] = [];
    for (const arg of args.slice(0, 3)) {
      const key = asText(this.resolve(arg), 'Fn::FindInMap key');
      if (isUnknown(key)) return key;
      keys.push(key);
    }
    const [mapName, top, second] = keys as [string, string, string];
    const mapping = own(this.mappings, mapName);
    const level = isTemplateMap(mapping) ? own(mapping, top) : undefined;
    const found = isTemplateMap(level) ? own(level, second) : undefined;
    if (found !== undefined) return this.resolve(found);
    const fallback = args[3];
    if (isTemplateMap(fallback) && fallback.DefaultValue !== undefined)
      return this.resolve(fallback.DefaultValue);
    return invalid('Fn::FindInMap', `mapping ${mapName} has no entry ${top}.${second}`);
  }

  private evaluateCondition(value: TemplateValue): Maybe<boolean> {
    if (isTemplateMap(value)) {
      const keys = Object.keys(value);
      const key = keys.length === 1 ? keys[0] : undefined;
      const args = key === undefined ? undefined : value[key];
      if (key === 'Condition') {
        return typeof args === 'string'
          ? this.condition(args)
          : unknownValue('Condition expects a condition name');
      }
      if (key === 'Fn::Equals') {
        if (!isTemplateList(args) || args.length !== 2) return unknownValue('Fn::Equals expects two values');
        const left = this.resolve(args[0] ?? null);
        const right = this.resolve(args[1] ?? null);
        const unknown = firstUnknown(left) ?? firstUnknown(right);
        return unknown ?? sameValue(left, right);
      }
      if (key === 'Fn::And' || key === 'Fn::Or') {
        if (!isTemplateList(args) || args.length < 1)
          return unknownValue(`${key} expects a list of conditions`);
        return combine(
          args.map((arg) => this.evaluateCondition(arg)),
          key === 'Fn::And',
        );
      }
      if (key === 'Fn::Not') {
        if (!isTemplateList(args) || args.length !== 1) return unknownValue('Fn::Not expects one condition');
        const inner = this.evaluateCondition(args[0] ?? null);
        return isUnknown(inner) ? inner : !inner;
      }
    }
    const resolved = this.resolve(value);
    if (isUnknown(resolved)) return resolved;
    if (resolved === true || resolved === 'true') return true;
    if (resolved === false || resolved === 'false') return false;
    return unknownValue('a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition');
  }
}

/** Kleene logic: one false decides an And, one true an Or, whatever else is unknown. */
function combine(values: readonly Maybe<boolean>[], isAnd: boolean): Maybe<boolean> {
  const decisive = !isAnd;
  if (values.some((value) => value === decisive)) return decisive;
  const unknown = values.find(isUnknown);
  return unknown ?? !decisive;
}

/** CloudFormation compares values as text: 1 and "1", true and "true" are equal. */
function sameValue(a: Resolved, b: Resolved): boolean {
  if (a === NO_VALUE || b === NO_VALUE) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const left = a as readonly CfnValue[];
    const right = b as readonly CfnValue[];
    return left.length === right.length && left.every((item, index) => sameValue(item, right[index] ?? null));
  }
  if (isCfnMap(a) || isCfnMap(b)) {
    if (!isCfnMap(a) || !isCfnMap(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key] ?? null, b[key] ?? null))
    );
  }
  return a === null || b === null ? a === b : String(a) === String(b);
}

export function isCfnMap(value: Resolved | undefined): value is CfnMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first unknown anywhere inside a value, depth first. */
export function firstUnknown(value: Resolved | undefined): UnknownValue | undefined {
  if (value === undefined || value === NO_VALUE || value === null || typeof value !== 'object')
    return undefined;
  if (isUnknown(value)) return value;
  const children: readonly CfnValue[] = Array.isArray(value)
    ? (value as readonly CfnValue[])
    : Object.values(value);
  for (const child of children) {
    const found = firstUnknown(child);
    if (found) return found;
  }
  return undefined;
}

/** A scalar as text (CloudFormation's view of numbers and booleans); anything else is unknown. */
export function asText(value: Resolved | undefined, what: string): Maybe<string> {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== undefined && value !== NO_VALUE && value !== null && isUnknown(value)) return value;
  return unknownValue(
    `${what} must be a string, got ${value === NO_VALUE ? 'AWS::NoValue' : describe(value)}`,
  );
}

function describe(value: Resolved | undefined): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

function invalid(fn: string, why: string): UnknownValue {
  return unknownValue(`${fn} ${why}; CloudFormation would reject the template`);
}

function notCreated(logicalId: string): UnknownValue {
  return unknownValue(`${logicalId} is not created (its condition is false), so it has no name or ARN`);
}

function mapOrEmpty(value: TemplateValue | undefined): TemplateMap {
  return isTemplateMap(value) ? value : {};
}

/** The function's name when a mapping is an intrinsic function call (`{ Ref: X }`, `{ "Fn::Sub": ... }`). */
export function isIntrinsicCall(map: TemplateMap): string | undefined {
  const keys = Object.keys(map);
  const only = keys.length === 1 ? keys[0] : undefined;
  return only !== undefined && (only === 'Ref' || only.startsWith('Fn::')) ? only : undefined;
}

/** A template key's value; keys are data, so an inherited name such as `constructor` is never found. */
export function own(map: TemplateMap, key: string): TemplateValue | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function typeOf(definition: TemplateValue | undefined): string {
  return isTemplateMap(definition) && typeof definition.Type === 'string' ? definition.Type : 'unknown type';
}
