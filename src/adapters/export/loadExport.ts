import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { unknownValue, isUnknown, type Maybe } from '../../model/unknown.js';
import { accountFromArn } from '../snapshot/arn.js';
import type {
  IamSnapshot,
  RawAuthorizationDetails,
  RawCredentialReport,
  RawVirtualMfaDevice,
} from '../snapshot/iamSnapshot.js';
import { credentialReportFromCsv, credentialReportFromJson } from './credentialReportFile.js';
import {
  ACCOUNT_SUMMARY,
  AUTHORIZATION_DETAILS,
  CREDENTIAL_REPORT_CSV,
  CREDENTIAL_REPORT_JSON,
  VIRTUAL_MFA_DEVICES,
  type ExportFile,
} from './exportFiles.js';
import { readExportShape } from './exportShape.js';
import {
  accountSummarySchema,
  authorizationDetailsSchema,
  virtualMfaDevicesSchema,
} from './exportSchemas.js';
import { parseExportJson } from './parseExportJson.js';
import { readTextIfPresent } from '../../input/readText.js';

// Reads a directory of files written by the aws CLI into the same IamSnapshot the live adapter produces, so an
// offline scan runs exactly the checks a live one does. Only authorization-details.json is required: without
// the others the checks that need them report unknown (with the command that writes the file), never pass.
// Offline there are no per-user calls, so perUser stays empty.

type ExportPart = keyof Extract<IamSnapshot['origin'], { kind: 'export' }>['files'];

export async function loadExportSnapshot(dir: string): Promise<IamSnapshot> {
  await requireDirectory(dir);
  const files: Partial<Record<ExportPart, string>> = {};

  const detailsPath = join(dir, AUTHORIZATION_DETAILS.name);
  const detailsText = await readTextIfPresent(detailsPath);
  if (detailsText === undefined) {
    throw new InputError(
      `no ${AUTHORIZATION_DETAILS.name} in ${dir}; write it with: ${AUTHORIZATION_DETAILS.command}`,
    );
  }
  const detailsJson = parseExportJson(detailsText, detailsPath, AUTHORIZATION_DETAILS);
  rejectImpossibleCounts(detailsJson, detailsPath);
  const authorizationDetails: RawAuthorizationDetails = readExportShape(
    authorizationDetailsSchema,
    detailsJson,
    detailsPath,
    AUTHORIZATION_DETAILS,
  );
  files.authorizationDetails = detailsPath;

  const credentialReport = await loadCredentialReport(dir, files);

  const summary = await loadOptionalJson(dir, ACCOUNT_SUMMARY, 'accountSummary', files);
  const accountSummary: Maybe<Record<string, number>> = isUnknown(summary)
    ? summary
    : readExportShape(accountSummarySchema, summary.value, summary.path, ACCOUNT_SUMMARY).SummaryMap;

  const devices = await loadOptionalJson(dir, VIRTUAL_MFA_DEVICES, 'virtualMfaDevices', files);
  const virtualMfaDevices: Maybe<RawVirtualMfaDevice[]> = isUnknown(devices)
    ? devices
    : readExportShape(virtualMfaDevicesSchema, devices.value, devices.path, VIRTUAL_MFA_DEVICES)
        .VirtualMFADevices;

  return {
    origin: { kind: 'export', dir, files },
    accountId: firstAccountId(authorizationDetails, credentialReport, virtualMfaDevices),
    authorizationDetails,
    credentialReport,
    accountSummary,
    virtualMfaDevices,
    perUser: new Map(),
  };
}

/**
 * Ten times IAM's quotas per account (5,000 users, 5,000 roles at most, 300 groups by default, 5,000 customer
 * managed policies): more is not one account's export, and scanning it would take minutes and gigabytes.
 */
export const MAX_EXPORT_ENTRIES = 50_000;

function rejectImpossibleCounts(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null) return;
  for (const list of ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']) {
    const entries = (value as Record<string, unknown>)[list];
    if (Array.isArray(entries) && entries.length > MAX_EXPORT_ENTRIES) {
      throw new InputError(
        `${list} has ${entries.length.toLocaleString('en-US')} entries, more than the ${MAX_EXPORT_ENTRIES.toLocaleString('en-US')} read (ten times IAM's quotas for one account); expected the output of: ${AUTHORIZATION_DETAILS.command}`,
        path,
      );
    }
  }
}

async function requireDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new InputError(`export directory ${dir} does not exist`);
    throw new InputError(`export directory ${dir} cannot be read (${error.code ?? String(error)})`);
  });
  if (!info.isDirectory()) throw new InputError(`${dir} is not a directory; expected the export directory`);
}

/** The JSON file wins over the CSV: only the JSON carries GeneratedTime, which says how stale the report is. */
async function loadCredentialReport(
  dir: string,
  files: Partial<Record<ExportPart, string>>,
): Promise<Maybe<RawCredentialReport>> {
  const jsonPath = join(dir, CREDENTIAL_REPORT_JSON.name);
  const jsonText = await readTextIfPresent(jsonPath);
  if (jsonText !== undefined) {
    const report = credentialReportFromJson(
      parseExportJson(jsonText, jsonPath, CREDENTIAL_REPORT_JSON),
      jsonPath,
    );
    files.credentialReport = jsonPath;
    return report;
  }
  const csvPath = join(dir, CREDENTIAL_REPORT_CSV.name);
  const csvText = await readTextIfPresent(csvPath);
  if (csvText !== undefined) {
    const report = credentialReportFromCsv(csvText, csvPath);
    files.credentialReport = csvPath;
    return report;
  }
  return unknownValue(
    `no ${CREDENTIAL_REPORT_JSON.name} or ${CREDENTIAL_REPORT_CSV.name} in ${dir} (write it with: ${CREDENTIAL_REPORT_JSON.command})`,
  );
}

async function loadOptionalJson(
  dir: string,
  file: ExportFile,
  part: ExportPart,
  files: Partial<Record<ExportPart, string>>,
): Promise<Maybe<{ value: unknown; path: string }>> {
  const path = join(dir, file.name);
  const text = await readTextIfPresent(path);
  if (text === undefined) return unknownValue(`no ${file.name} in ${dir} (write it with: ${file.command})`);
  const value = parseExportJson(text, path, file);
  files[part] = path;
  return { value, path };
}

/** The account the export belongs to, from the first IAM ARN that names one (AWS managed policies do not). */
function firstAccountId(
  details: RawAuthorizationDetails,
  report: Maybe<RawCredentialReport>,
  devices: Maybe<RawVirtualMfaDevice[]>,
): string | undefined {
  const arns = [
    ...(details.UserDetailList ?? []).map((user) => user.Arn),
    ...(details.GroupDetailList ?? []).map((group) => group.Arn),
    ...(details.RoleDetailList ?? []).map((role) => role.Arn),
    ...(details.Policies ?? []).map((policy) => policy.Arn),
    ...(isUnknown(devices) ? [] : devices.flatMap((device) => [device.User?.Arn, device.SerialNumber])),
    ...(isUnknown(report) ? [] : (report.csv.match(/arn:[^,\s]+/g) ?? [])),
  ];
  for (const arn of arns) {
    const account = accountFromArn(arn);
    if (account) return account.accountId;
  }
  return undefined;
}
