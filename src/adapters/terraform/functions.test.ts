import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callFunction, isTfError, SUPPORTED_FUNCTIONS, tfError, type FunctionContext } from './functions.js';
import { isTfUnknown, tfUnknown, type TfValue } from './value.js';

// Expected values are Terraform's documented examples (developer.hashicorp.com/terraform/language/functions)
// unless a comment says otherwise; a few come from cty's own tests for the Go formatting details.

const files: Record<string, string> = {
  '/mod/hello.txt': 'Hello World',
  '/mod/templates/greeting.tftpl': 'Hello, ${name}!',
  '/abs/policy.json': '{"Version":"2012-10-17"}',
};

const ctx: FunctionContext = {
  baseDir: '/mod',
  readFile: (path) => files[path] ?? tfError(`no file exists at ${path}`),
  // A stand-in for the HCL template evaluator: ${name} interpolation only.
  renderTemplate: (template, vars) =>
    template.replace(/\$\{(\w+)\}/g, (_, name: string) => String(vars[name] as string | number)),
};

const call = (name: string, ...args: TfValue[]): TfValue => callFunction(name, args, ctx);
const U = tfUnknown('known after apply');
const E = tfError('this argument failed');

type Case = readonly [string, readonly TfValue[], TfValue];

function table(cases: readonly Case[]) {
  it.each(
    cases.map(
      ([name, args, expected]) =>
        [`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`, name, args, expected] as const,
    ),
  )('%s', (_label, name, args, expected) => {
    expect(call(name, ...args)).toEqual(expected);
  });
}

function errors(cases: readonly (readonly [string, readonly TfValue[]])[]) {
  it.each(
    cases.map(
      ([name, args]) => [`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`, name, args] as const,
    ),
  )('%s is an error naming the function', (_label, name, args) => {
    const result = call(name, ...args);
    expect(isTfError(result)).toBe(true);
    expect((result as { reason: string }).reason).toContain(`${name}()`);
  });
}

describe('numeric functions', () => {
  table([
    ['abs', [23], 23],
    ['abs', [0], 0],
    ['abs', [-12.4], 12.4],
    ['ceil', [5], 5],
    ['ceil', [5.1], 6],
    ['floor', [5], 5],
    ['floor', [4.9], 4],
    ['log', [16, 2], 4],
    ['max', [12, 54, 3], 54],
    ['min', [12, 54, 3], 3],
    ['max', ['12', 54], 54],
    ['parseint', ['100', 10], 100],
    ['parseint', ['FF', 16], 255],
    ['parseint', ['-10', 16], -16],
    ['parseint', ['11111111', 2], 255],
    ['parseint', ['aA', 62], 656],
    ['pow', [3, 2], 9],
    ['pow', [4, 0], 1],
    ['signum', [-13], -1],
    ['signum', [0], 0],
    ['signum', [344], 1],
    ['sum', [[10, 13, 6, 4.5]], 33.5],
  ]);
  errors([
    ['parseint', ['12', 2]],
    ['parseint', [12, 10]],
    ['sum', [[]]],
    ['min', []],
    ['abs', ['x']],
  ]);
});

describe('string functions', () => {
  table([
    ['chomp', ['hello\n'], 'hello'],
    ['chomp', ['hello\r\n'], 'hello'],
    ['chomp', ['hello\n\n'], 'hello'],
    ['endswith', ['hello world', 'world'], true],
    ['endswith', ['hello world', 'hello'], false],
    ['indent', [2, '[\n  foo,\n  bar,\n]\n'], '[\n    foo,\n    bar,\n  ]\n  '],
    ['join', ['-', ['foo', 'bar', 'baz']], 'foo-bar-baz'],
    ['join', [', ', ['foo']], 'foo'],
    ['join', [',', ['a'], ['b', 'c']], 'a,b,c'],
    ['join', ['', [1, true]], '1true'],
    ['lower', ['HELLO'], 'hello'],
    ['lower', ['АЛЛО!'], 'алло!'],
    ['upper', ['hello'], 'HELLO'],
    ['upper', ['алло!'], 'АЛЛО!'],
    ['upper', ['straße'], 'STRAßE'], // Go maps rune by rune; ß has no single-rune upper case
    ['replace', ['1 + 2 + 3', '+', '-'], '1 - 2 - 3'],
    ['replace', ['hello world', '/w.*d/', 'everybody'], 'hello everybody'],
    ['replace', ['hello world', '/(o)/', '[$1]'], 'hell[o] w[o]rld'],
    ['replace', ['abc-123', '/(?P<word>[a-z]+)-(\\d+)/', '${2}_$word'], '123_abc'],
    ['replace', ['abc', '/b*/', '-'], '-a-c-'], // Go skips an empty match right after a match
    ['replace', ['a.b', '/\\./', '$$'], 'a$b'],
    ['replace', ['abc', '', '-'], '-a-b-c-'],
    ['replace', ['x', '/', 'y'], 'x'], // a lone slash is a literal search string
    ['split', [',', 'foo,bar,baz'], ['foo', 'bar', 'baz']],
    ['split', [',', 'foo'], ['foo']],
    ['split', [',', ''], ['']],
    ['split', ['', 'ab'], ['a', 'b']],
    ['startswith', ['hello world', 'hello'], true],
    ['startswith', ['hello world', 'world'], false],
    ['strcontains', ['hello world', 'wor'], true],
    ['strcontains', ['hello world', 'wod'], false],
    ['strrev', ['hello'], 'olleh'],
    ['strrev', ['a ☃'], '☃ a'],
    ['substr', ['hello world', 1, 4], 'ello'],
    ['substr', ['🤔🤷', 0, 1], '🤔'],
    ['substr', ['hello world', -5, -1], 'world'],
    ['substr', ['hello world', 6, 10], 'world'],
    ['substr', ['hello', 10, 1], ''],
    ['substr', ['hello', 1, 0], ''],
    ['title', ['hello world'], 'Hello World'],
    ['title', ["o'neil mc-donald_x"], "O'Neil Mc-Donald_x"],
    ['trim', ['?!hello?!', '!?'], 'hello'],
    ['trim', ['foobar', 'far'], 'oob'],
    ['trim', ['   hello! world.!  ', '! '], 'hello! world.'],
    ['trimprefix', ['helloworld', 'hello'], 'world'],
    ['trimprefix', ['helloworld', 'cat'], 'helloworld'],
    ['trimsuffix', ['helloworld', 'world'], 'hello'],
    ['trimsuffix', ['helloworld', 'cat'], 'helloworld'],
    ['trimspace', ['  hello\n\n'], 'hello'],
    ['trimspace', ['\u00a0x\u3000'], 'x'],
    ['regex', ['[a-z]+', '53453453.345345aaabbbccc23454'], 'aaabbbccc'],
    ['regex', ['(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)', '2019-02-01'], ['2019', '02', '01']],
    [
      'regex',
      ['^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', 'https://terraform.io/docs/'],
      { authority: 'terraform.io', scheme: 'https' },
    ],
    ['regex', ['(a)|(b)', 'b'], [null, 'b']],
    ['regex', ['(?i)^ARN:', 'arn:aws'], 'arn:'],
    ['regex', ['a.c', 'a\rc'], 'a\rc'], // Go's `.` matches everything but \n
    ['regex', ['[[:alpha:]]+', '12ab34'], 'ab'],
    ['regex', ['\\Aab\\z', 'ab'], 'ab'],
    ['regex', ['x{', 'ax{'], 'x{'], // a brace that starts no repetition is literal in Go
    ['regexall', ['[a-z]+', '1234abcd5678efgh9'], ['abcd', 'efgh']],
    ['regexall', ['[a-z]+', '123456789'], []],
    ['regexall', ['a*', 'baaab'], ['', 'aaa', '']],
  ]);
  errors([
    ['regex', ['[a-z]+', '53453453.34534523454']],
    ['regex', ['(?P<a>x)(y)', 'xy']],
    ['regex', ['(', 'x']],
    ['upper', [['a']]],
    ['join', [',', ['a', null]]],
    ['substr', ['abc', 1.5, 1]],
  ]);

  it('declines regexp constructs it cannot translate faithfully, without calling them errors', () => {
    const result = call('regex', 'a(?i)b', 'aB');
    expect(isTfUnknown(result)).toBe(true);
    expect(isTfError(result)).toBe(false);
  });
});

describe('format and formatlist', () => {
  table([
    ['format', ['Hello, %s!', 'Ander'], 'Hello, Ander!'],
    ['format', ['There are %d lights', 4], 'There are 4 lights'],
    ['format', ['%q', 'x'], '"x"'],
    ['format', ['%q', '<a & b>'], '"\\u003ca \\u0026 b\\u003e"'],
    ['format', ['%v', 'x'], 'x'],
    ['format', ['%v', 1.5], '1.5'],
    ['format', ['%v', 1000000], '1e+06'], // big.Float %g switches to an exponent at 1e6 (cty)
    ['format', ['%v', true], 'true'],
    ['format', ['%v', null], 'null'],
    ['format', ['%v', ['a', 1]], '["a",1]'],
    ['format', ['%#v', 'x'], '"x"'],
    ['format', ['%#v', { b: 1, a: 2 }], '{"a":2,"b":1}'],
    ['format', ['%t', 'true'], 'true'],
    ['format', ['%[2]s %[1]s', 'a', 'b'], 'b a'],
    ['format', ['%.3s', 'abcdef'], 'abc'],
    ['format', ['%5s|', 'ab'], '   ab|'],
    ['format', ['%-5s|', 'ab'], 'ab   |'],
    ['format', ['%05d', -42], '-0042'],
    ['format', ['%+d', 5], '+5'],
    ['format', ['%x', 255], 'ff'],
    ['format', ['%#X', 255], '0XFF'],
    ['format', ['%b', 5], '101'],
    ['format', ['%o', 8], '10'],
    ['format', ['%d', '12'], '12'],
    ['format', ['%.2f', 3.14159], '3.14'],
    ['format', ['%5.2f', 3.14159], ' 3.14'],
    ['format', ['%08.3f', 3.14159], '0003.142'],
    ['format', ['%f', 1], '1.000000'],
    ['format', ['%.0f', 2.5], '2'], // an exact binary half rounds to even
    ['format', ['%.0f', 0.5], '0'],
    ['format', ['%.0f', 1.5], '2'],
    ['format', ['%.2f', 0.125], '0.12'],
    ['format', ['%.1f', 0.05], '0.1'], // cty's 512-bit 0.05 lies just above 0.05
    ['format', ['%.2f', 2.675], '2.67'], // ... and 2.675 just below
    ['format', ['%.3e', 1.0005], '1.000e+00'],
    ['format', ['%.2g', 0.125], '0.12'],
    ['format', ['%e', 1234.5678], '1.234568e+03'],
    ['format', ['%E', 0], '0.000000E+00'],
    ['format', ['%g', 0.00001234], '1.234e-05'],
    ['format', ['%.3g', 1234.5678], '1.23e+03'],
    ['format', ['100%%'], '100%'],
    [
      'formatlist',
      ['Hello, %s!', ['Valentina', 'Ander', 'Olivia', 'Sam']],
      ['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!'],
    ],
    [
      'formatlist',
      ['%s, %s!', 'Salutations', ['Valentina', 'Ander']],
      ['Salutations, Valentina!', 'Salutations, Ander!'],
    ],
    ['formatlist', ['%s=%s', ['a', 'b'], [1, 2]], ['a=1', 'b=2']],
    ['formatlist', ['%s', []], []],
    ['formatlist', ['x'], ['x']],
  ]);
  errors([
    ['format', ['%d', 1.5]],
    ['format', ['%s']],
    ['format', ['%s', 'a', 'b']],
    ['format', ['%s', ['a']]],
    ['format', ['%s', null]],
    ['format', ['%y', 1]],
    ['format', ['%', 1]],
    ['formatlist', ['%s%s', ['a'], ['b', 'c']]],
  ]);

  it('formatlist makes only the affected element unknown', () => {
    expect(call('formatlist', '%s!', ['a', U])).toEqual(['a!', U]);
  });
});

describe('collection functions', () => {
  table([
    ['alltrue', [['true', true]], true],
    ['alltrue', [[true, false]], false],
    ['alltrue', [[]], true],
    ['anytrue', [['true']], true],
    ['anytrue', [[true, false]], true],
    ['anytrue', [[]], false],
    ['chunklist', [['a', 'b', 'c', 'd', 'e'], 2], [['a', 'b'], ['c', 'd'], ['e']]],
    ['chunklist', [['a', 'b', 'c', 'd', 'e'], 1], [['a'], ['b'], ['c'], ['d'], ['e']]],
    ['chunklist', [['a', 'b'], 0], [['a', 'b']]],
    ['coalesce', ['a', 'b'], 'a'],
    ['coalesce', ['', 'b'], 'b'],
    ['coalesce', [1, 2], 1],
    ['coalesce', [null, 'x'], 'x'],
    ['coalesce', [1, 'x'], '1'], // the arguments unify to string
    [
      'coalescelist',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      ['a', 'b'],
    ],
    ['coalescelist', [[], ['c', 'd']], ['c', 'd']],
    ['compact', [['a', '', 'b', null, 'c']], ['a', 'b', 'c']],
    [
      'concat',
      [
        ['a', ''],
        ['b', 'c'],
      ],
      ['a', '', 'b', 'c'],
    ],
    ['contains', [['a', 'b', 'c'], 'a'], true],
    ['contains', [['a', 'b', 'c'], 'd'], false],
    ['contains', [['1'], 1], false],
    ['distinct', [['a', 'b', 'a', 'c', 'd', 'b']], ['a', 'b', 'c', 'd']],
    ['element', [['a', 'b', 'c'], 1], 'b'],
    ['element', [['a', 'b', 'c'], 3], 'a'],
    ['element', [['a', 'b', 'c'], 2], 'c'],
    ['element', [['a', 'b', 'c'], -1], 'c'], // current cty wraps negative indexes too
    ['flatten', [[['a', 'b'], [], ['c']]], ['a', 'b', 'c']],
    ['flatten', [[[['a', 'b'], []], ['c']]], ['a', 'b', 'c']],
    ['flatten', [[null, { a: [1] }]], [null, { a: [1] }]],
    ['index', [['a', 'b', 'c'], 'b'], 1],
    ['keys', [{ a: 1, c: 2, d: 3 }], ['a', 'c', 'd']],
    ['keys', [{ d: 1, b: 2 }], ['b', 'd']],
    ['length', [[]], 0],
    ['length', [['a', 'b']], 2],
    ['length', [{ a: 'b' }], 1],
    ['length', ['hello'], 5],
    ['length', ['👾🕹️'], 2],
    ['length', ['e\u0301'], 1],
    ['lookup', [{ a: 'ay', b: 'bee' }, 'a', 'what?'], 'ay'],
    ['lookup', [{ a: 'ay', b: 'bee' }, 'c', 'what?'], 'what?'],
    ['lookup', [{ a: 'ay' }, 'a'], 'ay'],
    ['lookup', [{}, 'constructor', 'no'], 'no'],
    [
      'matchkeys',
      [['i-123', 'i-abc', 'i-def'], ['us-west', 'us-east', 'us-east'], ['us-east']],
      ['i-abc', 'i-def'],
    ],
    [
      'merge',
      [
        { a: 'b', c: 'd' },
        { e: 'f', c: 'z' },
      ],
      { a: 'b', c: 'z', e: 'f' },
    ],
    ['merge', [{ a: 'b' }, { a: [1, 2], c: 'z' }, { d: 3 }], { a: [1, 2], c: 'z', d: 3 }],
    ['merge', [{ a: 1 }, null], { a: 1 }],
    ['merge', [], {}],
    ['one', [[]], null],
    ['one', [['hello']], 'hello'],
    ['range', [3], [0, 1, 2]],
    ['range', [1, 4], [1, 2, 3]],
    ['range', [1, 8, 2], [1, 3, 5, 7]],
    ['range', [1, 4, 0.5], [1, 1.5, 2, 2.5, 3, 3.5]],
    ['range', [4, 1], [4, 3, 2]],
    ['range', [10, 5, -2], [10, 8, 6]],
    ['range', [0, 0.35, 0.1], [0, 0.1, 0.2, 0.3]],
    ['reverse', [[1, 2, 3]], [3, 2, 1]],
    [
      'setintersection',
      [
        ['a', 'b'],
        ['b', 'c'],
        ['b', 'd'],
      ],
      ['b'],
    ],
    [
      'setproduct',
      [
        ['development', 'staging'],
        ['app1', 'app2'],
      ],
      [
        ['development', 'app1'],
        ['development', 'app2'],
        ['staging', 'app1'],
        ['staging', 'app2'],
      ],
    ],
    [
      'setsubtract',
      [
        ['a', 'b', 'c'],
        ['a', 'c'],
      ],
      ['b'],
    ],
    ['setunion', [['a', 'b'], ['b', 'c'], ['d']], ['a', 'b', 'c', 'd']],
    ['slice', [['a', 'b', 'c', 'd'], 1, 3], ['b', 'c']],
    ['sort', [['e', 'd', 'a', 'x']], ['a', 'd', 'e', 'x']],
    ['sort', [[3, 1, 10]], ['1', '10', '3']],
    ['toset', [['c', 'a', 'a']], ['a', 'c']],
    ['toset', [['a', 'b', 3]], ['3', 'a', 'b']],
    ['toset', [[3, 1, 2, 1]], [1, 2, 3]],
    ['toset', [null], null],
    ['tolist', [['a', 'b', 3]], ['a', 'b', '3']],
    ['tomap', [{ a: 'foo', b: true }], { a: 'foo', b: 'true' }],
    ['transpose', [{ a: ['1', '2'], b: ['2', '3'] }], { 1: ['a'], 2: ['a', 'b'], 3: ['b'] }],
    ['values', [{ a: 3, c: 2, d: 1 }], [3, 2, 1]],
    [
      'zipmap',
      [
        ['a', 'b'],
        [1, 2],
      ],
      { a: 1, b: 2 },
    ],
  ]);
  errors([
    ['element', [[], 0]],
    ['element', [['a'], 0.5]],
    ['index', [['a'], 'b']],
    ['lookup', [{ a: 1 }, 'b']],
    ['lookup', ['x', 'b']],
    ['one', [['a', 'b']]],
    ['range', [1, 4, 0]],
    ['range', [1, 4, -1]],
    ['range', [0, 2000]],
    ['slice', [['a'], 0, 2]],
    ['toset', [[1, true]]],
    ['zipmap', [['a'], [1, 2]]],
    ['coalesce', [null, '']],
    ['coalescelist', ['a']],
    ['concat', []],
    ['concat', ['a']],
    ['keys', [['a']]],
    ['merge', [['a']]],
    ['length', [null]],
    ['length', [1]],
  ]);
});

describe('type conversions', () => {
  table([
    ['tostring', ['hello'], 'hello'],
    ['tostring', [1], '1'],
    ['tostring', [true], 'true'],
    ['tostring', [null], null],
    ['tostring', [1e21], '1000000000000000000000'],
    ['tostring', [0.000001], '0.000001'],
    ['tonumber', [1], 1],
    ['tonumber', ['1'], 1],
    ['tonumber', ['-1.5e3'], -1500],
    ['tonumber', [null], null],
    ['tobool', [true], true],
    ['tobool', ['true'], true],
    ['tobool', [null], null],
    ['sensitive', [['a']], ['a']],
    ['nonsensitive', ['a'], 'a'],
  ]);
  errors([
    ['tostring', [['a']]],
    ['tonumber', ['no']],
    ['tonumber', [' 1']],
    ['tobool', ['no']],
    ['tobool', [1]],
  ]);
});

describe('encoding functions', () => {
  table([
    ['base64decode', ['SGVsbG8gV29ybGQ='], 'Hello World'],
    ['base64encode', ['Hello World'], 'SGVsbG8gV29ybGQ='],
    ['jsondecode', ['{"hello": "world"}'], { hello: 'world' }],
    ['jsondecode', ['true'], true],
    ['jsondecode', ['{"a": 1, "a": 2}'], { a: 2 }],
    ['jsondecode', [' [1, "a", null, {"b": [false]}] '], [1, 'a', null, { b: [false] }]],
    ['jsonencode', [{ hello: 'world' }], '{"hello":"world"}'],
    ['jsonencode', [{ b: 1, a: [true, null] }], '{"a":[true,null],"b":1}'],
    ['jsonencode', ['<&>\u2028'], '"\\u003c\\u0026\\u003e\\u2028"'],
    ['jsonencode', ['tab\there "q" \\'], '"tab\\there \\"q\\" \\\\"'],
    ['jsonencode', [1e21], '1000000000000000000000'],
    ['jsonencode', [0.1], '0.1'],
    ['jsonencode', [[]], '[]'],
    ['jsonencode', [{ 10: 'a', 9: 'b' }], '{"10":"a","9":"b"}'], // lexical, not numeric, key order
    ['urlencode', ['Hello World!'], 'Hello+World%21'],
    ['urlencode', ['☃'], '%E2%98%83'],
    ['urlencode', ['foo:bar@localhost?foo=bar&bar=baz'], 'foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz'],
    ['yamldecode', ['hello: world'], { hello: 'world' }],
    ['yamldecode', ['true'], true],
    ['yamldecode', ['- a\n- 1\n- yes\n- ~\n- "no"\n- off'], ['a', 1, true, null, 'no', false]], // YAML 1.1 booleans
    ['yamldecode', ['x: 0x1F\nv: 012\nz: 1_000\nw: .5'], { v: 12, w: 0.5, x: 31, z: '1_000' }],
    ['yamldecode', ['y: 1'], { true: 1 }], // keys resolve like values: y is a YAML 1.1 true
    ['yamldecode', ['x: 2001-12-14'], { x: '2001-12-14T00:00:00Z' }],
    ['yamldecode', ['a: &x [1]\nb: *x'], { a: [1], b: [1] }],
    ['yamldecode', ['a: 1\na: 2'], { a: 2 }],
    ['yamldecode', ['1: a'], { 1: 'a' }],
    ['md5', ['hello world'], '5eb63bbbe01eeed093cb22bb8f5acdc3'],
    ['sha1', ['hello world'], '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed'],
    ['sha256', ['hello world'], 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
    ['base64sha256', ['hello world'], 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
  ]);
  errors([
    ['base64decode', ['SGVsbG8=x']],
    ['base64decode', ['/w==']], // decodes to invalid UTF-8
    ['jsondecode', ['{"a": 1, "a": "x"}']], // repeated keys of different types (cty 1.16.2 and later)
    ['yamldecode', ['']],
    ['yamldecode', ['~: 1']],
    ['yamldecode', ['a: 1\n---\nb: 2']],
    ['jsondecode', ['{a: 1}']],
    ['jsondecode', ['[1] x']],
    ['jsonencode', [Infinity]],
  ]);

  it('jsondecode keeps "__proto__" an ordinary key', () => {
    const value = call('jsondecode', '{"__proto__": {"x": 1}}');
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(call('keys', value)).toEqual(['__proto__']);
  });
});

describe('file functions', () => {
  table([
    ['file', ['hello.txt'], 'Hello World'],
    ['file', ['./templates/../hello.txt'], 'Hello World'],
    ['file', ['/abs/policy.json'], '{"Version":"2012-10-17"}'],
    ['templatefile', ['templates/greeting.tftpl', { name: 'Ander' }], 'Hello, Ander!'],
    ['templatestring', ['Hi ${name}', { name: 'Sam' }], 'Hi Sam'],
    ['basename', ['foo/bar/baz.txt'], 'baz.txt'],
    ['basename', ['foo/bar/'], 'bar'],
    ['dirname', ['foo/bar/baz.txt'], 'foo/bar'],
    ['dirname', ['baz.txt'], '.'],
  ]);

  it('passes the reader result through, and refuses ~ paths as unknowable', () => {
    expect(isTfError(call('file', 'missing.txt'))).toBe(true);
    const home = call('file', '~/x');
    expect(isTfUnknown(home) && !isTfError(home)).toBe(true);
  });

  it('templatefile checks its variables and keeps unknown variables for the template to decide', () => {
    expect(isTfError(call('templatefile', 'templates/greeting.tftpl', { 'not valid': 1 }))).toBe(true);
    expect(isTfError(call('templatefile', 'templates/greeting.tftpl', 'x'))).toBe(true);
    const seen: TfValue[] = [];
    const spy: FunctionContext = {
      ...ctx,
      renderTemplate: (_t, vars) => (seen.push(vars.other as TfValue), 'ok'),
    };
    expect(callFunction('templatefile', ['templates/greeting.tftpl', { name: 'a', other: U }], spy)).toBe(
      'ok',
    );
    expect(seen).toEqual([U]);
  });
});

describe('unknown propagation', () => {
  it('an unknown argument makes the result unknown, with its reason', () => {
    expect(call('upper', U)).toBe(U);
    expect(call('jsonencode', { a: [U] })).toBe(U);
    expect(call('join', ',', ['a', U])).toBe(U);
    expect(call('toset', ['a', U])).toBe(U);
    expect(call('flatten', [['a'], U])).toBe(U);
  });

  it('collection functions carry unknown elements through', () => {
    expect(call('length', [U, 'a'])).toBe(2);
    expect(call('concat', ['a'], [U])).toEqual(['a', U]);
    expect(call('merge', { a: U }, { b: 1 })).toEqual({ a: U, b: 1 });
    expect(call('flatten', [[{ x: U }]])).toEqual([{ x: U }]);
    expect(call('element', [U, 'b'], 1)).toBe('b');
    expect(call('keys', { a: U })).toEqual(['a']);
    expect(call('lookup', { a: 1, b: U }, 'a', U)).toBe(1);
    expect(call('tolist', [U, 'a'])).toEqual([U, 'a']);
  });

  it('contains, alltrue and anytrue decide when the known part is enough', () => {
    expect(call('contains', ['a', U], 'a')).toBe(true);
    expect(call('contains', ['b', U], 'a')).toBe(U);
    expect(call('alltrue', [U, false])).toBe(false);
    expect(call('alltrue', [U, true])).toBe(U);
    expect(call('anytrue', [U, true])).toBe(true);
    expect(call('anytrue', [U, false])).toBe(U);
  });

  it('coalesce is unknown when an unknown comes before the first usable value', () => {
    expect(call('coalesce', null, U, 'x')).toBe(U);
    expect(call('coalesce', 'a', U)).toBe('a');
    expect(call('coalescelist', [], U, ['x'])).toBe(U);
  });

  it('an error inside any argument wins over unknowns, since Terraform stops there', () => {
    expect(call('length', [E])).toBe(E);
    expect(call('join', ',', [U, E])).toBe(E);
    expect(call('coalesce', 'a', E)).toBe(E);
  });

  it('try picks the first argument that did not fail, and stays unknown while an earlier one may', () => {
    expect(call('try', E, 'default')).toBe('default');
    expect(call('try', 'value', E)).toBe('value');
    expect(call('try', U, 'default')).toBe(U);
    expect(call('try', ['a', U], 'default')).toBe(U);
    expect(call('try', [E], 'default')).toBe('default');
    const none = call('try', E, tfError('second failed'));
    expect(isTfError(none)).toBe(true);
    expect((none as { reason: string }).reason).toContain('second failed');
  });

  it('can is false for an error, unknown for an unknown, true otherwise', () => {
    expect(call('can', E)).toBe(false);
    expect(call('can', { a: E })).toBe(false);
    expect(call('can', U)).toBe(U);
    expect(call('can', 'x')).toBe(true);
  });

  it('non-deterministic functions are unknown, not errors', () => {
    for (const name of ['timestamp', 'uuid']) {
      const result = call(name);
      expect(isTfUnknown(result) && !isTfError(result)).toBe(true);
    }
  });
});

describe('callFunction', () => {
  it('names functions it does not support, as a plain unknown', () => {
    const result = call('cidrsubnet', '10.0.0.0/16', 8, 1);
    expect(isTfUnknown(result)).toBe(true);
    expect(isTfError(result)).toBe(false);
    expect((result as { reason: string }).reason).toBe(
      "function cidrsubnet is not supported by mfa-warden's evaluator",
    );
    expect(isTfUnknown(call('constructor'))).toBe(true);
    expect(isTfUnknown(call('provider::aws::arn_parse', 'x'))).toBe(true);
  });

  it('accepts the core:: namespace', () => {
    expect(call('core::upper', 'a')).toBe('A');
  });

  it('reports a wrong argument count as an error naming the function', () => {
    const result = call('element', ['a']);
    expect(isTfError(result)).toBe(true);
    expect((result as { reason: string }).reason).toContain('element()');
  });

  it('lists what it supports', () => {
    for (const name of ['jsonencode', 'templatefile', 'try', 'can', 'replace', 'toset', 'lookup']) {
      expect(SUPPORTED_FUNCTIONS.has(name)).toBe(true);
    }
    expect(SUPPORTED_FUNCTIONS.has('cidrsubnet')).toBe(false);
  });

  it('never throws, whatever the arguments', () => {
    const leaf: fc.Arbitrary<TfValue> = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -5, max: 50 }),
      fc.double({ noNaN: true }),
      fc.string({ maxLength: 8 }),
      fc.constantFrom<TfValue>('%s', '/a*/', '[', '{"a":1}', 'a,b', U, E),
    );
    const value = fc.letrec<{ v: TfValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const names = [...SUPPORTED_FUNCTIONS];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 4 }), (name, args) => {
        callFunction(name, args, ctx);
      }),
      { numRuns: 3000 },
    );
  });
});
