import { isNode, LineCounter, parseDocument } from 'yaml';

// Where a key path of the config file is written, so a schema error says `file:line` as a syntax error does.
// JSON is YAML too (flow style), so one reader serves both formats.

export function lineOfPath(text: string, path: readonly PropertyKey[]): number | undefined {
  const lineCounter = new LineCounter();
  try {
    const document = parseDocument(text, { lineCounter, uniqueKeys: false });
    // The deepest node of the path that exists: a missing key is reported where its parent is.
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = document.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
  } catch {
    // Only a locator: the error it would place is reported with the file alone.
  }
  return undefined;
}
