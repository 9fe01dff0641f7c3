// A check's section of the HTML report: its title, severity, counts, rationale, compliance ids and
// documentation link, and an empty findings table with sortable headers that the script fills from the
// embedded data (a page at a time, so 10,000 findings do not become 10,000 rows at once).

import type { Check, Severity, Status } from '../../checks/check.js';
import { markup, type SafeHtml } from './escape.js';
import { FINDING_COLUMNS, countsText } from './labels.js';

/** What a section needs to know about its check; a check id the report does not know gets a bare section. */
export type CheckInfo = Pick<Check, 'id' | 'title' | 'severity' | 'rationale' | 'compliance'> & {
  readonly helpUri?: string;
};

export function unknownCheck(id: string, severity: Severity): CheckInfo {
  return { id, title: id, severity, rationale: '', compliance: [] };
}

function findingsTable(check: CheckInfo, id: string, total: number): SafeHtml {
  if (total === 0) return markup`<p>No resources to check.</p>`;
  const headers = FINDING_COLUMNS.map(
    (column, index) =>
      markup`<th scope="col"${index === 0 ? markup` aria-sort="ascending"` : ''}><button type="button" class="sort" data-column="${index}">${column}</button></th>`,
  );
  return markup`<p class="empty-filter" hidden>No findings of this check match the filters.</p><table class="findings" id="${id}-table" hidden><caption class="vh">${`Findings of ${check.id}`}</caption><thead><tr>${headers}</tr></thead></table><p class="more" hidden><span class="more-text"></span> <button type="button" class="show-more">Show 100 more</button> <button type="button" class="show-all">Show all</button></p>`;
}

export function checkSection(
  check: CheckInfo,
  index: number,
  counts: Readonly<Record<Status, number>>,
  total: number,
): SafeHtml {
  const id = `check-${index}`;
  const rationale = check.rationale && markup`<p class="rationale">${check.rationale}</p>`;
  const compliance =
    check.compliance.length > 0 &&
    markup`<ul class="compliance" aria-label="Compliance ids">${check.compliance.map((item) => markup`<li>${item}</li>`)}</ul>`;
  const help =
    check.helpUri && markup`<p><a href="${check.helpUri}" rel="noopener noreferrer">About this check</a></p>`;
  return markup`<section class="check" id="${id}" data-check="${index}" data-severity="${check.severity}" aria-labelledby="${id}-h"><div class="check-head"><h3 id="${id}-h">${check.title}</h3><span class="check-id">${check.id}</span><span class="badge sev-${check.severity}">${`severity: ${check.severity}`}</span><span class="muted">${countsText(counts)}</span><span class="muted shown-in-check"></span></div>${rationale}${compliance}${help}${findingsTable(check, id, total)}</section>\n`;
}
