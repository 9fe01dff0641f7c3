import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonTemplate } from './parseJsonTemplate.js';
import { isTemplateMap, type TemplateMap, TemplateSyntaxError } from './templateTree.js';

function syntaxError(text: string): TemplateSyntaxError {
  try {
    parseJsonTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

function resources(text: string): { map: TemplateMap; at: (key: string) => unknown } {
  const parsed = parseJsonTemplate(text);
  const root = parsed.root as TemplateMap;
  const map = root.Resources as TemplateMap;
  return { map, at: (key) => parsed.keyPosition(map, key) };
}

describe('parseJsonTemplate', () => {
  it('gives each key of a minified template its own column on line 1', () => {
    const text = '{"Resources":{"A":{"Type":"AWS::IAM::Group"},"Bee":{"Type":"AWS::IAM::User"}}}';
    const { at } = resources(text);
    expect(at('A')).toEqual({ line: 1, column: text.indexOf('"A"') + 1 });
    expect(at('Bee')).toEqual({ line: 1, column: text.indexOf('"Bee"') + 1 });
  });

  it('counts lines and columns in pretty-printed JSON, tabs and CRLF included', () => {
    const text = '{\r\n\t"Resources": {\r\n\t\t"Admins": {"Type": "AWS::IAM::Group"}\r\n\t}\r\n}\r\n';
    expect(resources(text).at('Admins')).toEqual({ line: 3, column: 3 });
  });

  it('agrees with JSON.parse on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // Numbers that do not print back the same are kept as text (CloudFormation's view), so compare on
        // values whose numbers round-trip.
        fc.pre(!/\d[.eE]/.test(text) && !text.includes('-0'));
        expect(JSON.parse(JSON.stringify(parseJsonTemplate(text).root))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('keeps numbers that do not round-trip as their text', () => {
    const root = parseJsonTemplate('{"a": 1.0, "b": 10, "c": 1e3}').root as TemplateMap;
    expect(root).toEqual({ a: '1.0', b: 10, c: '1e3' });
  });

  it('stores __proto__ as an ordinary key', () => {
    const root = parseJsonTemplate('{"__proto__": {"x": 1}}').root;
    expect(isTemplateMap(root) && Object.hasOwn(root, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(root)).toBeNull();
  });

  it('decodes escapes', () => {
    expect(parseJsonTemplate('"a\\"b\\\\c\\/d\\n\\u00e9"').root).toBe('a"b\\c/d\né');
  });

  it.each([
    ['{"a": 1 "b": 2}', 1, 9, `expected ',' or '}' after the value of "a", found "\\""`],
    ['{"a": 1,}', 1, 9, 'expected a property name in double quotes, found "}"'],
    ['{"a" 1}', 1, 6, `expected ':' after the property name "a", found "1"`],
    [
      '{\n  "a": tru\n}',
      2,
      8,
      'expected a value (object, array, string, number, true, false or null), found "t"',
    ],
    ['{"a": "x', 1, 7, 'unterminated string (no closing ")'],
    ['{"a": 1} x', 1, 10, 'unexpected "x" after the end of the JSON value'],
    ['{"a": [1, 2}', 1, 12, `expected ',' or ']' after an array element, found "}"`],
    ['{"a": "\\q"}', 1, 8, 'invalid escape \\q in a string'],
    [
      '',
      1,
      1,
      'expected a value (object, array, string, number, true, false or null), found the end of the file',
    ],
  ])('reports %j at %i:%i', (text, line, column, message) => {
    const error = syntaxError(text);
    expect(error.message).toBe(message);
    expect(error.position).toEqual({ line, column });
  });

  it('rejects a duplicate key, naming where the first one is', () => {
    const error = syntaxError('{\n "Resources": {},\n "Resources": {}\n}');
    expect(error.message).toBe('duplicate key "Resources" (first at line 2, column 2)');
    expect(error.position).toEqual({ line: 3, column: 2 });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const error = syntaxError('['.repeat(10_000));
    expect(error.message).toMatch(/^nested deeper than 256 levels/);
    expect(error.position).toEqual({ line: 1, column: 257 });
    expect(parseJsonTemplate('['.repeat(256) + ']'.repeat(256)).root).toBeDefined();
  });
});
