import type { IacInputError, IacLoadResult } from '../adapters/iac/iacLoadResult.js';
import { describeInputError } from '../adapters/iac/iacLoadResult.js';
import type { Finding, Severity, Status } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import type { Summary } from './evaluate.js';
import { scanModel, type EvaluateOptions, type ScanResult } from './scanModel.js';

// IaC scans: every target (root module, plan, template) is its own model, scanned by the same checks as a
// live account; the findings are reported together. A target with a file that did not parse cannot prove
// anything passes, so its passes become unknown, and the run still names every input error.

export interface IacTargetSummary {
  readonly label: string;
  readonly byStatus: Readonly<Record<Status, number>>;
}

export interface IacScanResult extends ScanResult {
  readonly inputErrors: readonly IacInputError[];
  readonly targets: readonly IacTargetSummary[];
}

export function scanIac(
  kind: 'terraform' | 'cloudformation',
  loaded: IacLoadResult,
  options: EvaluateOptions = {},
): IacScanResult {
  const checks = selectChecks(options.checks);
  const findings: Finding[] = [];
  const summaries: Summary[] = [];
  const targets: IacTargetSummary[] = [];
  for (const target of loaded.targets) {
    const result = scanModel(target.account, { ...options, checks: checks.map((c) => c.id) });
    const broken =
      target.brokenFiles.length > 0 ? `${target.brokenFiles.join(', ')} could not be read` : undefined;
    const own = result.findings.map((finding) =>
      broken && finding.status === 'pass'
        ? {
            ...finding,
            status: 'unknown' as const,
            message: `${finding.message}, but ${broken}, so this cannot be confirmed`,
          }
        : finding,
    );
    findings.push(...own);
    summaries.push(result.summary);
    targets.push({ label: target.label, byStatus: countStatuses(own) });
  }
  const first = loaded.targets[0];
  const summary = combine(
    kind,
    loaded,
    summaries,
    findings,
    checks.map((c) => c.id),
  );
  return {
    account: first ? first.account : emptyAccount(kind),
    findings,
    summary,
    inputErrors: loaded.errors,
    targets,
  };
}

function countStatuses(findings: readonly Finding[]): Record<Status, number> {
  const byStatus: Record<Status, number> = { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0 };
  for (const finding of findings) byStatus[finding.status]++;
  return byStatus;
}

function combine(
  kind: string,
  loaded: IacLoadResult,
  summaries: readonly Summary[],
  findings: readonly Finding[],
  selected: readonly string[],
): Summary {
  const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0 });
  const failedBySeverity = zero();
  const unknownBySeverity = zero();
  for (const finding of findings) {
    if (finding.status === 'fail' || finding.status === 'error') failedBySeverity[finding.severity]++;
    if (finding.status === 'unknown') unknownBySeverity[finding.severity]++;
  }
  const checks = summaries[0]?.checks ?? selected;
  const notApplicable = summaries[0]?.notApplicable ?? [];
  return {
    account: loaded.targets.map((target) => target.label).join(', ') || kind,
    label: `${kind} ${loaded.targets.map((target) => target.label).join(', ')}`.trim(),
    checks,
    notApplicable,
    total: findings.length,
    byStatus: countStatuses(findings),
    failedBySeverity,
    unknownBySeverity,
    collectionIssues: loaded.targets.flatMap((target) => target.account.issues),
    inputErrors: loaded.errors.map(describeInputError),
  };
}

function emptyAccount(kind: string): ScanResult['account'] {
  return {
    id: kind,
    partition: 'aws',
    source: { kind: 'iac', file: kind, line: 1, address: kind },
    input: 'iac',
    root: { unknown: true, reason: 'nothing was scanned' },
    users: [],
    groups: [],
    roles: [],
    managedPolicies: [],
    virtualMfaDevices: [],
    issues: [],
  };
}
