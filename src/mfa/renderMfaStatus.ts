import type { MfaStatus, MfaStatusEntry } from './mfaStatus.js';

// The two views of `mfa status`: a table for people (root first, then users, then unassigned devices, with a
// count line), and JSON for scripts (one flat entry per device, or per user without one).

export const MFA_STATUS_SCHEMA_VERSION = 1;

export function renderMfaStatusJson(status: MfaStatus): string {
  return `${JSON.stringify({ schemaVersion: MFA_STATUS_SCHEMA_VERSION, ...status }, null, 2)}\n`;
}

export function renderMfaStatusTable(status: MfaStatus): string {
  const header = ['USER', 'KIND', 'ENABLED', 'SERIAL'];
  const rows = status.entries.map((entry) => [
    who(entry),
    entry.kind,
    entry.enableDate ?? '-',
    entry.serial ?? '-',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line), '', summary(status), ''].join('\n');
}

function who(entry: MfaStatusEntry): string {
  if (entry.principal === 'root') return '<root>';
  if (entry.principal === 'unassigned') return '(unassigned)';
  return entry.user ?? '';
}

function summary(status: MfaStatus): string {
  const users = new Map<string, boolean>();
  for (const entry of status.entries)
    if (entry.principal === 'user' && entry.user !== null)
      users.set(entry.user, (users.get(entry.user) ?? false) || entry.kind !== 'none');
  const withMfa = [...users.values()].filter(Boolean).length;
  const unassigned = status.entries.filter((entry) => entry.principal === 'unassigned').length;
  const parts = [
    `account ${status.account}: ${users.size} user${users.size === 1 ? '' : 's'}, ${withMfa} with MFA, ` +
      `${users.size - withMfa} without`,
  ];
  if (unassigned > 0)
    parts.push(
      `${unassigned} unassigned virtual device${unassigned === 1 ? '' : 's'} (left over from enrolments that ` +
        'did not finish; delete with `aws iam delete-virtual-mfa-device --serial-number SERIAL`)',
    );
  return parts.join('; ');
}
