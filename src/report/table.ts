import type { Finding, Status } from '../checks/check.js';
import { allChecks } from '../checks/index.js';
import { describeWitness, isWitness } from '../policy/index.js';
import type { Summary } from '../scan/evaluate.js';

// The terminal view: one block per check, problems first, a summary line last. Colour only when asked
// (the CLI asks on a TTY without NO_COLOR), so piped output stays plain text. A finding that carries a
// witness (a request that succeeds without MFA) shows it on the line below, under the message.

const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'unknown', 'exempt', 'pass'];
const COLOURS: Record<Status, string> = { fail: '31', error: '35', unknown: '33', exempt: '36', pass: '32' };

export interface TableOptions {
  readonly colour: boolean;
  /** Show passing resources too; otherwise they are counted, not listed. */
  readonly showPassed?: boolean;
}

export function renderTable(findings: readonly Finding[], summary: Summary, options: TableOptions): string {
  const paint = (status: Status, text: string): string =>
    options.colour ? `\u001b[${COLOURS[status]}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  for (const checkId of summary.checks) {
    const check = allChecks.find((c) => c.id === checkId);
    const own = findings.filter((finding) => finding.check === checkId);
    const counts = STATUS_ORDER.filter((status) => own.some((f) => f.status === status))
      .map((status) => `${own.filter((f) => f.status === status).length} ${status}`)
      .join(', ');
    lines.push(`${checkId} [${check?.severity ?? '?'}] ${check?.title ?? ''} (${counts || 'no resources'})`);
    const shown = own
      .filter((finding) => options.showPassed || finding.status !== 'pass')
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
    // Several accounts (an organization scan): the name alone is ambiguous.
    const nameOf = (finding: Finding): string =>
      summary.accounts &&
      finding.resource.type !== 'AWS::::Account' &&
      finding.resource.type !== 'AWS::Organizations::Organization'
        ? `${finding.resource.account}/${finding.resource.name}`
        : finding.resource.name;
    const width = Math.max(0, ...shown.map((finding) => nameOf(finding).length));
    for (const finding of shown) {
      const source = finding.resource.source;
      const where = source.kind === 'iac' ? `  (${source.file}:${source.line})` : '';
      lines.push(
        `  ${paint(finding.status, finding.status.toUpperCase().padEnd(7))} ${nameOf(finding).padEnd(width)}  ${finding.message}${where}`,
      );
      const witness = finding.details?.witness;
      if (isWitness(witness)) lines.push(`${' '.repeat(12 + width)}witness: ${describeWitness(witness)}`);
    }
    lines.push('');
  }
  const notes = [
    ...(summary.interrupted
      ? [`error: incomplete: ${summary.interrupted}; what was not read is unknown or error`]
      : []),
    ...(summary.inputErrors ?? []).map((error) => `error: ${error}`),
    ...summary.collectionIssues.map((issue) => `note: ${issue.what}: ${issue.reason}`),
  ];
  for (const account of summary.accounts ?? []) {
    if (account.status !== 'scanned')
      notes.push(
        `note: account ${account.id} (${account.name}) ${account.status}${account.reason ? `: ${account.reason}` : ''}`,
      );
  }
  if (summary.notApplicable.length > 0) {
    notes.push(`note: not applicable to this input (live device state): ${summary.notApplicable.join(', ')}`);
  }
  if (summary.credentialReportGeneratedAt) {
    notes.unshift(`note: credential report generated ${summary.credentialReportGeneratedAt}`);
  }
  lines.push(...notes);
  if (notes.length > 0) lines.push('');
  const s = summary.byStatus;
  lines.push(
    `${summary.label ?? `account ${summary.account}`}: ${summary.total} results: ${s.fail} failed, ${s.error} errors, ${s.unknown} unknown, ${s.exempt} exempt, ${s.pass} passed`,
  );
  return `${lines.join('\n')}\n`;
}
