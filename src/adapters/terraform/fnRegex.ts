import { fail, sortedObject, unsupported } from './fnSupport.js';
import { type TfValue } from './value.js';

// Terraform's regular expressions are Go's RE2 syntax. JavaScript's engine agrees on the common subset once
// the pattern is translated (named groups, `.`, `\s`, `\A`, `\z`, POSIX classes, literal braces); what we
// cannot translate faithfully (inline flags after the start, \Q..\E inside classes, octal escapes) becomes an
// unknown rather than a guess. Match iteration follows Go's rules for empty matches, which differ from
// String.prototype.replace.

export interface Re2 {
  readonly regex: RegExp;
  /** One entry per capture group in order: its name, or '' when unnamed. */
  readonly groups: readonly string[];
}

// Characters that need a backslash to be literal in a JavaScript `u` pattern; any other escape is a syntax error.
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const CLASS_SYNTAX = new Set([...SYNTAX, '-']);
const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

export function compileRe2(pattern: string): Re2 {
  let i = 0;
  let flags = '';
  for (let lead = /^\(\?([imsU]+)\)/.exec(pattern); lead; lead = /^\(\?([imsU]+)\)/.exec(pattern.slice(i))) {
    if (lead[1]?.includes('U')) unsupported('the regexp flag U (ungreedy) is not supported');
    flags += lead[1];
    i += lead[0].length;
  }
  const dotAll = flags.includes('s');
  const multiline = flags.includes('m');
  const groups: string[] = [];
  let out = '';
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const [text, length] = escape(pattern, i, false);
      out += text;
      i += length;
    } else if (c === '[') {
      const [text, length] = charClass(pattern, i);
      out += text;
      i += length;
    } else if (c === '(') {
      const named = /^\(\?P?<([^>]*)>/.exec(pattern.slice(i));
      if (named) {
        const name = named[1] as string;
        if (!/^\w+$/.test(name)) fail(`invalid named capture: ${named[0]}`);
        if (!/^[A-Za-z_]/.test(name))
          unsupported(`capture group names starting with a digit are not supported`);
        groups.push(name);
        out += `(?<${name}>`;
        i += named[0].length;
      } else if (pattern.startsWith('(?:', i)) {
        out += '(?:';
        i += 3;
      } else if (pattern[i + 1] === '?') {
        unsupported('regexp flag groups other than at the start of the pattern are not supported');
      } else {
        groups.push('');
        out += '(';
        i++;
      }
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (c === '^' || c === '$') {
      // Go's multi-line anchors see only \n; JavaScript's m flag also treats \r and U+2028 as line ends.
      out += multiline ? (c === '^' ? '(?<![^\\n])' : '(?![^\\n])') : c;
      i++;
    } else if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat && Number(repeat[1]) <= 1000 && Number(repeat[2] || 0) <= 1000) {
        out += repeat[0];
        i += repeat[0].length;
      } else if (repeat) {
        fail(`invalid repeat count: ${repeat[0]}`);
      } else {
        // Go reads a brace that does not start a repetition as a literal.
        out += '\\{';
        i++;
      }
    } else if (c === '}' || c === ']') {
      out += `\\${c}`;
      i++;
    } else {
      const char = String.fromCodePoint(pattern.codePointAt(i) as number);
      out += char;
      i += char.length;
    }
  }
  let regex: RegExp;
  try {
    regex = new RegExp(out, `gu${flags.includes('i') ? 'i' : ''}`);
  } catch (error) {
    return fail(`error parsing regexp: ${(error as Error).message}`);
  }
  return { regex, groups };
}

function escape(pattern: string, i: number, inClass: boolean): [string, number] {
  const c = pattern[i + 1];
  if (c === undefined) return fail('error parsing regexp: trailing backslash at end of expression');
  if (c === 'p' || c === 'P') {
    const braced = /^\\[pP]\{(\^?)(\w+)\}/.exec(pattern.slice(i));
    const single = /^\\[pP](\w)/.exec(pattern.slice(i));
    const match = braced ?? single;
    if (!match) return fail('error parsing regexp: invalid character class range');
    const name = (braced ? braced[2] : single?.[1]) as string;
    const negate = (c === 'P') !== (braced?.[1] === '^');
    const property = name === 'Any' || /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
    return [`\\${negate ? 'P' : 'p'}{${property}}`, match[0].length];
  }
  if (c === 'x') {
    const braced = /^\\x\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(i));
    if (braced) return [`\\u{${braced[1]}}`, braced[0].length];
    const short = /^\\x[0-9a-fA-F]{2}/.exec(pattern.slice(i));
    if (short) return [short[0], 4];
    return fail('error parsing regexp: invalid escape sequence');
  }
  if (c === 's') return [inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]', 2];
  if (c === 'S') {
    if (inClass) unsupported('\\S inside a regexp character class is not supported');
    return ['[^\\t\\n\\f\\r ]', 2];
  }
  if ('dDwW'.includes(c)) return [`\\${c}`, 2];
  if (!inClass && (c === 'b' || c === 'B')) return [`\\${c}`, 2];
  if (!inClass && c === 'A') return ['(?<![\\s\\S])', 2];
  if (!inClass && c === 'z') return ['(?![\\s\\S])', 2];
  const simple: Readonly<Record<string, string>> = {
    a: '\\x07',
    f: '\\f',
    t: '\\t',
    n: '\\n',
    r: '\\r',
    v: '\\v',
  };
  if (simple[c]) return [simple[c], 2];
  if (!inClass && c === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
    const text = Array.from(literal, (ch) => (SYNTAX.has(ch) ? `\\${ch}` : ch)).join('');
    return [`(?:${text})`, (end === -1 ? pattern.length : end + 2) - i];
  }
  if (/[0-9]/.test(c)) unsupported('octal escapes in regexps are not supported');
  if (c.charCodeAt(0) < 0x80 && !/[0-9A-Za-z]/.test(c)) {
    return [(inClass ? CLASS_SYNTAX : SYNTAX).has(c) ? `\\${c}` : c, 2];
  }
  return fail(`error parsing regexp: invalid escape sequence: \\${c}`);
}

function charClass(pattern: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  for (;;) {
    const c = pattern[i];
    if (c === undefined) return fail('error parsing regexp: missing closing ]');
    if (c === ']' && !first) break;
    first = false;
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
    if (posix) {
      const ranges = POSIX[posix[2] as string];
      if (!ranges) fail(`error parsing regexp: invalid character class range: ${posix[0]}`);
      if (posix[1]) unsupported('negated POSIX classes in regexps are not supported');
      out += ranges;
      i += posix[0].length;
    } else if (c === '\\') {
      const [text, length] = escape(pattern, i, true);
      out += text;
      i += length;
    } else {
      const char = String.fromCodePoint(pattern.codePointAt(i) as number);
      out += char === '[' || char === ']' || char === '^' || char === '\\' ? `\\${char}` : char;
      i += char.length;
    }
  }
  return [`${out}]`, i + 1 - start];
}

/** Go's allMatches: an empty match right after the previous match does not count. */
export function allMatches(re: Re2, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let pos = 0;
  let previousEnd = -1;
  while (pos <= text.length) {
    re.regex.lastIndex = pos;
    const match = re.regex.exec(text);
    if (!match) break;
    const end = match.index + match[0].length;
    let accept = true;
    if (end === pos) {
      if (match.index === previousEnd) accept = false;
      pos += runeWidth(text, pos);
    } else pos = end;
    previousEnd = end;
    if (accept) found.push(match);
  }
  return found;
}

function runeWidth(text: string, pos: number): number {
  if (pos >= text.length) return 1;
  return (text.codePointAt(pos) as number) > 0xffff ? 2 : 1;
}

/** Go's Regexp.ReplaceAllString, with its $1 / ${name} / $$ template expansion. */
export function replaceAll(re: Re2, text: string, template: string): string {
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= text.length) {
    re.regex.lastIndex = searchPos;
    const match = re.regex.exec(text);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    out += text.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += expand(re, match, template);
    lastEnd = end;
    const width = searchPos < text.length ? runeWidth(text, searchPos) : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + text.slice(lastEnd);
}

function expand(re: Re2, match: RegExpExecArray, template: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar === -1) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!ref) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = (ref[1] ?? ref[2]) as string;
    if (/^\d+$/.test(name) && !(name.length > 1 && name.startsWith('0'))) {
      out += match[Number(name)] ?? '';
    } else {
      const index = re.groups.indexOf(name);
      if (index !== -1) out += match[index + 1] ?? '';
    }
  }
  return out + rest;
}

/** The regex() / regexall() result for one match: the match, a list of groups, or an object of named groups. */
export function matchResult(re: Re2, match: RegExpExecArray): TfValue {
  if (re.groups.length === 0) return match[0];
  const values = re.groups.map((_, index) => match[index + 1] ?? null);
  if (re.groups.every((name) => name === '')) return values;
  return sortedObject(re.groups.map((name, index) => [name, values[index] as TfValue]));
}

export function checkResultShape(re: Re2): void {
  const named = re.groups.filter((name) => name !== '').length;
  if (named > 0 && named < re.groups.length) {
    fail('invalid regexp pattern: cannot mix both named and unnamed capture groups');
  }
}
