import {
  CONDITION_OPERATORS,
  isNegatedOperator,
  matchConditionValue,
  supportsVariables,
} from './conditionOperators.js';
import { shapeAlwaysMatches, shapeMayMatch } from './globShapes.js';
import type { ConditionClause } from './policyDocument.js';
import { resolveVariables } from './policyVariables.js';
import { ALWAYS_PRESENT_KEYS, lookupKey, type RequestContext } from './requestContext.js';
import { triAnd, triNot, triOr, type Tri } from './triState.js';
import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard.js';

// Condition evaluation as IAM documents it ("IAM JSON policy elements: Condition operators" and "Conditions
// with multiple context keys or values"), in three-valued logic:
// - clauses (operators and keys) are AND'd; the values of one clause are OR'd, NOR'd for negated operators;
// - a missing key makes a clause false, true for a negated operator, true with ...IfExists;
// - Null "true" means "the key is absent", Null "false" means "present";
// - ForAllValues is true when the key is missing (or has no values), ForAnyValue is false;
// - a key the context does not fix gives 'unknown', unless AWS always sends it: then `Null` is decided, and
//   so is `StringLike "*"` (it matches whatever the value is). How a caller treats unknown is its decision: the MFA
//   analysis counts an unknown Allow as "possibly allowed" and an unknown Deny as "may not apply".

export interface EvaluateOptions {
  /** Substitute policy variables (documents with Version 2012-10-17); otherwise `${...}` is literal text. */
  readonly variables?: boolean;
}

export function evaluateConditions(
  clauses: readonly ConditionClause[],
  context: RequestContext,
  options: EvaluateOptions = {},
): Tri {
  return triAnd(clauses.map((clause) => evaluateClause(clause, context, options)));
}

export function evaluateClause(
  clause: ConditionClause,
  context: RequestContext,
  options: EvaluateOptions = {},
): Tri {
  const lookup = lookupKey(context, clause.key);
  if (lookup.state === 'unknown') {
    const shape = context.shapes?.[clause.key];
    if (shape !== undefined) return shapedValue(clause, shape);
    return ALWAYS_PRESENT_KEYS.has(clause.key) ? presentWithUnknownValue(clause) : 'unknown';
  }
  const values = lookup.state === 'present' ? lookup.values : [];
  const missing = values.length === 0;

  if (clause.operator === 'Null') {
    return triOr(
      clause.values.map((wanted) => {
        const lower = wanted.toLowerCase();
        if (lower === 'true') return missing ? 'true' : 'false';
        if (lower === 'false') return missing ? 'false' : 'true';
        return 'false';
      }),
    );
  }

  const negated = isNegatedOperator(clause.operator);
  if (missing) {
    if (clause.ifExists) return 'true';
    if (clause.setOperator === 'ForAllValues') return 'true';
    if (clause.setOperator === 'ForAnyValue') return 'false';
    return negated ? 'true' : 'false';
  }

  const substitute = options.variables === true && supportsVariables(clause.operator);
  const policyValues = clause.values.map((value) =>
    substitute ? resolveVariables(value, context) : ({ state: 'resolved', value } as const),
  );
  // Does one request value match any policy value (the positive form of the operator)?
  const matchesAny = (requestValue: string): Tri =>
    triOr(
      policyValues.map((policy) => {
        if (policy.state === 'unknown') return 'unknown';
        if (policy.state === 'absent') return 'false';
        return matchConditionValue(clause.operator, requestValue, policy.value) ? 'true' : 'false';
      }),
    );

  switch (clause.setOperator) {
    case 'ForAllValues':
      return triAnd(values.map((value) => (negated ? triNot(matchesAny(value)) : matchesAny(value))));
    case 'ForAnyValue':
      return triOr(values.map((value) => (negated ? triNot(matchesAny(value)) : matchesAny(value))));
    default: {
      const anyMatch = triOr(values.map(matchesAny));
      return negated ? triNot(anyMatch) : anyMatch;
    }
  }
}

/** The string and ARN operators, which a value's shape can decide. */
const SHAPED_OPERATORS: ReadonlySet<string> = new Set(
  CONDITION_OPERATORS.filter((operator) => /^(String|Arn)/.test(operator)),
);

/**
 * A present, single-valued key whose value is unknown but has a known shape: a policy value no value of the
 * shape can match is false, one every value matches is true, any other unknown. Policy variables, set
 * operators and other operators stay unknown.
 */
function shapedValue(clause: ConditionClause, shape: string): Tri {
  if (clause.operator === 'Null') return presentWithUnknownValue(clause);
  if (!SHAPED_OPERATORS.has(clause.operator) || clause.setOperator) return 'unknown';
  const ignoreCase = clause.operator.endsWith('IgnoreCase');
  const arn = clause.operator.startsWith('Arn');
  const wildcards = arn || clause.operator.endsWith('Like');
  const matched = triOr(
    clause.values.map((value): Tri => {
      if (value.includes('${')) return 'unknown';
      // Equality operators read `*` and `?` as text.
      const pattern = wildcards
        ? value
        : value.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);
      if (shapeAlwaysMatches(pattern, shape, { ignoreCase, arn })) return 'true';
      return shapeMayMatch(pattern, shape, ignoreCase) ? 'unknown' : 'false';
    }),
  );
  return isNegatedOperator(clause.operator) ? triNot(matched) : matched;
}

/** A single-valued key AWS always sends, with a value the context does not know. */
function presentWithUnknownValue(clause: ConditionClause): Tri {
  if (clause.operator === 'Null')
    return triOr(clause.values.map((wanted) => (wanted.toLowerCase() === 'false' ? 'true' : 'false')));
  const matchesEverything =
    (clause.operator === 'StringLike' || clause.operator === 'StringNotLike') &&
    clause.values.some((value) => /^\*+$/.test(value));
  if (!matchesEverything) return 'unknown';
  return isNegatedOperator(clause.operator) ? 'false' : 'true';
}
