import type { CheckResult } from '../checks/check.js';
import type { Suppression } from '../model/account.js';

// Inline suppressions written in code (`# mfa-warden:ignore CHECK REASON`) turn a finding of the resource they
// sit on into `exempt` with the reason, never into a silent pass, as `#tfsec:ignore` does for Trivy users.

export function applySuppressions(
  checkId: string,
  results: readonly CheckResult[],
  suppressions: readonly Suppression[],
): CheckResult[] {
  if (suppressions.length === 0) return [...results];
  return results.map((res) => {
    if (res.status !== 'fail' && res.status !== 'unknown') return res;
    const source = res.resource.source;
    if (source.kind !== 'iac') return res;
    const match = suppressions.find(
      (s) => (s.check === checkId || s.check === '*') && s.file === source.file && s.line === source.line,
    );
    if (!match) return res;
    return {
      ...res,
      status: 'exempt',
      message: `suppressed in code (${match.file}:${match.line}): ${match.reason} (finding: ${res.message})`,
    };
  });
}
