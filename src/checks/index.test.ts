import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { allChecks, selectChecks } from './index.js';

describe('check registry', () => {
  it('selects by id and rejects unknown ids naming the valid ones', () => {
    expect(selectChecks(['user-mfa']).map((c) => c.id)).toEqual(['user-mfa']);
    expect(() => selectChecks(['user-mfa', 'nope'])).toThrow(InputError);
    expect(() => selectChecks(['nope'])).toThrow(/nope.*valid ids: root-mfa/);
  });

  it('has unique ids and compliance ids for every check', () => {
    expect(new Set(allChecks.map((c) => c.id)).size).toBe(allChecks.length);
    for (const check of allChecks) expect(check.compliance.length).toBeGreaterThan(0);
  });
});
