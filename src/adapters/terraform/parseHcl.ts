import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { IacInputError } from '../iac/iacLoadResult.js';
import { MAX_NESTING, nestingMessage } from '../../input/nesting.js';
import { megabytes } from '../../input/sourceText.js';
import type {
  Attribute,
  Block,
  Body,
  Comment,
  Expr,
  HclFile,
  Position,
  Step,
  TemplatePart,
} from './hclAst.js';

// HCL through tree-sitter (web-tree-sitter + the tree-sitter-hcl grammar's Terraform dialect): fast, with
// positions, and error tolerant. Each tree is converted to the compact AST in hclAst.ts and freed at once.
// Template literal text is read from the source between structural nodes, because the grammar's
// template_literal tokens leave out the whitespace between words.

let parserPromise: Promise<Parser> | undefined;
let readyParser: Parser | undefined;

function parser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
    const language = await Language.load(wasm);
    const p = new Parser();
    p.setLanguage(language);
    readyParser = p;
    return p;
  })();
  return parserPromise;
}

export type ParseOutcome = { ok: true; file: HclFile } | { ok: false; error: IacInputError };

/**
 * The largest .tf or .tf.json file read: ten times the largest generated configurations we know of. Parsing
 * costs about two seconds per megabyte, so a larger file (a log, a dump) is refused rather than ground through.
 */
export const MAX_TERRAFORM_FILE_CHARS = 10 * 1024 * 1024;

/** The file is larger than MAX_TERRAFORM_FILE_CHARS: the error to report, or undefined. */
export function oversizedTerraformFile(text: string, file: string): IacInputError | undefined {
  if (text.length <= MAX_TERRAFORM_FILE_CHARS) return undefined;
  return {
    file,
    message: `not read: the file is ${megabytes(text.length)}, larger than the ${megabytes(MAX_TERRAFORM_FILE_CHARS)} mfa-warden reads in one Terraform file`,
  };
}

/** AST levels (expressions and bodies) converted at most: a list or object level is two of them. */
const MAX_AST_DEPTH = 2 * MAX_NESTING;

/** Raised by the converter below MAX_AST_DEPTH levels, before the stack runs out. */
export class HclNestingError extends Error {
  constructor(
    readonly file: string,
    readonly position: Position,
  ) {
    super(`${file}:${position.line}:${position.column}: ${nestingMessage()}`);
    this.name = 'HclNestingError';
  }

  toInputError(): IacInputError {
    return { file: this.file, ...this.position, message: nestingMessage() };
  }
}

export async function parseHcl(text: string, file: string): Promise<ParseOutcome> {
  const oversized = oversizedTerraformFile(text, file);
  if (oversized) return { ok: false, error: oversized };
  const p = await parser();
  const tree = p.parse(text);
  if (!tree) return { ok: false, error: { file, message: 'the HCL parser returned nothing' } };
  try {
    const root = tree.rootNode;
    if (root.hasError) return { ok: false, error: syntaxError(root, file) };
    // The grammar also reads a lone object (`{"a": 1}`) as a file; Terraform wants arguments and blocks.
    const object = root.namedChildren.find((child) => child?.type === 'object');
    if (object) {
      return {
        ok: false,
        error: {
          file,
          ...pos(object),
          message:
            'not Terraform: the file holds an object ({ ... }) where arguments (name = value) and blocks belong; JSON configuration goes in a .tf.json file',
        },
      };
    }
    const converter = new Converter(text, file);
    // Comments matter only for suppressions; most files have none, and a tree walk costs as much as parsing.
    const comments: Comment[] = [];
    if (text.includes('mfa-warden:ignore')) {
      for (const node of root.descendantsOfType('comment')) {
        if (node) comments.push({ text: node.text, line: node.startPosition.row + 1 });
      }
    }
    const bodyNode = root.namedChildren.find((child) => child?.type === 'body');
    const body = bodyNode ? converter.body(bodyNode, true) : { attributes: new Map(), blocks: [] };
    return { ok: true, file: { file, body, comments } };
  } catch (error) {
    if (error instanceof HclNestingError) return { ok: false, error: error.toInputError() };
    throw error;
  } finally {
    tree.delete();
  }
}

/** Makes parseTemplateSync usable (evaluation is synchronous; templatefile() parses during it). */
export async function initHclParser(): Promise<void> {
  await parser();
}

/** Parses a template file's text (for templatefile()); the parser must have been initialised. */
export function parseTemplateSync(text: string, file: string): TemplatePart[] | IacInputError {
  if (!readyParser) return { file, message: 'internal: the HCL parser is not initialised' };
  const marker = 'MFAWARDENTEMPLATEEOT';
  const source = `a = <<${marker}\n${text}\n${marker}\n`;
  const tree = readyParser.parse(source);
  if (!tree) return { file, message: 'the HCL parser returned nothing' };
  try {
    if (tree.rootNode.hasError) return { ...syntaxError(tree.rootNode, file), line: undefined };
    const converter = new Converter(source, file);
    const bodyNode = tree.rootNode.namedChildren.find((child) => child?.type === 'body');
    let expr: Expr | undefined;
    try {
      expr = bodyNode ? converter.body(bodyNode).attributes.get('a')?.expr : undefined;
    } catch (error) {
      if (error instanceof HclNestingError) return { file, message: nestingMessage() };
      throw error;
    }
    if (!expr || expr.k !== 'template') return [];
    const parts = [...expr.parts];
    const last = parts[parts.length - 1];
    if (last?.k === 'text') {
      const trimmed = last.text.replace(/\n$/, '');
      if (trimmed === '') parts.pop();
      else parts[parts.length - 1] = { k: 'text', text: trimmed };
    }
    return parts;
  } finally {
    tree.delete();
  }
}

/** Parses without converting: the benchmark's parse-only figure. */
export async function parseHclTreeOnly(text: string): Promise<boolean> {
  const p = await parser();
  const tree = p.parse(text);
  const ok = tree ? !tree.rootNode.hasError : false;
  tree?.delete();
  return ok;
}

function syntaxError(root: Node, file: string): IacInputError {
  const bad = firstBad(root) ?? root;
  const line = bad.startPosition.row + 1;
  const column = bad.startPosition.column + 1;
  if (bad.isMissing) {
    return { file, line, column, message: `syntax error: expected ${describeToken(bad.type)}` };
  }
  const token = firstLeaf(bad);
  const seen = token ? token.text.slice(0, 40) : bad.text.slice(0, 40);
  const context = bad.parent ? ` in ${describeContext(bad.parent.type)}` : '';
  return {
    file,
    line,
    column,
    message: `syntax error: unexpected ${seen ? JSON.stringify(seen) : 'end of input'}${context}; expected an argument (name = value), a block (type "label" { ... }) or a complete expression`,
  };
}

/** The first ERROR or MISSING node, following the first child that has one (iteratively: trees nest deep). */
function firstBad(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current && !current.isError && !current.isMissing) {
    current = current.children.find(
      (child): child is Node => child !== null && (child.hasError || child.isMissing || child.isError),
    );
  }
  return current;
}

function firstLeaf(node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current && current.childCount > 0) {
    current = current.children.find((child): child is Node => child !== null);
  }
  return current;
}

function describeToken(type: string): string {
  const names: Record<string, string> = {
    '}': '"}"',
    ']': '"]"',
    ')': '")"',
    '"': 'a closing quote (")',
    identifier: 'a name',
    expression: 'an expression',
  };
  return names[type] ?? JSON.stringify(type);
}

function describeContext(type: string): string {
  return type.replace(/_/g, ' ');
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

class Converter {
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  /** Runs one level of the (recursive) conversion, refusing to go deeper than MAX_AST_DEPTH. */
  private nested<T>(node: Node, convert: () => T): T {
    if (this.depth >= MAX_AST_DEPTH) throw new HclNestingError(this.file, pos(node));
    this.depth++;
    try {
      return convert();
    } finally {
      this.depth--;
    }
  }

  body(node: Node, topLevel = false): Body {
    return this.nested(node, () => this.bodyLevel(node, topLevel));
  }

  private bodyLevel(node: Node, topLevel: boolean): Body {
    const attributes = new Map<string, Attribute>();
    const blocks: Block[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'attribute') {
        const name = child.namedChildren[0]?.text ?? '';
        const exprNode = child.namedChildren.find((c) => c?.type === 'expression');
        attributes.set(name, {
          name,
          expr: exprNode ? this.expr(exprNode) : this.invalid(child, 'missing value'),
          pos: pos(child),
        });
      } else if (child.type === 'block') {
        blocks.push(this.block(child, topLevel));
      }
    }
    return { attributes, blocks };
  }

  private block(node: Node, topLevel = false): Block {
    return this.nested(node, () => this.blockLevel(node, topLevel));
  }

  private blockLevel(node: Node, topLevel: boolean): Block {
    let type = '';
    const labels: string[] = [];
    let bodyNode: Node | undefined;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'identifier') {
        if (type === '') type = child.text;
        else labels.push(child.text);
      } else if (child.type === 'string_lit') {
        labels.push(this.quotedText(child));
      } else if (child.type === 'body') {
        bodyNode = child;
      }
    }
    const at = pos(node);
    // Resources other than IAM ones are read only when an IAM resource refers to them (a bucket ARN in a
    // policy, say); converting them up front is most of the work on a large configuration. Their text is
    // kept and parsed again, at its original position, on first use.
    if (topLevel && type === 'resource' && !(labels[0] ?? '').startsWith('aws_iam_') && bodyNode) {
      return lazyBlock(type, labels, this.file, at, this.text.slice(node.startIndex, node.endIndex));
    }
    const body = bodyNode ? this.body(bodyNode) : { attributes: new Map(), blocks: [] };
    return { type, labels, body, file: this.file, pos: at };
  }

  private invalid(node: Node, reason: string): Expr {
    return { k: 'invalid', reason: `${this.file}:${node.startPosition.row + 1}: ${reason}`, pos: pos(node) };
  }

  expr(node: Node): Expr {
    return this.nested(node, () => this.exprLevel(node));
  }

  private exprLevel(node: Node): Expr {
    switch (node.type) {
      case 'expression': {
        const children = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
        const first = children[0];
        if (!first) return this.invalid(node, 'empty expression');
        if (children.length === 1) return this.expr(first);
        const steps: Step[] = [];
        for (const step of children.slice(1)) this.steps(step, steps);
        return { k: 'traverse', root: this.expr(first), steps, pos: pos(node) };
      }
      case 'literal_value':
        return this.literal(node);
      case 'variable_expr':
        return { k: 'var', name: node.namedChildren[0]?.text ?? '', pos: pos(node) };
      case 'template_expr': {
        const inner = node.namedChildren[0];
        if (!inner) return this.invalid(node, 'empty template');
        return {
          k: 'template',
          parts: inner.type === 'heredoc_template' ? this.heredoc(inner) : this.quoted(inner),
          pos: pos(node),
        };
      }
      case 'collection_value':
        return this.collection(node);
      case 'function_call':
        return this.call(node);
      case 'conditional': {
        const [test, then, other] = node.namedChildren.filter((c): c is Node => c?.type === 'expression');
        if (!test || !then || !other) return this.invalid(node, 'incomplete conditional');
        return {
          k: 'cond',
          test: this.expr(test),
          then: this.expr(then),
          else: this.expr(other),
          pos: pos(node),
        };
      }
      case 'operation':
        return node.namedChildren[0]
          ? this.expr(node.namedChildren[0])
          : this.invalid(node, 'empty operation');
      case 'unary_operation': {
        const op = node.children[0]?.text ?? '';
        const operand = this.sequence(node.children.slice(1), node);
        return { k: 'unary', op, operand, pos: pos(node) };
      }
      case 'binary_operation': {
        // Operands are not wrapped in an expression node: `var.x == null` is variable_expr, get_attr, "==",
        // literal_value. The operator is the one unnamed child between them.
        const children = node.children.filter((c): c is Node => c !== null && c.type !== 'comment');
        const at = children.findIndex((c, i) => i > 0 && !c.isNamed);
        if (at <= 0) return this.invalid(node, 'incomplete operation');
        const op = children[at]?.text ?? '';
        const left = this.sequence(children.slice(0, at), node);
        const right = this.sequence(children.slice(at + 1), node);
        return { k: 'binary', op, left, right, pos: pos(node) };
      }
      case 'for_expr':
        return this.forExpr(node);
      case 'get_attr':
      case 'index':
      case 'splat':
        return this.invalid(node, `unexpected ${node.type}`);
      default:
        return this.invalid(node, `unsupported expression ${node.type}`);
    }
  }

  /** A primary followed by traversal steps, as operands of operators appear. */
  private sequence(nodes: readonly Node[], parent: Node): Expr {
    const named = nodes.filter((c) => c.isNamed);
    const first = named[0];
    if (!first) return this.invalid(parent, 'missing operand');
    if (named.length === 1) return this.expr(first);
    const steps: Step[] = [];
    for (const step of named.slice(1)) this.steps(step, steps);
    return { k: 'traverse', root: this.expr(first), steps, pos: pos(first) };
  }

  private steps(node: Node, out: Step[]): void {
    switch (node.type) {
      case 'get_attr':
        out.push({ k: 'attr', name: node.namedChildren[0]?.text ?? '' });
        return;
      case 'index': {
        const inner = node.namedChildren[0];
        if (inner?.type === 'legacy_index') {
          // `list.0`: the legacy numeric attribute form.
          out.push({
            k: 'index',
            key: { k: 'lit', value: Number(inner.text.replace(/^\./, '')), pos: pos(inner) },
          });
          return;
        }
        const keyNode = inner?.namedChildren.find((c) => c?.type === 'expression');
        out.push({ k: 'index', key: keyNode ? this.expr(keyNode) : this.invalid(node, 'empty index') });
        return;
      }
      case 'splat': {
        const inner = node.namedChildren[0];
        out.push({ k: 'splat' });
        for (const step of inner?.namedChildren ?? []) if (step) this.steps(step, out);
        return;
      }
      default:
        return;
    }
  }

  private literal(node: Node): Expr {
    const inner = node.namedChildren[0];
    if (!inner) return this.invalid(node, 'empty literal');
    switch (inner.type) {
      case 'numeric_lit':
        return { k: 'lit', value: Number(inner.text), pos: pos(node) };
      case 'bool_lit':
        return { k: 'lit', value: inner.text === 'true', pos: pos(node) };
      case 'null_lit':
        return { k: 'lit', value: null, pos: pos(node) };
      case 'string_lit':
        return { k: 'template', parts: this.quoted(inner), pos: pos(node) };
      default:
        return this.invalid(node, `unsupported literal ${inner.type}`);
    }
  }

  private collection(node: Node): Expr {
    const inner = node.namedChildren[0];
    if (!inner) return this.invalid(node, 'empty collection');
    if (inner.type === 'tuple') {
      const items = inner.namedChildren
        .filter((c): c is Node => c?.type === 'expression')
        .map((c) => this.expr(c));
      return { k: 'tuple', items, pos: pos(node) };
    }
    const items: { key: Expr; ident?: string; value: Expr }[] = [];
    for (const elem of inner.namedChildren) {
      if (elem?.type !== 'object_elem') continue;
      const keyNode = elem.childForFieldName('key');
      const valNode = elem.childForFieldName('val');
      if (!keyNode || !valNode) continue;
      const key = this.expr(keyNode);
      // A bare identifier key (`name = ...`) is the string itself, not a variable reference.
      const ident = key.k === 'var' ? key.name : undefined;
      items.push({ key, ...(ident !== undefined ? { ident } : {}), value: this.expr(valNode) });
    }
    return { k: 'object', items, pos: pos(node) };
  }

  private call(node: Node): Expr {
    const name = node.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '';
    const argsNode = node.namedChildren.find((c) => c?.type === 'function_arguments');
    const args = (argsNode?.namedChildren ?? [])
      .filter((c): c is Node => c?.type === 'expression')
      .map((c) => this.expr(c));
    const expand = Boolean(argsNode?.namedChildren.some((c) => c?.type === 'ellipsis'));
    return { k: 'call', name, args, expand, pos: pos(node) };
  }

  private forExpr(node: Node): Expr {
    const inner = node.namedChildren[0];
    if (!inner) return this.invalid(node, 'empty for expression');
    const intro = inner.namedChildren.find((c) => c?.type === 'for_intro');
    const idents = (intro?.namedChildren ?? [])
      .filter((c) => c?.type === 'identifier')
      .map((c) => c?.text ?? '');
    const collNode = intro?.namedChildren.find((c) => c?.type === 'expression');
    const exprs = inner.namedChildren.filter((c): c is Node => c?.type === 'expression');
    const condNode = inner.namedChildren.find((c) => c?.type === 'for_cond')?.namedChildren[0];
    if (!collNode || idents.length === 0) return this.invalid(node, 'incomplete for expression');
    const [first, second] = idents;
    const key = idents.length === 2 ? first : undefined;
    const value = (idents.length === 2 ? second : first) ?? '';
    const base = {
      k: 'for' as const,
      ...(key !== undefined ? { key } : {}),
      value,
      coll: this.expr(collNode),
      ...(condNode ? { cond: this.expr(condNode) } : {}),
      pos: pos(node),
    };
    if (inner.type === 'for_object_expr') {
      const [keyExpr, valueExpr] = exprs;
      if (!keyExpr || !valueExpr) return this.invalid(node, 'incomplete for expression');
      const group = inner.namedChildren.some((c) => c?.type === 'ellipsis');
      return { ...base, keyExpr: this.expr(keyExpr), valueExpr: this.expr(valueExpr), group };
    }
    const [valueExpr] = exprs;
    if (!valueExpr) return this.invalid(node, 'incomplete for expression');
    return { ...base, valueExpr: this.expr(valueExpr), group: false };
  }

  /** The text of a plain quoted string (block labels). */
  private quotedText(node: Node): string {
    return this.quoted(node)
      .map((part) => (part.k === 'text' ? part.text : ''))
      .join('');
  }

  private quoted(node: Node): TemplatePart[] {
    const start = node.children[0];
    const end = node.children[node.childCount - 1];
    const from = start?.type === 'quoted_template_start' ? start.endIndex : node.startIndex;
    const to = end?.type === 'quoted_template_end' ? end.startIndex : node.endIndex;
    const structural = node.namedChildren.filter(
      (c): c is Node =>
        c !== null && (c.type === 'template_interpolation' || c.type === 'template_directive'),
    );
    return stripMarkers(this.parts(structural, from, to, unescapeQuoted));
  }

  private heredoc(node: Node): TemplatePart[] {
    const identifiers = node.namedChildren.filter((c): c is Node => c?.type === 'heredoc_identifier');
    const open = identifiers[0];
    const close = identifiers[identifiers.length - 1];
    const indent = node.children[0]?.text === '<<-' || node.namedChildren[0]?.text === '<<-';
    if (!open || !close || open === close) return [];
    // The body starts on the line after the opening marker and ends before the closing marker's line.
    let from = open.endIndex;
    if (this.text[from] === '\r') from++;
    if (this.text[from] === '\n') from++;
    const to = this.text.lastIndexOf('\n', close.startIndex - 1) + 1;
    const structural = node.namedChildren.filter(
      (c): c is Node =>
        c !== null && (c.type === 'template_interpolation' || c.type === 'template_directive'),
    );
    const raw = this.text.slice(from, Math.max(from, to));
    const strip = indent ? commonIndent(raw) : 0;
    const parts = this.parts(structural, from, Math.max(from, to), (s) =>
      s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'),
    );
    return stripMarkers(strip > 0 ? dedent(parts, strip) : parts);
  }

  /** Literal text between structural nodes, interleaved with the nodes themselves. */
  private parts(
    structural: readonly Node[],
    from: number,
    to: number,
    unescape: (raw: string) => string,
  ): TemplatePart[] {
    const out: TemplatePart[] = [];
    let cursor = from;
    for (const node of structural) {
      if (node.startIndex > cursor)
        out.push({ k: 'text', text: unescape(this.text.slice(cursor, node.startIndex)) });
      out.push(...this.structural(node, unescape));
      cursor = node.endIndex;
    }
    if (to > cursor) out.push({ k: 'text', text: unescape(this.text.slice(cursor, to)) });
    return out;
  }

  /** The template between two directive markers (`%{ if }` and `%{ else }`, say), strip markers applied. */
  private between(
    children: readonly Node[],
    open: Node,
    close: Node,
    unescape: (raw: string) => string,
  ): TemplatePart[] {
    const inside = children.filter(
      (c) => c.startIndex >= open.endIndex && c.endIndex <= close.startIndex && isStructural(c),
    );
    return stripMarkers([
      ...(stripFlags(open).right ? [STRIP_RIGHT] : []),
      ...this.parts(inside, open.endIndex, close.startIndex, unescape),
      ...(stripFlags(close).left ? [STRIP_LEFT] : []),
    ]);
  }

  private structural(node: Node, unescape: (raw: string) => string): TemplatePart[] {
    if (node.type === 'template_interpolation') {
      const expr = node.namedChildren.find((c) => c?.type === 'expression');
      const markers = stripFlags(node);
      const parts: TemplatePart[] = [];
      if (markers.left) parts.push(STRIP_LEFT);
      parts.push({ k: 'interp', expr: expr ? this.expr(expr) : this.invalid(node, 'empty interpolation') });
      if (markers.right) parts.push(STRIP_RIGHT);
      return parts;
    }
    const directive = node.namedChildren[0];
    if (!directive) return [];
    const children = directive.namedChildren.filter((c): c is Node => c !== null);
    if (directive.type === 'template_if') {
      const intro = children.find((c) => c.type === 'template_if_intro');
      const elseIntro = children.find((c) => c.type === 'template_else_intro');
      const endNode = children.find((c) => c.type === 'template_if_end');
      const condNode = intro?.namedChildren.find((c) => c?.type === 'expression');
      if (!intro || !endNode || !condNode) return [];
      const then = this.between(children, intro, elseIntro ?? endNode, unescape);
      const other = elseIntro ? this.between(children, elseIntro, endNode, unescape) : [];
      return [
        ...(stripFlags(intro).left ? [STRIP_LEFT] : []),
        { k: 'if', cond: this.expr(condNode), then, else: other },
        ...(stripFlags(endNode).right ? [STRIP_RIGHT] : []),
      ];
    }
    if (directive.type === 'template_for') {
      const start = children.find((c) => c.type === 'template_for_start');
      const endNode = children.find((c) => c.type === 'template_for_end');
      if (!start || !endNode) return [];
      const idents = start.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c?.text ?? '');
      const coll = start.namedChildren.find((c) => c?.type === 'expression');
      if (!coll || idents.length === 0) return [];
      const body = this.between(children, start, endNode, unescape);
      const [a, b] = idents;
      return [
        ...(stripFlags(start).left ? [STRIP_LEFT] : []),
        {
          k: 'for',
          ...(idents.length === 2 && a !== undefined ? { key: a } : {}),
          value: (idents.length === 2 ? b : a) ?? '',
          coll: this.expr(coll),
          body,
        },
        ...(stripFlags(endNode).right ? [STRIP_RIGHT] : []),
      ];
    }
    return [];
  }
}

function lazyBlock(type: string, labels: string[], file: string, at: Position, text: string): Block {
  let body: Body | undefined;
  return {
    type,
    labels,
    file,
    pos: at,
    get body(): Body {
      if (body) return body;
      body = { attributes: new Map(), blocks: [] };
      if (!readyParser) return body;
      // Padding puts the block back at its line and column, so positions inside it stay right.
      const source = `${'\n'.repeat(at.line - 1)}${' '.repeat(at.column - 1)}${text}`;
      const tree = readyParser.parse(source);
      try {
        const root = tree?.rootNode.namedChildren.find((child) => child?.type === 'body');
        const blockNode = root?.namedChildren.find((child) => child?.type === 'block');
        const bodyNode = blockNode?.namedChildren.find((child) => child?.type === 'body');
        if (bodyNode) body = new Converter(source, file).body(bodyNode);
      } finally {
        tree?.delete();
      }
      return body;
    },
  };
}

function isStructural(node: Node): boolean {
  return node.type === 'template_interpolation' || node.type === 'template_directive';
}

// Strip markers (`~`) are carried as sentinel text parts and applied once the parts are assembled.
const STRIP_LEFT: TemplatePart = { k: 'text', text: '\u0000~L' };
const STRIP_RIGHT: TemplatePart = { k: 'text', text: '\u0000~R' };

function stripFlags(node: Node): { left: boolean; right: boolean } {
  const markers = node.namedChildren.filter((c) => c?.type === 'strip_marker');
  const start = node.children.find((c) => c?.type.endsWith('_start'));
  let left = false;
  let right = false;
  for (const marker of markers) {
    if (!marker) continue;
    if (start && marker.startIndex === start.endIndex) left = true;
    else right = true;
  }
  return { left, right };
}

function stripMarkers(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  let trimNext = false;
  for (const part of parts) {
    if (part === STRIP_LEFT) {
      const last = out[out.length - 1];
      if (last?.k === 'text') out[out.length - 1] = { k: 'text', text: last.text.replace(/\s+$/, '') };
      continue;
    }
    if (part === STRIP_RIGHT) {
      trimNext = true;
      continue;
    }
    if (trimNext && part.k === 'text') {
      out.push({ k: 'text', text: part.text.replace(/^\s+/, '') });
      trimNext = false;
      continue;
    }
    trimNext = false;
    out.push(part);
  }
  return out.filter((part) => part.k !== 'text' || part.text !== '');
}

function unescapeQuoted(raw: string): string {
  return raw
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (match, esc: string) => {
      if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
      return ESCAPES[esc] ?? match;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

function commonIndent(raw: string): number {
  let min = Infinity;
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    min = Math.min(min, indent);
  }
  return Number.isFinite(min) ? min : 0;
}

/** Removes `strip` leading whitespace characters from every line start that falls inside literal text. */
function dedent(parts: TemplatePart[], strip: number): TemplatePart[] {
  let atLineStart = true;
  return parts.map((part) => {
    if (part.k !== 'text' || part === STRIP_LEFT || part === STRIP_RIGHT) {
      atLineStart = false;
      return part;
    }
    const lines = part.text.split('\n');
    const text = lines
      .map((line, index) =>
        index > 0 || atLineStart ? line.replace(new RegExp(`^[ \\t]{0,${strip}}`), '') : line,
      )
      .join('\n');
    atLineStart = part.text.endsWith('\n');
    return { k: 'text', text };
  });
}

function pos(node: Node): Position {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}
