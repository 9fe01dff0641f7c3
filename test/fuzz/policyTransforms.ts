import type { JsonPolicy, JsonStatement } from './policyArbitraries.js';

// Rewrites of a valid policy document that IAM evaluates exactly as the original (or, for the operator case,
// that the engine reads as the original: see policyInvariants.fuzz.test.ts).

/** Flips the case of letters where `bits` (walked as a small PRNG) says so. */
export function recase(text: string, bits: number): string {
  let state = (bits >>> 0) | 1;
  let out = '';
  for (const char of text) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    out += state & 0x10000 ? (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()) : char;
  }
  return out;
}

function mapConditions(
  statement: JsonStatement,
  operator: (written: string) => string,
  key: (written: string) => string,
  values: (value: unknown) => unknown = (value) => value,
): JsonStatement {
  const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  if (!condition) return statement;
  const rewritten: Record<string, Record<string, unknown>> = {};
  for (const [op, block] of Object.entries(condition)) {
    const target = (rewritten[operator(op)] ??= {});
    for (const [k, v] of Object.entries(block)) target[key(k)] = values(v);
  }
  return { ...statement, Condition: rewritten };
}

export function withStatements(policy: JsonPolicy, statements: JsonStatement[]): JsonPolicy {
  return { ...policy, Statement: statements };
}

/** Condition keys in another case: keys are case-insensitive in IAM. */
export function recaseConditionKeys(policy: JsonPolicy, bits: number): JsonPolicy {
  return withStatements(
    policy,
    policy.Statement.map((s, i) =>
      mapConditions(
        s,
        (op) => op,
        (key) => recase(key, bits + i),
      ),
    ),
  );
}

/** Condition operators in another case (IAM itself refuses such a document; see the test). */
export function recaseOperators(policy: JsonPolicy, bits: number): JsonPolicy {
  return withStatements(
    policy,
    policy.Statement.map((s, i) =>
      mapConditions(
        s,
        (op) => recase(op, bits + i),
        (key) => key,
      ),
    ),
  );
}

/** Actions in another case: action names are case-insensitive in IAM. */
export function recaseActions(policy: JsonPolicy, bits: number): JsonPolicy {
  const recased = (value: unknown, i: number): unknown =>
    Array.isArray(value)
      ? value.map((v: unknown, k) => recase(String(v), bits + i * 31 + k))
      : recase(String(value), bits + i);
  return withStatements(
    policy,
    policy.Statement.map((s, i) => {
      const out = { ...s };
      if (out.Action !== undefined) out.Action = recased(out.Action, i);
      if (out.NotAction !== undefined) out.NotAction = recased(out.NotAction, i);
      return out;
    }),
  );
}

/** A scalar becomes a one-element list and a one-element list a scalar, everywhere IAM allows both. */
export function toggleScalars(policy: JsonPolicy): JsonPolicy {
  const toggle = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.length === 1 ? value[0] : value;
    return [value];
  };
  const statements = policy.Statement.map((s) => {
    const out: JsonStatement = { ...s };
    for (const element of ['Action', 'NotAction', 'Resource', 'NotResource'])
      if (out[element] !== undefined) out[element] = toggle(out[element]);
    return mapConditions(
      out,
      (op) => op,
      (key) => key,
      toggle,
    );
  });
  return withStatements(policy, statements);
}

/** The document with its single statement written as an object, not a list (when it has one). */
export function statementAsObject(policy: JsonPolicy): { Version: string; Statement: unknown } {
  return policy.Statement.length === 1 ? { ...policy, Statement: policy.Statement[0] } : policy;
}

/** Sids removed (`undefined`) or replaced. */
export function renameSids(policy: JsonPolicy, names: readonly (string | undefined)[]): JsonPolicy {
  return withStatements(
    policy,
    policy.Statement.map((s, i) => {
      const { Sid: _dropped, ...rest } = s;
      const name = names[i % Math.max(1, names.length)];
      return name === undefined ? rest : { ...rest, Sid: name };
    }),
  );
}

/** The statements in the order `keys` sorts them. */
export function reorder(policy: JsonPolicy, keys: readonly number[]): JsonPolicy {
  const order = policy.Statement.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
  return withStatements(
    policy,
    order.map((i) => policy.Statement[i] as JsonStatement),
  );
}

/** One statement added at `position` (modulo the length). */
export function insertStatement(policy: JsonPolicy, statement: JsonStatement, position: number): JsonPolicy {
  const at = position % (policy.Statement.length + 1);
  return withStatements(policy, [...policy.Statement.slice(0, at), statement, ...policy.Statement.slice(at)]);
}
