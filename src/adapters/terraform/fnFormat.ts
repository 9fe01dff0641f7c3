import { encodeGoJson, goJsonString, JSONENCODE } from './fnJson.js';
import {
  asBool,
  asNumber,
  asString,
  containsUnknown,
  fail,
  firstProblem,
  fixedDigits,
  FnFailure,
  graphemes,
  toDecimal,
  unsupported,
  type Decimal,
} from './fnSupport.js';
import { type TfValue } from './value.js';

// format() and formatlist() as cty implements them: a printf subset whose numeric verbs lean on Go's fmt
// (big.Int and big.Float formatting), and whose string widths count grapheme clusters.

interface Verb {
  raw: string;
  readonly offset: number;
  argNum: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  plus: boolean;
  minus: boolean;
  space: boolean;
  width: number; // -1: none
  prec: number; // -1: none
}

export function formatString(format: string, args: readonly TfValue[]): string {
  let out = '';
  let nextArg = 1;
  let highest = 0;
  let i = 0;
  while (i < format.length) {
    const char = format[i] as string;
    if (char !== '%') {
      out += char;
      i++;
      continue;
    }
    if (format[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    const start = i++;
    const verb: Verb = {
      raw: '',
      offset: start,
      argNum: nextArg,
      mode: '',
      zero: false,
      sharp: false,
      plus: false,
      minus: false,
      space: false,
      width: -1,
      prec: -1,
    };
    for (; i < format.length; i++) {
      const flag = format[i];
      if (flag === '0') verb.zero = true;
      else if (flag === '#') verb.sharp = true;
      else if (flag === '-') verb.minus = true;
      else if (flag === '+') verb.plus = true;
      else if (flag === ' ') verb.space = true;
      else break;
    }
    const width = /^[1-9]\d*/.exec(format.slice(i));
    if (width) {
      verb.width = Number(width[0]);
      i += width[0].length;
    }
    if (format[i] === '.') {
      const prec = /^\.(\d*)/.exec(format.slice(i)) as RegExpExecArray;
      verb.prec = Number(prec[1] || '0');
      i += prec[0].length;
    }
    const index = /^\[([1-9]\d*)\]/.exec(format.slice(i));
    if (index) {
      verb.argNum = Number(index[1]);
      i += index[0].length;
    }
    // Terraform would happily pad to a million characters; we decline rather than allocate it.
    if (verb.width > 100_000 || verb.prec > 100_000)
      unsupported('format widths above 100000 are not supported');
    const mode = format[i];
    if (mode === undefined) fail(`invalid format string starting at offset ${start}`);
    if (!/[a-zA-Z]/.test(mode)) fail(`unrecognized format character "${mode}" at offset ${i}`);
    i++;
    verb.mode = mode;
    verb.raw = format.slice(start, i);
    highest = Math.max(highest, verb.argNum);
    out += formatVerb(verb, args);
    nextArg = verb.argNum + 1;
  }
  if (highest < args.length) {
    fail(
      highest === 0
        ? 'too many arguments; no verbs in format string'
        : `too many arguments; only ${highest} used by format string`,
    );
  }
  return out;
}

function formatVerb(verb: Verb, args: readonly TfValue[]): string {
  const arg = args[verb.argNum - 1];
  if (arg === undefined) {
    fail(
      `not enough arguments for "${verb.raw}" at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`,
    );
  }
  if (verb.mode !== 'v' && arg === null) {
    fail(`unsupported value for "${verb.raw}" at ${verb.offset}: null value cannot be formatted`);
  }
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return padWidth(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return padWidth(verb, goFloat(toDecimal(arg), 'g', -1));
      return padWidth(verb, encodeGoJson(arg, JSONENCODE));
    case 't':
      // cty writes bools without applying the width.
      return asBool(arg, `value for "${verb.raw}"`) ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(verb, asNumber(arg, `value for "${verb.raw}"`));
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloat(verb, asNumber(arg, `value for "${verb.raw}"`));
    case 's':
    case 'q': {
      let text = asString(arg, `value for "${verb.raw}"`);
      if (verb.prec > 0) text = graphemes(text).slice(0, verb.prec).join('');
      return padWidth(verb, verb.mode === 'q' ? goJsonString(text) : text);
    }
    default:
      return fail(`unsupported format verb "${verb.mode}" in "${verb.raw}" at offset ${verb.offset}`);
  }
}

function padWidth(verb: Verb, text: string): string {
  const length = graphemes(text).length;
  if (verb.width < 0 || length >= verb.width) return text;
  const pad = (verb.zero ? '0' : ' ').repeat(verb.width - length);
  return verb.minus ? text + pad : pad + text;
}

// big.Int's Format: [left pad][sign][prefix][zero pad][digits][right pad].
function formatInteger(verb: Verb, n: number): string {
  if (!Number.isInteger(n))
    fail(`unsupported value for "${verb.raw}" at ${verb.offset}: an integer is required`);
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb.mode as 'b' | 'd' | 'o' | 'x' | 'X'];
  const sign = n < 0 ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const prefix = verb.sharp ? ({ b: '0b', o: '0', x: '0x', X: '0X' }[verb.mode] ?? '') : '';
  let digits = BigInt(Math.abs(n)).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  let zeros = 0;
  if (verb.prec >= 0) {
    if (digits.length < verb.prec) zeros = verb.prec - digits.length;
    else if (digits === '0' && verb.prec === 0) return '';
  }
  let left = 0;
  let right = 0;
  const length = sign.length + prefix.length + zeros + digits.length;
  if (verb.width > length) {
    const d = verb.width - length;
    if (verb.minus) right = d;
    else if (verb.zero && verb.prec < 0) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

// big.Float's Format: the sign comes out of the digits, then '0' padding wins over '-'.
function formatFloat(verb: Verb, n: number): string {
  const d = toDecimal(n);
  // Without a precision, big.Float uses 6 digits for %e and %f, and the shortest form for %g.
  const prec = verb.prec >= 0 ? verb.prec : verb.mode === 'g' || verb.mode === 'G' ? -1 : 6;
  const body = goFloat(d, verb.mode, prec);
  const sign = d.negative ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const padding = verb.width > sign.length + body.length ? verb.width - sign.length - body.length : 0;
  if (verb.zero) return sign + '0'.repeat(padding) + body;
  if (verb.minus) return sign + body + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + body;
}

/** big.Float.Append for e/E/f/g/G without the sign; prec -1 is the shortest representation. */
export function goFloat(input: Decimal, mode: string, precision: number): string {
  const d: Decimal = { negative: false, digits: input.digits, exp: input.exp };
  const shortest = precision < 0;
  let prec = precision;
  const lower = mode.toLowerCase();
  if (shortest) {
    if (lower === 'e') prec = d.digits.length - 1;
    else if (lower === 'f') prec = Math.max(d.digits.length - d.exp, 0);
    else prec = d.digits.length;
  } else if (lower === 'e') round(d, 1 + prec);
  else if (lower === 'f') round(d, d.exp + prec);
  else {
    if (prec === 0) prec = 1;
    round(d, prec);
  }
  const upper = mode === 'E' || mode === 'G';
  if (lower === 'e') return formatE(d, prec, upper);
  if (lower === 'f') return fixedDigits(d, prec);
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.exp) eprec = d.digits.length;
  if (shortest) eprec = 6;
  const exp = d.exp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.digits.length) prec = d.digits.length;
    return formatE(d, prec - 1, upper);
  }
  if (prec > d.exp) prec = d.digits.length;
  return fixedDigits(d, Math.max(prec - d.exp, 0));
}

function formatE(d: Decimal, prec: number, upper: boolean): string {
  let out = d.digits[0] ?? '0';
  if (prec > 0) {
    out += '.';
    out += d.digits.slice(1, prec + 1).padEnd(prec, '0');
  }
  const exp = d.digits.length > 0 ? d.exp - 1 : 0;
  out += `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return out;
}

/**
 * Where cty's 512-bit binary value of a decimal literal lies relative to the decimal: above, below, or exactly
 * on it (undefined). big.Float rounds the binary value's exact expansion, so a decimal tie such as 0.05 or
 * 2.675 rounds the way the 512-bit approximation leans (format("%.1f", 0.05) is "0.1", "%.2f" of 2.675 "2.67").
 */
function binaryLean(d: Decimal): boolean | undefined {
  const fraction = d.digits.length - d.exp;
  if (fraction <= 0) return undefined;
  const numerator = BigInt(d.digits);
  if (numerator % 5n ** BigInt(fraction) === 0n) return undefined;
  const denominator = 10n ** BigInt(fraction);
  const bits = (n: bigint) => n.toString(2).length;
  let shift = 512 - (bits(numerator) - bits(denominator));
  const scaled = (s: number) =>
    s >= 0 ? (numerator << BigInt(s)) / denominator : numerator / (denominator << BigInt(-s));
  while (bits(scaled(shift)) > 512) shift--;
  while (bits(scaled(shift)) < 512) shift++;
  const quotient = scaled(shift);
  const exact = shift >= 0 ? numerator << BigInt(shift) : numerator;
  const base = shift >= 0 ? denominator : denominator << BigInt(-shift);
  const remainder = exact - quotient * base;
  // Round to nearest: the mantissa goes up (above the decimal) when the remainder passes half the divisor.
  return 2n * remainder > base;
}

// Go's decimal rounding to n digits. A half-way case that the binary value represents exactly rounds to even
// (and a lone half-way first digit rounds down); otherwise the binary value decides.
function round(d: Decimal, n: number): void {
  if (n < 0 || n >= d.digits.length) return;
  const digit = d.digits[n] as string;
  const halfway = digit === '5' && n + 1 === d.digits.length;
  const lean = halfway ? binaryLean(d) : undefined;
  const up = !halfway ? digit >= '5' : lean !== undefined ? lean : n > 0 && Number(d.digits[n - 1]) % 2 === 1;
  if (!up) {
    d.digits = d.digits.slice(0, n).replace(/0+$/, '');
    if (d.digits === '') d.exp = 0;
    return;
  }
  let k = n;
  while (k > 0 && d.digits[k - 1] === '9') k--;
  if (k === 0) {
    d.digits = '1';
    d.exp++;
    return;
  }
  d.digits = d.digits.slice(0, k - 1) + String(Number(d.digits[k - 1]) + 1);
}

/** formatlist: list arguments are iterated together (same length), other arguments repeat. */
export function formatList(format: string, args: readonly TfValue[]): TfValue[] {
  if (args.length === 0) return [formatString(format, [])];
  let length = -1;
  let chooser = -1;
  args.forEach((arg, i) => {
    if (!Array.isArray(arg)) return;
    if (length === -1) {
      length = arg.length;
      chooser = i;
    } else if (arg.length !== length) {
      fail(
        `argument ${i + 1} has length ${arg.length}, which is inconsistent with argument ${chooser + 1} of length ${length}`,
      );
    }
  });
  const results: TfValue[] = [];
  for (let iteration = 0; iteration < Math.max(length, 1) && length !== 0; iteration++) {
    const callArgs = args.map((arg) => (Array.isArray(arg) ? (arg[iteration] as TfValue) : arg));
    if (callArgs.some(containsUnknown)) {
      results.push(firstProblem(callArgs, true) as TfValue);
      continue;
    }
    try {
      results.push(formatString(format, callArgs));
    } catch (error) {
      if (!(error instanceof FnFailure)) throw error;
      fail(`error on format iteration ${iteration}: ${error.message}`);
    }
  }
  return results;
}
