import { InputError } from '../errors.js';
import type { Check } from './check.js';
import { consoleUserMfa } from './consoleUserMfa.js';
import { consoleUserMfaEnforced } from './consoleUserMfaEnforced.js';
import { groupMfaEnforced } from './groupMfaEnforced.js';
import { mfaConditionSound } from './mfaConditionSound.js';
import { mfaExemptionsMinimal } from './mfaExemptionsMinimal.js';
import { orgScpMfa } from './orgScpMfa.js';
import { roleTrustMfa } from './roleTrustMfa.js';
import { rootHardwareMfa } from './rootHardwareMfa.js';
import { rootMfa } from './rootMfa.js';
import { userMfa } from './userMfa.js';

export type {
  Check,
  CheckResult,
  Finding,
  Remediation,
  ResourceRef,
  ResourceType,
  Severity,
  Status,
} from './check.js';
export { severities } from './check.js';

/** Every check, in report order. */
export const allChecks: readonly Check[] = [
  rootMfa,
  rootHardwareMfa,
  consoleUserMfa,
  userMfa,
  consoleUserMfaEnforced,
  groupMfaEnforced,
  roleTrustMfa,
  mfaConditionSound,
  mfaExemptionsMinimal,
  orgScpMfa,
];

/** Resolves `--checks a,b`; an unknown id is a usage error naming the valid ones. */
export function selectChecks(ids: readonly string[] | undefined): Check[] {
  if (!ids || ids.length === 0) return [...allChecks];
  const byId = new Map(allChecks.map((check) => [check.id, check]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown check id(s): ${unknown.join(', ')}; valid ids: ${allChecks.map((c) => c.id).join(', ')}`,
    );
  }
  return [...new Set(ids)].map((id) => byId.get(id) as Check);
}
