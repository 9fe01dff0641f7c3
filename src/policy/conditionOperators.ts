import { literalText, matchesWildcard } from './wildcard.js';
import { ipInCidr } from './ipAddress.js';

// Every IAM condition operator, and how one request value is compared with one policy value. Negated
// operators (StringNotEquals, NotIpAddress, ...) compare like their positive twin; evaluateCondition.ts
// applies the negation (NOR over the policy values) and the missing-key rules.

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];

const byLowerName = new Map<string, ConditionOperatorName>(
  CONDITION_OPERATORS.map((op) => [op.toLowerCase(), op]),
);

const NEGATED: ReadonlySet<ConditionOperatorName> = new Set<ConditionOperatorName>([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

/** A negated operator is true when the key is missing and NOR's its values; see the IAM condition operator docs. */
export function isNegatedOperator(operator: ConditionOperatorName): boolean {
  return NEGATED.has(operator);
}

/** Operators whose values may contain policy variables such as `${aws:username}`. */
export function supportsVariables(operator: ConditionOperatorName): boolean {
  return operator.startsWith('String') || operator.startsWith('Arn');
}

export interface ParsedOperator {
  readonly operator: ConditionOperatorName;
  readonly ifExists: boolean;
  readonly setOperator?: 'ForAnyValue' | 'ForAllValues';
}

/** "ForAnyValue:StringLikeIfExists" -> parts; case-insensitive; undefined for an operator IAM does not know. */
export function parseConditionOperator(written: string): ParsedOperator | undefined {
  let rest = written.trim().toLowerCase();
  let setOperator: ParsedOperator['setOperator'];
  if (rest.startsWith('foranyvalue:')) {
    setOperator = 'ForAnyValue';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    setOperator = 'ForAllValues';
    rest = rest.slice('forallvalues:'.length);
  }
  let ifExists = false;
  let operator = byLowerName.get(rest);
  if (!operator && rest.endsWith('ifexists')) {
    operator = byLowerName.get(rest.slice(0, -'ifexists'.length));
    ifExists = true;
  }
  if (!operator) return undefined;
  // Null tests existence itself: it takes neither IfExists nor a set qualifier.
  if (operator === 'Null' && (ifExists || setOperator)) return undefined;
  return setOperator ? { operator, ifExists, setOperator } : { operator, ifExists };
}

/** Does one request value satisfy one policy value, for the operator's positive form? */
export function matchConditionValue(
  operator: ConditionOperatorName,
  requestValue: string,
  pattern: string,
): boolean {
  // Wildcard operators read escaped `${*}`/`${?}` as literal characters; every other operator sees the text.
  const policyValue = /Like$|^Arn/.test(operator) ? pattern : literalText(pattern);
  switch (operator) {
    case 'StringEquals':
    case 'StringNotEquals':
      return requestValue === policyValue;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return matchesWildcard(requestValue, policyValue);
    case 'NumericEquals':
    case 'NumericNotEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return compare(operator, parseNumber(requestValue), parseNumber(policyValue));
    case 'DateEquals':
    case 'DateNotEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return compare(operator, parseDate(requestValue), parseDate(policyValue));
    case 'Bool': {
      const policy = policyValue.toLowerCase();
      return (policy === 'true' || policy === 'false') && requestValue.toLowerCase() === policy;
    }
    case 'BinaryEquals':
      return binaryEquals(requestValue, policyValue);
    case 'IpAddress':
    case 'NotIpAddress':
      return ipInCidr(requestValue, policyValue);
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return arnMatches(requestValue, policyValue);
    case 'Null':
      // Null is decided from key presence in evaluateCondition.ts, never value by value.
      return false;
  }
}

function compare(
  operator: ConditionOperatorName,
  request: number | undefined,
  policy: number | undefined,
): boolean {
  // A value that is not a number or date never matches, as in IAM.
  if (request === undefined || policy === undefined) return false;
  if (operator.endsWith('LessThanEquals')) return request <= policy;
  if (operator.endsWith('LessThan')) return request < policy;
  if (operator.endsWith('GreaterThanEquals')) return request >= policy;
  if (operator.endsWith('GreaterThan')) return request > policy;
  return request === policy;
}

function parseNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** ISO 8601 dates and times, or epoch seconds (both are accepted by the Date operators). */
function parseDate(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function binaryEquals(request: string, policy: string): boolean {
  const a = Buffer.from(request, 'base64');
  const b = Buffer.from(policy, 'base64');
  return a.length > 0 && a.equals(b);
}

/** ArnLike/ArnEquals: each of the six colon-separated parts is matched separately, wildcards allowed in each. */
export function arnMatches(arn: string, pattern: string): boolean {
  if (pattern === '*') return true;
  const value = splitArn(arn);
  const wanted = splitArn(pattern);
  if (!value || !wanted) return false;
  return wanted.every((part, i) => matchesWildcard(value[i] ?? '', part));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
