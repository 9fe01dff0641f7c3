import { createHash } from 'node:crypto';
import { decodeJson, encodeGoJson, JSONENCODE } from './fnJson.js';
import { yamldecode } from './fnYaml.js';
import {
  asInteger,
  asNumber,
  asString,
  at,
  describe,
  fail,
  parseNumberText,
  spec,
  type FnSpec,
} from './fnSupport.js';
import { isTfObject, type TfValue } from './value.js';

// Encoding, hashing, numbers and the scalar type conversions.

function toStringValue(value: TfValue): TfValue {
  if (value === null) return null;
  if (Array.isArray(value) || isTfObject(value)) fail(`cannot convert ${describe(value)} to string`);
  return asString(value);
}

function toNumberValue(value: TfValue): TfValue {
  if (value === null || typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = parseNumberText(value);
    if (n === undefined)
      fail(`cannot convert "${value}" to number; given string must be a decimal representation of a number`);
    return n;
  }
  return fail(`cannot convert ${describe(value)} to number`);
}

function toBoolValue(value: TfValue): TfValue {
  if (value === null || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (typeof value === 'string')
    fail(`cannot convert "${value}" to bool; only the strings "true" or "false" are allowed`);
  return fail(`cannot convert ${describe(value)} to bool`);
}

function base64decode(text: string): string {
  // Go's StdEncoding ignores line breaks but insists on canonical padding.
  const body = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(body)) {
    fail('failed to decode base64 data');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(body, 'base64'));
  } catch {
    return fail('the result of decoding the provided string is not valid UTF-8');
  }
}

/** Go's url.QueryEscape: spaces become +, everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
function urlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** big.Int.SetString for bases 2..62: digits 0-9, then a-z (A-Z too up to base 36), then A-Z above 36. */
function parseint(text: string, base: number): number {
  if (base < 2 || base > 62) fail('base must be a whole number between 2 and 62 inclusive');
  const match = /^([-+]?)(.+)$/.exec(text);
  let total = 0n;
  for (const char of match?.[2] ?? '') {
    let digit: number;
    if (char >= '0' && char <= '9') digit = char.charCodeAt(0) - 48;
    else if (char >= 'a' && char <= 'z') digit = char.charCodeAt(0) - 87;
    else if (char >= 'A' && char <= 'Z') digit = char.charCodeAt(0) - (base <= 36 ? 55 : 29);
    else digit = Infinity;
    if (digit >= base) fail(`cannot parse "${text}" as a base ${base} integer`);
    total = total * BigInt(base) + BigInt(digit);
  }
  if (!match) fail(`cannot parse "${text}" as a base ${base} integer`);
  return Number(match[1] === '-' ? -total : total);
}

const hash = (algorithm: string, encoding: 'hex' | 'base64'): FnSpec =>
  spec(1, 1, (args) =>
    createHash(algorithm)
      .update(asString(at(args, 0)), 'utf8')
      .digest(encoding),
  );
const number1 = (f: (n: number) => number): FnSpec => spec(1, 1, (args) => f(asNumber(at(args, 0), 'num')));

function extremum(args: readonly TfValue[], pick: (a: number, b: number) => number): number {
  if (args.length === 0) fail('must provide at least one argument');
  return args.map((value) => asNumber(value)).reduce((a, b) => pick(a, b));
}

export const SCALAR_FUNCTIONS: Readonly<Record<string, FnSpec>> = {
  abs: number1(Math.abs),
  base64decode: spec(1, 1, (args) => base64decode(asString(at(args, 0)))),
  base64encode: spec(1, 1, (args) => Buffer.from(asString(at(args, 0)), 'utf8').toString('base64')),
  base64sha256: hash('sha256', 'base64'),
  base64sha512: hash('sha512', 'base64'),
  ceil: number1(Math.ceil),
  floor: number1(Math.floor),
  jsondecode: spec(1, 1, (args) => decodeJson(asString(at(args, 0)))),
  jsonencode: spec(1, 1, (args) => encodeGoJson(at(args, 0), JSONENCODE)),
  log: spec(2, 2, (args) => Math.log(asNumber(at(args, 0))) / Math.log(asNumber(at(args, 1)))),
  max: spec(0, Infinity, (args) => extremum(args, Math.max)),
  md5: hash('md5', 'hex'),
  min: spec(0, Infinity, (args) => extremum(args, Math.min)),
  parseint: spec(2, 2, (args) => {
    if (typeof at(args, 0) !== 'string')
      fail(`first argument must be a string, not ${describe(at(args, 0))}`);
    return parseint(at(args, 0) as string, asInteger(at(args, 1), 'base'));
  }),
  pow: spec(2, 2, (args) => Math.pow(asNumber(at(args, 0)), asNumber(at(args, 1)))),
  sha1: hash('sha1', 'hex'),
  sha256: hash('sha256', 'hex'),
  sha512: hash('sha512', 'hex'),
  signum: number1(Math.sign),
  tobool: spec(1, 1, (args) => toBoolValue(at(args, 0))),
  tonumber: spec(1, 1, (args) => toNumberValue(at(args, 0))),
  tostring: spec(1, 1, (args) => toStringValue(at(args, 0))),
  urlencode: spec(1, 1, (args) => urlencode(asString(at(args, 0)))),
  yamldecode: spec(1, 1, (args) => yamldecode(asString(at(args, 0)))),
};
