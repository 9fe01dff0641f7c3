import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CollectionTag,
  type Alias,
  type CST,
  type Document,
  YAMLParseError,
  type ScalarTag,
  type Scalar,
} from 'yaml';
import { MAX_NESTING, nestingMessage, yamlNestingOffset } from '../../input/nesting.js';
import {
  KeyPositions,
  LineIndex,
  newTemplateMap,
  type ParsedTemplate,
  type TemplateComment,
  type TemplateMap,
  type TemplateValue,
  TemplateSyntaxError,
} from './templateTree.js';

// YAML templates are read with the `yaml` library's document API, which keeps every node's range, so that a
// finding can name the line of its logical id as cfn-lint does. The short intrinsic forms are YAML tags; each
// becomes its long form here, so the resolver never sees a tag.

/** Every short form CloudFormation accepts (the last three need the AWS::LanguageExtensions transform). */
export const SHORT_FORMS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ['!Sub', 'Fn::Sub'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!Join', 'Fn::Join'],
  ['!If', 'Fn::If'],
  ['!Select', 'Fn::Select'],
  ['!Split', 'Fn::Split'],
  ['!FindInMap', 'Fn::FindInMap'],
  ['!ImportValue', 'Fn::ImportValue'],
  ['!Equals', 'Fn::Equals'],
  ['!And', 'Fn::And'],
  ['!Or', 'Fn::Or'],
  ['!Not', 'Fn::Not'],
  ['!Base64', 'Fn::Base64'],
  ['!GetAZs', 'Fn::GetAZs'],
  ['!Cidr', 'Fn::Cidr'],
  ['!Transform', 'Fn::Transform'],
  ['!ToJsonString', 'Fn::ToJsonString'],
  ['!Length', 'Fn::Length'],
]);

// A tag may sit on a scalar (`!Ref X`), a sequence (`!Sub [s, {vars}]`) or a mapping; all three are
// accepted here and the resolver judges the arguments, so a misuse is reported as such, not as a YAML error.
const shortFormTags: (ScalarTag | CollectionTag)[] = [...SHORT_FORMS.keys()].flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const },
  { tag, collection: 'map' as const },
]);

// CloudFormation's YAML parser is YAML 1.1: unquoted yes/no/on/off are booleans there (as in cfn-lint's
// PyYAML), while dates such as 2012-10-17 stay text. The `yaml` library's 1.2 core schema is right about the
// dates, so only these words are turned into booleans afterwards.
const YAML11_TRUE = /^(?:yes|Yes|YES|on|On|ON)$/;
const YAML11_FALSE = /^(?:no|No|NO|off|Off|OFF)$/;

/** Values an alias may expand to, in all: a template that refers to its anchors beyond this is a YAML bomb. */
export const MAX_ALIAS_VALUES = 100_000;

export function parseYamlTemplate(text: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  // The concrete syntax tree is built once: its depth is checked before the (recursive) composer runs, and
  // its comment tokens are the template's comments.
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = yamlNestingOffset(tokens);
  if (tooDeep !== undefined) {
    const at = lineCounter.linePos(tooDeep);
    throw new TemplateSyntaxError(nestingMessage(), { line: at.line, column: at.col });
  }
  const document = composeFirstDocument(tokens, text);
  const error = document.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    throw new TemplateSyntaxError(describeYamlError(error.code, error.message), {
      line: at.line,
      column: at.col,
    });
  }
  const converter = new YamlConverter(text, document, lineCounter);
  const root = converter.convert(document.contents);
  const positions = converter.positions;
  return {
    root,
    comments: yamlComments(text, tokens),
    keyPosition: (map, key) => positions.get(map, key),
  };
}

/**
 * What parseDocument does, from tokens already parsed. Duplicate keys are found by the converter, which
 * compares keys as CloudFormation does (as text) and in linear time; the yaml package's own check compares
 * each key with every earlier one, minutes on a large template.
 */
function composeFirstDocument(tokens: readonly CST.Token[], text: string): Document.Parsed {
  const composer = new Composer({ customTags: shortFormTags, uniqueKeys: false });
  let first: Document.Parsed | undefined;
  // With forceDoc, compose() yields at least one document, an empty one for an empty text.
  for (const document of composer.compose(tokens, true, text.length)) {
    if (!first) {
      first = document;
      continue;
    }
    const range: [number, number] = [document.range[0], document.range[1]];
    first.errors.push(new YAMLParseError(range, 'MULTIPLE_DOCS', 'several documents'));
    break;
  }
  return first as Document.Parsed;
}

function describeYamlError(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS')
    return 'a template is a single YAML document, but this file holds several (---)';
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

class YamlConverter {
  readonly positions = new KeyPositions();
  private readonly converting = new Set<unknown>();
  /** Values still allowed to come from aliases. */
  private aliasValues = MAX_ALIAS_VALUES;
  private insideAlias = 0;
  private depth = 0;
  private readonly aliasTargets = new Map<Alias, unknown>();

  constructor(
    private readonly text: string,
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  convert(node: unknown): TemplateValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      if (target === undefined) this.fail(`alias *${node.source} has no anchor`, node.range?.[0]);
      if (this.converting.has(target)) this.fail(`alias *${node.source} refers to itself`, node.range?.[0]);
      this.insideAlias++;
      try {
        return this.convert(target);
      } finally {
        this.insideAlias--;
      }
    }
    if (this.insideAlias > 0 && --this.aliasValues < 0) {
      this.fail(
        `aliases expand to more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values; is this a YAML bomb?`,
        rangeStart(node),
      );
    }
    this.converting.add(node);
    try {
      const value = this.convertNode(node);
      const tag = isScalar(node) || isMap(node) || isSeq(node) ? node.tag : undefined;
      if (tag === undefined || tag.startsWith('tag:yaml.org,2002:')) return value;
      const longForm = SHORT_FORMS.get(tag);
      if (!longForm) {
        // Ranges start at the value; the tag itself is written just before it.
        const valueStart = rangeStart(node);
        const tagStart = valueStart === undefined ? -1 : this.text.lastIndexOf(tag, valueStart);
        const at = tagStart >= 0 ? tagStart : valueStart;
        return this.fail(
          `unknown tag ${tag}; CloudFormation's short forms are ${[...SHORT_FORMS.keys()].join(', ')}`,
          at,
        );
      }
      const wrapped = newTemplateMap();
      wrapped[longForm] = value;
      return wrapped;
    } finally {
      this.converting.delete(node);
    }
  }

  /** Alias.resolve() searches the document from the start; once per alias is enough. */
  private resolveAlias(alias: Alias): unknown {
    if (!this.aliasTargets.has(alias)) this.aliasTargets.set(alias, alias.resolve(this.document));
    return this.aliasTargets.get(alias);
  }

  private convertNode(node: unknown): TemplateValue {
    if (isScalar(node)) return scalarValue(node);
    // The text was checked for depth; aliases can still nest what they refer to (`b: &b [*a]`, ...).
    if (this.depth >= MAX_NESTING) this.fail(nestingMessage(), rangeStart(node));
    this.depth++;
    try {
      return this.convertCollection(node);
    } finally {
      this.depth--;
    }
  }

  private convertCollection(node: unknown): TemplateValue {
    if (isSeq(node)) return node.items.map((item) => this.convert(item));
    if (isMap(node)) {
      const map = newTemplateMap();
      for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key))
          this.fail('a mapping key must be a plain value (CloudFormation keys are strings)', rangeStart(key));
        const name = keyText(key);
        const at = this.position(key.range?.[0]);
        if (Object.hasOwn(map, name)) {
          const first = this.positions.get(map as TemplateMap, name);
          const earlier = first ? ` (first at line ${first.line}, column ${first.column})` : '';
          this.fail(`duplicate key "${name}"${earlier}`, key.range?.[0]);
        }
        map[name] = this.convert(pair.value);
        this.positions.set(map as TemplateMap, name, at);
      }
      return map;
    }
    return this.fail('unsupported YAML node', rangeStart(node));
  }

  private position(offset: number | undefined): { line: number; column: number } {
    const { line, col } = this.lineCounter.linePos(offset ?? 0);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  }

  private fail(message: string, offset: number | undefined): never {
    throw new TemplateSyntaxError(message, this.position(offset));
  }
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: unknown }).range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

/** A key as written: CloudFormation keys are names, so `on:` or `012:` stay the text they are. */
function keyText(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  return node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : String(node.value);
}

function scalarValue(node: Scalar): TemplateValue {
  const value: unknown = node.value;
  const plain = node.type === 'PLAIN' && node.tag === undefined;
  if (typeof value === 'string') {
    if (plain && YAML11_TRUE.test(value)) return true;
    if (plain && YAML11_FALSE.test(value)) return false;
    return value;
  }
  if (typeof value === 'number') {
    // CloudFormation treats values as text: an account id written 012345678901 keeps its leading zero.
    const source = typeof node.source === 'string' ? node.source : String(value);
    return plain && String(value) !== source ? source : value;
  }
  if (typeof value === 'boolean' || value === null) return value;
  return String(value);
}

/**
 * Comments come from the concrete syntax tree, where a `#` inside a quoted or block scalar is text, not a
 * comment; scanning lines for `#` would find those too.
 */
function yamlComments(text: string, tokens: readonly CST.Token[]): TemplateComment[] {
  const lines = new LineIndex(text);
  const comments: TemplateComment[] = [];
  // An explicit stack: the tree is only so deep in collections, but each holds several levels of tokens.
  const stack: unknown[] = [...tokens];
  for (let token = stack.pop(); stack.length > 0 || token !== undefined; token = stack.pop()) {
    if (Array.isArray(token)) {
      for (const item of token as unknown[]) stack.push(item);
      continue;
    }
    if (typeof token !== 'object' || token === null) continue;
    const record = token as Record<string, unknown>;
    if (record.type === 'comment' && typeof record.offset === 'number' && typeof record.source === 'string') {
      const { line, column } = lines.position(record.offset);
      const lineStart = record.offset - (column - 1);
      comments.push({
        line,
        column,
        text: record.source.replace(/^#/, ''),
        ownLine: text.slice(lineStart, record.offset).trim() === '',
      });
      continue;
    }
    for (const child of Object.values(record)) if (typeof child === 'object') stack.push(child);
  }
  return comments.sort((a, b) => a.line - b.line || a.column - b.column);
}
