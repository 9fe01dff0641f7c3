import type { ActionCatalog } from './actionCatalog.js';
import type { CompiledStatement } from './compiledStatement.js';
import { isSelfEnrolmentAction, sensitiveCategory } from './mfaActionLists.js';

// Self-enrolment actions are not exemptions worth naming, except the sensitive one among them
// (iam:DeleteVirtualMFADevice): enforcement tolerates it, but exempting it is still worth a finding.
function tolerated(action: string): boolean {
  return isSelfEnrolmentAction(action) && !sensitiveCategory(action);
}

/** Catalog actions (lower-case) a Deny does NOT cover, apart from MFA self-enrolment: what it exempts. */
export function actionsNotCovered(compiled: CompiledStatement, catalog: ActionCatalog): string[] {
  const exempt: string[] = [];
  for (const service of catalog.services) {
    const coverage = compiled.matcher.classify(service);
    if (coverage === 'all') continue;
    for (const action of catalog.actionsOf(service)) {
      if (tolerated(action)) continue;
      if (coverage === 'none' || !compiled.matcher.matches(action)) exempt.push(action);
    }
  }
  return exempt;
}

/** Catalog actions matching one action pattern (lower-case), apart from MFA self-enrolment. */
export function expandPattern(
  pattern: string,
  catalog: ActionCatalog,
  match: (action: string) => boolean,
): string[] {
  const colon = pattern.indexOf(':');
  const service = colon > 0 ? pattern.slice(0, colon) : '';
  const services = service && !/[*?]/.test(service) ? [service] : catalog.services;
  const result: string[] = [];
  for (const name of services) {
    for (const action of catalog.actionsOf(name)) {
      if (!tolerated(action) && match(action)) result.push(action);
    }
  }
  return result;
}
