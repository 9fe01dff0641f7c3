import type { RequestCounter } from '../adapters/aws/requestCounter.js';
import type { Finding } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import type { Account } from '../model/account.js';
import { evaluate, summarise, type ExemptionOptions, type Summary } from './evaluate.js';

export interface EvaluateOptions extends ExemptionOptions {
  /** Check ids to run; all when absent. Unknown ids throw InputError. */
  checks?: readonly string[];
  now?: Date;
}

export interface ScanResult {
  readonly account: Account;
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Every HTTP request a live scan sent, by operation (retries included). */
  readonly requests?: RequestCounter;
  /**
   * Set when a live scan was stopped (abortSignal, timeoutMs) before it had read everything: why, e.g. "the
   * scan timed out after 30 s". What it had not read is unknown/error in the findings; not a complete answer.
   */
  readonly interrupted?: string;
}

/** Runs the checks over an already built model (any adapter's). */
export function scanModel(account: Account, options: EvaluateOptions = {}): ScanResult {
  const checks = selectChecks(options.checks);
  const findings = evaluate(account, checks, options);
  return { account, findings, summary: summarise(account, checks, findings) };
}
