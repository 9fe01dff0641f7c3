// HCL literals for generated Terraform: escapes that keep IAM policy variables literal, and terraform fmt's
// alignment (the Terraform output tests run `terraform fmt -check` on the whole files).
import { afterAll, describe, expect, it } from 'vitest';
import { terraformFmtProblems, writeTree } from '../../test/support/iacFixture.js';
import { alignedAttributes, hclString, hclValue } from './hclValue.js';

afterAll(() => {
  expect(terraformFmtProblems()).toBe('');
});

describe('hclString', () => {
  it('keeps ${...} and %{...} literal and escapes quotes, backslashes and newlines', () => {
    expect(hclString('arn:aws:iam::*:user/${aws:username}')).toBe('"arn:aws:iam::*:user/$${aws:username}"');
    expect(hclString('%{if x}')).toBe('"%%{if x}"');
    expect(hclString('say "hi"\\\n')).toBe('"say \\"hi\\"\\\\\\n"');
    expect(hclString('$ {not a template} $x')).toBe('"$ {not a template} $x"');
  });
});

describe('hclValue', () => {
  it('writes objects with bare or quoted keys, lists one item per line, scalars as they are', () => {
    const value = hclValue({ Version: '1', 'aws:Key': ['a', 'b'], n: 2, t: true, z: null, e: [], o: {} });
    expect(value).toBe(
      [
        '{',
        '  Version = "1"',
        '  "aws:Key" = [',
        '    "a",',
        '    "b",',
        '  ]',
        '  n = 2',
        '  t = true',
        '  z = null',
        '  e = []',
        '  o = {}',
        '}',
      ].join('\n'),
    );
    writeTree({
      'main.tf': `locals {\n  value = ${hclValue(JSON.parse(JSON.stringify({ a: [{ b: 'c' }], value: 'x' })), 1)}\n}\n`,
    });
    writeTree({ 'main.tf': `locals {\n  value = ${value.replace(/\n/g, '\n  ')}\n}\n` });
  });

  it('aligns like terraform fmt: runs of single-line attributes, broken by multi-line values', () => {
    const text = `locals {\n${alignedAttributes(
      [
        { key: 'a', value: '1' },
        { key: 'longer', value: hclValue({ x: 'y', 'quoted-key': { deep: ['v'] } }, 1) },
        { key: 'bb', value: '2' },
        { key: 'ccc', value: hclString('${x}') },
      ],
      '  ',
    )}\n}\n`;
    expect(text).toContain('  a = 1\n  longer = {\n');
    expect(text).toContain('  bb  = 2\n  ccc = "$${x}"\n');
    writeTree({ 'main.tf': text });
  });
});
