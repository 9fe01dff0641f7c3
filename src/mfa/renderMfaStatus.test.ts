import { describe, expect, it } from 'vitest';
import type { MfaStatus } from './mfaStatus.js';
import { renderMfaStatusJson, renderMfaStatusTable } from './renderMfaStatus.js';

// The table's columns and count line, and the JSON's shape.

const status: MfaStatus = {
  account: '123456789012',
  entries: [
    {
      principal: 'root',
      user: null,
      serial: 'arn:aws:iam::123456789012:mfa/root',
      kind: 'virtual',
      enableDate: '2021-01-01T00:00:00.000Z',
    },
    {
      principal: 'user',
      user: 'alice',
      serial: 'GAHT1',
      kind: 'hardware',
      enableDate: '2022-01-01T00:00:00.000Z',
    },
    {
      principal: 'user',
      user: 'alice',
      serial: 'arn:aws:iam::123456789012:u2f/user/alice/k',
      kind: 'fido',
      enableDate: '2022-02-01T00:00:00.000Z',
    },
    { principal: 'user', user: 'bob', serial: null, kind: 'none', enableDate: null },
    {
      principal: 'unassigned',
      user: null,
      serial: 'arn:aws:iam::123456789012:mfa/old',
      kind: 'virtual',
      enableDate: null,
    },
  ],
};

describe('renderMfaStatusTable', () => {
  it('aligns one row per entry and counts users with and without MFA', () => {
    const lines = renderMfaStatusTable(status).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'USER          KIND      ENABLED                   SERIAL',
      '<root>        virtual   2021-01-01T00:00:00.000Z  arn:aws:iam::123456789012:mfa/root',
      'alice         hardware  2022-01-01T00:00:00.000Z  GAHT1',
      'alice         fido      2022-02-01T00:00:00.000Z  arn:aws:iam::123456789012:u2f/user/alice/k',
      'bob           none      -                         -',
      '(unassigned)  virtual   -                         arn:aws:iam::123456789012:mfa/old',
    ]);
    expect(lines[7]).toMatch(
      /^account 123456789012: 2 users, 1 with MFA, 1 without; 1 unassigned virtual device /,
    );
  });

  it('leaves out the unassigned note when there are none', () => {
    const text = renderMfaStatusTable({ account: '1', entries: [] });
    expect(text).toContain('account 1: 0 users, 0 with MFA, 0 without\n');
    expect(text).not.toContain('unassigned');
  });
});

describe('renderMfaStatusJson', () => {
  it('writes the schema version, the account and the entries as they are', () => {
    expect(JSON.parse(renderMfaStatusJson(status))).toEqual({ schemaVersion: 1, ...status });
  });
});
