import type { CompiledStatement } from './compiledStatement.js';
import { resolveVariables } from './policyVariables.js';
import { supportsPolicyVariables } from './policyDocument.js';
import {
  decide,
  layersOf,
  type Decision,
  type LayeredStatement,
  type PolicyLayers,
  type PolicySet,
} from './reachability.js';
import { requestContext, type RequestContext } from './requestContext.js';
import type { ResourceScope } from './resourceScope.js';
import { triNot, triOr, type Tri } from './triState.js';
import { matchesWildcard } from './wildcard.js';
import type { Witness } from './witness.js';

// One request, as IAM's policy simulator takes it: one action, one resource, one context. The statements that
// match the action AND the resource go through the same decision as the whole-catalog analysis
// (reachability.ts `decide`); a statement whose resource element certainly covers the request's resource
// counts as covering all resources, one whose coverage depends on an undecided policy variable as covering
// some. The witness of a verdict is found and checked with this.

export interface SingleRequest {
  /** "iam:CreateAccessKey"; compared case-insensitively. */
  readonly action: string;
  /** An ARN, or "*" for actions that take no resource. */
  readonly resource: string;
  readonly context: RequestContext;
}

export function evaluateRequest(layers: PolicyLayers, request: SingleRequest): Decision {
  return decide(matchingStatements(layers, request), layers, request.context);
}

/**
 * A witness as the one fully known request it describes (every key its context does not name is absent),
 * decided by these policies: what AWS's policy simulator is asked by the witness's replay command.
 */
export function evaluateWitness(set: PolicySet | PolicyLayers, witness: Witness): Decision {
  const layers = 'statements' in set ? set : layersOf(set);
  return evaluateRequest(layers, {
    action: witness.action,
    resource: witness.resource,
    context: requestContext('witness', witness.context, 'absent'),
  });
}

/** The statements of the layers that apply to the request, with their scope narrowed to this one resource. */
export function matchingStatements(layers: PolicyLayers, request: SingleRequest): LayeredStatement[] {
  const action = request.action.toLowerCase();
  const matching: LayeredStatement[] = [];
  for (const entry of layers.statements) {
    const { compiled } = entry;
    if (!compiled.matcher.matches(action)) continue;
    // As in the catalog analysis: a statement whose condition is false here cannot change the decision.
    if (compiled.condition(request.context) === 'false') continue;
    const applies = resourceApplies(compiled, request.resource, request.context);
    if (applies === 'false') continue;
    matching.push({ ...entry, compiled: narrowed(compiled, applies === 'true' ? 'all' : 'some') });
  }
  return matching;
}

/** Does the statement's Resource (or NotResource) element cover this one resource in this context? */
export function resourceApplies(compiled: CompiledStatement, resource: string, context: RequestContext): Tri {
  const element = compiled.statement.resource;
  if (!element) return 'true';
  const variables = supportsPolicyVariables(compiled.document);
  const covered = triOr(
    element.patterns.map((pattern): Tri => {
      if (!variables || !pattern.includes('${')) return matchesWildcard(resource, pattern) ? 'true' : 'false';
      const resolved = resolveVariables(pattern, context);
      if (resolved.state === 'unknown') return 'unknown';
      // A variable whose key is not in the request matches nothing.
      if (resolved.state === 'absent') return 'false';
      return matchesWildcard(resource, resolved.value) ? 'true' : 'false';
    }),
  );
  return element.kind === 'Resource' ? covered : triNot(covered);
}

const narrowedCache = new WeakMap<CompiledStatement, Partial<Record<ResourceScope, CompiledStatement>>>();

/** The same statement with the scope it has for one resource (one object per statement and scope). */
function narrowed(compiled: CompiledStatement, scope: ResourceScope): CompiledStatement {
  if (compiled.scope === scope) return compiled;
  let byScope = narrowedCache.get(compiled);
  if (!byScope) {
    byScope = {};
    narrowedCache.set(compiled, byScope);
  }
  let copy = byScope[scope];
  if (!copy) {
    copy = { ...compiled, scope };
    byScope[scope] = copy;
  }
  return copy;
}
