import { actionCatalogSync, type ActionCatalog } from './actionCatalog.js';
import { compileDocument, type CompiledStatement } from './compiledStatement.js';
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

interface Exemptions {
  readonly byCategory: ReadonlyMap<SensitiveCategory, readonly string[]>;
  readonly other: readonly string[];
}

/** Distinct Action elements remembered per catalog; an account has few (every group's copy of one guard). */
const MAX_REMEMBERED = 512;
const remembered = new WeakMap<ActionCatalog, Map<string, Exemptions>>();

/**
 * The actions a Deny's Action (or NotAction) element exempts, by sensitive category, as IAM spells them.
 * Depends on that element alone, so it is worked out once per distinct element and catalog: walking the
 * whole catalog costs milliseconds, and the same guard is often attached or inlined in many places.
 */
function exemptions(compiled: CompiledStatement, catalog: ActionCatalog): Exemptions {
  const { action } = compiled.statement;
  // The patterns are lower-cased by the parser: equal elements give equal keys.
  const key = `${action.kind}\u0000${action.patterns.join('\u0000')}`;
  let cache = remembered.get(catalog);
  if (!cache) {
    cache = new Map();
    remembered.set(catalog, cache);
  }
  const known = cache.get(key);
  if (known) return known;
  const byCategory = new Map<SensitiveCategory, string[]>();
  const other: string[] = [];
  for (const exempt of actionsNotCovered(compiled, catalog)) {
    const category = sensitiveCategory(exempt);
    const name = catalog.displayName(exempt);
    if (!category) other.push(name);
    else if (byCategory.has(category)) byCategory.get(category)?.push(name);
    else byCategory.set(category, [name]);
  }
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  const found = { byCategory, other };
  cache.set(key, found);
  return found;
}

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
    const { byCategory, other } = exemptions(compiled, catalog);
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
