import { randomBytes } from 'node:crypto';

// Run ids sort by time and are unique enough for one operator's journal: 20261201T235500Z-3fa9c2.

export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
