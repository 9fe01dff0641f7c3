import {
  asBool,
  asInteger,
  asList,
  asNumber,
  asObject,
  asString,
  at,
  compareStrings,
  containsUnknown,
  describe,
  fail,
  firstProblem,
  graphemes,
  hasKey,
  setOrder,
  sortedObject,
  spec,
  unifyElements,
  unsupported,
  type FnSpec,
} from './fnSupport.js';
import { isTfObject, isTfUnknown, tfEquals, type TfObject, type TfValue } from './value.js';

// Collection functions. Lists, tuples and sets are all arrays here; maps and objects are both TfObjects, kept
// in cty's lexical key order. Functions marked 'shallow' carry unknown elements through (length, concat,
// merge, element, ...); the others need every element known.

function distinctValues(items: readonly TfValue[]): TfValue[] {
  const out: TfValue[] = [];
  for (const item of items) if (!out.some((seen) => tfEquals(seen, item))) out.push(item);
  return out;
}

function toSet(items: readonly TfValue[]): TfValue[] {
  return setOrder(distinctValues(unifyElements(items)));
}

function length(value: TfValue): TfValue {
  if (typeof value === 'string') return graphemes(value).length;
  if (Array.isArray(value)) return value.length;
  if (isTfObject(value)) return Object.keys(value).length;
  if (value === null) return fail('argument must not be null');
  return fail(`argument must be a string, a collection type, or a structural type, got ${describe(value)}`);
}

function flatten(list: readonly TfValue[]): TfValue {
  const out: TfValue[] = [];
  for (const item of list) {
    // An unknown element may turn out to be a list, which would change the result's length.
    if (isTfUnknown(item)) return item;
    if (Array.isArray(item)) {
      const inner = flatten(item);
      if (isTfUnknown(inner)) return inner;
      out.push(...(inner as TfValue[]));
    } else out.push(item);
  }
  return out;
}

function lookup(args: readonly TfValue[]): TfValue {
  const map = at(args, 0);
  const key = at(args, 1);
  const problem = firstProblem([map, key], false);
  if (problem) return problem;
  const object = asObject(map, 'lookup() requires a map as the first argument;');
  const name = asString(key, 'key');
  if (hasKey(object, name)) return object[name] as TfValue;
  if (args.length === 3) return at(args, 2);
  return fail(`lookup failed to find key ${JSON.stringify(name)}`);
}

function coalesce(args: readonly TfValue[]): TfValue {
  const converted = unifyElements(args);
  const isString = converted.some((value) => typeof value === 'string');
  for (const value of converted) {
    if (isTfUnknown(value)) return value;
    if (value === null || (isString && value === '')) continue;
    return value;
  }
  return fail('no non-null, non-empty-string arguments');
}

function coalescelist(args: readonly TfValue[]): TfValue {
  for (const value of args) {
    if (!isTfUnknown(value) && value !== null && !Array.isArray(value)) {
      fail('coalescelist arguments must be lists or tuples');
    }
  }
  for (const value of args) {
    if (isTfUnknown(value)) return value;
    if (Array.isArray(value) && value.length > 0) return value;
  }
  return fail('no non-null arguments');
}

function contains(args: readonly TfValue[]): TfValue {
  const list = at(args, 0);
  const value = at(args, 1);
  const problem = firstProblem([list], false);
  if (problem) return problem;
  const items = asList(list, 'list');
  if (items.length === 0) return false;
  if (containsUnknown(value)) return firstProblem([value], true) as TfValue;
  let unknown: TfValue | undefined;
  for (const item of items) {
    if (containsUnknown(item)) unknown ??= firstProblem([item], true);
    else if (tfEquals(item, value)) return true;
  }
  return unknown ?? false;
}

function index(args: readonly TfValue[]): TfValue {
  const list = at(args, 0);
  const problem = firstProblem([list, at(args, 1)], false);
  if (problem) return problem;
  if (!Array.isArray(list)) return fail('argument must be a list or tuple');
  if (list.length === 0) return fail('cannot search an empty list');
  for (const [i, item] of list.entries()) {
    if (containsUnknown(item) || containsUnknown(at(args, 1))) {
      return firstProblem([item, at(args, 1)], true) as TfValue;
    }
    if (tfEquals(item, at(args, 1))) return i;
  }
  return fail('item not found');
}

function slice(list: readonly TfValue[], start: number, end: number): TfValue[] {
  if (start < 0) fail('start index must not be less than zero');
  if (start > list.length) fail('start index must not be greater than the length of the list');
  if (end < 0) fail('end index must not be less than zero');
  if (end > list.length) fail('end index must not be greater than the length of the list');
  if (start > end) fail('start index must not be greater than end index');
  return list.slice(start, end);
}

function range(args: readonly TfValue[]): TfValue {
  const numbers = args.map((value) => asNumber(value));
  let [start, limit, step] = [0, 0, 1];
  if (numbers.length === 1) [limit] = numbers as [number];
  else [start, limit] = numbers as [number, number];
  step = numbers.length === 3 ? (numbers[2] as number) : limit < start ? -1 : 1;
  if (step === 0) fail('step must not be zero');
  if (step < 0 && limit > start) fail('end must be less than start when step is negative');
  if (step > 0 && limit < start) fail('end must be greater than start when step is positive');
  const exact = Number.isInteger(start) && Number.isInteger(step);
  const out: number[] = [];
  for (let i = 0; ; i++) {
    // cty adds decimal big.Floats; multiplying from the start and trimming to 15 digits avoids 0.30000000000000004.
    const n = exact ? start + i * step : Number((start + i * step).toPrecision(15));
    if (step < 0 ? n <= limit : n >= limit) break;
    if (out.length >= 1024) {
      fail(
        'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
      );
    }
    out.push(n);
  }
  return out;
}

function zipmap(keys: TfValue, values: TfValue): TfValue {
  const problem = firstProblem([keys], true);
  if (problem) return problem;
  const names = asList(keys, 'keys');
  const items = asList(values, 'values');
  if (names.length !== items.length) {
    fail(`number of keys (${names.length}) does not match number of values (${items.length})`);
  }
  return sortedObject(
    names.map((name, i) => {
      if (name === null) fail(`keys list has null value at index ${i}`);
      return [asString(name, 'key'), items[i] as TfValue] as const;
    }),
  );
}

function chunklist(list: readonly TfValue[], size: number): TfValue {
  if (size < 0) fail('the size argument must be positive');
  if (list.length === 0) return [];
  if (size === 0) return [[...list]];
  const out: TfValue[] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function setOperation(sets: readonly TfValue[], combine: (a: TfValue[], b: TfValue[]) => TfValue[]): TfValue {
  const lists = sets.map((set) => asList(set, 'set'));
  // The element types of all the sets unify together, as cty converts every argument to the result type.
  const unified = unifyElements(lists.flat());
  let offset = 0;
  const converted = lists.map((list) => {
    const part = unified.slice(offset, offset + list.length);
    offset += list.length;
    return distinctValues(part);
  });
  return setOrder(converted.slice(1).reduce(combine, converted[0] as TfValue[]));
}

const has = (list: readonly TfValue[], value: TfValue) => list.some((item) => tfEquals(item, value));

function setproduct(sets: readonly TfValue[]): TfValue {
  const lists = sets.map((set) => unifyElements(asList(set, 'set')));
  if (lists.reduce((total, list) => total * list.length, 1) > 100_000) {
    unsupported('setproduct() results above 100000 elements are not supported');
  }
  let product: TfValue[][] = [[]];
  for (const list of lists) product = product.flatMap((prefix) => list.map((item) => [...prefix, item]));
  return product;
}

function alltrue(list: readonly TfValue[]): TfValue {
  let unknown: TfValue | undefined;
  for (const item of list) {
    if (isTfUnknown(item)) unknown ??= item;
    else if (item === null || !asBool(item, 'list element')) return false;
  }
  return unknown ?? true;
}

function anytrue(list: readonly TfValue[]): TfValue {
  let unknown: TfValue | undefined;
  for (const item of list) {
    if (isTfUnknown(item)) unknown ??= item;
    else if (item !== null && asBool(item, 'list element')) return true;
  }
  return unknown ?? false;
}

function sum(list: readonly TfValue[]): TfValue {
  if (list.length === 0) fail('cannot sum an empty list');
  return list.reduce<number>((total, item) => {
    if (item === null) fail('argument must be list, set, or tuple of number values');
    return total + asNumber(item, 'list element');
  }, 0);
}

function transpose(map: TfObject): TfValue {
  const out = new Map<string, TfValue[]>();
  for (const key of Object.keys(map).sort(compareStrings)) {
    for (const item of asList(map[key] as TfValue, 'map element')) {
      if (typeof item !== 'string') fail('input must be a map of lists of strings');
      out.set(item, [...(out.get(item) ?? []), key]);
    }
  }
  return sortedObject(out.entries());
}

function matchkeys(
  values: readonly TfValue[],
  keys: readonly TfValue[],
  search: readonly TfValue[],
): TfValue {
  if (values.length !== keys.length) fail('length of keys and values should be equal');
  const unified = unifyElements([...keys, ...search]);
  const keyList = unified.slice(0, keys.length);
  const searchList = unified.slice(keys.length);
  return values.filter((_, i) => has(searchList, keyList[i] as TfValue));
}

const list1 = (f: (list: readonly TfValue[]) => TfValue, unknowns: 'deep' | 'shallow' = 'deep'): FnSpec =>
  spec(1, 1, (args) => f(asList(at(args, 0), 'list')), unknowns);

export const COLLECTION_FUNCTIONS: Readonly<Record<string, FnSpec>> = {
  alltrue: spec(1, 1, (args) => alltrue(asList(at(args, 0), 'list')), 'shallow'),
  anytrue: spec(1, 1, (args) => anytrue(asList(at(args, 0), 'list')), 'shallow'),
  chunklist: spec(
    2,
    2,
    (args) => chunklist(asList(at(args, 0), 'list'), asInteger(at(args, 1), 'size')),
    'shallow',
  ),
  coalesce: spec(1, Infinity, coalesce, 'self'),
  coalescelist: spec(1, Infinity, coalescelist, 'self'),
  compact: list1((list) =>
    list
      .filter((item) => item !== null && asString(item, 'list element') !== '')
      .map((item) => asString(item)),
  ),
  concat: spec(
    1,
    Infinity,
    (args) => args.flatMap((list) => asList(list, 'all arguments must be lists or tuples;')),
    'shallow',
  ),
  contains: spec(2, 2, contains, 'self'),
  distinct: list1((list) => distinctValues(unifyElements(list))),
  element: spec(
    2,
    2,
    (args) => {
      const list = at(args, 0);
      if (!Array.isArray(list)) return fail(`cannot read elements from ${describe(list)}`);
      const i = asInteger(at(args, 1), 'index');
      if (list.length === 0) return fail('cannot use element function with an empty list');
      // Negative indexes wrap too, as in cty 1.16.3 and later (older Terraform releases fail on them).
      return list[((i % list.length) + list.length) % list.length] as TfValue;
    },
    'shallow',
  ),
  flatten: list1(flatten, 'shallow'),
  index: spec(2, 2, index, 'self'),
  keys: spec(1, 1, (args) => Object.keys(asObject(at(args, 0), 'inputMap')).sort(compareStrings), 'shallow'),
  length: spec(1, 1, (args) => length(at(args, 0)), 'shallow'),
  lookup: spec(2, 3, lookup, 'self'),
  matchkeys: spec(3, 3, (args) =>
    matchkeys(asList(at(args, 0), 'values'), asList(at(args, 1), 'keys'), asList(at(args, 2), 'searchset')),
  ),
  merge: spec(
    0,
    Infinity,
    (args) =>
      sortedObject(
        args.flatMap((arg) =>
          arg === null ? [] : Object.entries(asObject(arg, 'arguments must be maps or objects;')),
        ),
      ),
    'shallow',
  ),
  one: spec(
    1,
    1,
    (args) => {
      const list = asList(at(args, 0), 'list');
      if (list.length > 1) fail('must be a list, set, or tuple value with either zero or one elements');
      return list[0] ?? null;
    },
    'shallow',
  ),
  range: spec(1, 3, range),
  reverse: spec(1, 1, (args) => [...asList(at(args, 0), 'list')].reverse(), 'shallow'),
  setintersection: spec(1, Infinity, (args) => setOperation(args, (a, b) => a.filter((x) => has(b, x)))),
  setproduct: spec(2, Infinity, setproduct),
  setsubtract: spec(2, 2, (args) => setOperation(args, (a, b) => a.filter((x) => !has(b, x)))),
  setunion: spec(1, Infinity, (args) => setOperation(args, (a, b) => distinctValues([...a, ...b]))),
  slice: spec(
    3,
    3,
    (args) =>
      slice(
        asList(at(args, 0), 'list'),
        asInteger(at(args, 1), 'start_index'),
        asInteger(at(args, 2), 'end_index'),
      ),
    'shallow',
  ),
  sort: list1((list) =>
    list
      .map((item, i) => {
        if (item === null) fail(`given list element ${i} is null; a null string cannot be sorted`);
        return asString(item, 'list element');
      })
      .sort(compareStrings),
  ),
  sum: list1(sum),
  tolist: spec(
    1,
    1,
    (args) => (at(args, 0) === null ? null : unifyElements(asList(at(args, 0), 'value'))),
    'shallow',
  ),
  tomap: spec(
    1,
    1,
    (args) => {
      const value = at(args, 0);
      if (value === null) return null;
      const object = asObject(value, 'value');
      const keys = Object.keys(object);
      const unified = unifyElements(keys.map((key) => object[key] as TfValue));
      return sortedObject(keys.map((key, i) => [key, unified[i] as TfValue]));
    },
    'shallow',
  ),
  toset: spec(1, 1, (args) => (at(args, 0) === null ? null : toSet(asList(at(args, 0), 'value')))),
  transpose: spec(1, 1, (args) => transpose(asObject(at(args, 0), 'values'))),
  values: spec(
    1,
    1,
    (args) => {
      const object = asObject(at(args, 0), 'values() requires a map as the first argument;');
      return Object.keys(object)
        .sort(compareStrings)
        .map((key) => object[key] as TfValue);
    },
    'shallow',
  ),
  zipmap: spec(2, 2, (args) => zipmap(at(args, 0), at(args, 1)), 'shallow'),
};
