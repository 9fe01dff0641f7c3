import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Attribute, Block, Body, Expr, HclFile, Position, TemplatePart } from './hclAst.js';
import { jsonErrorOffset } from '../../input/jsonErrorOffset.js';
import { jsonNestingOffset, nestingMessage, positionAt } from '../../input/nesting.js';
import { oversizedTerraformFile, parseHcl, type ParseOutcome } from './parseHcl.js';

// Terraform's JSON syntax (`.tf.json`) converted to the same AST as native HCL. JSON has no block syntax, so
// nested objects are blocks only for the block types the IAM resources we model use; strings are templates
// (`"${var.x}"`), parsed with the HCL parser. The yaml package reads JSON with positions for every node.

const NESTED_BLOCK_TYPES = new Set([
  'statement',
  'condition',
  'principals',
  'not_principals',
  'inline_policy',
  'content',
]);

export async function parseTfJson(text: string, file: string): Promise<ParseOutcome> {
  const oversized = oversizedTerraformFile(text, file);
  if (oversized) return { ok: false, error: oversized };
  // Strict JSON first: the yaml package below (used for its positions) would also read YAML, block nesting
  // and aliases included, which Terraform does not.
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(text, message);
    const reason = message
      .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    // An error past the last character belongs to the last non-blank line, as parseJson reports it.
    const at = Math.min(offset, text.trimEnd().length);
    const cutOff = at >= text.trimEnd().length ? '; the file ends before the JSON does' : '';
    return {
      ok: false,
      error: { file, ...positionAt(text, at), message: `invalid JSON: ${reason}${cutOff}` },
    };
  }
  const lines = new LineCounter();
  // Before the yaml package's composer and the converter below, which both recurse per level.
  const tooDeep = jsonNestingOffset(text);
  if (tooDeep !== undefined) {
    return { ok: false, error: { file, ...positionAt(text, tooDeep), message: nestingMessage() } };
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, strict: false });
  const error = doc.errors[0];
  if (error) {
    const at = lines.linePos(error.pos[0]);
    return {
      ok: false,
      error: {
        file,
        line: at.line,
        column: at.col,
        message: `invalid JSON: ${error.message.split('\n')[0]}`,
      },
    };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    return {
      ok: false,
      error: { file, line: 1, column: 1, message: 'not Terraform JSON: the file must hold one JSON object' },
    };
  }
  const converter = new JsonConverter(file, lines);
  const blocks: Block[] = [];
  for (const pair of root.items) {
    const kind = String(isScalar(pair.key) ? pair.key.value : '');
    const value = pair.value as YamlNode | null;
    if (!value) continue;
    blocks.push(...(await converter.topLevel(kind, value)));
  }
  return { ok: true, file: { file, body: { attributes: new Map(), blocks }, comments: [] } };
}

class JsonConverter {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  pos(node: YamlNode | null | undefined): Position {
    const offset = node?.range?.[0] ?? 0;
    const at = this.lines.linePos(offset);
    return { line: at.line, column: at.col };
  }

  async topLevel(kind: string, value: YamlNode): Promise<Block[]> {
    const labelDepth =
      kind === 'resource' || kind === 'data' ? 2 : kind === 'locals' || kind === 'terraform' ? 0 : 1;
    return this.labelled(kind, value, labelDepth, []);
  }

  private async labelled(
    kind: string,
    value: YamlNode,
    depth: number,
    labels: string[],
    at?: Position,
  ): Promise<Block[]> {
    if (depth === 0) {
      const bodies = isSeq(value) ? (value.items as YamlNode[]) : [value];
      const out: Block[] = [];
      for (const item of bodies) {
        out.push({
          type: kind,
          labels,
          body: await this.body(item),
          file: this.file,
          pos: at ?? this.pos(item),
        });
      }
      return out;
    }
    if (!isMap(value)) return [];
    const out: Block[] = [];
    for (const pair of value.items) {
      const label = String(isScalar(pair.key) ? pair.key.value : '');
      const child = pair.value as YamlNode | null;
      if (!child) continue;
      out.push(
        ...(await this.labelled(kind, child, depth - 1, [...labels, label], this.pos(pair.key as YamlNode))),
      );
    }
    return out;
  }

  async body(node: YamlNode): Promise<Body> {
    const attributes = new Map<string, Attribute>();
    const blocks: Block[] = [];
    if (!isMap(node)) return { attributes, blocks };
    for (const pair of node.items) {
      const name = String(isScalar(pair.key) ? pair.key.value : '');
      const value = pair.value as YamlNode | null;
      if (!value) continue;
      const pos = this.pos(pair.key as YamlNode);
      if (name === 'dynamic' && isMap(value)) {
        blocks.push(...(await this.labelled('dynamic', value, 1, [], pos)));
      } else if (
        NESTED_BLOCK_TYPES.has(name) &&
        (isMap(value) || (isSeq(value) && value.items.every(isMap)))
      ) {
        blocks.push(...(await this.labelled(name, value, 0, [], pos)));
      } else {
        attributes.set(name, { name, expr: await this.expr(value), pos });
      }
    }
    return { attributes, blocks };
  }

  async expr(node: YamlNode): Promise<Expr> {
    const pos = this.pos(node);
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return this.template(value, pos);
      if (typeof value === 'number' || typeof value === 'boolean' || value === null)
        return { k: 'lit', value, pos };
      return { k: 'invalid', reason: `${this.file}:${pos.line}: unsupported JSON value`, pos };
    }
    if (isSeq(node)) {
      const items: Expr[] = [];
      for (const item of node.items as YamlNode[]) items.push(await this.expr(item));
      return { k: 'tuple', items, pos };
    }
    if (isMap(node)) {
      const items: { key: Expr; ident?: string; value: Expr }[] = [];
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : '');
        items.push({
          key: { k: 'lit', value: key, pos },
          ident: key,
          value: await this.expr(pair.value as YamlNode),
        });
      }
      return { k: 'object', items, pos };
    }
    return { k: 'invalid', reason: `${this.file}:${pos.line}: unsupported JSON value`, pos };
  }

  private async template(value: string, pos: Position): Promise<Expr> {
    if (!value.includes('${') && !value.includes('%{')) return { k: 'lit', value, pos };
    const marker = 'MFAWARDENJSONEOT';
    const outcome = await parseHcl(`a = <<${marker}\n${value}\n${marker}\n`, this.file);
    const expr = outcome.ok ? outcome.file.body.attributes.get('a')?.expr : undefined;
    if (!expr || expr.k !== 'template') {
      return {
        k: 'invalid',
        reason: `${this.file}:${pos.line}: invalid template ${JSON.stringify(value.slice(0, 60))}`,
        pos,
      };
    }
    const parts: TemplatePart[] = [...expr.parts];
    const last = parts[parts.length - 1];
    if (last?.k === 'text') {
      const text = last.text.replace(/\n$/, '');
      if (text === '') parts.pop();
      else parts[parts.length - 1] = { k: 'text', text };
    }
    return { k: 'template', parts, pos };
  }
}

export type { HclFile };
