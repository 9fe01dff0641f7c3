import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { InputError, ScanError } from '../errors.js';
import { checkConsecutiveCodes, normaliseCode, parseCodesOption, totpFromSeed } from './totpCodes.js';

// The local check of the two codes against the seed: what passes, and which code each failure blames.

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STEP = 30_000;
const NOW = 1_800_000_000_000 + 7_000; // 7 s into a step
const reference = new TOTP({ secret: Secret.fromBase32(SEED), algorithm: 'SHA1', digits: 6, period: 30 });
const codeAt = (timestamp: number): string => reference.generate({ timestamp });
const totp = totpFromSeed(SEED, 'alice@123456789012');

describe('checkConsecutiveCodes', () => {
  it.each([
    ['the current and the next step', NOW, NOW + STEP],
    ['the previous and the current step', NOW - STEP, NOW],
    ['the next and the one after (a fast phone clock)', NOW + STEP, NOW + 2 * STEP],
  ])('accepts %s', (_what, first, second) => {
    expect(() =>
      checkConsecutiveCodes(totp, { code: codeAt(first), at: NOW }, { code: codeAt(second), at: NOW }),
    ).not.toThrow();
  });

  it('measures the first code from when it was read, not from when the second was', () => {
    const first = { code: codeAt(NOW), at: NOW };
    const second = { code: codeAt(NOW + STEP), at: NOW + 5 * STEP };
    expect(() => checkConsecutiveCodes(totp, first, second)).not.toThrow();
  });

  it.each([
    ['a first code two steps old', NOW - 2 * STEP, NOW - STEP, /first code is not one the new device shows/],
    ['a second code that skips a step', NOW, NOW + 2 * STEP, /second code is not the one that follows/],
    ['the codes in reverse order', NOW + STEP, NOW, /second code is not the one that follows/],
  ])('rejects %s', (_what, first, second, message) => {
    const check = (): void =>
      checkConsecutiveCodes(totp, { code: codeAt(first), at: NOW }, { code: codeAt(second), at: NOW });
    expect(check).toThrow(InputError);
    expect(check).toThrow(message);
  });

  it('rejects the same code twice', () => {
    const code = codeAt(NOW);
    expect(() => checkConsecutiveCodes(totp, { code, at: NOW }, { code, at: NOW })).toThrow(/the same/);
  });

  it('rejects codes of another seed', () => {
    const other = totpFromSeed('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'x');
    const first = { code: other.generate({ timestamp: NOW }), at: NOW };
    const second = { code: other.generate({ timestamp: NOW + STEP }), at: NOW };
    // One chance in a million that the other seed's code matches; the seeds above are fixed, so it does not.
    expect(() => checkConsecutiveCodes(totp, first, second)).toThrow(InputError);
  });
});

describe('totpFromSeed', () => {
  it('builds the otpauth URI with the AWS issuer and USER@ACCOUNT label', () => {
    const uri = totpFromSeed(SEED, 'alice@123456789012').toString();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Amazon%20Web%20Services:alice%40123456789012\?/);
    expect(new URL(uri).searchParams.get('secret')).toBe(SEED);
    expect(new URL(uri).searchParams.get('issuer')).toBe('Amazon Web Services');
  });

  it('refuses a seed that is not Base32, without quoting it', () => {
    const check = (): unknown => totpFromSeed('not-base32!', 'x');
    expect(check).toThrow(ScanError);
    expect(check).not.toThrow(/not-base32/);
  });
});

describe('parseCodesOption and normaliseCode', () => {
  it('accepts two 6-digit codes, with the space apps show', () => {
    expect(parseCodesOption('123456,654 321')).toEqual(['123456', '654321']);
    expect(normaliseCode(' 123 456 ', 'first')).toBe('123456');
  });

  it.each([['123456'], ['123456,654321,111111'], ['12345,654321'], ['123456,abcdef'], ['123456,123456']])(
    'rejects --codes %s',
    (value) => {
      expect(() => parseCodesOption(value)).toThrow(InputError);
    },
  );
});
