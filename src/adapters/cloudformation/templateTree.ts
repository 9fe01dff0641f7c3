// A template as both parsers (YAML and JSON) hand it on: plain values, with the short intrinsic forms already
// rewritten to their long forms (`!Ref X` becomes `{ Ref: X }`), so the resolver reads one shape. Where each
// mapping key was written is kept beside the values, because findings and suppressions point at logical ids.
// A file that cannot be parsed raises TemplateSyntaxError with the position, which becomes an input error.

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units (what editors and SARIF count). */
  readonly column: number;
}

export type TemplateValue = null | boolean | number | string | TemplateList | TemplateMap;
export type TemplateList = readonly TemplateValue[];
export interface TemplateMap {
  readonly [key: string]: TemplateValue;
}

/** A template that cannot be parsed; the position is where the parser gave up, the message what it expected. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** A comment in a YAML template (JSON has none). */
export interface TemplateComment {
  readonly line: number;
  readonly column: number;
  /** The text after `#`. */
  readonly text: string;
  /** Nothing but whitespace precedes it on its line. */
  readonly ownLine: boolean;
}

export interface ParsedTemplate {
  readonly root: TemplateValue;
  readonly comments: readonly TemplateComment[];
  /** Where `key` was written in `map` (a mapping of this template), when it was. */
  keyPosition(map: TemplateMap, key: string): Position | undefined;
}

export function isTemplateMap(value: TemplateValue | undefined): value is TemplateMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTemplateList(value: TemplateValue | undefined): value is TemplateList {
  return Array.isArray(value);
}

/**
 * Mappings are built without a prototype: a template key such as `__proto__` or `constructor` is data, and
 * must neither reach Object.prototype nor shadow a lookup.
 */
export function newTemplateMap(): Record<string, TemplateValue> {
  return Object.create(null) as Record<string, TemplateValue>;
}

/** Records key positions while a parser builds mappings. */
export class KeyPositions {
  private readonly byMap = new WeakMap<TemplateMap, Map<string, Position>>();

  set(map: TemplateMap, key: string, position: Position): void {
    let keys = this.byMap.get(map);
    if (!keys) {
      keys = new Map();
      this.byMap.set(map, keys);
    }
    keys.set(key, position);
  }

  get(map: TemplateMap, key: string): Position | undefined {
    return this.byMap.get(map)?.get(key);
  }
}

/** Maps string offsets to 1-based line and column, for parsers that only know offsets. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      // CR LF and a lone CR both end a line, as editors count them.
      if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}
