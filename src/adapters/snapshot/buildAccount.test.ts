import { describe, expect, it } from 'vitest';
import { ACCOUNT, snapshot, userArn, userDetail } from '../../../test/support/rawSnapshot.js';
import type { RootUser, User } from '../../model/account.js';
import { isUnknown } from '../../model/unknown.js';
import { buildAccount } from './buildAccount.js';

function users(account: ReturnType<typeof buildAccount>): readonly User[] {
  if (isUnknown(account.users)) throw new Error(account.users.reason);
  return account.users;
}

describe('buildAccount reconciliation', () => {
  it('takes console and MFA state from the credential report', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('alice'), userDetail('bob')],
        report: [
          { name: 'alice', password: true, mfa: true },
          { name: 'bob', password: false, mfa: false, keys: 2 },
        ],
      }),
    );
    const [alice, bob] = users(account);
    expect(alice).toMatchObject({ consolePassword: true, mfaActive: true, evidence: ['credential-report'] });
    expect(bob).toMatchObject({ consolePassword: false, mfaActive: false, activeAccessKeys: 2 });
  });

  it('passes a user the report still fails when a virtual device is assigned to that user now', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('carol')],
        report: [{ name: 'carol', password: true, mfa: false }],
        virtual: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/carol`, userArn: userArn('carol') }],
      }),
    );
    const [carol] = users(account);
    expect(carol?.mfaActive).toBe(true);
    expect(carol?.evidence).toContain('virtual-mfa-listing');
    expect(carol?.mfaDevices.map((d) => d.kind)).toEqual(['virtual']);
  });

  it('does not credit a device whose owner merely shares a name prefix', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('dan')],
        report: [{ name: 'dan', password: true, mfa: false }],
        virtual: [
          { serial: `arn:aws:iam::${ACCOUNT}:mfa/dan`, userArn: userArn('dan2') },
          { serial: 'unassigned' },
        ],
      }),
    );
    expect(users(account)[0]?.mfaActive).toBe(false);
  });

  it('marks a user absent from the report unknown when no per-user calls were made', () => {
    const account = buildAccount(snapshot({ users: [userDetail('late')], report: [] }));
    const [late] = users(account);
    expect(isUnknown(late!.consolePassword)).toBe(true);
    expect(isUnknown(late!.mfaActive)).toBe(true);
  });

  it('does not let a re-created user inherit the report row of its namesake', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('alice', '/', { CreateDate: '2026-01-01T03:00:00Z' })],
        report: [{ name: 'alice', password: true, mfa: true }],
        origin: { kind: 'export', dir: 'x', files: {} },
      }),
    );
    const state = users(account)[0]!.mfaActive;
    expect(isUnknown(state) && state.reason).toMatch(/re-created after it was generated/);
  });

  it('lets per-user calls override the report', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('erin')],
        report: [{ name: 'erin', password: false, mfa: false }],
        perUser: {
          erin: {
            consolePassword: true,
            mfaDevices: [
              { SerialNumber: 'GAHT12345678' },
              { SerialNumber: `arn:aws:iam::${ACCOUNT}:u2f/user/erin/key-ABC` },
            ],
          },
        },
      }),
    );
    const [erin] = users(account);
    expect(erin).toMatchObject({ consolePassword: true, mfaActive: true, evidence: ['per-user-calls'] });
    expect(erin?.mfaDevices.map((d) => d.kind).sort()).toEqual(['fido', 'hardware']);
  });

  it('keeps all eight devices of a user', () => {
    const devices = Array.from({ length: 8 }, (_, i) => ({
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/f${i}`,
    }));
    const account = buildAccount(
      snapshot({
        users: [userDetail('frank')],
        report: [],
        perUser: { frank: { consolePassword: false, mfaDevices: devices } },
      }),
    );
    expect(users(account)[0]?.mfaDevices).toHaveLength(8);
  });

  it('keeps unicode names and paths', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('zoë.müller', '/division/team/')],
        report: [{ name: 'zoë.müller', path: '/division/team/', password: true, mfa: false }],
      }),
    );
    expect(users(account)[0]).toMatchObject({
      name: 'zoë.müller',
      path: '/division/team/',
      consolePassword: true,
    });
  });

  it('makes every user unknown, with the reason, when the report was denied', () => {
    const account = buildAccount(snapshot({ users: [userDetail('gina')], report: null }));
    const state = users(account)[0]!.consolePassword;
    expect(isUnknown(state) && state.reason).toMatch(/AccessDenied/);
    expect(account.issues.map((issue) => issue.what)).toContain('credential report');
  });

  it('reads root from GetAccountSummary, which beats the report row', () => {
    const account = buildAccount(
      snapshot({
        report: [{ name: '<root_account>', password: 'not_supported', mfa: false }],
        summary: { AccountMFAEnabled: 1, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 },
      }),
    );
    expect(account.root).toMatchObject({ mfaEnabled: true, passwordPresent: true, accessKeysPresent: false });
  });

  it('falls back to the root row without a summary, leaving the password unknown', () => {
    const account = buildAccount(
      snapshot({
        report: [{ name: '<root_account>', password: 'not_supported', mfa: true, keys: 1 }],
        summary: null,
      }),
    );
    const root = account.root as RootUser;
    expect(root.mfaEnabled).toBe(true);
    expect(root.accessKeysPresent).toBe(true);
    expect(isUnknown(root.passwordPresent)).toBe(true);
  });

  it('makes root unknown when neither the summary nor a root row exists', () => {
    const account = buildAccount(snapshot({ report: [], summary: null }));
    expect(isUnknown(account.root)).toBe(true);
  });

  it('reads the account id from ARNs when no STS call told it', () => {
    const raw = snapshot({ users: [userDetail('hal')], report: [] });
    const account = buildAccount({ ...raw, accountId: undefined });
    expect(account.id).toBe(ACCOUNT);
  });

  it('makes users unknown when the authorization details were denied', () => {
    const raw = snapshot({});
    const account = buildAccount({ ...raw, authorizationDetails: { unknown: true, reason: 'AccessDenied' } });
    expect(isUnknown(account.users)).toBe(true);
  });
});
