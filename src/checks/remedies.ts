import type { Account, User } from '../model/account.js';
import type { Remediation } from './check.js';

// Remediation texts in one place: every check that fails on a missing MFA device offers the same fix.

export function enableUserMfa(account: Account, user: User): Remediation {
  const device = `${user.name.replace(/[^\w+=,.@-]/g, '-')}-mfa`;
  return {
    text: `Enable an MFA device for ${user.name} (a FIDO security key is strongest), or remove the console password if the user does not need the console.`,
    cli: [
      `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${device} --outfile ${device}.png --bootstrap-method QRCodePNG`,
      `aws iam enable-mfa-device --user-name ${shellQuote(user.name)} --serial-number arn:${account.partition}:iam::${account.id}:mfa/${device} --authentication-code1 CODE1 --authentication-code2 CODE2`,
    ],
    terraform: `resource "aws_iam_virtual_mfa_device" "${device.replace(/[^\w-]/g, '_')}" {\n  virtual_mfa_device_name = "${device}"\n}\n# then enrol it with the user's authenticator: terraform cannot enter the two codes`,
  };
}

export function removeConsolePassword(user: User): Remediation {
  return {
    text: `If ${user.name} does not need the console, delete the login profile.`,
    cli: [`aws iam delete-login-profile --user-name ${shellQuote(user.name)}`],
  };
}

export function enableRootMfa(hardware: boolean): Remediation {
  return {
    text: hardware
      ? 'Sign in as root and replace the virtual MFA device with a hardware TOTP token or a FIDO security key (root cannot be managed from the CLI); or centralise root access with AWS Organizations and remove the root credentials.'
      : 'Sign in as root and enable MFA (a FIDO security key or hardware token), or centralise root access with AWS Organizations and remove the root password and keys.',
    cli: [
      'aws iam get-account-summary --query "SummaryMap.[AccountMFAEnabled,AccountPasswordPresent,AccountAccessKeysPresent]"',
    ],
  };
}

function shellQuote(value: string): string {
  return /^[\w+=,.@/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
