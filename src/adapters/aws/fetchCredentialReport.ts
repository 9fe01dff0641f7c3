import { setTimeout as sleep } from 'node:timers/promises';
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { InputError } from '../../errors.js';
import { isUnknown, unknownValue, type Maybe } from '../../model/unknown.js';
import { parseCredentialReport } from '../snapshot/credentialReport.js';
import type { RawCredentialReport } from '../snapshot/iamSnapshot.js';
import { readPart, type ScanContext } from './scanContext.js';

// AWS builds the report asynchronously and hands out the same one for up to 4 hours; users created or changed
// since then are reconciled elsewhere (per-user calls, virtual MFA listing). Here we only wait for a report
// and refuse to pass on one we cannot read.

export const DEFAULT_CREDENTIAL_REPORT_TIMEOUT_MS = 60_000;
const FIRST_POLL_DELAY_MS = 250;
const MAX_POLL_DELAY_MS = 2_000;

export async function fetchCredentialReport(
  context: ScanContext,
  timeoutMs: number = DEFAULT_CREDENTIAL_REPORT_TIMEOUT_MS,
): Promise<Maybe<RawCredentialReport>> {
  const completed = await readPart(context, 'GenerateCredentialReport', () =>
    waitUntilComplete(context, timeoutMs),
  );
  if (isUnknown(completed)) return completed;
  if (!completed) {
    return unknownValue(`GenerateCredentialReport did not complete within ${Math.round(timeoutMs / 1000)} s`);
  }
  const report = await readPart(context, 'GetCredentialReport', () => downloadReport(context));
  if (isUnknown(report)) return report;
  try {
    parseCredentialReport(report);
  } catch (error) {
    if (error instanceof InputError) {
      return unknownValue(`GetCredentialReport returned a report that cannot be read: ${error.message}`);
    }
    throw error;
  }
  return report;
}

/** Polls GenerateCredentialReport with a growing delay; false when the deadline passed first. */
async function waitUntilComplete(context: ScanContext, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = FIRST_POLL_DELAY_MS;
  for (;;) {
    const response = await context.clients.iam.send(new GenerateCredentialReportCommand({}), {
      abortSignal: context.signal,
    });
    if (response.State === 'COMPLETE') return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    // Wakes on a fatal error elsewhere and on the caller's stop signal, so no poll outlives the scan.
    const stop = context.clients.signal;
    await sleep(Math.min(delay, remaining), undefined, {
      signal: stop ? AbortSignal.any([context.signal, stop]) : context.signal,
    });
    delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
  }
}

async function downloadReport(context: ScanContext): Promise<Maybe<RawCredentialReport>> {
  const response = await context.clients.iam.send(new GetCredentialReportCommand({}), {
    abortSignal: context.signal,
  });
  if (response.ReportFormat !== undefined && response.ReportFormat !== 'text/csv') {
    return unknownValue(`GetCredentialReport returned the unexpected format ${response.ReportFormat}`);
  }
  if (!response.Content) return unknownValue('GetCredentialReport returned no Content');
  return {
    // The SDK has already decoded the base64 on the wire; the bytes are UTF-8 (user names may be non-ASCII).
    csv: Buffer.from(response.Content).toString('utf8'),
    ...(response.GeneratedTime ? { generatedTime: response.GeneratedTime } : {}),
    origin: 'GetCredentialReport',
  };
}
