import type { Exemption } from '../config/config.js';
import type { CheckResult } from '../checks/check.js';
import type { Account } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import { matchesWildcard } from '../policy/wildcard.js';

// Break-glass users and agreed exceptions become `exempt` with their reason, never a silent pass; an expired
// exemption stops applying and the finding says so. A principal is exempt by name or ARN, by IAM path prefix,
// by a tag it carries (the team's exempt tag, whose value is the reason), or for a grace period after it was
// created (onboarding: the deadline is in the message).

export interface ExemptionPolicy {
  readonly exemptions: readonly Exemption[];
  /** Principals tagged with this key are exempt, the value being the reason; false: no tag exemption. */
  readonly exemptTag?: string | false;
  /** Users created less than this many days ago are exempt until the deadline. */
  readonly graceDays?: number;
}

interface PrincipalFacts {
  readonly path?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createDate?: string;
}

/** What exemptions can match on, by ARN: each principal's path, tags and creation date. */
export type PrincipalIndex = ReadonlyMap<string, PrincipalFacts>;

export function principalIndex(account: Account): PrincipalIndex {
  const index = new Map<string, PrincipalFacts>();
  for (const user of isUnknown(account.users) ? [] : account.users)
    index.set(user.arn, {
      path: user.path,
      tags: user.tags,
      ...(user.createDate ? { createDate: user.createDate } : {}),
    });
  for (const group of isUnknown(account.groups) ? [] : account.groups)
    index.set(group.arn, { path: group.path, tags: {} });
  for (const role of isUnknown(account.roles) ? [] : account.roles)
    index.set(role.arn, { path: role.path, tags: {} });
  return index;
}

const DAY_MS = 86_400_000;

export function applyExemptions(
  checkId: string,
  results: readonly CheckResult[],
  policy: ExemptionPolicy,
  principals: PrincipalIndex,
  now: Date,
): CheckResult[] {
  const { exemptions, exemptTag, graceDays } = policy;
  if (exemptions.length === 0 && !exemptTag && graceDays === undefined) return [...results];
  const today = now.toISOString().slice(0, 10);
  return results.map((res) => {
    if (res.status !== 'fail' && res.status !== 'unknown') return res;
    const facts = principals.get(res.resource.arn);
    const matching = exemptions.filter(
      (exemption) =>
        (exemption.checks.includes('*') || exemption.checks.includes(checkId)) &&
        matchesExemption(exemption, res.resource, facts),
    );
    const active = matching.find((exemption) => !exemption.expires || exemption.expires >= today);
    if (active) {
      const until = active.expires ? ` until ${active.expires}` : '';
      return exempt(res, `exempt${until}: ${active.reason}`);
    }
    const tagValue = exemptTag ? facts?.tags[exemptTag] : undefined;
    if (exemptTag && tagValue !== undefined) {
      const reason = tagValue.trim() === '' ? '(the tag gives no reason)' : tagValue;
      return exempt(res, `exempt by tag ${exemptTag}: ${reason}`);
    }
    if (graceDays !== undefined && facts?.createDate) {
      const created = Date.parse(facts.createDate);
      const deadline = created + graceDays * DAY_MS;
      if (Number.isFinite(created) && deadline > now.getTime()) {
        const date = new Date(deadline).toISOString().slice(0, 10);
        return exempt(res, `exempt until ${date}: grace period of ${graceDays} days for new users`);
      }
    }
    const expired = matching[0];
    return expired ? { ...res, message: `${res.message} (exemption expired on ${expired.expires})` } : res;
  });
}

function exempt(res: CheckResult, why: string): CheckResult {
  return { ...res, status: 'exempt', message: `${why} (finding: ${res.message})` };
}

function matchesExemption(
  exemption: Exemption,
  resource: CheckResult['resource'],
  facts: PrincipalFacts | undefined,
): boolean {
  if (exemption.resource !== undefined)
    return (
      matchesWildcard(resource.arn, exemption.resource) || matchesWildcard(resource.name, exemption.resource)
    );
  if (exemption.path !== undefined) return facts?.path?.startsWith(exemption.path) ?? false;
  if (exemption.tag !== undefined) {
    const eq = exemption.tag.indexOf('=');
    const key = eq < 0 ? exemption.tag : exemption.tag.slice(0, eq);
    const value = facts?.tags[key];
    return value !== undefined && (eq < 0 || value === exemption.tag.slice(eq + 1));
  }
  return false;
}
