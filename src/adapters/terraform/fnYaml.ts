import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { fail, formatNumber, sortedObject, unsupported } from './fnSupport.js';
import { type TfValue } from './value.js';

// yamldecode as zclconf/go-cty-yaml resolves plain scalars: YAML 1.1 booleans (yes/no/on/off/y/n), YAML 1.2
// integers (0o17, 0x1F, but 1_000 stays a string), timestamps rewritten as RFC 3339 strings, exactly one
// document. The yaml library parses (failsafe schema, so every scalar arrives as text); we resolve.

const RESOLVED: ReadonlyMap<string, TfValue> = new Map<string, TfValue>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(
    (s) => [s, false] as const,
  ),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, null] as const),
]);
const INFINITIES = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
const INTEGER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

// The layouts cty-yaml tries with time.Parse: RFC 3339 with short date fields (T or t), space-separated
// without a zone, and a date alone.
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?$/;

function timestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, year, month, day, t, space, hour = '0', minute = '0', second = '0', zone] = m;
  if (t && !zone) return undefined; // the T layouts require a zone
  if (space && zone) return undefined; // the space layout has none
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(y as number, mo as number, 0)).getUTCDate();
  if ((mo as number) < 1 || (mo as number) > 12 || (d as number) < 1 || (d as number) > daysInMonth)
    return undefined;
  if ((h as number) > 23 || (mi as number) > 59 || (s as number) > 59) return undefined;
  const two = (n: number | undefined) => String(n).padStart(2, '0');
  return `${year}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}${zone ?? 'Z'}`;
}

function resolveScalar(text: string): TfValue {
  const first = text[0];
  if (first === undefined || 'yYnNtTfFoO~'.includes(first))
    return RESOLVED.has(text) ? (RESOLVED.get(text) as TfValue) : text;
  if (INFINITIES.has(text)) unsupported('yamldecode: infinite numbers are not supported');
  if (text === '.nan' || text === '.NaN' || text === '.NAN') fail('floating point NaN is not supported');
  if (first === '.') return FLOAT.test(text) ? Number(text) : text;
  if (first !== '+' && first !== '-' && !(first >= '0' && first <= '9')) return text;
  const time = timestamp(text);
  if (time !== undefined) return time;
  if (INTEGER.test(text)) {
    if (text.startsWith('0o')) return parseInt(text.slice(2), 8);
    if (text.startsWith('0x')) return parseInt(text.slice(2), 16);
    return Number(text);
  }
  return FLOAT.test(text) ? Number(text) : text;
}

function convert(node: unknown, doc: Document, resolving: ReadonlySet<unknown>): TfValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (resolving.has(target)) fail(`cannot refer to anchor "${node.source}" from inside its own definition`);
    return convert(target, doc, resolving);
  }
  const inner = new Set([...resolving, node]);
  if (isScalar(node)) {
    if (node.tag && node.tag !== 'tag:yaml.org,2002:str')
      unsupported(`yamldecode: the tag ${node.tag} is not supported`);
    const text = String(node.value);
    if (node.tag || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return text;
    return resolveScalar(text);
  }
  if (isSeq(node)) return node.items.map((item) => convert(item, doc, inner));
  if (isMap(node)) {
    return sortedObject(
      node.items.map((pair) => {
        if (isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.value === '<<') {
          unsupported('yamldecode: merge keys (<<) are not supported');
        }
        const key = convert(pair.key, doc, inner);
        if (key === null) fail('mapping key cannot be null');
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          unsupported('yamldecode: mapping keys must be strings');
        }
        return [
          typeof key === 'number' ? formatNumber(key) : String(key),
          convert(pair.value, doc, inner),
        ] as const;
      }),
    );
  }
  return unsupported('yamldecode: unsupported YAML node');
}

export function yamldecode(text: string): TfValue {
  const documents = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false });
  if (documents.length === 0) fail('missing start of document');
  if (documents.length > 1) fail('unexpected extra content after value');
  const doc = documents[0] as Document;
  const error = doc.errors[0];
  if (error) fail(error.message);
  return convert(doc.contents, doc, new Set());
}
