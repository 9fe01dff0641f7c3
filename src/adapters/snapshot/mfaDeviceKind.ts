import type { MfaDeviceKind } from '../../model/account.js';

// IAM tells device kinds apart only by the serial number: virtual devices have an ARN with ":mfa/", FIDO
// security keys an ARN with ":u2f/", and hardware TOTP tokens a bare serial such as GAHT12345678.
export function mfaDeviceKind(serial: string, virtualSerials: ReadonlySet<string>): MfaDeviceKind {
  if (virtualSerials.has(serial)) return 'virtual';
  if (/^arn:[^:]+:iam::\d*:u2f\//.test(serial)) return 'fido';
  if (/^arn:[^:]+:iam::\d*:mfa\//.test(serial)) return 'virtual';
  if (serial.startsWith('arn:')) return 'unknown';
  return 'hardware';
}
