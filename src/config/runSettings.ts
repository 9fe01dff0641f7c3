import type { Severity } from '../checks/check.js';
import { breachesThreshold, type Summary } from '../scan/evaluate.js';
import type { Config, Exemption } from './config.js';
import type { EnforceConfig } from './enforceConfig.js';

// What a run uses once flags and the config file are merged: a flag wins over the file, the file over the
// default. The CLI and library users share this, so both decide pass or fail alike.

export interface RunFlags {
  checks?: readonly string[];
  failOn?: Severity;
  ignoreUnknown?: boolean;
}

export interface RunSettings {
  readonly checks?: readonly string[];
  readonly exemptions: readonly Exemption[];
  readonly exemptTag: string | false;
  /** Per check id, from `enforce.<check>.graceDays`: scans and enforcement spare the same new users. */
  readonly graceDays: Readonly<Record<string, number>>;
  readonly enforce: EnforceConfig;
  readonly failOn: Severity;
  readonly ignoreUnknown: boolean;
}

export function runSettings(config: Config, flags: RunFlags = {}): RunSettings {
  return {
    checks: flags.checks ?? config.checks,
    exemptions: config.exemptions,
    exemptTag: config.exemptTag,
    graceDays: Object.fromEntries(
      Object.entries(config.enforce).flatMap(([check, entry]) =>
        entry.graceDays === undefined ? [] : [[check, entry.graceDays]],
      ),
    ),
    enforce: config.enforce,
    failOn: flags.failOn ?? (config.failOn as Severity | undefined) ?? 'low',
    ignoreUnknown: flags.ignoreUnknown ?? config.ignoreUnknown ?? false,
  };
}

/**
 * 2 when some input could not be read (an IaC file with a syntax error: the report covers only the rest),
 * else 1 when the findings breach the settings' threshold, else 0 (3 is for a scan that could not run).
 */
export function exitCodeFor(summary: Summary, settings: RunSettings): 0 | 1 | 2 {
  if ((summary.inputErrors?.length ?? 0) > 0) return 2;
  return breachesThreshold(summary, settings.failOn, { ignoreUnknown: settings.ignoreUnknown }) ? 1 : 0;
}

/** What the scan functions need of the settings: the checks and everything that makes a finding exempt. */
export function evaluateOptions(settings: RunSettings): {
  checks?: readonly string[];
  exemptions: readonly Exemption[];
  exemptTag: string | false;
  graceDays: Readonly<Record<string, number>>;
} {
  return {
    ...(settings.checks ? { checks: settings.checks } : {}),
    exemptions: settings.exemptions,
    exemptTag: settings.exemptTag,
    graceDays: settings.graceDays,
  };
}
