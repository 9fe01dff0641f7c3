import type { Check, Finding, Severity, Status } from '../checks/check.js';
import { appliesTo, severities } from '../checks/check.js';
import { DEFAULT_EXEMPT_TAG, type Exemption } from '../config/config.js';
import { inputKindOf, type Account } from '../model/account.js';
import { applyExemptions, principalIndex } from './applyExemptions.js';
import { applySuppressions } from './applySuppressions.js';

export interface Summary {
  readonly account: string;
  /** What was scanned, for reports: "terraform examples/terraform" (IaC); absent for accounts. */
  readonly label?: string;
  readonly checks: readonly string[];
  /** Checks selected but not run because they cannot judge this kind of input (live device state on IaC). */
  readonly notApplicable: readonly string[];
  readonly total: number;
  readonly byStatus: Readonly<Record<Status, number>>;
  /** Failed and errored findings by severity: what --fail-on compares against. */
  readonly failedBySeverity: Readonly<Record<Severity, number>>;
  /** Unknown findings by severity: they count against --fail-on too, unless --ignore-unknown. */
  readonly unknownBySeverity: Readonly<Record<Severity, number>>;
  /** When the credential report was generated; users it does not describe were checked otherwise. */
  readonly credentialReportGeneratedAt?: string;
  /** What the adapters could not read; each also shows up as error/unknown findings. */
  readonly collectionIssues: readonly { what: string; reason: string }[];
  /**
   * A live scan stopped before it had read everything (--timeout, a stop signal): why. What it had not read is
   * unknown/error in the findings; the run exits 3.
   */
  readonly interrupted?: string;
  /** Files that could not be read (IaC): `file:line:column: what was expected`. The run exits 2. */
  readonly inputErrors?: readonly string[];
  /** Organization scans: the organization, and every account with how its scan went. */
  readonly organization?: { readonly id: string; readonly managementAccountId: string };
  readonly accounts?: readonly {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly reason?: string;
    readonly byStatus?: Readonly<Record<Status, number>>;
    readonly requests?: number;
  }[];
  /** With --baseline: problems new since the baseline, still there, and gone (`resolved`). */
  readonly baseline?: {
    readonly file: string;
    readonly new: number;
    readonly unchanged: number;
    readonly resolved: readonly {
      readonly check: string;
      readonly resource: { readonly type: string; readonly name: string; readonly arn: string };
      readonly message: string;
    }[];
  };
  /** IaC: each scanned target (root module, plan, template) with its counts by status. */
  readonly targets?: readonly {
    readonly label: string;
    readonly byStatus: Readonly<Record<Status, number>>;
  }[];
}

export interface ExemptionOptions {
  exemptions?: readonly Exemption[];
  /** Principals tagged with this key are exempt (its value is the reason); default mfa-warden:exempt. */
  exemptTag?: string | false;
  /** Per check id: users created less than N days ago are exempt until the deadline (onboarding). */
  graceDays?: Readonly<Record<string, number>>;
}

/** Runs checks over the model: the one path every input (live, export, IaC) shares. */
export function evaluate(
  account: Account,
  checks: readonly Check[],
  options: ExemptionOptions & { now?: Date } = {},
): Finding[] {
  const now = options.now ?? new Date();
  const suppressions = account.suppressions ?? [];
  const principals = principalIndex(account);
  const policy = {
    exemptions: options.exemptions ?? [],
    exemptTag: options.exemptTag ?? DEFAULT_EXEMPT_TAG,
  };
  return applicableChecks(account, checks).flatMap((check) =>
    applyExemptions(
      check.id,
      applySuppressions(check.id, check.run(account), suppressions),
      { ...policy, graceDays: options.graceDays?.[check.id] },
      principals,
      now,
    ).map((res) => ({
      check: check.id,
      status: res.status,
      severity: check.severity,
      resource: res.resource,
      message: res.message,
      ...(res.remediation ? { remediation: res.remediation } : {}),
      compliance: check.compliance,
      ...(res.details ? { details: res.details } : {}),
    })),
  );
}

export function isOrganizationCheck(check: Check): boolean {
  return check.appliesTo !== undefined && check.appliesTo.every((input) => input === 'organization');
}

/** The checks that can judge this account's kind of input, in the order given. */
export function applicableChecks(account: Account, checks: readonly Check[]): Check[] {
  const input = inputKindOf(account);
  return checks.filter((check) => appliesTo(check, input));
}

export type FindingCounts = Pick<Summary, 'total' | 'byStatus' | 'failedBySeverity' | 'unknownBySeverity'>;

/** The counts a summary reports, for one account or for several IaC targets together. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const byStatus: Record<Status, number> = { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0 };
  const zero = () => Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  const failedBySeverity = zero();
  const unknownBySeverity = zero();
  for (const finding of findings) {
    byStatus[finding.status]++;
    if (finding.status === 'fail' || finding.status === 'error') failedBySeverity[finding.severity]++;
    if (finding.status === 'unknown') unknownBySeverity[finding.severity]++;
  }
  return { total: findings.length, byStatus, failedBySeverity, unknownBySeverity };
}

export function summarise(account: Account, checks: readonly Check[], findings: readonly Finding[]): Summary {
  const applicable = applicableChecks(account, checks);
  return {
    account: account.id,
    checks: applicable.map((check) => check.id),
    // Organization-level checks (org-scp-mfa) belong to `scan aws --org`; one account never runs them.
    notApplicable: checks
      .filter((check) => !applicable.includes(check) && !isOrganizationCheck(check))
      .map((check) => check.id),
    ...countFindings(findings),
    ...(account.credentialReportGeneratedAt
      ? { credentialReportGeneratedAt: account.credentialReportGeneratedAt }
      : {}),
    collectionIssues: account.issues,
  };
}

/**
 * True when a fail, error or unknown at or above the threshold exists: an error or an unknown may hide a
 * failure, so a scan that could not see is not clean. `ignoreUnknown` is for accepted, known blind spots.
 */
export function breachesThreshold(
  summary: Summary,
  failOn: Severity,
  options: { ignoreUnknown?: boolean } = {},
): boolean {
  const limit = severities.indexOf(failOn);
  return severities.some(
    (severity, index) =>
      index <= limit &&
      (summary.failedBySeverity[severity] > 0 ||
        (!options.ignoreUnknown && summary.unknownBySeverity[severity] > 0)),
  );
}
