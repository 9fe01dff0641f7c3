// A small number naming an object for as long as it lives: memo keys built from several objects (the
// documents of a set, the statements of a group) use these instead of the objects themselves.

const ids = new WeakMap<object, number>();
let next = 1;

export function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = next++));
  return id;
}
