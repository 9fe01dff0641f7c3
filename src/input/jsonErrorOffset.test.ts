import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, jsonErrorOffset, lineAt } from './jsonErrorOffset.js';

function parseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be invalid JSON`);
}

describe('findJsonSyntaxError', () => {
  // Where V8 reports a position, the scanner must agree with it: it stands in for V8 where V8 gives none.
  const positioned = [
    '{"a": 1',
    '{"a": "xx',
    '{\n "a": 1,\n "b" 2}',
    '{"a":1} x',
    '{"a":1,}',
    '[01]',
    '"\\x"',
    '{"a": "\u0001"}',
    '{"a": 1 "b": 2}',
    '[1 2]',
    '"\\u12x4"',
    '"\\u"',
  ];
  it.each(positioned)('agrees with V8 on %j', (text) => {
    const reported = /at position (\d+)/.exec(parseMessage(text));
    expect(reported).not.toBeNull();
    expect(findJsonSyntaxError(text)).toBe(Number(reported?.[1]));
  });

  it.each([
    ['{"a": }', 6],
    ['{"a": tru}', 6],
    ['[1,]', 3],
    ['{\n  "a": [\n    }\n', 15],
    ['', 0],
    ['{"a": [1, 2', 11],
  ])('finds the offset V8 does not report in %j', (text, offset) => {
    expect(findJsonSyntaxError(text)).toBe(offset);
  });

  it('accepts valid JSON', () => {
    expect(
      findJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}'),
    ).toBeUndefined();
  });
});

describe('jsonErrorOffset and lineAt', () => {
  it('uses the position V8 reports', () => {
    expect(jsonErrorOffset('whatever', 'Unexpected number in JSON at position 16')).toBe(16);
  });

  it('puts an error at the end of the text on the last non-blank line', () => {
    const text = '{\n  "a": [\n    1,\n\n\n';
    expect(lineAt(text, jsonErrorOffset(text, parseMessage(text)))).toBe(3);
  });

  it('counts lines from 1', () => {
    expect(lineAt('{\n"a"\n}', 0)).toBe(1);
    expect(lineAt('{\n"a"\n}', 2)).toBe(2);
  });
});
