import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard.js';

// What a condition can say about a value the analysis does not know exactly but knows the shape of: the
// aws:PrincipalArn of "some IAM user of account A" is `arn:aws:iam::A:user/<path and name>`. A shape is
// literal text with SEGMENT, which stands for any run of characters without ':' (an ARN segment, an IAM
// path and name). Policy patterns are IAM wildcards (`*` any run, `?` one character; `${*}` and `${?}`, as
// LITERAL_STAR / LITERAL_QUESTION, literal characters).

/** In a shape: any run of characters that holds no ':'. */
export const SEGMENT = '\uE002';

/**
 * What is known of "some IAM user" of an account (of any account, in any partition, when not said): its
 * aws:PrincipalArn is a user ARN there, its aws:userid a user's unique id (AIDA...).
 */
export function someUserShapes(partition?: string, account?: string): Record<string, string> {
  return {
    'aws:principalarn': `arn:${partition ?? SEGMENT}:iam::${account ?? SEGMENT}:user/${SEGMENT}`,
    'aws:userid': `AIDA${SEGMENT}`,
  };
}

type Sym =
  | { readonly kind: 'star' }
  | { readonly kind: 'segment' }
  | { readonly kind: 'any' }
  | { readonly kind: 'char'; readonly char: string };

function patternSymbols(pattern: string, ignoreCase: boolean): Sym[] {
  const out: Sym[] = [];
  for (const raw of pattern) {
    if (raw === '*') out.push({ kind: 'star' });
    else if (raw === '?') out.push({ kind: 'any' });
    else out.push(charSym(raw === LITERAL_STAR ? '*' : raw === LITERAL_QUESTION ? '?' : raw, ignoreCase));
  }
  return out;
}

function shapeSymbols(shape: string, ignoreCase: boolean): Sym[] {
  return [...shape].map((raw) => (raw === SEGMENT ? { kind: 'segment' } : charSym(raw, ignoreCase)));
}

function charSym(char: string, ignoreCase: boolean): Sym {
  return { kind: 'char', char: ignoreCase ? char.toLowerCase() : char };
}

const loops = (sym: Sym | undefined) => sym?.kind === 'star' || sym?.kind === 'segment';

/** Can `sym` read the character `char` (undefined: some character other than ':')? */
function reads(sym: Sym, char: string | undefined): boolean {
  switch (sym.kind) {
    case 'star':
    case 'any':
      return true;
    case 'segment':
      return char !== ':';
    case 'char':
      return char === undefined ? sym.char !== ':' : sym.char === char;
  }
}

type Push = (i: number, j: number) => void;

/** Can the moves lead from the start of both symbol lists to the end of both (a depth-first search)? */
function reachesBothEnds(
  x: readonly Sym[],
  y: readonly Sym[],
  moves: (i: number, j: number, p: Sym | undefined, q: Sym | undefined, push: Push) => void,
): boolean {
  const width = y.length + 1;
  const seen = new Uint8Array((x.length + 1) * width);
  const stack: [number, number][] = [[0, 0]];
  const push: Push = (i, j) => {
    if (!seen[i * width + j]) stack.push([i, j]);
  };
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    if (seen[i * width + j]) continue;
    seen[i * width + j] = 1;
    if (i === x.length && j === y.length) return true;
    moves(i, j, x[i], y[j], push);
  }
  return false;
}

/**
 * Some value of the shape matches the pattern, read as StringLike reads it (a `*` spans ':' too; for the ARN
 * operators, which match segment by segment, this can only say "maybe" more often, never a wrong "no").
 */
export function shapeMayMatch(pattern: string, shape: string, ignoreCase = false): boolean {
  return reachesBothEnds(
    patternSymbols(pattern, ignoreCase),
    shapeSymbols(shape, ignoreCase),
    (i, j, p, q, push) => {
      // A star or a segment may stand for nothing.
      if (loops(p)) push(i + 1, j);
      if (loops(q)) push(i, j + 1);
      if (!p || !q) return;
      // One character both sides read: a literal one if either side is literal, else any but ':'.
      const char = p.kind === 'char' ? p.char : q.kind === 'char' ? q.char : undefined;
      if (!reads(p, char) || !reads(q, char)) return;
      const next: [number, number] = [loops(p) ? i : i + 1, loops(q) ? j : j + 1];
      if (next[0] !== i || next[1] !== j) push(next[0], next[1]);
    },
  );
}

/**
 * Every value of the shape matches the pattern (sufficient, never a wrong "yes"): the pattern matches the
 * shape when each SEGMENT of it is absorbed by one of the pattern's stars. `arn`: the ARN operators, whose
 * stars do not cross ':'.
 */
export function shapeAlwaysMatches(
  pattern: string,
  shape: string,
  options: { ignoreCase?: boolean; arn?: boolean } = {},
): boolean {
  const ignoreCase = options.ignoreCase ?? false;
  return reachesBothEnds(
    patternSymbols(pattern, ignoreCase),
    shapeSymbols(shape, ignoreCase),
    (i, j, p, q, push) => {
      if (!p) return;
      if (p.kind === 'star') {
        push(i + 1, j);
        // The star takes the next shape symbol: a segment whole, or a character (not ':' for an ARN).
        if (q && !(options.arn && q.kind === 'char' && q.char === ':')) push(i, j + 1);
        return;
      }
      if (q?.kind !== 'char') return;
      if (p.kind === 'any' || (p.kind === 'char' && p.char === q.char)) push(i + 1, j + 1);
    },
  );
}
