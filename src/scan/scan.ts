import { collectAwsSnapshot, type AwsCollectOptions, type RequestCounter } from '../adapters/aws/index.js';
import { loadExportSnapshot } from '../adapters/export/loadExport.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { Finding } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import type { Exemption } from '../config/config.js';
import type { Account } from '../model/account.js';
import { evaluate, summarise, type Summary } from './evaluate.js';

// The library's front door: collect -> model -> checks -> findings. The CLI is a thin shell over these.

export interface EvaluateOptions {
  /** Check ids to run; all when absent. Unknown ids throw InputError. */
  checks?: readonly string[];
  exemptions?: readonly Exemption[];
  now?: Date;
}

export interface ScanResult {
  readonly account: Account;
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Every HTTP request a live scan sent, by operation (retries included). */
  readonly requests?: RequestCounter;
}

export type ScanAccountOptions = AwsCollectOptions & EvaluateOptions;

/** Scans a live account (or any endpoint speaking the IAM API, such as moto). Read-only. */
export async function scanAccount(options: ScanAccountOptions = {}): Promise<ScanResult> {
  const checks = selectChecks(options.checks);
  const { snapshot, requests } = await collectAwsSnapshot(options);
  const account = buildAccount(snapshot);
  return { ...scanModel(account, { ...options, checks: checks.map((c) => c.id) }), requests };
}

/** Scans files written by the aws CLI (see the README for the commands). No credentials needed. */
export async function scanExport(dir: string, options: EvaluateOptions = {}): Promise<ScanResult> {
  const checks = selectChecks(options.checks);
  const account = buildAccount(await loadExportSnapshot(dir));
  return scanModel(account, { ...options, checks: checks.map((c) => c.id) });
}

/** Runs the checks over an already built model (any adapter's). */
export function scanModel(account: Account, options: EvaluateOptions = {}): ScanResult {
  const checks = selectChecks(options.checks);
  const findings = evaluate(account, checks, options);
  return { account, findings, summary: summarise(account, checks, findings) };
}
