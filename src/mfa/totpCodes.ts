import { Secret, TOTP } from 'otpauth';
import { InputError, ScanError } from '../errors.js';

// The authenticator side of an enrolment: the TOTP that AWS's seed defines (SHA1, 6 digits, 30 s, as IAM's
// virtual devices are) and the local check of the two codes the user reads off the app. IAM wants two
// consecutive codes; checking them here first means a mistyped code is caught before the device is enabled,
// and the message can say what was wrong instead of IAM's bare InvalidAuthenticationCode.

export const AWS_ISSUER = 'Amazon Web Services';
const PERIOD_SECONDS = 30;
const DIGITS = 6;

/** The TOTP of a seed as CreateVirtualMFADevice returns it (the Base32 text, as bytes). */
export function totpFromSeed(seed: string, label: string): TOTP {
  if (!/^[A-Z2-7]+=*$/.test(seed))
    // Never quote the seed itself: it is the secret.
    throw new ScanError('CreateVirtualMFADevice returned a seed that is not Base32 text');
  return new TOTP({
    issuer: AWS_ISSUER,
    label,
    secret: Secret.fromBase32(seed),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}

/** A code as typed: "123456" or "123 456" (apps show it with a space). */
export function normaliseCode(text: string, which: string): string {
  const code = text.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) throw new InputError(`the ${which} code must be 6 digits`);
  return code;
}

/** `--codes C1,C2`, checked for shape before anything is created. */
export function parseCodesOption(value: string): [string, string] {
  const parts = value.split(',');
  if (parts.length !== 2) throw new InputError('--codes expects two codes separated by a comma: C1,C2');
  const first = normaliseCode(parts[0] ?? '', 'first');
  const second = normaliseCode(parts[1] ?? '', 'second');
  checkDifferent(first, second);
  return [first, second];
}

export function checkDifferent(first: string, second: string): void {
  if (first === second)
    throw new InputError(
      'the two codes are the same: wait for the app to show the next code and use that one',
    );
}

export interface TypedCode {
  readonly code: string;
  /** When it was read, in ms since the epoch. */
  readonly at: number;
}

/**
 * Passes when `first` is the device's code within one step of when it was read and `second` is the code of
 * the step right after it; otherwise throws an InputError saying which code was wrong.
 */
export function checkConsecutiveCodes(totp: TOTP, first: TypedCode, second: TypedCode): void {
  checkDifferent(first.code, second.code);
  const delta = totp.validate({ token: first.code, timestamp: first.at, window: 1 });
  if (delta === null)
    throw new InputError(
      'the first code is not one the new device shows now: check that the app holds the device just created ' +
        "and that the phone's clock is right",
    );
  const step = totp.counter({ timestamp: first.at }) + delta;
  const nextStepAt = (step + 1) * totp.period * 1000;
  if (totp.validate({ token: second.code, timestamp: nextStepAt, window: 0 }) !== 0)
    throw new InputError(
      'the second code is not the one that follows the first: enter two codes in a row, the second as soon as ' +
        'the app shows it',
    );
}
