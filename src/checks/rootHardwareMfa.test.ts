import { describe, expect, it } from 'vitest';
import { ACCOUNT, snapshot, userArn } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { rootHardwareMfa } from './rootHardwareMfa.js';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const MFA_ON = { AccountMFAEnabled: 1, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 };

const run = (parts: Parameters<typeof snapshot>[0]) => rootHardwareMfa.run(buildAccount(snapshot(parts)))[0];

describe('root-hardware-mfa', () => {
  it('fails when a virtual device is assigned to exactly the root ARN', () => {
    const finding = run({
      summary: MFA_ON,
      virtual: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, userArn: ROOT }],
    });
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toMatch(/virtual device/);
  });

  it('passes when root has MFA and no virtual device belongs to root, even one named root', () => {
    const finding = run({
      summary: MFA_ON,
      virtual: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/root`, userArn: userArn('root') }],
    });
    expect(finding?.status).toBe('pass');
  });

  it('fails when root has no MFA at all', () => {
    expect(run({ summary: { ...MFA_ON, AccountMFAEnabled: 0 } })?.status).toBe('fail');
  });

  it('passes centralised root access', () => {
    expect(
      run({ summary: { AccountMFAEnabled: 0, AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 } })
        ?.status,
    ).toBe('pass');
  });

  it('is unknown when the virtual device listing was denied', () => {
    const finding = run({ summary: MFA_ON, virtual: null });
    expect(finding?.status).toBe('unknown');
    expect(finding?.message).toMatch(/ListVirtualMFADevices/);
  });
});

describe('root-hardware-mfa remediation', () => {
  it('names the virtual device to replace', () => {
    const root = 'arn:aws:iam::123456789012:root';
    const account = buildAccount(
      snapshot({
        summary: { AccountMFAEnabled: 1, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 },
        virtual: [{ serial: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', userArn: root }],
      }),
    );
    const [finding] = rootHardwareMfa.run(account);
    expect(finding?.status).toBe('fail');
    expect(finding?.remediation?.text).toContain(
      'replace its virtual MFA device (arn:aws:iam::123456789012:mfa/root-account-mfa-device) with a FIDO security key',
    );
    expect(finding?.remediation?.terraform).toMatch(/^# Terraform cannot/);
  });
});
