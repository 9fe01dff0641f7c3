import { inputKindOf, type Account } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import type { PolicyDocument, PolicyIssue } from '../policy/index.js';
import type { CheckResult, Remediation } from './check.js';
import { accountPolicies, type PolicyEntry } from './accountPolicies.js';
import { accountResource, result } from './resource.js';

/**
 * Runs a policy-level rule over every policy of the account. An unreadable inventory is one error, and a
 * document IAM would reject is an error for that policy: neither can be judged, so neither may pass.
 */
export function forEachPolicy(
  account: Account,
  rule: (entry: PolicyEntry, document: PolicyDocument) => CheckResult | undefined,
): CheckResult[] {
  const policies = accountPolicies(account);
  if (policies.missing) {
    return [result('error', accountResource(account), `IAM policies could not be read: ${policies.missing}`)];
  }
  return policies.entries.flatMap((entry) => {
    const document = entry.document;
    // Live, a document we cannot read is an error; in code it is usually a value known only after apply.
    if (isUnknown(document))
      return [result(inputKindOf(account) === 'iac' ? 'unknown' : 'error', entry.resource, document.reason)];
    const res = rule(entry, document);
    return res ? [res] : [];
  });
}

/** A policy-level verdict: pass without issues, otherwise fail naming each statement and what is wrong. */
export function policyIssueResult(
  entry: PolicyEntry,
  issues: readonly PolicyIssue[],
  passMessage: string,
  remedy: (issues: readonly PolicyIssue[]) => Remediation,
): CheckResult {
  if (issues.length === 0) return result('pass', entry.resource, passMessage);
  return result(
    'fail',
    entry.resource,
    issues.map((issue) => `${issue.statement}: ${issue.message}`).join('; '),
    {
      remediation: remedy(issues),
      details: { issues },
    },
  );
}
