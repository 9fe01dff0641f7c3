import { describe, expect, it } from 'vitest';
import { KeyPositions, LineIndex, newTemplateMap, isTemplateList, isTemplateMap } from './templateTree.js';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns across LF, CRLF and lone CR', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);
    const at = (char: string) => index.position(text.indexOf(char));
    expect([at('a'), at('b'), at('c'), at('e'), at('g'), at('h')]).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
    expect(index.position(text.length)).toEqual({ line: 4, column: 3 });
  });
});

describe('KeyPositions and template maps', () => {
  it('keeps positions per mapping object, so equal keys in different mappings do not collide', () => {
    const positions = new KeyPositions();
    const a = newTemplateMap();
    const b = newTemplateMap();
    positions.set(a, 'Type', { line: 2, column: 5 });
    positions.set(b, 'Type', { line: 9, column: 5 });
    expect(positions.get(a, 'Type')).toEqual({ line: 2, column: 5 });
    expect(positions.get(b, 'Type')).toEqual({ line: 9, column: 5 });
    expect(positions.get(a, 'Other')).toBeUndefined();
  });

  it('builds mappings without a prototype, so template keys never reach Object.prototype', () => {
    const map = newTemplateMap();
    for (const key of ['__proto__', 'constructor']) map[key] = key;
    expect(Object.keys(map)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(map['__proto__']).toBe('__proto__');
  });

  it('tells mappings from lists and scalars', () => {
    expect([isTemplateMap({}), isTemplateMap([]), isTemplateMap(null), isTemplateMap('x')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([isTemplateList([]), isTemplateList({})]).toEqual([true, false]);
  });
});
