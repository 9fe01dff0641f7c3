// The values the Terraform evaluator computes. Terraform's own types (string, number, bool, list, set, tuple,
// map, object, null) collapse to JSON-like values; sets are arrays of distinct values. What cannot be known
// before apply, or what the evaluator does not model, is a TfUnknown carrying the reason, and it propagates:
// any operation on an unknown is unknown (with the first reason), so it can never turn into a guess.

export class TfUnknown {
  constructor(readonly reason: string) {}
}

/**
 * The result of jsonencode() over a value with unknowns inside: still unknown as a string, but it keeps the
 * structure, so a policy document whose Allow names an unresolved resource can be judged soundly (see
 * soundPolicyDocument.ts).
 */
export class TfPartialJson extends TfUnknown {
  constructor(
    reason: string,
    readonly value: TfValue,
  ) {
    super(reason);
  }
}

export type TfValue = null | boolean | number | string | TfValue[] | TfObject | TfUnknown;
export interface TfObject {
  [key: string]: TfValue;
}

export function isTfUnknown(value: TfValue | undefined): value is TfUnknown {
  return value instanceof TfUnknown;
}

export function isTfObject(value: TfValue | undefined): value is TfObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TfUnknown)
  );
}

export function tfUnknown(reason: string): TfUnknown {
  return new TfUnknown(reason);
}

/** The first part of a value (depth-first, the value itself included) that `test` accepts. */
export function findInValue<T extends TfValue>(
  value: TfValue,
  test: (part: TfValue) => part is T,
): T | undefined {
  if (test(value)) return value;
  const items = Array.isArray(value) ? value : isTfObject(value) ? Object.values(value) : [];
  for (const item of items) {
    const found = findInValue(item, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first unknown anywhere inside a value (depth-first), or undefined when the value is fully known. */
export function firstUnknown(value: TfValue): TfUnknown | undefined {
  return findInValue(value, isTfUnknown);
}

/** Terraform's string conversion: numbers and bools convert, everything else is a type error. */
export function tfToString(value: TfValue): string | TfUnknown {
  if (value instanceof TfUnknown) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return tfUnknown('a null value cannot be used as a string');
  return tfUnknown(`a ${Array.isArray(value) ? 'list' : 'object'} cannot be used as a string`);
}

/** Equality as Terraform's == compares: by value, deeply. */
export function tfEquals(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => tfEquals(v, b[i] as TfValue));
  if (isTfObject(a) && isTfObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && tfEquals(a[k] as TfValue, b[k] as TfValue));
  }
  return false;
}
