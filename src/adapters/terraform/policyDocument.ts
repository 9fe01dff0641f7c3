import { crc32 } from 'node:zlib';
import { encodeGoJson, sortedKeys, type GoJsonOptions } from './fnJson.js';
import { compareStrings, firstProblem, formatNumber } from './fnSupport.js';
import { isTfObject, tfUnknown, type TfObject, type TfValue } from './value.js';

// data "aws_iam_policy_document", rendered as hashicorp/terraform-provider-aws does it
// (internal/service/iam/policy_document_data_source.go and policy_model.go):
//
// - merge order: source_json (provider v4 and earlier; v5 rejects a non-empty value), source_policy_documents
//   (their Sids must be unique), this document's statements, override_policy_documents, override_json (v4);
//   each merge replaces the statement with the same non-empty Sid in place and appends the others;
// - actions, resources and principal identifiers are sets: a single item renders as a string, several as a
//   list sorted in REVERSE lexical order; condition values keep their order (a single one renders as a string);
// - condition blocks with the same test merge into one operator, principals of the same type into one key;
//   Principal renders as "*" only for a lone principal block of type "*" with identifiers ["*"];
// - &{ becomes ${ in resources, not_resources, principal identifiers and condition values (not in actions);
// - statements read back from JSON documents go through Go's json.Unmarshal: field names match case-
//   insensitively, a string Principal becomes "*", and a number or null condition value is dropped silently
//   (hashicorp/terraform-provider-aws#27020);
// - output is encoding/json: `json` indented by two spaces, `minified_json` compact, <>& escaped.
//
// Anything unknown in the inputs makes the whole document unknown: a policy we cannot see in full must not be
// judged. What the provider would reject is unknown too, with the provider's complaint as the reason.

export interface RenderedPolicyDocument {
  /** The `json` attribute (indented), or a TfUnknown. */
  readonly json: TfValue;
  /** The `minified_json` attribute, or a TfUnknown. */
  readonly minifiedJson: TfValue;
  /** The rendered document as a value, or a TfUnknown. */
  readonly document: TfValue;
}

interface Principal {
  readonly type: string;
  readonly identifiers: string | string[];
}

interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: string | string[];
}

interface Statement {
  readonly sid: string;
  readonly effect: string;
  // undefined stands for Go's nil: the key is omitted.
  readonly action?: TfValue;
  readonly notAction?: TfValue;
  readonly resource?: TfValue;
  readonly notResource?: TfValue;
  readonly principals: readonly Principal[];
  readonly notPrincipals: readonly Principal[];
  readonly conditions: readonly Condition[];
}

interface PolicyDoc {
  version: string;
  id: string;
  statements: Statement[];
}

class ProviderError extends Error {}

function reject(message: string): never {
  throw new ProviderError(message);
}

const ATTRIBUTES = [
  'version',
  'policy_id',
  'source_json',
  'source_policy_documents',
  'statement',
  'override_policy_documents',
  'override_json',
] as const;

export function renderPolicyDocument(attrs: Readonly<Record<string, TfValue>>): RenderedPolicyDocument {
  const read = (name: string): TfValue => (Object.hasOwn(attrs, name) ? (attrs[name] as TfValue) : null);
  const problem = firstProblem(
    ATTRIBUTES.map((name) => read(name)),
    true,
  );
  if (problem) return { json: problem, minifiedJson: problem, document: problem };
  try {
    const document = marshalDocument(mergeAll(read));
    return {
      json: encodeGoJson(document, { ...POLICY_JSON, indent: '  ' }),
      minifiedJson: encodeGoJson(document, POLICY_JSON),
      document,
    };
  } catch (error) {
    // Whatever went wrong, a document we could not render is unknown, never a crash.
    const message = error instanceof Error ? error.message : String(error);
    const unknown = tfUnknown(
      error instanceof ProviderError
        ? `data "aws_iam_policy_document": ${message}`
        : `data "aws_iam_policy_document" could not be rendered (${message})`,
    );
    return { json: unknown, minifiedJson: unknown, document: unknown };
  }
}

function mergeAll(read: (name: string) => TfValue): PolicyDoc {
  let merged: PolicyDoc = { version: '', id: '', statements: [] };

  const sourceJson = optionalString(read('source_json'), 'source_json');
  if (sourceJson) merged = parseDocument(sourceJson, 'source_json');

  const sources = documentList(read('source_policy_documents'), 'source_policy_documents');
  const sids = new Set(merged.statements.map((s) => s.sid).filter((sid) => sid !== ''));
  sources.forEach((text, index) => {
    if (text === null) return;
    const source = parseDocument(text, `source_policy_documents[${index}]`);
    source.statements.forEach((statement, n) => {
      if (statement.sid === '') return;
      if (sids.has(statement.sid)) {
        reject(
          `merging source document ${index}: duplicate Sid (${statement.sid}) in source_policy_documents (statement ${n}). Remove the Sid or ensure Sids are unique.`,
        );
      }
      sids.add(statement.sid);
    });
    merge(merged, source);
  });

  const version = optionalString(read('version'), 'version') ?? '2012-10-17';
  if (version !== '2012-10-17' && version !== '2008-10-17') {
    reject(`version must be "2008-10-17" or "2012-10-17", got "${version}"`);
  }
  merge(merged, {
    version,
    id: optionalString(read('policy_id'), 'policy_id') ?? '',
    statements: configStatements(read('statement'), version),
  });

  documentList(read('override_policy_documents'), 'override_policy_documents').forEach((text, index) => {
    if (text !== null) merge(merged, parseDocument(text, `override_policy_documents[${index}]`));
  });
  const overrideJson = optionalString(read('override_json'), 'override_json');
  if (overrideJson) merge(merged, parseDocument(overrideJson, 'override_json'));
  return merged;
}

/** IAMPolicyDoc.Merge: adopt the Id, upgrade the Version, replace same-Sid statements in place, append others. */
function merge(target: PolicyDoc, source: PolicyDoc): void {
  if (source.id !== '') target.id = source.id;
  if (source.version > target.version) target.version = source.version;
  for (const statement of source.statements) {
    const at = statement.sid === '' ? -1 : target.statements.findIndex((s) => s.sid === statement.sid);
    if (at === -1) target.statements.push(statement);
    else target.statements[at] = statement;
  }
}

// ---- this document's statement blocks -------------------------------------------------------------------

function optionalString(value: TfValue | undefined, what: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  return reject(`${what} must be a string`);
}

function requiredString(value: TfValue | undefined, what: string): string {
  return optionalString(value, what) ?? reject(`${what} is required`);
}

function documentList(value: TfValue, what: string): (string | null)[] {
  if (value === null) return [];
  if (!Array.isArray(value)) return reject(`${what} must be a list of JSON documents`);
  return value.map((item) => (item === null ? null : requiredString(item, `each of ${what}`)));
}

function blockList(value: TfValue | undefined, what: string): TfObject[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isTfObject)) return reject(`${what} must be a list of blocks`);
  return value;
}

function stringList(value: TfValue | undefined, what: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) return reject(`${what} must be a list of strings`);
  return value.map((item) => {
    if (item === null) reject(`${what} must not contain null`);
    return requiredString(item, what);
  });
}

/** A set of strings as the provider writes it: one item alone, or the distinct items in reverse order. */
function decodeSet(items: readonly string[]): string | string[] {
  const distinct = [...new Set(items)];
  if (distinct.length === 1) return distinct[0] as string;
  return distinct.sort(compareStrings).reverse();
}

function replaceVariables<T extends string | string[]>(value: T, version: string, what: string): T {
  const replace = (item: string): string => {
    if (version === '2008-10-17' && item.includes('&{')) {
      reject(
        `reading ${what}: found &{ sequence in (${item}), which is not supported in document version 2008-10-17`,
      );
    }
    return item.replaceAll('&{', '${');
  };
  return (Array.isArray(value) ? value.map(replace) : replace(value)) as T;
}

/**
 * The order in which terraform-plugin-sdk's helper/schema Set lists its elements: by the decimal text of the
 * crc32 of each element's hash serialization, sorted as strings. Identical elements (equal hashes) collapse.
 * It decides how principal blocks of one type, and condition blocks of one test and variable, concatenate.
 */
function sdkSetOrder<T>(items: readonly T[], serialize: (item: T) => string): T[] {
  const byCode = new Map<string, T>();
  for (const item of items) {
    const code = String(crc32(serialize(item)));
    if (!byCode.has(code)) byCode.set(code, item);
  }
  return [...byCode.keys()].sort().map((code) => byCode.get(code) as T);
}

// helper/schema's SerializeResourceForHash: attributes in name order, "name:value;", lists in (), sets in {}.
const serializeStrings = (items: readonly string[]) => items.map((item) => `${item};`).join('');

function principalBlocks(value: TfValue | undefined, version: string, what: string): Principal[] {
  const blocks = blockList(value, what).map((block) => ({
    type: requiredString(block.type, `${what}.type`),
    identifiers: [
      ...new Set(
        stringList(block.identifiers ?? reject(`${what}.identifiers is required`), `${what}.identifiers`),
      ),
    ],
  }));
  const ordered = sdkSetOrder(
    blocks,
    (b) => `identifiers:{${serializeStrings(sdkSetOrder(b.identifiers, (id) => id))}};type:${b.type};`,
  );
  return ordered.map((b) => ({
    type: b.type,
    identifiers: replaceVariables(decodeSet(b.identifiers), version, 'identifiers'),
  }));
}

function conditionBlocks(value: TfValue | undefined, version: string): Condition[] {
  const blocks = blockList(value, 'condition').map((block) => ({
    test: requiredString(block.test, 'condition.test'),
    variable: requiredString(block.variable, 'condition.variable'),
    values: stringList(block.values ?? reject('condition.values is required'), 'condition.values'),
  }));
  const ordered = sdkSetOrder(
    blocks,
    (b) => `test:${b.test};values:(${serializeStrings(b.values)});variable:${b.variable};`,
  );
  return ordered.map((b) => {
    const values = replaceVariables(b.values, version, 'values');
    return {
      test: b.test,
      variable: b.variable,
      values: values.length === 1 ? (values[0] as string) : values,
    };
  });
}

function configStatements(value: TfValue, version: string): Statement[] {
  const sids = new Set<string>();
  return blockList(value, 'statement').map((block) => {
    const sid = optionalString(block.sid, 'sid') ?? '';
    // Provider v6 accepts only alphanumeric Sids; v5 renders any. Rendering is the useful answer for both: under
    // v6 the plan fails and nothing is deployed.
    if (sids.has(sid)) reject(`duplicate Sid (${sid}). Remove the Sid or ensure the Sid is unique.`);
    if (sid !== '') sids.add(sid);
    const effect = optionalString(block.effect, 'effect') ?? 'Allow';
    if (effect !== 'Allow' && effect !== 'Deny') reject(`effect must be "Allow" or "Deny", got "${effect}"`);
    const set = (name: string): string | string[] | undefined => {
      const items = stringList(block[name], name);
      return items.length > 0 ? decodeSet(items) : undefined;
    };
    const resources = set('resources');
    const notResources = set('not_resources');
    return {
      sid,
      effect,
      action: set('actions'),
      notAction: set('not_actions'),
      resource: resources === undefined ? undefined : replaceVariables(resources, version, 'resources'),
      notResource:
        notResources === undefined ? undefined : replaceVariables(notResources, version, 'not_resources'),
      principals: principalBlocks(block.principals, version, 'principals'),
      notPrincipals: principalBlocks(block.not_principals, version, 'not_principals'),
      conditions: conditionBlocks(block.condition, version),
    };
  });
}

// ---- documents read back from JSON (Go's json.Unmarshal into the provider's structs) --------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** encoding/json matches keys to struct fields case-insensitively; of several matching keys the last wins. */
function field(object: { [key: string]: Json }, name: string): Json | undefined {
  let found: Json | undefined;
  for (const key of Object.keys(object)) if (key.toLowerCase() === name.toLowerCase()) found = object[key];
  return found;
}

function stringField(object: { [key: string]: Json }, name: string, where: string): string {
  const value = field(object, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    reject(`${where}: cannot unmarshal ${jsonKind(value)} into ${name} (a string)`);
  return value;
}

function parseDocument(text: string, where: string): PolicyDoc {
  let raw: Json;
  try {
    raw = JSON.parse(text) as Json;
  } catch (error) {
    return reject(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  const doc: PolicyDoc = { version: '', id: '', statements: [] };
  if (raw === null) return doc;
  if (!isJsonObject(raw)) return reject(`${where}: cannot unmarshal ${jsonKind(raw)} into a policy document`);
  doc.version = stringField(raw, 'Version', where);
  doc.id = stringField(raw, 'Id', where);
  const statements = field(raw, 'Statement');
  if (statements !== undefined && statements !== null) {
    if (!Array.isArray(statements))
      reject(`${where}: Statement must be a list (got ${jsonKind(statements)})`);
    doc.statements = statements.map((item, index) => parseStatement(item, `${where} statement ${index}`));
  }
  return doc;
}

function parseStatement(raw: Json, where: string): Statement {
  // A null statement becomes a nil pointer, on which the provider's merge crashes.
  if (!isJsonObject(raw)) return reject(`${where}: cannot unmarshal ${jsonKind(raw)} into a statement`);
  const element = (name: string): TfValue | undefined => {
    const value = field(raw, name);
    return value === undefined || value === null ? undefined : toTfValue(value);
  };
  const principal = field(raw, 'Principal');
  const notPrincipal = field(raw, 'NotPrincipal');
  const condition = field(raw, 'Condition');
  return {
    sid: stringField(raw, 'Sid', where),
    effect: stringField(raw, 'Effect', where),
    action: element('Action'),
    notAction: element('NotAction'),
    resource: element('Resource'),
    notResource: element('NotResource'),
    principals: principal === undefined ? [] : parsePrincipals(principal, `${where} Principal`),
    notPrincipals: notPrincipal === undefined ? [] : parsePrincipals(notPrincipal, `${where} NotPrincipal`),
    conditions: condition === undefined ? [] : parseConditions(condition, `${where} Condition`),
  };
}

function toTfValue(value: Json): TfValue {
  if (Array.isArray(value)) return value.map(toTfValue);
  if (isJsonObject(value))
    return Object.fromEntries(Object.keys(value).map((k) => [k, toTfValue(value[k] as Json)]));
  return value;
}

// IAMPolicyStatementPrincipalSet.UnmarshalJSON; it is called for null too, and rejects it.
function parsePrincipals(raw: Json, where: string): Principal[] {
  if (typeof raw === 'string') return [{ type: '*', identifiers: ['*'] }];
  if (!isJsonObject(raw)) return reject(`${where}: unsupported data type ${jsonKind(raw)}`);
  return Object.keys(raw).map((type) => {
    const value = raw[type] as Json;
    if (typeof value === 'string') return { type, identifiers: value };
    if (!Array.isArray(value))
      return reject(`${where}: unsupported data type ${jsonKind(value)} for ${type}`);
    const identifiers = value.map((item, i) =>
      typeof item === 'string' ? item : reject(`${where}: identifier ${i} of ${type} must be a string`),
    );
    return { type, identifiers: identifiers.sort(compareStrings) };
  });
}

// IAMPolicyStatementConditionSet.UnmarshalJSON: strings and lists of strings are kept, a bool becomes its
// string, other values (numbers, null, objects) are dropped without a word.
function parseConditions(raw: Json, where: string): Condition[] {
  if (raw === null) return [];
  if (!isJsonObject(raw)) return reject(`${where}: cannot unmarshal ${jsonKind(raw)} into a condition map`);
  const conditions: Condition[] = [];
  for (const test of Object.keys(raw)) {
    const variables = raw[test] as Json;
    if (variables === null) continue;
    if (!isJsonObject(variables)) reject(`${where}: cannot unmarshal ${jsonKind(variables)} into ${test}`);
    for (const variable of Object.keys(variables)) {
      const value = variables[variable] as Json;
      if (typeof value === 'string') conditions.push({ test, variable, values: [value] });
      else if (typeof value === 'boolean') conditions.push({ test, variable, values: String(value) });
      else if (Array.isArray(value)) {
        const values = value.map((item) =>
          // The provider asserts string elements and would crash on anything else.
          typeof item === 'string' ? item : reject(`${where}: ${test} ${variable} values must be strings`),
        );
        conditions.push({ test, variable, values });
      }
    }
  }
  return conditions;
}

// ---- output -------------------------------------------------------------------------------------------

// Struct objects keep Go's field order (remembered here, since JavaScript reorders integer-like keys);
// every other object is a Go map, written with sorted keys.
const FIELD_ORDER = new WeakMap<TfObject, readonly string[]>();

const POLICY_JSON: GoJsonOptions = {
  keys: (object) => [...(FIELD_ORDER.get(object) ?? sortedKeys(object))],
  // Go's float64 encoding agrees with JavaScript's shortest form, exponent thresholds included.
  number: (n) => JSON.stringify(n),
};

function struct(entries: readonly (readonly [string, TfValue | undefined])[]): TfObject {
  const present = entries.filter((entry): entry is readonly [string, TfValue] => entry[1] !== undefined);
  const object = Object.fromEntries(present) as TfObject;
  FIELD_ORDER.set(
    object,
    present.map(([key]) => key),
  );
  return object;
}

function marshalDocument(doc: PolicyDoc): TfObject {
  return struct([
    ['Version', doc.version || undefined],
    ['Id', doc.id || undefined],
    ['Statement', doc.statements.length > 0 ? doc.statements.map(marshalStatement) : undefined],
  ]);
}

function marshalStatement(s: Statement): TfObject {
  return struct([
    ['Sid', s.sid || undefined],
    ['Effect', s.effect || undefined],
    ['Action', s.action],
    ['NotAction', s.notAction],
    ['Resource', s.resource],
    ['NotResource', s.notResource],
    ['Principal', s.principals.length > 0 ? marshalPrincipals(s.principals) : undefined],
    ['NotPrincipal', s.notPrincipals.length > 0 ? marshalPrincipals(s.notPrincipals) : undefined],
    ['Condition', s.conditions.length > 0 ? marshalConditions(s.conditions) : undefined],
  ]);
}

// IAMPolicyStatementPrincipalSet.MarshalJSON.
function marshalPrincipals(principals: readonly Principal[]): TfValue {
  const only = principals.length === 1 ? principals[0] : undefined;
  if (only?.type === '*') {
    const ids = only.identifiers;
    if (ids === '*' || (Array.isArray(ids) && ids.length === 1 && ids[0] === '*')) return '*';
  }
  const raw = new Map<string, string | string[]>();
  for (const { type, identifiers } of principals) {
    const current = raw.get(type);
    const existing = current === undefined ? [] : typeof current === 'string' ? [current] : current;
    if (Array.isArray(identifiers)) {
      raw.set(type, [...existing, ...[...identifiers].sort(compareStrings).reverse()]);
    } else raw.set(type, current === undefined ? identifiers : [...existing, identifiers]);
  }
  return Object.fromEntries(raw);
}

// IAMPolicyStatementConditionSet.MarshalJSON.
function marshalConditions(conditions: readonly Condition[]): TfValue {
  const raw = new Map<string, Map<string, string[]>>();
  for (const { test, variable, values } of conditions) {
    const byVariable = raw.get(test) ?? new Map<string, string[]>();
    raw.set(test, byVariable);
    byVariable.set(variable, [
      ...(byVariable.get(variable) ?? []),
      ...(Array.isArray(values) ? values : [values]),
    ]);
  }
  return Object.fromEntries(
    [...raw].map(([test, byVariable]) => [
      test,
      Object.fromEntries(
        [...byVariable].map(([variable, values]) => [
          variable,
          values.length === 1 ? (values[0] as string) : values,
        ]),
      ),
    ]),
  );
}
