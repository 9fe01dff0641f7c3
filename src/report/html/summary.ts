// The top of the HTML report: what was scanned and when, cards by status and by severity, and the notes a
// reader needs before trusting the numbers (unreadable inputs, collection issues, accounts not scanned,
// checks not applicable, the baseline comparison).

import { severities } from '../../checks/check.js';
import type { Summary } from '../../scan/evaluate.js';
import type { ReportInput } from '../render.js';
import { markup, type SafeHtml } from './escape.js';
import { STATUS_LABEL, STATUS_ORDER, statusBadge } from './labels.js';

/** What the report is about, in a few words: for the title and the heading. */
export function scopeName(summary: Summary): string {
  if (summary.label) return summary.label;
  if (summary.organization) return `organization ${summary.organization.id}`;
  return `account ${summary.account}`;
}

export function scopeList(input: ReportInput, generatedAt: Date, tool: string): SafeHtml {
  const { summary } = input;
  const items: [string, SafeHtml | string][] = [];
  if (summary.organization) {
    const { id, managementAccountId } = summary.organization;
    items.push(['Organization', `${id} (management account ${managementAccountId})`]);
  } else if (summary.label) items.push(['Scanned', summary.label]);
  else items.push(['Account', summary.account]);
  const at = generatedAt.toISOString();
  items.push(['Generated', markup`<time datetime="${at}">${at}</time>`]);
  if (summary.credentialReportGeneratedAt)
    items.push(['Credential report', summary.credentialReportGeneratedAt]);
  items.push(['Checks', `${summary.checks.length} run, ${summary.total} results`]);
  if (input.requests) items.push(['AWS requests', String(input.requests.total)]);
  items.push(['Tool', tool]);
  return markup`<dl class="scope">${items.map(([term, value]) => markup`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

export function summaryCards(summary: Summary): SafeHtml {
  const statusCards = STATUS_ORDER.map(
    (status) =>
      markup`<li class="card s-${status}"><span class="n">${summary.byStatus[status]}</span>${statusBadge(status)}</li>`,
  );
  const severityCards = severities.map((severity) => {
    const unknown = summary.unknownBySeverity[severity];
    return markup`<li class="card sev"><span class="n">${summary.failedBySeverity[severity]}</span><span class="sev-${severity}">${severity}</span> failed or errored${
      unknown > 0 && markup`<br><span class="muted">${`${unknown} unknown`}</span>`
    }</li>`;
  });
  const baseline =
    summary.baseline &&
    markup`<p>${`Compared with the baseline ${summary.baseline.file}: ${summary.baseline.new} new, ${summary.baseline.unchanged} unchanged, ${summary.baseline.resolved.length} resolved.`}</p>`;
  return markup`<h3 id="by-status">By status</h3><ul class="cards" aria-labelledby="by-status">${statusCards}</ul><h3 id="by-severity">Problems by severity</h3><ul class="cards" aria-labelledby="by-severity">${severityCards}</ul>${baseline}`;
}

function inputErrorTexts(input: ReportInput): readonly string[] {
  if (input.summary.inputErrors) return input.summary.inputErrors;
  return (input.inputErrors ?? []).map((error) => {
    const line = error.line !== undefined ? `:${error.line}` : '';
    const column = error.line !== undefined && error.column !== undefined ? `:${error.column}` : '';
    return `${error.file}${line}${column}: ${error.message}`;
  });
}

export function notesSection(input: ReportInput): SafeHtml | undefined {
  const { summary } = input;
  const notes: SafeHtml[] = [
    ...(summary.interrupted
      ? [
          markup`<li><strong>Incomplete scan:</strong> ${summary.interrupted}; what was not read is unknown or error</li>`,
        ]
      : []),
    ...inputErrorTexts(input).map((error) => markup`<li><strong>Input error:</strong> ${error}</li>`),
    ...summary.collectionIssues.map(
      (issue) => markup`<li><strong>Could not read</strong> ${issue.what}: ${issue.reason}</li>`,
    ),
  ];
  if (summary.notApplicable.length > 0) {
    notes.push(
      markup`<li>Not applicable to this input (live device state): ${summary.notApplicable.join(', ')}</li>`,
    );
  }
  if (notes.length === 0) return undefined;
  return markup`<section aria-labelledby="notes-h"><h2 id="notes-h">Notes</h2><ul class="notes">${notes}</ul></section>`;
}

export function accountsSection(summary: Summary): SafeHtml | undefined {
  const accounts = summary.accounts;
  if (!accounts || accounts.length === 0) return undefined;
  // Count columns only when the scan counted per account.
  const counted = accounts.some((account) => account.byStatus !== undefined);
  const head =
    counted && STATUS_ORDER.map((status) => markup`<th scope="col">${STATUS_LABEL[status].word}</th>`);
  const rows = accounts.map((account) => {
    const counts = counted && STATUS_ORDER.map((status) => markup`<td>${account.byStatus?.[status]}</td>`);
    const scan = account.reason ? `${account.status}: ${account.reason}` : account.status;
    return markup`<tr><th scope="row">${account.id}</th><td>${account.name}</td><td>${scan}</td>${counts}</tr>`;
  });
  return markup`<section aria-labelledby="accounts-h"><h2 id="accounts-h">Accounts</h2><table class="findings accounts"><thead><tr><th scope="col">Account</th><th scope="col">Name</th><th scope="col">Scan</th>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function resolvedSection(summary: Summary): SafeHtml | undefined {
  const resolved = summary.baseline?.resolved ?? [];
  if (resolved.length === 0) return undefined;
  const items = resolved.map(
    (item) =>
      markup`<li><code>${item.check}</code> ${item.resource.name} <span class="muted">(${item.resource.arn})</span>: ${item.message}</li>`,
  );
  return markup`<section aria-labelledby="resolved-h"><h2 id="resolved-h">Resolved since the baseline</h2><ul class="notes">${items}</ul></section>`;
}
