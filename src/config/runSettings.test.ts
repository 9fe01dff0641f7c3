import { describe, expect, it } from 'vitest';
import { snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { scanModel } from '../scan/scanModel.js';
import { parseConfig } from './config.js';
import { exitCodeFor, runSettings } from './runSettings.js';

describe('runSettings', () => {
  const config = parseConfig({ checks: ['user-mfa'], failOn: 'high', ignoreUnknown: true }, 'c.json');

  it('lets flags win over the file and the file over the defaults', () => {
    expect(runSettings(parseConfig({}, 'c.json'))).toEqual({
      checks: undefined,
      exemptions: [],
      exemptTag: 'mfa-warden:exempt',
      graceDays: {},
      enforce: {},
      failOn: 'low',
      ignoreUnknown: false,
    });
    const graced = parseConfig({ enforce: { 'user-mfa': { mode: 'delete-user', graceDays: 3 } } }, 'c');
    expect(runSettings(graced).graceDays).toEqual({ 'user-mfa': 3 });
    expect(runSettings(config)).toMatchObject({ checks: ['user-mfa'], failOn: 'high', ignoreUnknown: true });
    expect(runSettings(config, { checks: ['root-mfa'], failOn: 'low', ignoreUnknown: false })).toMatchObject({
      checks: ['root-mfa'],
      failOn: 'low',
      ignoreUnknown: false,
    });
  });

  it('decides the exit code from the threshold, unknowns included unless ignored', () => {
    const unknownOnly = scanModel(buildAccount(snapshot({ users: [userDetail('late')], report: [] })), {
      checks: ['user-mfa'],
    });
    expect(exitCodeFor(unknownOnly.summary, runSettings(parseConfig({}, 'c.json')))).toBe(1);
    expect(
      exitCodeFor(unknownOnly.summary, runSettings(parseConfig({ ignoreUnknown: true }, 'c.json'))),
    ).toBe(0);
    expect(exitCodeFor(unknownOnly.summary, runSettings(parseConfig({ failOn: 'high' }, 'c.json')))).toBe(0);
  });

  it('an input that could not be read is exit 2, whatever the findings', () => {
    const clean = scanModel(buildAccount(snapshot({ users: [], report: [] })), { checks: ['user-mfa'] });
    expect(exitCodeFor(clean.summary, runSettings(parseConfig({}, 'c.json')))).toBe(0);
    const summary = { ...clean.summary, inputErrors: ['main.tf:1:1: syntax error'] };
    expect(exitCodeFor(summary, runSettings(parseConfig({ ignoreUnknown: true }, 'c.json')))).toBe(2);
  });
});
