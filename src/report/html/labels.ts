// Names the HTML report shows for statuses and columns, shared by the server-side markup and (through the
// embedded data) the script: an icon letter and a word for every status, so colour is never the only signal.

import type { Status } from '../../checks/check.js';
import { markup, type SafeHtml } from './escape.js';

export const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'unknown', 'exempt', 'pass'];

export const STATUS_LABEL: Readonly<Record<Status, { readonly icon: string; readonly word: string }>> = {
  fail: { icon: '\u2717', word: 'Fail' },
  error: { icon: '!', word: 'Error' },
  unknown: { icon: '?', word: 'Unknown' },
  exempt: { icon: '\u2013', word: 'Exempt' },
  pass: { icon: '\u2713', word: 'Pass' },
};

/** The columns of every findings table, in order; the script sorts by the same index. */
export const FINDING_COLUMNS = ['Status', 'Resource', 'Type', 'Account', 'Message'] as const;

export function statusBadge(status: Status): SafeHtml {
  const label = STATUS_LABEL[status];
  return markup`<span class="status s-${status}"><span class="icon" aria-hidden="true">${label.icon}</span>${label.word}</span>`;
}

export function countByStatus(findings: readonly { readonly status: Status }[]): Record<Status, number> {
  const counts: Record<Status, number> = { fail: 0, error: 0, unknown: 0, exempt: 0, pass: 0 };
  for (const finding of findings) counts[finding.status]++;
  return counts;
}

export function countsText(counts: Readonly<Record<Status, number>>): string {
  const parts = STATUS_ORDER.filter((status) => counts[status] > 0).map(
    (status) => `${counts[status]} ${status}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'no resources';
}
