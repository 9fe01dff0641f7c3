import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fileStem, hclString, oneLine, option, shellQuote, terraformLabel } from './quoting.js';

/** What bash makes of a command line: each word as the program receives it. */
function bashWords(line: string): string[] {
  const out = execFileSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it.each([
    "o'brien",
    'a+b=c,d.e@f-g_h',
    'two words',
    '$(touch /tmp/pwned)',
    '`id`',
    'tab\there',
    'line\nbreak',
    '*',
    "''",
    '!bang',
  ])('bash reads %j back as one word, unchanged', (value) => {
    expect(bashWords(shellQuote(value))).toEqual([value]);
  });

  it('leaves IAM name characters and ARNs bare, quotes anything else', () => {
    expect(shellQuote('a+b=c,d.e@f-g_h')).toBe('a+b=c,d.e@f-g_h');
    expect(shellQuote('arn:aws:iam::123456789012:policy/x')).toBe('arn:aws:iam::123456789012:policy/x');
    expect(shellQuote("o'brien")).toBe(`'o'\\''brien'`);
  });
});

describe('option', () => {
  it('writes --flag=value when the value starts with a dash, so the aws CLI cannot read it as an option', () => {
    expect(option('--user-name', '-bob')).toBe('--user-name=-bob');
    expect(option('--user-name', "-o'b")).toBe(`'--user-name=-o'\\''b'`);
    expect(bashWords(option('--user-name', "-o'b"))).toEqual(["--user-name=-o'b"]);
    expect(option('--user-name', 'bob')).toBe('--user-name bob');
  });
});

describe('hclString', () => {
  it('escapes quotes, backslashes and template sequences', () => {
    expect(hclString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(hclString('${var.x} %{if}')).toBe('"$${var.x} %%{if}"');
    expect(hclString('a\nb')).toBe('"a\\nb"');
  });
});

describe('names for files, labels and comments', () => {
  it('derives safe Terraform labels and file stems', () => {
    expect(terraformLabel("o'brien.team")).toBe('o_brien_team');
    expect(terraformLabel('1st')).toBe('_1st');
    expect(fileStem('group-o b/x')).toBe('group-o-b-x');
    expect(fileStem('-rf')).toBe('_rf');
  });

  it('keeps comments on one line', () => {
    expect(oneLine('a\nrm -rf /\r\u2028b')).toBe('a rm -rf / b');
  });
});
