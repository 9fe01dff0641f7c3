import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { jsonNestingOffset, MAX_NESTING, positionAt, yamlNestingOffset } from './nesting.js';

describe('jsonNestingOffset', () => {
  it('finds the bracket that opens the level past the limit, and nothing at the limit', () => {
    expect(jsonNestingOffset('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING))).toBeUndefined();
    expect(jsonNestingOffset('['.repeat(10_000))).toBe(MAX_NESTING);
    expect(jsonNestingOffset('{"a":'.repeat(300), 2)).toBe(10);
  });

  it('skips brackets in strings, escaped quotes included, and counts closed levels out', () => {
    expect(jsonNestingOffset(`["${'['.repeat(1_000)}\\"${'{'.repeat(1_000)}"]`, 2)).toBeUndefined();
    expect(jsonNestingOffset('[[]] [[]] [[]]', 2)).toBeUndefined();
    expect(jsonNestingOffset('[[[]]]', 2)).toBe(2);
  });
});

describe('yamlNestingOffset', () => {
  const offset = (text: string, max?: number) => yamlNestingOffset([...new Parser().parse(text)], max);

  it('counts block and flow collections alike, and reports the first one past the limit', () => {
    expect(offset('a:\n  b:\n    c: [1, {d: 2}]\n', 5)).toBeUndefined();
    expect(offset('a:\n  b:\n    c: [1, {d: 2}]\n', 4)).toBe(19);
    expect(offset(`${'- '.repeat(10_000)}x\n`)).toBe(2 * MAX_NESTING);
    expect(offset(`x: [${'['.repeat(10_000)}]`)).toBe(3 + MAX_NESTING - 1);
  });

  it('ignores brackets in scalars and comments', () => {
    expect(
      offset(`a: "${'['.repeat(1_000)}" # ${'{'.repeat(1_000)}\nb: |\n  ${'['.repeat(1_000)}\n`, 2),
    ).toBeUndefined();
  });
});

describe('positionAt', () => {
  it('gives 1-based lines and columns', () => {
    expect(positionAt('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt('ab\ncd\n', 6)).toEqual({ line: 3, column: 1 });
  });
});
