import type { User } from '../model/account.js';

/** "MFA (2 devices: virtual, fido; from per-user-calls)": says what we saw and where it came from. */
export function describeMfa(user: User): string {
  const evidence = user.evidence.length > 0 ? `; from ${user.evidence.join(', ')}` : '';
  if (user.mfaDevices.length === 0) return `MFA enabled${evidence}`;
  const kinds = [...new Set(user.mfaDevices.map((device) => device.kind))].join(', ');
  const count = user.mfaDevices.length;
  return `MFA enabled (${count} device${count === 1 ? '' : 's'}: ${kinds}${evidence})`;
}
