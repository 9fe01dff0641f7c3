import { InputError } from '../../errors.js';
import type { DateLike, RawCredentialReport } from './iamSnapshot.js';

// The credential report is a CSV whose columns AWS documents; we read the few that MFA needs, by header name,
// and refuse a report that lacks them instead of guessing.

export const ROOT_ROW_USER = '<root_account>';

export interface CredentialReportRow {
  readonly user: string;
  readonly arn: string;
  readonly userCreationTime: string;
  /** `not_supported` in the root row. */
  readonly passwordEnabled: boolean | 'not_supported';
  readonly mfaActive: boolean;
  readonly accessKey1Active: boolean;
  readonly accessKey2Active: boolean;
  /** 1-based line in the CSV, for error messages. */
  readonly line: number;
}

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'mfa_active',
  'access_key_1_active',
  'access_key_2_active',
] as const;

// One report is read by the collector (to validate it and to pick users for per-user calls) and by the model
// builder; at 10,000 users parsing it once matters, so the result (or the error) is kept per report object.
const parsed = new WeakMap<RawCredentialReport, CredentialReportRow[] | InputError>();

export function parseCredentialReport(report: RawCredentialReport): CredentialReportRow[] {
  let result = parsed.get(report);
  if (!result) {
    try {
      result = parseRows(report);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      result = error;
    }
    parsed.set(report, result);
  }
  if (result instanceof InputError) throw result;
  return result;
}

function parseRows(report: RawCredentialReport): CredentialReportRow[] {
  const lines = report.csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = REQUIRED_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new InputError(
      `credential report is missing column(s) ${missing.join(', ')}; expected the CSV header AWS documents (user,arn,user_creation_time,password_enabled,...,mfa_active,...)`,
      `${report.origin}:1`,
    );
  }
  const rows: CredentialReportRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '') continue;
    const cells = splitCsvLine(text);
    const location = `${report.origin}:${i + 1}`;
    if (cells.length < header.length) {
      throw new InputError(
        `credential report row has ${cells.length} fields, the header has ${header.length}`,
        location,
      );
    }
    const cell = (column: (typeof REQUIRED_COLUMNS)[number]): string =>
      cells[index.get(column) as number] ?? '';
    const password = cell('password_enabled');
    rows.push({
      user: cell('user'),
      arn: cell('arn'),
      userCreationTime: cell('user_creation_time'),
      // Only the root row may say not_supported; read anywhere else it would pass as "no console password".
      passwordEnabled:
        password === 'not_supported' && cell('user') === ROOT_ROW_USER
          ? 'not_supported'
          : parseBool(password, 'password_enabled', location),
      mfaActive: parseBool(cell('mfa_active'), 'mfa_active', location),
      accessKey1Active: parseBool(cell('access_key_1_active'), 'access_key_1_active', location),
      accessKey2Active: parseBool(cell('access_key_2_active'), 'access_key_2_active', location),
      line: i + 1,
    });
  }
  return rows;
}

function parseBool(value: string, column: string, location: string): boolean {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false') return false;
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  throw new InputError(`column ${column} is ${JSON.stringify(shown)}, expected true or false`, location);
}

/** Splits one CSV line; AWS quotes no fields today, but a quoted field with commas must not shift columns. */
function splitCsvLine(line: string): string[] {
  // No quote: every comma separates (the common case, split natively).
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  return cells;
}

/**
 * Whether a report row describes the user that exists now, not an earlier user deleted and re-created under
 * the same name since the report. The report truncates to the second; the SDK rounds CreateDate to the
 * millisecond, which can carry it into the next second (.9996 s becomes 1.000 s). Unparseable: not the same.
 */
export function rowDescribesUser(row: CredentialReportRow, created: DateLike | undefined): boolean {
  if (created === undefined) return false;
  const reported = Date.parse(row.userCreationTime);
  const current = created instanceof Date ? created.getTime() : Date.parse(created);
  if (Number.isNaN(reported) || Number.isNaN(current)) return false;
  return Math.abs(reported - current) <= 1000;
}
