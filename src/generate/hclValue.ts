// Writes JSON values as HCL expressions (for `jsonencode(...)`) and blocks of attributes, laid out the way
// `terraform fmt` lays them out, so generated files pass `terraform fmt -check` as written: two-space
// indents, one list item per line, and the `=` of consecutive single-line attributes aligned (a line that
// opens a bracket ends the run, as in hclwrite).
import { hclString } from '../checks/quoting.js';

export { hclString };

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { [key: string]: JsonValue };

/** An attribute line to align: `key = value` where the value may span lines (then it ends the run). */
export interface HclAttribute {
  readonly key: string;
  /** The rendered expression; its continuation lines are already indented relative to the attribute. */
  readonly value: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function objectKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

/** The value as an HCL expression, indented for a position `indent` levels deep. */
export function hclValue(value: JsonValue, indent = 0): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = (value as readonly JsonValue[]).map((item) => `${inner}${hclValue(item, indent + 1)},`);
    return `[\n${items.join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as { [key: string]: JsonValue });
  if (entries.length === 0) return '{}';
  const attributes = entries.map(([key, item]) => ({
    key: objectKey(key),
    value: hclValue(item, indent + 1),
  }));
  return `{\n${alignedAttributes(attributes, inner)}\n${close}}`;
}

/** Attribute lines at one indent, `=` aligned across each run of single-line values (terraform fmt's rule). */
export function alignedAttributes(attributes: readonly HclAttribute[], indent: string): string {
  const lines: string[] = [];
  let run: HclAttribute[] = [];
  const flush = () => {
    const width = Math.max(...run.map((a) => a.key.length));
    for (const a of run) lines.push(`${indent}${a.key.padEnd(width)} = ${a.value}`);
    run = [];
  };
  for (const attribute of attributes) {
    if (attribute.value.includes('\n')) {
      if (run.length > 0) flush();
      lines.push(`${indent}${attribute.key} = ${attribute.value}`);
    } else run.push(attribute);
  }
  if (run.length > 0) flush();
  return lines.join('\n');
}
