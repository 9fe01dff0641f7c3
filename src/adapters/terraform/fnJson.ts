import { compareStrings, fail, formatNumber, sortedObject } from './fnSupport.js';
import { isTfUnknown, type TfObject, type TfValue } from './value.js';

// JSON as Go writes it (Terraform's jsonencode and the AWS provider both go through encoding/json), and a
// strict reader for jsondecode.

export interface GoJsonOptions {
  /** An object's keys in output order: Go sorts map keys, and writes struct fields in declaration order. */
  readonly keys: (object: TfObject) => string[];
  /** json.MarshalIndent's indent; compact when absent. */
  readonly indent?: string;
  /** cty writes numbers with big.Float Text('f', -1); Go's float64 encoder writes what JavaScript does. */
  readonly number: (n: number) => string;
}

export const sortedKeys = (object: TfObject): string[] => Object.keys(object).sort(compareStrings);

export const JSONENCODE: GoJsonOptions = { keys: sortedKeys, number: formatNumber };

export function encodeGoJson(value: TfValue, options: GoJsonOptions): string {
  return encode(value, options, '');
}

function encode(value: TfValue, options: GoJsonOptions, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail('cannot serialize infinity as JSON');
    return options.number(value);
  }
  if (typeof value === 'string') return goJsonString(value);
  if (isTfUnknown(value)) return fail('value is not known');
  const inner = options.indent === undefined ? undefined : indent + options.indent;
  const open = inner === undefined ? '' : `\n${inner}`;
  const separator = inner === undefined ? ',' : `,\n${inner}`;
  const close = inner === undefined ? '' : `\n${indent}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${open}${value.map((item) => encode(item, options, inner ?? '')).join(separator)}${close}]`;
  }
  const keys = options.keys(value);
  if (keys.length === 0) return '{}';
  const colon = inner === undefined ? ':' : ': ';
  const members = keys.map(
    (key) => `${goJsonString(key)}${colon}${encode(value[key] as TfValue, options, inner ?? '')}`,
  );
  return `{${open}${members.join(separator)}${close}}`;
}

/** encoding/json's string escaping with HTML escaping on: <, >, & and U+2028/U+2029 become \u escapes. */
export function goJsonString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    switch (char) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
    }
    if (code < 0x20 || char === '<' || char === '>' || char === '&' || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate is not valid UTF-8; Go writes the replacement character.
      out += '\\ufffd';
    } else out += char;
  }
  return `${out}"`;
}

// ---- jsondecode -----------------------------------------------------------------------------------------

/** Parses JSON as cty's jsondecode does: strict syntax, and a repeated object key is an error. */
export function decodeJson(text: string): TfValue {
  const parser = new JsonParser(text);
  parser.skipSpace();
  const value = parser.value();
  parser.skipSpace();
  if (!parser.atEnd()) parser.error('extraneous data after the JSON value');
  return value;
}

/** cty's implied type of a decoded JSON value, as a comparable string. */
function impliedType(value: TfValue): string {
  if (value === null) return 'dynamic';
  if (Array.isArray(value)) return `tuple[${value.map(impliedType).join(',')}]`;
  if (typeof value === 'object' && !isTfUnknown(value)) {
    return `object{${sortedKeys(value)
      .map((key) => `${JSON.stringify(key)}:${impliedType(value[key] as TfValue)}`)
      .join(',')}}`;
  }
  return typeof value;
}

// Sticky, so that each token is matched where the parser stands without copying the rest of the text.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters inside strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

class JsonParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  error(message: string): never {
    return fail(`invalid JSON at offset ${this.pos}: ${message}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] as string)) this.pos++;
  }

  value(): TfValue {
    const char = this.text[this.pos];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.error(char === undefined ? 'unexpected end of input' : `unexpected character ${char}`);
  }

  private object(): TfValue {
    this.pos++;
    const entries = new Map<string, TfValue>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return {};
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.error('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.error('expected ":"');
      this.pos++;
      this.skipSpace();
      const value = this.value();
      // cty lets a repeated key's last value win, unless the values' types differ (an error since cty 1.16.2).
      const previous = entries.get(key);
      if (previous !== undefined && impliedType(previous) !== impliedType(value)) {
        this.error(`duplicate "${key}" property in JSON object`);
      }
      entries.set(key, value);
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === '}') return sortedObject(entries.entries());
      if (next !== ',') this.error('expected "," or "}"');
    }
  }

  private array(): TfValue {
    this.pos++;
    const items: TfValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === ']') return items;
      if (next !== ',') this.error('expected "," or "]"');
    }
  }

  private string(): string {
    STRING.lastIndex = this.pos;
    const match = STRING.exec(this.text);
    if (!match) return this.error('invalid string');
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.error('invalid number');
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
