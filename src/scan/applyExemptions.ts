import type { Exemption } from '../config/config.js';
import type { CheckResult } from '../checks/check.js';
import { matchesWildcard } from '../policy/wildcard.js';

// Break-glass users and agreed exceptions become `exempt` with their reason, never a silent pass; an expired
// exemption stops applying and the finding says so.

export function applyExemptions(
  checkId: string,
  results: readonly CheckResult[],
  exemptions: readonly Exemption[],
  now: Date,
): CheckResult[] {
  if (exemptions.length === 0) return [...results];
  const today = now.toISOString().slice(0, 10);
  return results.map((res) => {
    if (res.status !== 'fail' && res.status !== 'unknown') return res;
    const matching = exemptions.filter(
      (exemption) =>
        (exemption.checks.includes('*') || exemption.checks.includes(checkId)) &&
        (matchesWildcard(res.resource.arn, exemption.resource) ||
          matchesWildcard(res.resource.name, exemption.resource)),
    );
    const active = matching.find((exemption) => !exemption.expires || exemption.expires >= today);
    if (active) {
      const until = active.expires ? ` until ${active.expires}` : '';
      return {
        ...res,
        status: 'exempt',
        message: `exempt${until}: ${active.reason} (finding: ${res.message})`,
      };
    }
    const expired = matching[0];
    return expired ? { ...res, message: `${res.message} (exemption expired on ${expired.expires})` } : res;
  });
}
