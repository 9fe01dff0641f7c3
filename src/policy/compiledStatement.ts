import { compileActionMatcher, type ActionMatcher } from './actionMatcher.js';
import { evaluateConditions } from './evaluateCondition.js';
import { supportsPolicyVariables, type PolicyDocument, type PolicyStatement } from './policyDocument.js';
import { isMfaKey, type RequestContext } from './requestContext.js';
import { resourceScope, type ResourceScope } from './resourceScope.js';
import type { Tri } from './triState.js';

// A statement prepared for evaluation: its action matcher, resource scope and per-context condition value,
// built once per distinct document object and shared by every policy set that contains the document.

export interface CompiledStatement {
  readonly document: PolicyDocument;
  readonly statement: PolicyStatement;
  readonly matcher: ActionMatcher;
  readonly scope: ResourceScope;
  /** Uses aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge in a condition. */
  readonly usesMfaKey: boolean;
  /** The statement's whole Condition in a context (memoised per context object). */
  condition(context: RequestContext): Tri;
}

const compiledDocuments = new WeakMap<PolicyDocument, readonly CompiledStatement[]>();

export function compileDocument(document: PolicyDocument): readonly CompiledStatement[] {
  let compiled = compiledDocuments.get(document);
  if (!compiled) {
    compiled = document.statements.map((statement) => compileStatement(document, statement));
    compiledDocuments.set(document, compiled);
  }
  return compiled;
}

function compileStatement(document: PolicyDocument, statement: PolicyStatement): CompiledStatement {
  const conditionByContext = new WeakMap<RequestContext, Tri>();
  const variables = supportsPolicyVariables(document);
  return {
    document,
    statement,
    matcher: compileActionMatcher(statement.action),
    scope: resourceScope(statement.resource),
    usesMfaKey: statement.conditions.some((clause) => isMfaKey(clause.key)),
    condition(context) {
      let value = conditionByContext.get(context);
      if (value === undefined) {
        value = evaluateConditions(statement.conditions, context, { variables });
        conditionByContext.set(context, value);
      }
      return value;
    },
  };
}
