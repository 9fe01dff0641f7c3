import type { CST } from 'yaml';

// How deeply a document nests, found without recursion. JSON.parse and the yaml package's CST parser survive
// 10,000 levels, but the recursive walkers after them (the yaml composer, our converters, evaluators) run out
// of stack somewhere near 1,000. No IAM policy, template, module or config file nests anywhere near this
// limit (the deepest real ones hold a dozen levels or so), so a file deeper than it is refused with its
// position before any walker sees it.

/** The deepest nesting of lists and objects/mappings that files are read with. */
export const MAX_NESTING = 256;

export function nestingMessage(max = MAX_NESTING): string {
  return `nested deeper than ${max} levels of lists and objects; no IAM policy, template or configuration nests that deep`;
}

/**
 * The offset of the first `[` or `{` of a JSON text that opens level `max + 1`, or undefined. Strings are
 * skipped (with their escapes); the text need not be valid JSON: a syntax error is the parser's to report.
 */
export function jsonNestingOffset(text: string, max = MAX_NESTING): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth++;
      if (depth > max) return i;
    } else if (code === 0x5d || code === 0x7d) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/**
 * The offset of the first YAML collection (block or flow) at level `max + 1` of the concrete syntax tree from
 * the yaml package's Parser, or undefined. The tree is walked with an explicit stack.
 */
export function yamlNestingOffset(tokens: readonly CST.Token[], max = MAX_NESTING): number | undefined {
  // Children are pushed last-first, so the walk meets tokens in document order and reports the first one.
  const stack: { token: CST.Token; depth: number }[] = [...tokens]
    .reverse()
    .map((token) => ({ token, depth: 0 }));
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { token, depth } = next;
    switch (token.type) {
      case 'document':
        if (token.value) stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > max) return token.offset;
        for (let i = token.items.length - 1; i >= 0; i--) {
          const item = token.items[i] as CST.CollectionItem;
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
          if (item.key) stack.push({ token: item.key, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** 1-based line and column (in UTF-16 code units) of `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
