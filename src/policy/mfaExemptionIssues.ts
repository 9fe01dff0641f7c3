import { actionCatalogSync, type ActionCatalog } from './actionCatalog.js';
import { compileDocument } from './compiledStatement.js';
import { actionsNotCovered } from './exemptActions.js';
import { sensitiveCategory, type SensitiveCategory } from './mfaActionLists.js';
import { isMfaEnforcingDeny } from './mfaGate.js';
import type { PolicyDocument } from './policyDocument.js';
import { issueFor, type PolicyIssue } from './policyIssue.js';

// Check "mfa-exemptions-minimal": a Deny that enforces MFA should leave out only MFA self-enrolment (see
// mfaActionLists.ts). Whatever else it leaves out, through NotAction or by listing only some actions, is
// reachable with a stolen password or access key. Exempting actions that create credentials, change
// permissions, assume roles or remove MFA is reported by name, one finding per kind; other exemptions are
// reported together; a Deny limited to some resources exempts all the others.

const CATEGORY_TEXT: Record<SensitiveCategory, string> = {
  'credential-creation': 'create credentials',
  'permission-change': 'change permissions',
  'role-assumption': 'assume or pass roles',
  'mfa-removal': 'deactivate or delete MFA devices',
};

const LISTED = 100;

export function mfaExemptionIssues(
  document: PolicyDocument,
  options: { catalog?: ActionCatalog } = {},
): PolicyIssue[] {
  const catalog = options.catalog ?? actionCatalogSync();
  const issues: PolicyIssue[] = [];
  for (const compiled of compileDocument(document)) {
    if (!isMfaEnforcingDeny(compiled)) continue;
    const { statement } = compiled;
    const how =
      statement.action.kind === 'NotAction' ? 'its NotAction exempts' : 'its Action list leaves out';
    const exempt = actionsNotCovered(compiled, catalog);
    const byCategory = new Map<SensitiveCategory, string[]>();
    const other: string[] = [];
    for (const action of exempt) {
      const category = sensitiveCategory(action);
      if (category)
        byCategory.set(category, [...(byCategory.get(category) ?? []), catalog.displayName(action)]);
      else other.push(catalog.displayName(action));
    }
    for (const [category, names] of byCategory) {
      issues.push(
        issueFor(
          statement,
          `exempts-${category}`,
          `${how} actions that ${CATEGORY_TEXT[category]} from the MFA requirement: ${names.join(', ')}`,
          names,
        ),
      );
    }
    if (other.length > 0) {
      const examples = other.slice(0, 5).join(', ');
      issues.push(
        issueFor(
          statement,
          'exempts-other',
          `${how} ${other.length.toLocaleString('en-US')} other action${other.length === 1 ? '' : 's'} beyond MFA self-enrolment from the MFA requirement (${examples}${other.length > 5 ? ', ...' : ''})`,
          other.slice(0, LISTED),
        ),
      );
    }
    const resource = statement.resource;
    if (resource && compiled.scope !== 'all') {
      issues.push(
        issueFor(
          statement,
          'exempts-resources',
          resource.kind === 'NotResource'
            ? `its NotResource exempts ${resource.patterns.join(', ')} from the MFA requirement`
            : `it applies only to ${resource.patterns.join(', ')}; every other resource is exempt from the MFA requirement`,
        ),
      );
    }
  }
  return issues;
}
