import { readFile } from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import type { Expr } from './hclAst.js';
import { evaluate, type Scope } from './evaluateExpr.js';
import { parseHcl } from './parseHcl.js';
import { parseTfJson } from './parseTfJson.js';
import { isTfObject, isTfUnknown, tfToString, tfUnknown, TfUnknown, type TfValue } from './value.js';

// Root module variables, in Terraform's order of precedence (later wins): TF_VAR_name environment variables,
// terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then --var-file and --var
// in the order given. Values from the command line and the environment are strings unless the variable's
// type is not a string, in which case they are parsed as HCL expressions, as Terraform does.

export interface VariableOptions {
  readonly varFiles?: readonly string[];
  /** `--var k=v`, in order. */
  readonly vars?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type RawVariable =
  { readonly kind: 'value'; readonly value: TfValue } | { readonly kind: 'text'; readonly text: string };

const constantScope: Scope = {
  functions: {
    baseDir: '.',
    readFile: () => tfUnknown('file() is not available in variable files'),
    renderTemplate: () => tfUnknown('templatefile() is not available in variable files'),
  },
  resolve: (name) => ({ value: tfUnknown(`variables files cannot refer to ${name}`), consumed: 0 }),
};

export async function rootVariables(
  rootDir: string,
  options: VariableOptions,
): Promise<Map<string, RawVariable>> {
  const values = new Map<string, RawVariable>();
  for (const [key, text] of Object.entries(options.env ?? {})) {
    if (key.startsWith('TF_VAR_') && text !== undefined) values.set(key.slice(7), { kind: 'text', text });
  }
  let names: string[] = [];
  try {
    names = await readdir(rootDir);
  } catch {
    names = [];
  }
  const auto = names.filter((name) => /\.auto\.tfvars(\.json)?$/.test(name)).sort();
  const defaults = ['terraform.tfvars', 'terraform.tfvars.json'].filter((name) => names.includes(name));
  for (const name of [...defaults, ...auto]) await readVarFile(join(rootDir, name), values);
  for (const file of options.varFiles ?? []) await readVarFile(file, values);
  for (const assignment of options.vars ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new InputError(`--var expects NAME=VALUE, got "${assignment}"`);
    values.set(assignment.slice(0, eq), { kind: 'text', text: assignment.slice(eq + 1) });
  }
  return values;
}

async function readVarFile(file: string, into: Map<string, RawVariable>): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read variables file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      file,
    );
  }
  const outcome = file.endsWith('.json') ? await parseTfJson(text, file) : await parseHcl(text, file);
  if (!outcome.ok) {
    const { line, column, message } = outcome.error;
    throw new InputError(message, `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}`);
  }
  if (file.endsWith('.json')) {
    // JSON variables files are one object of values, which parseTfJson reads as blocks; read it plainly.
    const parsed = JSON.parse(text) as Record<string, TfValue>;
    for (const [name, value] of Object.entries(parsed)) into.set(name, { kind: 'value', value });
    return;
  }
  for (const [name, attribute] of outcome.file.body.attributes) {
    into.set(name, { kind: 'value', value: evaluate(attribute.expr, constantScope) });
  }
}

/** A raw value for a declared variable: text is parsed as HCL when the declared type is not a string. */
export async function resolveRaw(raw: RawVariable, typeExpr: Expr | undefined): Promise<TfValue> {
  if (raw.kind === 'value') return raw.value;
  const type = typeName(typeExpr);
  if (type === 'string' || type === undefined || type === 'number' || type === 'bool') return raw.text;
  const outcome = await parseHcl(`v = ${raw.text}\n`, 'command line');
  const expr = outcome.ok ? outcome.file.body.attributes.get('v')?.expr : undefined;
  return expr ? evaluate(expr, constantScope) : tfUnknown(`cannot parse the value "${raw.text}" as ${type}`);
}

function typeName(typeExpr: Expr | undefined): string | undefined {
  if (!typeExpr) return undefined;
  if (typeExpr.k === 'var') return typeExpr.name;
  if (typeExpr.k === 'call') return typeExpr.name;
  return 'complex';
}

/**
 * Converts a value to the declared type, as Terraform does: primitives convert (`"3"` to 3), collections
 * convert element by element, and object types fill attributes declared `optional(T, default)` that the
 * value leaves out with the default (or null), so `each.value.console` is false rather than an error.
 */
export function convertVariable(value: TfValue, typeExpr: Expr | undefined): TfValue {
  if (isTfUnknown(value) || value === null || !typeExpr) return value;
  if (typeExpr.k === 'var') return convertPrimitive(value, typeExpr.name);
  if (typeExpr.k !== 'call') return value;
  const [inner] = typeExpr.args;
  switch (typeExpr.name) {
    case 'list':
    case 'set':
      if (isTfObject(value)) return tfUnknown(`expected a ${typeExpr.name}, got an object`);
      return Array.isArray(value) ? value.map((item) => convertVariable(item, inner)) : value;
    case 'map': {
      if (!isTfObject(value)) return value;
      const out: Record<string, TfValue> = {};
      for (const [key, item] of Object.entries(value)) out[key] = convertVariable(item, inner);
      return out;
    }
    case 'tuple': {
      const types = inner?.k === 'tuple' ? inner.items : [];
      return Array.isArray(value) ? value.map((item, index) => convertVariable(item, types[index])) : value;
    }
    case 'object':
      return inner?.k === 'object' && isTfObject(value) ? convertObject(value, inner) : value;
    case 'optional':
      return convertVariable(value, inner);
    default:
      return value;
  }
}

function convertObject(
  value: Readonly<Record<string, TfValue>>,
  type: Extract<Expr, { k: 'object' }>,
): TfValue {
  const out: Record<string, TfValue> = { ...value };
  for (const item of type.items) {
    const name =
      item.ident ?? (item.key.k === 'lit' && typeof item.key.value === 'string' ? item.key.value : undefined);
    if (name === undefined) continue;
    const attributeType = item.value;
    if (Object.hasOwn(value, name) && value[name] !== null) {
      out[name] = convertVariable(value[name] as TfValue, attributeType);
      continue;
    }
    if (attributeType.k === 'call' && attributeType.name === 'optional') {
      const [inner, fallback] = attributeType.args;
      out[name] = fallback ? convertVariable(evaluate(fallback, constantScope), inner) : null;
    }
  }
  return out;
}

function convertPrimitive(value: TfValue, type: string): TfValue {
  if (type === 'string') {
    const text = tfToString(value);
    return text instanceof TfUnknown ? tfUnknown(`expected a string: ${text.reason}`) : text;
  }
  if (type === 'number') {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
      return Number(value);
    return tfUnknown(`expected a number, got ${JSON.stringify(value)}`);
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return tfUnknown(`expected a bool, got ${JSON.stringify(value)}`);
  }
  return value;
}
