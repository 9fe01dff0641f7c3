import type { ConditionOperatorName } from './conditionOperators.js';

// The normalised form of an IAM policy document. Everything that IAM treats as case-insensitive is lower-cased
// here (action names, condition keys), every scalar-or-list element is a list, every condition value is a
// string, so the evaluator never has to know how the document was written.

export type Effect = 'Allow' | 'Deny';

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export interface ConditionClause {
  /** Canonical operator without qualifiers: 'StringEquals', 'Bool', 'Null', ... */
  readonly operator: ConditionOperatorName;
  /** The `...IfExists` suffix: a missing key makes the clause true. */
  readonly ifExists: boolean;
  readonly setOperator?: SetOperator;
  /** Condition key, lower-cased: keys are case-insensitive. */
  readonly key: string;
  /** Policy values as strings: JSON `true` becomes "true", 3600 becomes "3600"; `&{x}` becomes `${x}`. */
  readonly values: readonly string[];
  /** Operator and key as written, for messages. */
  readonly writtenOperator: string;
  readonly writtenKey: string;
}

export interface ActionElement {
  readonly kind: 'Action' | 'NotAction';
  /** Lower-cased patterns: "*", "s3:get*", "iam:createaccesskey". */
  readonly patterns: readonly string[];
}

export interface ResourceElement {
  readonly kind: 'Resource' | 'NotResource';
  /** ARN patterns as written, with Terraform's `&{...}` turned into `${...}`. */
  readonly patterns: readonly string[];
}

export interface PrincipalElement {
  readonly kind: 'Principal' | 'NotPrincipal';
  readonly value: '*' | Readonly<Record<string, readonly string[]>>;
}

export interface PolicyStatement {
  /** Zero-based position in the Statement list. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly action: ActionElement;
  /** Absent when the statement has neither Resource nor NotResource (trust policies). */
  readonly resource?: ResourceElement;
  readonly principal?: PrincipalElement;
  /** All clauses are AND'd; the values inside one clause are OR'd (NOR for negated operators). */
  readonly conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
  /** Where the document came from (file, ARN, Terraform address); every message names it. */
  readonly origin: string;
  readonly version?: string;
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

/** "Statement[2] (Sid "DenyNoMfa")" or "Statement[2]": how messages point at a statement. */
export function statementLabel(statement: { readonly index: number; readonly sid?: string }): string {
  return statement.sid
    ? `Statement[${statement.index}] (Sid "${statement.sid}")`
    : `Statement[${statement.index}]`;
}

/** Policy variables are substituted only in documents with Version 2012-10-17; older ones read them literally. */
export function supportsPolicyVariables(document: PolicyDocument): boolean {
  return document.version === '2012-10-17';
}
