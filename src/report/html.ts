// `--format html`: one self-contained file (inline CSS and script, no request leaves it, works opened from
// disk) with summary cards, a chart per check, per-check sections and filterable, sortable findings tables.
// The summary, chart and sections are rendered here, escaped; the findings travel as JSON data that the
// script lists with DOM calls, a page at a time. A Content-Security-Policy allows the report's own style and
// script by hash and forbids every fetch.

import { createHash } from 'node:crypto';
import type { Finding } from '../checks/check.js';
import { allChecks } from '../checks/index.js';
import { toolName, toolVersion } from '../version.js';
import { renderChart } from './html/chart.js';
import { checkSection, unknownCheck, type CheckInfo } from './html/checkSection.js';
import { clientData, jsonForScript } from './html/data.js';
import { markup, trustedHtml } from './html/escape.js';
import { filtersForm } from './html/filters.js';
import { STATUS_ORDER, countByStatus } from './html/labels.js';
import { REPORT_JS } from './html/script.js';
import { NOSCRIPT_CSS, REPORT_CSS } from './html/style.js';
import {
  accountsSection,
  notesSection,
  resolvedSection,
  scopeList,
  scopeName,
  summaryCards,
} from './html/summary.js';
import type { ReportInput } from './render.js';

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Nothing may be fetched; only the report's own inline style and script may apply. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(REPORT_CSS)} ${sha256(NOSCRIPT_CSS)}`,
  `script-src ${sha256(REPORT_JS)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The checks to give sections to: the summary's, in its order, then any other a finding names. */
function sectionChecks(summaryChecks: readonly string[], byCheck: ReadonlyMap<string, readonly Finding[]>) {
  const known = new Map(allChecks.map((check) => [check.id, check]));
  const ids = [...new Set([...summaryChecks, ...byCheck.keys()])];
  return ids.map(
    (id): CheckInfo => known.get(id) ?? unknownCheck(id, byCheck.get(id)?.[0]?.severity ?? 'medium'),
  );
}

/** Problems first, then by resource name: the order a check's table starts in (Status ascending). */
function initialOrder(findings: readonly Finding[]): Finding[] {
  const rank = (finding: Finding): number => STATUS_ORDER.indexOf(finding.status);
  const name = (finding: Finding): string => finding.resource.name;
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0),
  );
}

export function renderHtml(input: ReportInput, generatedAt: Date): string {
  const { findings, summary } = input;
  const byCheck = new Map<string, Finding[]>();
  for (const finding of findings) {
    const own = byCheck.get(finding.check);
    if (own) own.push(finding);
    else byCheck.set(finding.check, [finding]);
  }
  const names = new Map((summary.accounts ?? []).map((account) => [account.id, account.name]));
  const accountLabels: Record<string, string> = {};
  for (const finding of findings) {
    const id = finding.resource.account;
    const name = names.get(id);
    if (name && name !== id) accountLabels[id] = `${id} (${name})`;
  }
  const accountLabel = (id: string): string => accountLabels[id] ?? id;
  const checks = sectionChecks(summary.checks, byCheck);
  const ordered = checks.flatMap((check) => initialOrder(byCheck.get(check.id) ?? []));
  const data = clientData(
    checks.map((check) => check.id),
    ordered,
    accountLabels,
  );
  const counts = checks.map((check) => countByStatus(byCheck.get(check.id) ?? []));
  const sections = checks.map((check, index) =>
    checkSection(check, index, counts[index] ?? countByStatus([]), byCheck.get(check.id)?.length ?? 0),
  );
  const chart = renderChart(
    checks.map((check, index) => ({ check: check.id, counts: counts[index] ?? countByStatus([]) })),
  );
  const tool = `${toolName} ${toolVersion}`;
  const title = `MFA report: ${scopeName(summary)}`;
  const at = generatedAt.toISOString();

  return markup`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${tool}">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${trustedHtml(REPORT_CSS)}</style>
<noscript><style>${trustedHtml(NOSCRIPT_CSS)}</style></noscript>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
<header>
<h1>${title}</h1>
${scopeList(input, generatedAt, tool)}
</header>
<main>
<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>${summaryCards(summary)}</section>
<section aria-labelledby="chart-h"><h2 id="chart-h">Results per check</h2>${chart}</section>
${notesSection(input)}
${accountsSection(summary)}
${resolvedSection(summary)}
<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>
<noscript><p>Scripts are off, and listing the findings needs them: the summary and chart above are complete, and --format markdown or csv lists every finding without scripts.</p></noscript>
${filtersForm(findings, checks, accountLabel)}
<p id="shown" class="shown" role="status"></p>
${sections}</section>
</main>
<footer>${`Generated by ${tool} on ${at}.`}</footer>
<div id="live" class="vh" aria-live="polite"></div>
<script type="application/json" id="report-data">${trustedHtml(jsonForScript(data))}</script>
<script>${trustedHtml(REPORT_JS)}</script>
</body>
</html>
`.value;
}
