import type { Finding, ResourceType, Severity, Status } from '../checks/check.js';
import { severities } from '../checks/check.js';
import { allChecks } from '../checks/index.js';
import type { Summary } from '../scan/evaluate.js';
import { describeWitness, type Witness } from '../policy/witness.js';
import { toolName, toolVersion } from '../version.js';
import { clip, escapeHtml, escapeMarkdown } from './markdownText.js';
import type { ReportInput } from './render.js';

// --format markdown: for pull-request comments and GitHub job summaries. A heading with what was scanned and
// the counts, a table per check, the problems (fail, error, unknown) grouped by check in <details> blocks,
// and with --baseline which problems are new and which are resolved. GitHub rejects comments over 65,535
// characters, so the report stops adding rows before that and ends with how many it left out. Emoji always
// sit beside the word they stand for.

/** GitHub's limit on a comment body; the report, its last line included, is never longer. */
export const MARKDOWN_LIMIT = 65_535;

const PROBLEMS: readonly Status[] = ['fail', 'error', 'unknown'];
const SEVERITY_ICON: Readonly<Record<Severity, string>> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
};
const STATUS_ICON: Readonly<Record<Status, string>> = {
  fail: '❌',
  error: '⚠️',
  unknown: '❓',
  exempt: '➖',
  pass: '✅',
};
const TYPE_NAMES: Readonly<Record<ResourceType, string>> = {
  'AWS::::Account': 'account',
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
  'AWS::IAM::Role': 'role',
  'AWS::IAM::Policy': 'policy',
  'AWS::Organizations::Organization': 'organization',
};
/** Caps that keep the fixed parts of the report small, whatever the scan; the JSON report has it all. */
const MAX_MESSAGE = 1_000;
const MAX_LABEL = 300;
const MAX_ACCOUNT_ROWS = 50;
const MAX_NOTES = 20;
const MAX_NOTE = 300;
const MAX_WITNESS = 500;
const CLOSE_DETAILS = '\n</details>\n';

export interface MarkdownOptions {
  /** The longest report to write, in UTF-16 code units (never fewer than a string's characters). */
  readonly limit?: number;
}

export function renderMarkdown(input: ReportInput, generatedAt: Date, options: MarkdownOptions = {}): string {
  const { findings, summary } = input;
  const problems = findings.filter((finding) => PROBLEMS.includes(finding.status));
  const resolved = summary.baseline?.resolved ?? [];
  const footer = (hiddenFindings: number, hiddenResolved: number): string =>
    `\n… and ${[
      ...(hiddenFindings > 0 || hiddenResolved === 0 ? [`${hiddenFindings} more findings`] : []),
      ...(hiddenResolved > 0 ? [`${hiddenResolved} more resolved findings`] : []),
    ].join(' and ')} not shown (the JSON report, --format json, has them all)\n`;
  const out = new Budget(
    options.limit ?? MARKDOWN_LIMIT,
    CLOSE_DETAILS.length + footer(problems.length, resolved.length).length,
  );

  for (const line of preamble(findings, summary, generatedAt)) if (!out.add(`${line}\n`)) break;

  let shown = 0;
  const orgScan = summary.accounts !== undefined;
  const showLocation = problems.some((finding) => finding.resource.source.kind === 'iac');
  for (const [checkId, own] of problemsByCheck(problems, summary)) {
    if (out.truncated) break;
    const rows = own.map((finding) => findingRow(finding, orgScan, showLocation));
    const header = [
      '<details>',
      `<summary>${groupTitle(checkId, own)}</summary>`,
      '',
      tableHeader([
        'Status',
        'Resource',
        ...(orgScan ? ['Account'] : []),
        ...(showLocation ? ['Location'] : []),
        'Message',
      ]),
      '',
    ].join('\n');
    if (!out.add(`\n${header}${rows[0]}\n`)) break;
    shown += 1;
    for (const row of rows.slice(1)) {
      if (!out.add(`${row}\n`)) break;
      shown += 1;
    }
    out.add(CLOSE_DETAILS, true);
  }

  let resolvedShown = 0;
  if (!out.truncated && resolved.length > 0) {
    const header = [
      '<details>',
      `<summary>✅ ${resolved.length} resolved since the baseline</summary>`,
      '',
      tableHeader(['Check', 'Resource', 'Message']),
      '',
    ].join('\n');
    const rows = resolved.map(
      (gone) =>
        `| ${escapeMarkdown(gone.check)} | ${resourceCell(gone.resource, orgScan)} | ${escapeMarkdown(clip(gone.message, MAX_MESSAGE))} |`,
    );
    if (out.add(`\n${header}${rows[0] ?? ''}\n`)) {
      resolvedShown = 1;
      for (const row of rows.slice(1)) {
        if (!out.add(`${row}\n`)) break;
        resolvedShown += 1;
      }
      out.add(CLOSE_DETAILS, true);
    }
  }

  if (out.truncated) out.add(footer(problems.length - shown, resolved.length - resolvedShown), true);
  return out.text();
}

/** Appends text while it fits under the limit with `reserve` to spare for closing tags and the last line. */
class Budget {
  private readonly parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(
    private readonly limit: number,
    private readonly reserve: number,
  ) {}

  /** False, and truncated from then on, when the text does not fit; `closing` text spends the reserve. */
  add(text: string, closing = false): boolean {
    if (!closing && (this.truncated || this.length + text.length + this.reserve > this.limit)) {
      this.truncated = true;
      return false;
    }
    this.parts.push(text);
    this.length += text.length;
    return true;
  }

  text(): string {
    return this.parts.join('');
  }
}

function preamble(findings: readonly Finding[], summary: Summary, generatedAt: Date): string[] {
  const s = summary.byStatus;
  const icon =
    s.fail + s.error > 0 ? STATUS_ICON.fail : s.unknown > 0 ? STATUS_ICON.unknown : STATUS_ICON.pass;
  const label = clip(summary.label ?? `account ${summary.account}`, MAX_LABEL);
  const lines = [
    `## ${icon} ${toolName}: ${escapeMarkdown(label)}: ${s.fail} failed, ${s.error} errors, ${s.unknown} unknown, ${s.exempt} exempt, ${s.pass} passed`,
  ];
  const baseline = summary.baseline;
  if (baseline)
    lines.push(
      '',
      `Compared with the baseline ${escapeMarkdown(baseline.file)}: **${baseline.new} new**, ${baseline.unchanged} unchanged, ${baseline.resolved.length} resolved`,
    );
  lines.push('', ...checkTable(findings, summary, baseline !== undefined));
  if (summary.accounts) lines.push('', ...accountTable(summary.accounts));
  const notes = noteLines(summary);
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('', `<sub>${escapeHtml(`${toolName} ${toolVersion}, ${generatedAt.toISOString()}`)}</sub>`);
  return lines;
}

function checkTable(findings: readonly Finding[], summary: Summary, withBaseline: boolean): string[] {
  const ids = [...new Set([...summary.checks, ...findings.map((finding) => finding.check)])];
  const statuses: readonly Status[] = ['fail', 'error', 'unknown', 'exempt', 'pass'];
  const rows = ids.map((id) => {
    const check = allChecks.find((candidate) => candidate.id === id);
    const own = findings.filter((finding) => finding.check === id);
    const severity = check?.severity ?? own[0]?.severity;
    const name = check ? `[${escapeMarkdown(id)}](${linkTarget(check.helpUri)})` : escapeMarkdown(id);
    const counts = statuses.map((status) =>
      String(own.filter((finding) => finding.status === status).length),
    );
    const fresh = own.filter((finding) => finding.baseline === 'new').length;
    return `| ${name} | ${severity ? severityText(severity) : ''} | ${counts.join(' | ')} |${withBaseline ? ` ${fresh} |` : ''}`;
  });
  return [
    tableHeader([
      'Check',
      'Severity',
      'Failed',
      'Errors',
      'Unknown',
      'Exempt',
      'Passed',
      ...(withBaseline ? ['New'] : []),
    ]),
    ...rows,
  ];
}

function accountTable(accounts: NonNullable<Summary['accounts']>): string[] {
  const problemsOf = (account: (typeof accounts)[number]): number =>
    account.byStatus ? account.byStatus.fail + account.byStatus.error + account.byStatus.unknown : 0;
  // Accounts that were not scanned, then the ones with the most problems: what a cut must not hide.
  const ordered = [...accounts].sort(
    (a, b) =>
      Number(a.status === 'scanned') - Number(b.status === 'scanned') || problemsOf(b) - problemsOf(a),
  );
  const rows = ordered.slice(0, MAX_ACCOUNT_ROWS).map((account) => {
    const status = `${account.status}${account.reason ? `: ${account.reason}` : ''}`;
    const counts = (['fail', 'error', 'unknown', 'exempt', 'pass'] as const).map((key) =>
      account.byStatus ? String(account.byStatus[key]) : '–',
    );
    return `| ${escapeMarkdown(account.id)} | ${escapeMarkdown(clip(account.name, 100))} | ${escapeMarkdown(clip(status, MAX_NOTE))} | ${counts.join(' | ')} |`;
  });
  const more = accounts.length - rows.length;
  return [
    tableHeader(['Account', 'Name', 'Scan', 'Failed', 'Errors', 'Unknown', 'Exempt', 'Passed']),
    ...rows,
    ...(more > 0 ? ['', `… and ${more} more accounts not shown`] : []),
  ];
}

function noteLines(summary: Summary): string[] {
  const notes = [
    ...(summary.interrupted
      ? [`error: incomplete: ${summary.interrupted}; what was not read is unknown or error`]
      : []),
    ...(summary.inputErrors ?? []).map((error) => `error: ${error}`),
    ...summary.collectionIssues.map((issue) => `note: ${issue.what}: ${issue.reason}`),
    ...(summary.notApplicable.length > 0
      ? [`note: not applicable to this input (live device state): ${summary.notApplicable.join(', ')}`]
      : []),
    ...(summary.credentialReportGeneratedAt
      ? [`note: credential report generated ${summary.credentialReportGeneratedAt}`]
      : []),
  ];
  const shown = notes.slice(0, MAX_NOTES).map((note) => `- ${escapeMarkdown(clip(note, MAX_NOTE))}`);
  const more = notes.length - shown.length;
  return more > 0 ? [...shown, `- … and ${more} more notes not shown`] : shown;
}

/** Problems by check, the most severe checks first, then in the summary's order; new before unchanged. */
function problemsByCheck(problems: readonly Finding[], summary: Summary): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of problems) {
    const own = groups.get(finding.check);
    if (own) own.push(finding);
    else groups.set(finding.check, [finding]);
  }
  const position = (id: string): number => {
    const index = summary.checks.indexOf(id);
    return index < 0 ? summary.checks.length : index;
  };
  const rank = (finding: Finding): number =>
    PROBLEMS.indexOf(finding.status) * 2 + (finding.baseline === 'new' ? 0 : 1);
  return [...groups.entries()]
    .map(([id, own]): [string, Finding[]] => [id, [...own].sort((a, b) => rank(a) - rank(b))])
    .sort(
      ([a, own], [b, other]) =>
        severities.indexOf((own[0] as Finding).severity) -
          severities.indexOf((other[0] as Finding).severity) || position(a) - position(b),
    );
}

function groupTitle(checkId: string, own: readonly Finding[]): string {
  const check = allChecks.find((candidate) => candidate.id === checkId);
  const severity = (own[0] as Finding).severity;
  const counts = PROBLEMS.map(
    (status) => [status, own.filter((finding) => finding.status === status).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(
      ([status, count]) =>
        `${count} ${status === 'fail' ? 'failed' : status === 'error' ? 'errors' : status}`,
    );
  const fresh = own.filter((finding) => finding.baseline === 'new').length;
  const parts = [
    `${SEVERITY_ICON[severity]} ${severity}`,
    `<b>${escapeHtml(checkId)}</b>: ${counts.join(', ')}${fresh > 0 ? ` (${fresh} new)` : ''}`,
    ...(check ? [escapeHtml(check.title)] : []),
  ];
  return parts.join(' · ');
}

function findingRow(finding: Finding, orgScan: boolean, showLocation: boolean): string {
  const source = finding.resource.source;
  const status = `${STATUS_ICON[finding.status]} ${finding.status}${finding.baseline === 'new' ? ' · 🆕 **new**' : ''}`;
  const witness = witnessLine(finding.details?.witness);
  const cells = [
    status,
    resourceCell(finding.resource, false),
    ...(orgScan ? [escapeMarkdown(finding.resource.account)] : []),
    ...(showLocation
      ? [source.kind === 'iac' ? `<code>${escapeMarkdown(`${source.file}:${source.line}`)}</code>` : '']
      : []),
    `${escapeMarkdown(clip(finding.message, MAX_MESSAGE))}${witness ? `<br>${witness}` : ''}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function resourceCell(resource: { type: string; name: string; arn: string }, withArn: boolean): string {
  const type = TYPE_NAMES[resource.type as ResourceType] ?? resource.type;
  const arn = withArn && resource.arn ? ` <code>${escapeMarkdown(resource.arn)}</code>` : '';
  return `<code>${escapeMarkdown(resource.name)}</code> ${escapeMarkdown(type)}${arn}`;
}

/**
 * `details.witness`: one request that gets through without MFA, in the words every report uses. Read
 * defensively: details are check-specific, and a shape this report does not know is left out, not guessed at.
 */
function witnessLine(witness: unknown): string | undefined {
  if (!isWitness(witness)) return undefined;
  return `witness: ${escapeMarkdown(clip(describeWitness(witness), MAX_WITNESS))}`;
}

function isWitness(value: unknown): value is Witness {
  const record = (candidate: unknown): candidate is Record<string, unknown> =>
    typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
  if (!record(value) || !record(value.allowedBy)) return false;
  const { credential, action, resource, allowedBy, context, undecided } = value;
  return (
    typeof credential === 'string' &&
    typeof action === 'string' &&
    typeof resource === 'string' &&
    typeof allowedBy.policy === 'string' &&
    typeof allowedBy.statement === 'string' &&
    (!value.conditional ||
      (record(context) && Array.isArray(undecided) && undecided.every((key) => typeof key === 'string')))
  );
}

function severityText(severity: Severity): string {
  return `${SEVERITY_ICON[severity]} ${severity}`;
}

function tableHeader(columns: readonly string[]): string {
  return `| ${columns.join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`;
}

/** A link destination: our help URIs are plain, but a space or parenthesis would end the link early. */
function linkTarget(uri: string): string {
  return uri.replace(/[\s()<>]/g, (char) => encodeURIComponent(char));
}
