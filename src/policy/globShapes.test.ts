import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../test/fuzz/fuzzSettings.js';
import { SEGMENT, shapeAlwaysMatches, shapeMayMatch } from './globShapes.js';
import { matchesWildcard } from './wildcard.js';

const USER = `arn:aws:iam::123456789012:user/${SEGMENT}`;

describe('shapes of unknown values against policy patterns', () => {
  it('a user ARN of the account never matches a role pattern, always matches user/*', () => {
    expect(shapeMayMatch('arn:aws:iam::123456789012:role/*', USER)).toBe(false);
    expect(shapeMayMatch('arn:aws:iam::*:role/ci-*', USER)).toBe(false);
    expect(shapeMayMatch('arn:aws:iam::999988887777:user/*', USER)).toBe(false);
    expect(shapeMayMatch('arn:aws:iam::123456789012:user/admins/*', USER)).toBe(true);
    expect(shapeAlwaysMatches('arn:aws:iam::123456789012:user/admins/*', USER)).toBe(false);
    expect(shapeAlwaysMatches('arn:aws:iam::123456789012:user/*', USER)).toBe(true);
    expect(shapeAlwaysMatches('arn:aws:iam::*:user/*', USER, { arn: true })).toBe(true);
    expect(shapeAlwaysMatches('*', USER)).toBe(true);
    // An ARN operator's star stays in its segment; StringLike's does not.
    expect(shapeAlwaysMatches('arn:aws:iam::*', USER, { arn: true })).toBe(false);
    expect(shapeAlwaysMatches('arn:aws:iam::*', USER)).toBe(true);
  });

  it('an unknown segment holds no colon', () => {
    expect(shapeMayMatch('a:b', `a${SEGMENT}b`)).toBe(false);
    expect(shapeMayMatch('a?b', `a${SEGMENT}b`)).toBe(true);
    expect(shapeMayMatch('a*b', `a${SEGMENT}b`)).toBe(true);
  });

  // Brute force over a small alphabet: a segment is any run of 'a' and 'b'.
  const patterns = fc
    .array(fc.constantFrom('a', 'b', ':', '*', '?'), { maxLength: 4 })
    .map((c) => c.join(''));
  const shapes = fc.array(fc.constantFrom('a', 'b', ':', SEGMENT), { maxLength: 4 }).map((c) => c.join(''));
  const runs = ['', 'a', 'b', 'ab', 'ba', 'aa', 'bbb', 'abab'];
  /** Values of the shape: each segment replaced by short runs. */
  function values(shape: string): string[] {
    let out = [''];
    for (const char of shape)
      out = out.flatMap((prefix) => (char === SEGMENT ? runs.map((r) => prefix + r) : [prefix + char]));
    return out;
  }
  /** Every string over a, b and ":" up to 8 characters: longer than any shortest common match here. */
  const strings: string[] = [''];
  for (let length = 1; length <= 8; length++)
    for (const s of strings.filter((x) => x.length === length - 1))
      for (const c of 'ab:') strings.push(s + c);
  const shapeRegExp = (shape: string) =>
    new RegExp(`^${[...shape].map((c) => (c === SEGMENT ? '[^:]*' : c)).join('')}$`);

  it('may-match is exact: true exactly when some string matches both', () => {
    fc.assert(
      fc.property(patterns, shapes, (pattern, shape) => {
        const re = shapeRegExp(shape);
        const some = strings.some((s) => re.test(s) && matchesWildcard(s, pattern));
        expect(shapeMayMatch(pattern, shape)).toBe(some);
      }),
      fuzzParameters(300),
    );
  });

  it('always-matches never says yes wrongly', () => {
    fc.assert(
      fc.property(patterns, shapes, (pattern, shape) => {
        if (!shapeAlwaysMatches(pattern, shape)) return;
        for (const value of values(shape)) expect(matchesWildcard(value, pattern), value).toBe(true);
      }),
      fuzzParameters(300),
    );
  });
});
