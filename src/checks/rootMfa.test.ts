import { describe, expect, it } from 'vitest';
import { snapshot } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { rootMfa } from './rootMfa.js';

const run = (
  summary: Record<string, number> | null,
  report = [] as Parameters<typeof snapshot>[0]['report'],
) => rootMfa.run(buildAccount(snapshot({ summary, report })));

describe('root-mfa', () => {
  it('passes when the summary says root has MFA', () => {
    expect(
      run({ AccountMFAEnabled: 1, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 })[0]?.status,
    ).toBe('pass');
  });

  it('fails root with a password and no MFA', () => {
    const [finding] = run({ AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 });
    expect(finding).toMatchObject({ status: 'fail', resource: { type: 'AWS::::Account' } });
    expect(finding?.remediation?.text).toMatch(/enable MFA/);
  });

  it('fails when the password is unknown (moto and older summaries) and MFA is off', () => {
    const [finding] = run({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 });
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/password presence unknown/);
  });

  it('passes centralised root access (no password, no keys) with that reason', () => {
    const [finding] = run({ AccountMFAEnabled: 0, AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 });
    expect(finding?.status).toBe('pass');
    expect(finding?.message).toMatch(/centralised root access/);
  });

  it('uses the report root row when the summary is denied', () => {
    expect(run(null, [{ name: '<root_account>', password: 'not_supported', mfa: true }])[0]?.status).toBe(
      'pass',
    );
    expect(run(null, [{ name: '<root_account>', password: 'not_supported', mfa: false }])[0]?.status).toBe(
      'fail',
    );
  });

  it('is an error, never a pass, when root cannot be read at all', () => {
    const [finding] = run(null, []);
    expect(finding?.status).toBe('error');
    expect(finding?.message).toMatch(/AccessDenied/);
  });
});

describe('root-mfa remediation', () => {
  it('names the account, says the CLI cannot do it, and offers a read-only check and a Terraform comment', () => {
    const account = buildAccount(
      snapshot({ summary: { AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 } }),
    );
    const fix = rootMfa.run(account)[0]?.remediation;
    expect(fix?.text).toMatch(/^Sign in as the root user of account 123456789012 and enable MFA/);
    expect(fix?.cli).toEqual([
      "aws iam get-account-summary --query 'SummaryMap.[AccountMFAEnabled,AccountPasswordPresent,AccountAccessKeysPresent]' --output text",
    ]);
    expect(fix?.destructive).toBeUndefined();
    // Nothing but comments: Terraform cannot manage root.
    expect(fix?.terraform?.split('\n').every((line) => line.startsWith('#'))).toBe(true);
    expect(fix?.terraform).toMatch(/Terraform cannot manage the root user's MFA[\s\S]*account 123456789012/);
  });
});
