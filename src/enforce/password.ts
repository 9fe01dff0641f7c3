import { randomInt } from 'node:crypto';

// A console password for a restored login profile: 24 characters from every class an account password
// policy may require, drawn with a CSPRNG. The user must change it at the next sign-in.

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%^&*()-_=+[]{}'];
const LENGTH = 24;

export function newPassword(): string {
  const all = CLASSES.join('');
  const chars = CLASSES.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < LENGTH) chars.push(all[randomInt(all.length)] as string);
  // Fisher-Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
