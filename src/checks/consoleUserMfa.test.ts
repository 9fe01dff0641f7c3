import { describe, expect, it } from 'vitest';
import { snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { consoleUserMfa } from './consoleUserMfa.js';

describe('console-user-mfa', () => {
  const account = buildAccount(
    snapshot({
      users: [userDetail('with-mfa'), userDetail('no-mfa'), userDetail('api-only'), userDetail('late')],
      report: [
        { name: '<root_account>', password: 'not_supported', mfa: false },
        { name: 'with-mfa', password: true, mfa: true },
        { name: 'no-mfa', password: true, mfa: false },
        { name: 'api-only', password: false, mfa: false, keys: 1 },
      ],
    }),
  );
  const byName = new Map(consoleUserMfa.run(account).map((r) => [r.resource.name, r]));

  it('gives every user a result and none for the root row', () => {
    expect([...byName.keys()].sort()).toEqual(['api-only', 'late', 'no-mfa', 'with-mfa']);
  });

  it('fails a console user without MFA, with CLI and Terraform remediation', () => {
    const finding = byName.get('no-mfa');
    expect(finding?.status).toBe('fail');
    expect(finding?.remediation?.cli?.join('\n')).toMatch(/enable-mfa-device --user-name no-mfa/);
    expect(finding?.remediation?.cli?.join('\n')).toMatch(/delete-login-profile/);
    expect(finding?.remediation?.terraform).toMatch(/aws_iam_virtual_mfa_device/);
  });

  it('passes console users with MFA and users without a password', () => {
    expect(byName.get('with-mfa')?.status).toBe('pass');
    expect(byName.get('api-only')?.status).toBe('pass');
  });

  it('is unknown for a user the report does not know', () => {
    expect(byName.get('late')?.status).toBe('unknown');
  });

  it('reports an error when users could not be listed', () => {
    const raw = snapshot({});
    const results = consoleUserMfa.run(
      buildAccount({ ...raw, authorizationDetails: { unknown: true, reason: 'denied' } }),
    );
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('error');
  });

  it('names the user, account and device serial, holding back what needs codes or takes access away', () => {
    const account = buildAccount(
      snapshot({ users: [userDetail("o'brien")], report: [{ name: "o'brien", password: true, mfa: false }] }),
    );
    const [finding] = consoleUserMfa.run({ ...account, partition: 'aws-us-gov' });
    const fix = finding?.remediation;
    expect(fix?.cli).toEqual([
      'aws iam create-virtual-mfa-device --virtual-mfa-device-name o-brien-mfa --outfile o-brien-mfa.png --bootstrap-method QRCodePNG',
      `aws iam enable-mfa-device --user-name 'o'\\''brien' --serial-number arn:aws-us-gov:iam::123456789012:mfa/o-brien-mfa --authentication-code1 CODE1 --authentication-code2 CODE2`,
      `aws iam delete-login-profile --user-name 'o'\\''brien'`,
    ]);
    expect(fix?.destructive).toEqual([false, false, true]);
    expect(fix?.needsInput).toEqual([true, true, false]);
    expect(fix?.text).toBe(
      "Enable an MFA device for o'brien (a FIDO security key is strongest), or, if o'brien does not need the console, delete the login profile.",
    );
    expect(fix?.terraform).toContain('virtual_mfa_device_name = "o-brien-mfa"');
    expect(fix?.terraform).toContain('aws_iam_user_login_profile');
  });
});
