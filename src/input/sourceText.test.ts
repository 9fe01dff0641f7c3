import { describe, expect, it } from 'vitest';
import { decodeSourceText, invalidUtf8Offset } from './sourceText.js';

describe('decodeSourceText', () => {
  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decodeSourceText(Buffer.from('a = "caf\u00e9"\n'), 'Terraform')).toEqual({
      ok: true,
      text: 'a = "caf\u00e9"\n',
    });
    expect(decodeSourceText(Buffer.from('\uFEFFa = 1\n'), 'Terraform')).toEqual({
      ok: true,
      text: 'a = 1\n',
    });
  });

  it('names Latin-1 with the line and byte, UTF-16 and binary files', () => {
    expect(decodeSourceText(Buffer.from('a = 1\nb = "caf\u00e9"\n', 'latin1'), 'Terraform')).toEqual({
      ok: false,
      line: 2,
      problem:
        'not Terraform: the file is not UTF-8 text (invalid byte 0xe9 at byte 14; Latin-1 or Windows-1252?); save it as UTF-8',
    });
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      expect(decodeSourceText(Buffer.from([...bom, 0x61, 0x00]), 'a template')).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/^not a template: the file is UTF-16 text/),
      });
    }
    expect(decodeSourceText(Buffer.from('a\nb\u0000'), 'x')).toEqual({
      ok: false,
      line: 2,
      problem: 'not x: this is a binary file, not text',
    });
  });
});

describe('invalidUtf8Offset', () => {
  it.each([
    [[0x61, 0x80], 1],
    [[0xc0, 0xaf], 0],
    [[0xe0, 0x80, 0xaf], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x61, 0xe2, 0x82], 1],
    [[0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], 7],
  ])('finds the first bad sequence in %j', (bytes, offset) => {
    expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
  });
});
