import { formatList, formatString } from './fnFormat.js';
import { allMatches, checkResultShape, compileRe2, matchResult, replaceAll } from './fnRegex.js';
import {
  asInteger,
  asList,
  asString,
  at,
  fail,
  graphemes,
  spec,
  unsupported,
  type FnSpec,
} from './fnSupport.js';
import { type TfValue } from './value.js';

// String functions. Go's strings package is the reference: case mapping rune by rune, TrimSpace's notion of
// white space, Title's word boundaries, Split on "" splitting into code points.

const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const LEADING_SPACE = new RegExp(`^${GO_SPACE}+`, 'u');
const TRAILING_SPACE = new RegExp(`${GO_SPACE}+$`, 'u');
const IS_SPACE = new RegExp(`^${GO_SPACE}$`, 'u');

/** unicode.ToUpper/ToLower map one rune to one rune; JavaScript's multi-character mappings (ß -> SS) do not apply. */
function mapRunes(text: string, upper: boolean): string {
  let out = '';
  for (const char of text) {
    if (!upper && char === '\u0130') {
      out += 'i';
      continue;
    }
    const mapped = upper ? char.toUpperCase() : char.toLowerCase();
    out += [...mapped].length === 1 ? mapped : char;
  }
  return out;
}

// The Latin digraphs have a title case distinct from their upper case.
const TITLE_CASE: Readonly<Record<string, string>> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};

function isTitleSeparator(char: string): boolean {
  if ((char.codePointAt(0) as number) < 0x80) return !/[0-9A-Za-z_]/.test(char);
  if (/[\p{L}\p{Nd}]/u.test(char)) return false;
  return IS_SPACE.test(char);
}

function title(text: string): string {
  let previous = ' ';
  let out = '';
  for (const char of text) {
    out += isTitleSeparator(previous) ? (TITLE_CASE[char] ?? mapRunes(char, true)) : char;
    previous = char;
  }
  return out;
}

function trimCutset(text: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start] as string)) start++;
  while (end > start && cut.has(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join('');
}

/** cty's substr, including its quirks: a negative offset counts from the end and then clamps to the start. */
function substr(text: string, offset: number, length: number): string {
  const chars = graphemes(text);
  let start = offset;
  if (start < 0) start += chars.length;
  else if (length === 0) return '';
  const rest = start > 0 ? chars.slice(start) : chars;
  if (length < 0 || length === 0) return rest.join('');
  return rest.slice(0, length).join('');
}

function split(separator: string, text: string): string[] {
  if (separator === '') return [...text];
  return text.split(separator);
}

function replace(text: string, search: string, replacement: string): string {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    return replaceAll(compileRe2(search.slice(1, -1)), text, replacement);
  }
  if (search === '') {
    // strings.Replace with an empty old string inserts the replacement around every rune.
    return [...text].reduce((out, char) => out + char + replacement, replacement);
  }
  return text.split(search).join(replacement);
}

function join(args: readonly TfValue[]): string {
  const separator = asString(at(args, 0), 'separator');
  const items: string[] = [];
  args.slice(1).forEach((list, listIndex) => {
    asList(list, 'lists').forEach((item, index) => {
      if (item === null) {
        fail(
          args.length > 2
            ? `element ${index} of list ${listIndex + 1} is null; cannot concatenate null values`
            : `element ${index} is null; cannot concatenate null values`,
        );
      }
      items.push(asString(item, 'list element'));
    });
  });
  return items.join(separator);
}

const unary = (f: (text: string) => TfValue): FnSpec => spec(1, 1, (args) => f(asString(at(args, 0), 'str')));
const binary = (f: (a: string, b: string) => TfValue): FnSpec =>
  spec(2, 2, (args) => f(asString(at(args, 0)), asString(at(args, 1))));

export const STRING_FUNCTIONS: Readonly<Record<string, FnSpec>> = {
  chomp: unary((s) => s.replace(/(?:\r\n?|\n)*$/, '')),
  endswith: binary((s, suffix) => s.endsWith(suffix)),
  format: spec(1, Infinity, (args) => formatString(asString(at(args, 0), 'format'), args.slice(1))),
  formatlist: spec(
    1,
    Infinity,
    (args) => formatList(asString(at(args, 0), 'format'), args.slice(1)),
    'shallow',
  ),
  indent: spec(2, 2, (args) => {
    const spaces = asInteger(at(args, 0), 'spaces');
    if (spaces < 0) fail('spaces must not be negative');
    if (spaces > 100_000) unsupported('indent() beyond 100000 spaces is not supported');
    return asString(at(args, 1), 'str').replaceAll('\n', `\n${' '.repeat(spaces)}`);
  }),
  join: spec(2, Infinity, join),
  lower: unary((s) => mapRunes(s, false)),
  regex: binary((pattern, text) => {
    const re = compileRe2(pattern);
    checkResultShape(re);
    re.regex.lastIndex = 0;
    const match = re.regex.exec(text);
    if (!match) fail('pattern did not match any part of the given string');
    return matchResult(re, match);
  }),
  regexall: binary((pattern, text) => {
    const re = compileRe2(pattern);
    checkResultShape(re);
    return allMatches(re, text).map((match) => matchResult(re, match));
  }),
  replace: spec(3, 3, (args) =>
    replace(asString(at(args, 0), 'str'), asString(at(args, 1), 'substr'), asString(at(args, 2), 'replace')),
  ),
  split: binary((separator, text) => split(separator, text)),
  startswith: binary((s, prefix) => s.startsWith(prefix)),
  strcontains: binary((s, sub) => s.includes(sub)),
  strrev: unary((s) => graphemes(s).reverse().join('')),
  substr: spec(3, 3, (args) =>
    substr(asString(at(args, 0), 'str'), asInteger(at(args, 1), 'offset'), asInteger(at(args, 2), 'length')),
  ),
  title: unary(title),
  trim: binary(trimCutset),
  trimprefix: binary((s, prefix) => (s.startsWith(prefix) ? s.slice(prefix.length) : s)),
  trimspace: unary((s) => s.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '')),
  trimsuffix: binary((s, suffix) => (suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s)),
  upper: unary((s) => mapRunes(s, true)),
};
