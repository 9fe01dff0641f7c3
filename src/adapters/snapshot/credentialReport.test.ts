import { describe, expect, it } from 'vitest';
import { HEADER, reportRow } from '../../../test/support/rawSnapshot.js';
import { InputError } from '../../errors.js';
import { parseCredentialReport } from './credentialReport.js';

describe('parseCredentialReport', () => {
  it('reads the root row and user rows by column name', () => {
    const csv = [
      HEADER,
      reportRow({ name: '<root_account>', password: 'not_supported', mfa: true }),
      reportRow({ name: 'a', password: true, mfa: false, keys: 2 }),
      '',
    ].join('\n');
    const rows = parseCredentialReport({ csv, origin: 'r.csv' });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      user: '<root_account>',
      passwordEnabled: 'not_supported',
      mfaActive: true,
      line: 2,
    });
    expect(rows[1]).toMatchObject({ user: 'a', passwordEnabled: true, accessKey2Active: true, line: 3 });
  });

  it('reads quoted fields (commas and doubled quotes inside) without shifting columns', () => {
    const row = reportRow({ name: 'a', password: true, mfa: false }).split(',');
    row[4] = '"2026-01-01, or so ""N/A"""';
    const csv = [HEADER, row.join(','), reportRow({ name: 'b', password: false, mfa: true })].join('\n');
    const rows = parseCredentialReport({ csv, origin: 'r.csv' });
    expect(rows.map((r) => [r.user, r.passwordEnabled, r.mfaActive])).toEqual([
      ['a', true, false],
      ['b', false, true],
    ]);
  });

  it('names the missing columns and the line', () => {
    const csv = 'user,arn,password_enabled\na,arn:aws:iam::1:user/a,true';
    expect(() => parseCredentialReport({ csv, origin: 'r.csv' })).toThrow(InputError);
    expect(() => parseCredentialReport({ csv, origin: 'r.csv' })).toThrow(/r\.csv:1: .*mfa_active/);
  });

  it('rejects a short row and a bad boolean with the line', () => {
    expect(() => parseCredentialReport({ csv: `${HEADER}\na,b,c`, origin: 'r.csv' })).toThrow(
      /r\.csv:2: .*3 fields/,
    );
    const bad = reportRow({ name: 'a', password: true, mfa: true }).replace(',true,', ',yes,');
    expect(() => parseCredentialReport({ csv: `${HEADER}\n${bad}`, origin: 'r.csv' })).toThrow(
      /r\.csv:2: column password_enabled/,
    );
  });

  it('accepts not_supported as password_enabled only in the root row', () => {
    const csv = `${HEADER}\n${reportRow({ name: 'a', password: 'not_supported', mfa: false })}`;
    expect(() => parseCredentialReport({ csv, origin: 'r.csv' })).toThrow(
      /r\.csv:2: column password_enabled/,
    );
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const csv = `\uFEFF${HEADER}\r\n${reportRow({ name: 'a', password: false, mfa: true })}\r\n`;
    expect(parseCredentialReport({ csv, origin: 'x' })[0]?.mfaActive).toBe(true);
  });

  it('parses one report once, and keeps failing the same way', () => {
    const report = { csv: `${HEADER}\n${reportRow({ name: 'a', password: true, mfa: true })}`, origin: 'x' };
    expect(parseCredentialReport(report)).toBe(parseCredentialReport(report));
    const bad = { csv: 'user,arn', origin: 'bad.csv' };
    expect(() => parseCredentialReport(bad)).toThrow(/bad\.csv:1/);
    expect(() => parseCredentialReport(bad)).toThrow(InputError);
  });
});
