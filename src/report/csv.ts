import type { Finding } from '../checks/check.js';
import type { ReportInput } from './render.js';

// --format csv: RFC 4180 for spreadsheets and scripts. One row per finding (passes included, as in the JSON
// report) under a header row; CRLF after every record; a field is quoted only when it holds a quote, comma,
// CR or LF, with quotes doubled. The columns are a contract: new ones are only ever appended at the end.
// UTF-8 without a byte order mark: a BOM would end up in the first header name for every script that reads
// the file or the piped output (`cut`, `awk`, csv modules without utf-8-sig); Excel users import the file
// through Data > From Text/CSV and pick UTF-8 there.
// A spreadsheet runs a cell that starts with =, +, - or @ as a formula, and IAM names may start with any of
// them (`[\w+=,.@-]+`), so such cells, and cells starting with TAB or CR, get a leading single quote
// (OWASP's advice against CSV injection): "-5 days" is written as "'-5 days".

export const CSV_COLUMNS = [
  'check',
  'status',
  'severity',
  'account',
  'type',
  'name',
  'arn',
  'file',
  'line',
  'message',
  'compliance',
  // Appended after the first release of the columns: `new` or `unchanged` with --baseline on fail, error
  // and unknown findings, empty otherwise. Always present, so the header does not depend on the flags.
  'baseline',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function renderCsv(input: ReportInput): string {
  const rows = [CSV_COLUMNS as readonly string[], ...input.findings.map(csvRow)];
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** The cells of one finding, before neutralising and quoting, in CSV_COLUMNS order. */
export function csvRow(finding: Finding): string[] {
  const { resource } = finding;
  const source = resource.source;
  const cells: Record<CsvColumn, string> = {
    check: finding.check,
    status: finding.status,
    severity: finding.severity,
    account: resource.account,
    type: resource.type,
    name: resource.name,
    arn: resource.arn,
    file: source.kind === 'aws' ? '' : source.file,
    line: source.kind === 'iac' ? String(source.line) : '',
    message: finding.message,
    compliance: finding.compliance.join('; '),
    baseline: finding.baseline ?? '',
  };
  return CSV_COLUMNS.map((column) => cells[column]);
}

/** One field: neutralised against formula injection, then quoted if RFC 4180 requires it. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
