import { InputError } from '../../errors.js';
import { parseCredentialReport } from '../snapshot/credentialReport.js';
import type { RawCredentialReport } from '../snapshot/iamSnapshot.js';
import { CREDENTIAL_REPORT_JSON } from './exportFiles.js';
import { readExportShape } from './exportShape.js';
import { credentialReportJsonSchema } from './exportSchemas.js';

// The credential report arrives either as the aws CLI writes it (JSON, CSV in base64 in Content) or as the
// decoded CSV. Both are parsed here once, eagerly, so a report with missing columns fails when the export is
// loaded, with its line, and not halfway through a scan.

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function credentialReportFromJson(value: unknown, path: string): RawCredentialReport {
  const shape = readExportShape(credentialReportJsonSchema, value, path, CREDENTIAL_REPORT_JSON);
  if (shape.ReportFormat !== undefined && shape.ReportFormat !== 'text/csv') {
    throw new InputError(`ReportFormat is "${shape.ReportFormat}", expected "text/csv"`, path);
  }
  const csv = decodeBase64Text(shape.Content, path);
  // Line numbers from the CSV parser count lines of the decoded Content, not of the JSON file.
  return validated({ csv, generatedTime: shape.GeneratedTime, origin: `${path} (decoded Content)` });
}

export function credentialReportFromCsv(csv: string, path: string): RawCredentialReport {
  return validated({ csv, origin: path });
}

function validated(report: RawCredentialReport): RawCredentialReport {
  parseCredentialReport(report);
  return report;
}

function decodeBase64Text(content: string, path: string): string {
  const compact = content.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new InputError(
      `Content is not base64 text; expected the base64-encoded CSV written by: ${CREDENTIAL_REPORT_JSON.command}`,
      path,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    throw new InputError('Content does not decode to UTF-8 text; expected a CSV credential report', path);
  }
}
