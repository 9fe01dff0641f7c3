import type { PolicyIssue } from '../policy/index.js';
import type { CheckResult } from './check.js';
import type { PolicyEntry } from './accountPolicies.js';
import { result } from './resource.js';

/** A policy-level verdict: pass without issues, otherwise fail naming each statement and what is wrong. */
export function policyIssueResult(
  entry: PolicyEntry,
  issues: readonly PolicyIssue[],
  passMessage: string,
  remediation: string,
): CheckResult {
  if (issues.length === 0) return result('pass', entry.resource, passMessage);
  return result(
    'fail',
    entry.resource,
    issues.map((issue) => `${issue.statement}: ${issue.message}`).join('; '),
    {
      remediation: { text: remediation },
      details: { issues },
    },
  );
}
