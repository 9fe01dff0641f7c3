import {
  TfUnknown,
  findInValue,
  firstUnknown,
  isTfObject,
  isTfUnknown,
  type TfObject,
  type TfValue,
} from './value.js';

// Shared machinery of the built-in functions: the error kind of unknown, Terraform's automatic argument
// conversions, and the orderings cty uses (strings by code point, numbers printed without exponent).

/**
 * An unknown that stands for a Terraform evaluation error (wrong argument type, missing key, bad regexp).
 * try() and can() must tell an error (skip it, or answer false) from a value that is merely unknown before
 * apply (the whole result is then unknown: once known, it may or may not error). Evaluators should create
 * their own evaluation errors with tfError too, or try() will treat them as unknowns.
 */
export class TfEvalError extends TfUnknown {}

export function tfError(reason: string): TfEvalError {
  return new TfEvalError(reason);
}

export function isTfError(value: TfValue | undefined): value is TfEvalError {
  return value instanceof TfEvalError;
}

/** Thrown by function implementations; callFunction turns it into a TfEvalError naming the function. */
export class FnFailure extends Error {}

export function fail(message: string): never {
  throw new FnFailure(message);
}

/** Thrown where Terraform may well succeed but mfa-warden does not model the case: a plain unknown. */
export class FnUnsupported extends Error {}

export function unsupported(message: string): never {
  throw new FnUnsupported(message);
}

/** The first evaluation error anywhere inside a value. */
export function firstError(value: TfValue): TfEvalError | undefined {
  return findInValue(value, isTfError);
}

/**
 * What makes a call's result unknown: an error anywhere wins over a plain unknown, because Terraform would
 * have stopped at the error and try() must see it as one.
 */
export function firstProblem(values: readonly TfValue[], deep: boolean): TfUnknown | undefined {
  for (const value of values) {
    const error = firstError(value);
    if (error) return error;
  }
  for (const value of values) {
    const unknown = deep ? firstUnknown(value) : isTfUnknown(value) ? value : undefined;
    if (unknown) return unknown;
  }
  return undefined;
}

export function containsUnknown(value: TfValue): boolean {
  return firstUnknown(value) !== undefined;
}

export function describe(value: TfValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isTfObject(value)) return 'object';
  if (isTfUnknown(value)) return 'unknown value';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

// ---- numbers -------------------------------------------------------------------------------------------

/** A number as a decimal digit string: value = 0.<digits> × 10^exp (digits without leading/trailing zeros). */
export interface Decimal {
  readonly negative: boolean;
  digits: string;
  exp: number;
}

/** The shortest decimal that round-trips the double, standing in for cty's 512-bit value. */
export function toDecimal(n: number): Decimal {
  const negative = n < 0 || Object.is(n, -0);
  const text = Math.abs(n).toString();
  const [mantissa = '0', exponent] = text.split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let exp = whole.length + (exponent === undefined ? 0 : Number(exponent));
  const leading = digits.match(/^0*/)?.[0].length ?? 0;
  digits = digits.slice(leading);
  exp -= leading;
  digits = digits.replace(/0+$/, '');
  if (digits === '') exp = 0;
  return { negative: negative && digits !== '', digits, exp };
}

/** Terraform's number-to-string conversion (big.Float Text('f', -1)): never an exponent. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (Number.isSafeInteger(n)) return String(n === 0 ? 0 : n);
  const d = toDecimal(n);
  return (d.negative ? '-' : '') + fixedDigits(d, Math.max(d.digits.length - d.exp, 0));
}

/** Go's fmtF: the integer part padded with zeros, then `prec` fraction digits. */
export function fixedDigits(d: Decimal, prec: number): string {
  const at = (i: number) => (i >= 0 && i < d.digits.length ? (d.digits[i] as string) : '0');
  let out = '';
  if (d.exp > 0) for (let i = 0; i < d.exp; i++) out += at(i);
  else out = '0';
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += at(d.exp + i);
  }
  return out;
}

const NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function parseNumberText(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// ---- argument conversions (Terraform converts arguments to the parameter type) ----------------------

export function asString(value: TfValue, what = 'argument'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) fail(`${what} must not be null`);
  return fail(`${what}: string required, got ${describe(value)}`);
}

export function asNumber(value: TfValue, what = 'argument'): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = parseNumberText(value);
    if (n !== undefined) return n;
    fail(`${what}: a number is required, got "${value}"`);
  }
  if (value === null) fail(`${what} must not be null`);
  return fail(`${what}: number required, got ${describe(value)}`);
}

export function asInteger(value: TfValue, what = 'argument'): number {
  const n = asNumber(value, what);
  if (!Number.isSafeInteger(n)) fail(`${what}: value must be a whole number, got ${formatNumber(n)}`);
  return n;
}

export function asBool(value: TfValue, what = 'argument'): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === null) fail(`${what} must not be null`);
  return fail(`${what}: bool required, got ${describe(value)}`);
}

export function asList(value: TfValue, what = 'argument'): readonly TfValue[] {
  if (Array.isArray(value)) return value;
  if (value === null) fail(`${what} must not be null`);
  return fail(`${what}: list, set or tuple required, got ${describe(value)}`);
}

export function asObject(value: TfValue, what = 'argument'): TfObject {
  if (isTfObject(value)) return value;
  if (value === null) fail(`${what} must not be null`);
  return fail(`${what}: map or object required, got ${describe(value)}`);
}

/** Own properties only, so that keys such as "__proto__" or "constructor" behave like any other key. */
export function hasKey(object: TfObject, key: string): boolean {
  return Object.hasOwn(object, key);
}

/** An object with its keys in cty's iteration order (lexical); Object.fromEntries keeps "__proto__" a key. */
export function sortedObject(entries: Iterable<readonly [string, TfValue]>): TfObject {
  const map = new Map<string, TfValue>();
  for (const [key, value] of entries) map.set(key, value);
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => compareStrings(a, b))) as TfObject;
}

// Collections of mixed primitives convert to their common type as cty's unification does: numbers and bools
// become strings when a string is present; numbers and bools together have no common type.
export function unifyElements(items: readonly TfValue[]): TfValue[] {
  const kinds = new Set<string>();
  for (const item of items) {
    if (item === null || isTfUnknown(item)) continue;
    kinds.add(Array.isArray(item) ? 'list' : isTfObject(item) ? 'object' : typeof item);
  }
  if (kinds.size <= 1) return [...items];
  const primitive = [...kinds].every((k) => k === 'string' || k === 'number' || k === 'boolean');
  if (!primitive || !kinds.has('string')) fail('all elements must have the same type');
  return items.map((item) => (typeof item === 'number' || typeof item === 'boolean' ? asString(item) : item));
}

// ---- strings ------------------------------------------------------------------------------------------

/** Go's string order (UTF-8 bytes, which is code point order), not JavaScript's UTF-16 unit order. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** cty normalises strings to NFC and measures them in grapheme clusters. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text.normalize('NFC')), (s) => s.segment);
}

/** Sorts as cty orders set elements: strings lexically, numbers ascending, false before true, null last. */
export function setOrder(items: readonly TfValue[]): TfValue[] {
  const known = items.filter((item) => item !== null);
  const nulls = items.length - known.length;
  let sorted: TfValue[];
  if (known.every((item) => typeof item === 'string')) {
    sorted = [...(known as string[])].sort(compareStrings);
  } else if (known.every((item) => typeof item === 'number')) {
    sorted = [...(known as number[])].sort((a, b) => a - b);
  } else if (known.every((item) => typeof item === 'boolean')) {
    sorted = [...(known as boolean[])].sort((a, b) => Number(a) - Number(b));
  } else {
    // cty orders other element types by an internal hash; first-occurrence order is our stand-in.
    sorted = [...known];
  }
  return [...sorted, ...Array<TfValue>(nulls).fill(null)];
}

// ---- function specs -----------------------------------------------------------------------------------

export interface FunctionContext {
  /** Directory that relative paths in file() and templatefile() resolve against (the caller's choice). */
  readonly baseDir: string;
  /** Reads a file as text (sync, cached by the caller); a TfUnknown when it cannot be read. */
  readonly readFile: (path: string) => string | TfUnknown;
  /** Renders template text (for templatefile/templatestring) with the caller's HCL template evaluator. */
  readonly renderTemplate: (
    template: string,
    vars: Readonly<Record<string, TfValue>>,
    file: string,
  ) => TfValue;
}

/**
 * How a function meets unknown arguments. deep: any unknown anywhere in an argument makes the result unknown.
 * shallow: only an argument that is itself unknown does; unknown elements inside collections are carried
 * through by the implementation. self: the implementation decides (coalesce, contains, ...). In these modes
 * an evaluation error anywhere inside an argument wins, since Terraform would have stopped there. raw: the
 * implementation sees errors too (try, can).
 */
export type UnknownMode = 'deep' | 'shallow' | 'self' | 'raw';

export interface FnSpec {
  readonly min: number;
  readonly max: number;
  readonly unknowns: UnknownMode;
  readonly impl: (args: readonly TfValue[], ctx: FunctionContext) => TfValue;
}

export function spec(
  min: number,
  max: number,
  impl: (args: readonly TfValue[], ctx: FunctionContext) => TfValue,
  unknowns: UnknownMode = 'deep',
): FnSpec {
  return { min, max, impl, unknowns };
}

/** Arguments by position once the arity has been checked. */
export function at(args: readonly TfValue[], index: number): TfValue {
  return args[index] as TfValue;
}
