import type { Finding } from '../../src/checks/check.js';

// Compares the findings of a scan under a fault with those of the same scan without it. A fault may cost
// knowledge, never truth: a verdict either stays what it was or becomes error/unknown with a reason naming
// what could not be read; a fail never becomes a pass; a resource never silently drops out of the report.

export type Outcome = 'same' | 'degraded' | 'failed';

export interface Comparison {
  readonly outcome: Outcome;
  /** What broke the rules, one line each; empty when the faulted scan is acceptable. */
  readonly violations: readonly string[];
  /** Findings whose status changed (to error/unknown, when acceptable). */
  readonly changed: number;
}

/** The operations a scan reads; an error/unknown reason must name one of them (or the account it lost). */
export const SCAN_OPERATIONS = [
  'GetCallerIdentity',
  'GenerateCredentialReport',
  'GetCredentialReport',
  'GetAccountAuthorizationDetails',
  'ListVirtualMFADevices',
  'GetAccountSummary',
  'GetLoginProfile',
  'ListMFADevices',
  'GetPolicy',
  'GetPolicyVersion',
  'AssumeRole',
  'DescribeOrganization',
  'ListRoots',
  'ListOrganizationalUnitsForParent',
  'ListAccountsForParent',
  'ListPoliciesForTarget',
  'DescribePolicy',
] as const;

/** An account-level error of an organization scan names the account and why it was lost. */
const LOST_ACCOUNT = /^account \d{12} \(.*\) (could not be scanned|did not finish|was not scanned): \S/;

export function namesWhatWasLost(message: string): boolean {
  return SCAN_OPERATIONS.some((operation) => message.includes(operation)) || LOST_ACCOUNT.test(message);
}

const isDegraded = (finding: Finding): boolean => finding.status === 'error' || finding.status === 'unknown';

function keyOf(finding: Finding): string {
  return `${finding.check} ${finding.resource.type} ${finding.resource.arn}`;
}

function resourceOf(finding: Finding): string {
  return `${finding.resource.type} ${finding.resource.arn}`;
}

function describe(finding: Finding): string {
  return `${finding.check} ${finding.resource.type} ${finding.resource.name}: ${finding.status} (${finding.message})`;
}

function group(findings: readonly Finding[]): Map<string, Finding[]> {
  const byKey = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byKey.get(keyOf(finding)) ?? [];
    list.push(finding);
    byKey.set(keyOf(finding), list);
  }
  return byKey;
}

function count(findings: readonly Finding[], status: Finding['status']): number {
  return findings.filter((finding) => finding.status === status).length;
}

/** Removes one finding per status of `take` from `from` (a multiset difference on statuses). */
function minus(from: readonly Finding[], take: readonly Finding[]): Finding[] {
  const rest = [...from];
  for (const finding of take) {
    const index = rest.findIndex((candidate) => candidate.status === finding.status);
    if (index >= 0) rest.splice(index, 1);
  }
  return rest;
}

export function compareScans(baseline: readonly Finding[], faulted: readonly Finding[]): Comparison {
  const violations: string[] = [];
  const before = group(baseline);
  const after = group(faulted);
  let changed = 0;
  /** An error/unknown finding that speaks for a whole check in one account (users not listed, account lost). */
  const coverFor = (finding: Finding): Finding | undefined =>
    faulted.find(
      (candidate) =>
        isDegraded(candidate) &&
        candidate.check === finding.check &&
        candidate.resource.account === finding.resource.account &&
        namesWhatWasLost(candidate.message),
    );

  for (const [key, was] of before) {
    const now = after.get(key) ?? [];
    if (now.length === 0) {
      const first = was[0] as Finding;
      const cover = coverFor(first);
      if (!cover) violations.push(`disappeared silently: ${describe(first)}`);
      else changed += was.length;
      continue;
    }
    // A fail that became a pass (more passes, fewer fails than without the fault).
    if (count(now, 'pass') > count(was, 'pass') && count(now, 'fail') < count(was, 'fail'))
      violations.push(`fail became pass: ${describe(now.find((f) => f.status === 'pass') as Finding)}`);
    for (const finding of minus(now, was)) {
      changed += 1;
      if (!isDegraded(finding)) violations.push(`changed verdict: ${describe(finding)}`);
      else if (!namesWhatWasLost(finding.message))
        violations.push(`reason does not name what was lost: ${describe(finding)}`);
    }
  }
  for (const [key, now] of after) {
    if (before.has(key)) continue;
    for (const finding of now) {
      changed += 1;
      if (!isDegraded(finding)) violations.push(`new verdict: ${describe(finding)}`);
      else if (!namesWhatWasLost(finding.message))
        violations.push(`reason does not name what was lost: ${describe(finding)}`);
    }
  }
  // Every resource of the fault-free report is still there, or an error/unknown says its part was lost.
  const present = new Set(faulted.map(resourceOf));
  for (const finding of baseline) {
    if (present.has(resourceOf(finding))) continue;
    if (!coverFor(finding)) violations.push(`resource gone without a reason: ${resourceOf(finding)}`);
    present.add(resourceOf(finding));
  }
  return { outcome: changed === 0 ? 'same' : 'degraded', violations: [...new Set(violations)], changed };
}
