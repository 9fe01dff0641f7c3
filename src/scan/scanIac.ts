import type { IacInputError, IacLoadResult } from '../adapters/iac/iacLoadResult.js';
import { describeInputError } from '../adapters/iac/iacLoadResult.js';
import { appliesTo, type Check, type Finding, type Status } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import { countFindings, type Summary, isOrganizationCheck } from './evaluate.js';
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
    // Not push(...own): spreading 100,000+ findings as arguments overflows the stack.
    for (const finding of own) findings.push(finding);
    targets.push({ label: target.label, byStatus: countFindings(own).byStatus });
  }
  const first = loaded.targets[0];
  const summary = { ...combine(kind, loaded, checks, findings), targets };
  return {
    account: first ? first.account : emptyAccount(kind),
    findings,
    summary,
    inputErrors: loaded.errors,
    targets,
  };
}

function combine(
  kind: string,
  loaded: IacLoadResult,
  checks: readonly Check[],
  findings: readonly Finding[],
): Summary {
  const labels = loaded.targets.map((target) => target.label).join(', ');
  return {
    account: labels || kind,
    label: `${kind} ${labels}`.trim(),
    checks: checks.filter((check) => appliesTo(check, 'iac')).map((check) => check.id),
    notApplicable: checks
      .filter((check) => !appliesTo(check, 'iac') && !isOrganizationCheck(check))
      .map((check) => check.id),
    ...countFindings(findings),
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
