import { MAX_NESTING, nestingMessage } from '../../input/nesting.js';
import {
  KeyPositions,
  LineIndex,
  newTemplateMap,
  type ParsedTemplate,
  type TemplateMap,
  type TemplateValue,
  TemplateSyntaxError,
} from './templateTree.js';

// JSON templates get their own small parser rather than JSON.parse or the YAML parser: JSON.parse keeps no
// positions, and YAML rejects some valid JSON (tab indentation) while accepting invalid JSON. Positions come
// from offsets, so a minified template still gives every logical id its own column on line 1.

const SIMPLE_ESCAPES = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

export function parseJsonTemplate(text: string): ParsedTemplate {
  const parser = new JsonParser(text);
  const root = parser.parseDocument();
  const positions = parser.positions;
  return { root, comments: [], keyPosition: (map, key) => positions.get(map, key) };
}

class JsonParser {
  readonly positions = new KeyPositions();
  private readonly lines: LineIndex;
  private offset = 0;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
    if (text.charCodeAt(0) === 0xfeff) this.offset = 1;
  }

  parseDocument(): TemplateValue {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.offset < this.text.length)
      this.fail(`unexpected ${this.found()} after the end of the JSON value`);
    return value;
  }

  private parseValue(depth: number): TemplateValue {
    if (depth >= MAX_NESTING && (this.text[this.offset] === '{' || this.text[this.offset] === '['))
      this.fail(nestingMessage());
    const char = this.text[this.offset];
    if (char === '{') return this.parseObject(depth);
    if (char === '[') return this.parseArray(depth);
    if (char === '"') return this.parseString();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return value;
      }
    }
    return this.fail(
      `expected a value (object, array, string, number, true, false or null), found ${this.found()}`,
    );
  }

  private parseObject(depth: number): TemplateMap {
    const map = newTemplateMap();
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return map;
    }
    for (;;) {
      if (this.text[this.offset] !== '"')
        this.fail(`expected a property name in double quotes, found ${this.found()}`);
      const keyOffset = this.offset;
      const key = this.parseString();
      const earlier = this.positions.get(map, key);
      if (earlier) {
        this.fail(
          `duplicate key "${key}" (first at line ${earlier.line}, column ${earlier.column})`,
          keyOffset,
        );
      }
      this.positions.set(map, key, this.lines.position(keyOffset));
      this.skipWhitespace();
      if (this.text[this.offset] !== ':')
        this.fail(`expected ':' after the property name "${key}", found ${this.found()}`);
      this.offset++;
      this.skipWhitespace();
      map[key] = this.parseValue(depth + 1);
      this.skipWhitespace();
      const next = this.text[this.offset];
      if (next === '}') {
        this.offset++;
        return map;
      }
      if (next !== ',') this.fail(`expected ',' or '}' after the value of "${key}", found ${this.found()}`);
      this.offset++;
      this.skipWhitespace();
    }
  }

  private parseArray(depth: number): TemplateValue[] {
    const list: TemplateValue[] = [];
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return list;
    }
    for (;;) {
      list.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.offset];
      if (next === ']') {
        this.offset++;
        return list;
      }
      if (next !== ',') this.fail(`expected ',' or ']' after an array element, found ${this.found()}`);
      this.offset++;
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    const start = this.offset;
    this.offset++;
    let out = '';
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined) this.fail('unterminated string (no closing ")', start);
      if (char === '"') {
        this.offset++;
        return out;
      }
      if (char === '\\') {
        out += this.parseEscape();
        continue;
      }
      if (char < ' ') this.fail(`control character ${JSON.stringify(char)} in a string must be escaped`);
      out += char;
      this.offset++;
    }
  }

  private parseEscape(): string {
    const char = this.text[this.offset + 1];
    const simple = char === undefined ? undefined : SIMPLE_ESCAPES.get(char);
    if (simple !== undefined) {
      this.offset += 2;
      return simple;
    }
    if (char === 'u') {
      const hex = this.text.slice(this.offset + 2, this.offset + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('expected four hex digits after \\u');
      this.offset += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return this.fail(`invalid escape \\${char ?? ''} in a string`);
  }

  private parseNumber(): TemplateValue {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.text.slice(this.offset, this.offset + 400),
    );
    if (!match) return this.fail(`invalid number, found ${this.found()}`);
    this.offset += match[0].length;
    const value = Number(match[0]);
    // CloudFormation treats values as text: 1.0 stays "1.0" rather than becoming 1.
    return String(value) === match[0] ? value : match[0];
  }

  private skipWhitespace(): void {
    while (this.offset < this.text.length) {
      const char = this.text[this.offset];
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return;
      this.offset++;
    }
  }

  private found(): string {
    const char = this.text[this.offset];
    return char === undefined ? 'the end of the file' : JSON.stringify(char);
  }

  private fail(message: string, at = this.offset): never {
    throw new TemplateSyntaxError(message, this.lines.position(at));
  }
}
