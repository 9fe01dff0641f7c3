// A value that could not be resolved: an API call that was denied, a report that is missing, an unresolved
// Terraform reference. It always carries the reason, so a check can say why it could not decide.
export interface UnknownValue {
  readonly unknown: true;
  readonly reason: string;
}

export type Maybe<T> = T | UnknownValue;

export function unknownValue(reason: string): UnknownValue {
  return { unknown: true, reason };
}

export function isUnknown<T>(value: Maybe<T>): value is UnknownValue {
  return typeof value === 'object' && value !== null && (value as { unknown?: unknown }).unknown === true;
}
