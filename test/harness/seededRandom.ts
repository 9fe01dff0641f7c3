// Deterministic randomness for fault injection: the same seed picks the same requests on every run. A draw
// is keyed by (seed, what, index) rather than taken from one stream, so which GetLoginProfile is hit does not
// depend on how the scan's parallel parts happened to interleave.

/** A number in [0, 1), fixed for these keys. */
export function draw(seed: number, ...keys: readonly (string | number)[]): number {
  let state = mix(seed >>> 0);
  for (const key of keys) state = mix(state ^ hashString(String(key)));
  return mulberry32(state)();
}

/** An integer in [min, max], fixed for these keys. */
export function drawInt(
  seed: number,
  min: number,
  max: number,
  ...keys: readonly (string | number)[]
): number {
  return min + Math.floor(draw(seed, ...keys) * (max - min + 1));
}

/** One element of a non-empty list, fixed for these keys. */
export function pick<T>(seed: number, items: readonly T[], ...keys: readonly (string | number)[]): T {
  if (items.length === 0) throw new Error('pick() needs at least one item');
  return items[drawInt(seed, 0, items.length - 1, ...keys)] as T;
}

/** mulberry32: tiny, fast, and good enough to spread hits; not for cryptography. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit finaliser (murmur3's fmix32), so nearby seeds give unrelated streams. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
