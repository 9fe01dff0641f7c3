import { collectAwsSnapshot, type AwsCollectOptions } from '../adapters/aws/index.js';
import { interruptionReason, startDeadline } from '../adapters/aws/scanDeadline.js';
import { loadExportSnapshot } from '../adapters/export/loadExport.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { loadCloudFormation } from '../adapters/cloudformation/loadCloudFormation.js';
import { loadTerraform, type TerraformOptions } from '../adapters/terraform/loadTerraform.js';
import { selectChecks } from '../checks/index.js';
import { scanIac, type IacScanResult } from './scanIac.js';
import { scanModel, type EvaluateOptions, type ScanResult } from './scanModel.js';

export type { EvaluateOptions, ScanResult } from './scanModel.js';
export type { IacScanResult } from './scanIac.js';

// The library's front door: collect -> model -> checks -> findings. The CLI is a thin shell over these.

export type ScanAccountOptions = AwsCollectOptions & EvaluateOptions;

/**
 * Scans a live account (or any endpoint speaking the IAM API, such as moto). Read-only. With `abortSignal`
 * or `timeoutMs` it stops when told and resolves with what it had read: the rest is unknown/error, and
 * `interrupted` says why. Stopped before the account was even identified, it rejects with a ScanError.
 */
export async function scanAccount(options: ScanAccountOptions = {}): Promise<ScanResult> {
  const checks = selectChecks(options.checks);
  const deadline = startDeadline(options);
  try {
    const { snapshot, requests } = await collectAwsSnapshot({
      ...options,
      timeoutMs: undefined,
      abortSignal: deadline.signal,
    });
    const interrupted = deadline.signal?.aborted ? interruptionReason(deadline.signal) : undefined;
    const account = buildAccount(snapshot);
    const result = scanModel(account, { ...options, checks: checks.map((c) => c.id) });
    if (!interrupted) return { ...result, requests };
    // The reports read the summary: it says the answer is incomplete, and why.
    return { ...result, summary: { ...result.summary, interrupted }, requests, interrupted };
  } finally {
    deadline.dispose();
  }
}

/** Scans files written by the aws CLI (see the README for the commands). No credentials needed. */
export async function scanExport(dir: string, options: EvaluateOptions = {}): Promise<ScanResult> {
  const checks = selectChecks(options.checks);
  const account = buildAccount(await loadExportSnapshot(dir));
  return scanModel(account, { ...options, checks: checks.map((c) => c.id) });
}

/**
 * Scans Terraform: root module directories, `.tf`/`.tf.json` files, or plan JSON. Input errors (a file that
 * does not parse) are in `inputErrors`; the other paths are still scanned.
 */
export async function scanTerraform(
  paths: readonly string[],
  options: EvaluateOptions & TerraformOptions = {},
): Promise<IacScanResult> {
  selectChecks(options.checks);
  return scanIac('terraform', await loadTerraform(paths, options), options);
}

/** Scans CloudFormation templates (YAML or JSON); `parameters` override the templates' defaults. */
export async function scanCloudFormation(
  files: readonly string[],
  options: EvaluateOptions & { parameters?: Readonly<Record<string, string>> } = {},
): Promise<IacScanResult> {
  selectChecks(options.checks);
  return scanIac('cloudformation', await loadCloudFormation(files, options), options);
}
