// Three-valued logic for conditions on keys the analysis does not fix. 'unknown' means "depends on the
// request", e.g. aws:SourceIp: an Allow that is unknown may grant, a Deny that is unknown may not apply.

export type Tri = 'true' | 'false' | 'unknown';

export function triNot(value: Tri): Tri {
  return value === 'true' ? 'false' : value === 'false' ? 'true' : 'unknown';
}

/** AND: false wins, then unknown; an empty conjunction is true. */
export function triAnd(values: Iterable<Tri>): Tri {
  let result: Tri = 'true';
  for (const value of values) {
    if (value === 'false') return 'false';
    if (value === 'unknown') result = 'unknown';
  }
  return result;
}

/** OR: true wins, then unknown; an empty disjunction is false. */
export function triOr(values: Iterable<Tri>): Tri {
  let result: Tri = 'false';
  for (const value of values) {
    if (value === 'true') return 'true';
    if (value === 'unknown') result = 'unknown';
  }
  return result;
}
