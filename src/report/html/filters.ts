// The HTML report's filter form: status and severity checkboxes, check and account lists, a search box. It
// starts hidden (the script shows it), and passes start unticked unless there is nothing else to show.

import { severities, type Finding, type Severity } from '../../checks/check.js';
import type { CheckInfo } from './checkSection.js';
import { markup, type SafeHtml } from './escape.js';
import { STATUS_LABEL, STATUS_ORDER, countByStatus } from './labels.js';

function checkbox(name: string, value: string, label: string, checked: boolean): SafeHtml {
  return markup`<label><input type="checkbox" name="${name}" value="${value}"${checked ? markup` checked` : ''}> ${label}</label>`;
}

export function filtersForm(
  findings: readonly Finding[],
  checks: readonly CheckInfo[],
  accountLabel: (id: string) => string,
): SafeHtml {
  const byStatus = countByStatus(findings);
  const bySeverity = new Map<Severity, number>();
  const accounts = new Set<string>();
  for (const finding of findings) {
    bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    accounts.add(finding.resource.account);
  }
  const showPasses = byStatus.pass === findings.length;
  const statusBoxes = STATUS_ORDER.map((status) => {
    const { icon, word } = STATUS_LABEL[status];
    return checkbox(
      'status',
      status,
      `${icon} ${word} (${byStatus[status]})`,
      status !== 'pass' || showPasses,
    );
  });
  const severityBoxes = severities.map((severity) =>
    checkbox('severity', severity, `${severity} (${bySeverity.get(severity) ?? 0})`, true),
  );
  const checkOptions = checks.map((check, index) => markup`<option value="${index}">${check.id}</option>`);
  const accountOptions = [...accounts]
    .sort()
    .map((account) => markup`<option value="${account}">${accountLabel(account)}</option>`);
  return markup`<form id="filters" class="controls" hidden aria-label="Filter findings"><fieldset><legend>Status</legend>${statusBoxes}</fieldset><fieldset><legend>Severity</legend>${severityBoxes}</fieldset><div class="field"><label for="filter-check">Check</label><select id="filter-check"><option value="">All checks</option>${checkOptions}</select></div><div class="field"><label for="filter-account">Account</label><select id="filter-account"><option value="">All accounts</option>${accountOptions}</select></div><div class="field"><label for="filter-search">Search</label><input type="search" id="filter-search" placeholder="name, ARN or message" autocomplete="off"></div><div class="actions"><button type="reset">Reset filters</button><button type="button" id="expand-all">Expand shown</button><button type="button" id="collapse-all">Collapse all</button></div></form>`;
}
