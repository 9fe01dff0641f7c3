// IAM wildcards: `*` matches any run of characters (including none), `?` exactly one. Compiled patterns are
// cached because the same few thousand action patterns recur across every policy of an account.

const cache = new Map<string, RegExp>();

/**
 * The policy-variable escapes `${*}` and `${?}` stand for a literal `*` or `?`. Substitution writes them as
 * these private-use characters, so wildcard matching keeps them literal; literalText() turns them back.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

export function literalText(text: string): string {
  return text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function isOnlyStars(pattern: string): boolean {
  return pattern.length > 0 && /^\*+$/.test(pattern);
}

export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const cacheKey = (ignoreCase ? 'i:' : 's:') + pattern;
  let compiled = cache.get(cacheKey);
  if (!compiled) {
    let source = '';
    for (const char of pattern) {
      if (char === '*') source += '.*';
      else if (char === '?') source += '.';
      else if (char === LITERAL_STAR) source += '\\*';
      else if (char === LITERAL_QUESTION) source += '\\?';
      else source += char.replace(/[\\^$.|+()[\]{}/-]/g, '\\$&');
    }
    compiled = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    cache.set(cacheKey, compiled);
  }
  return compiled;
}

export function matchesWildcard(value: string, pattern: string, ignoreCase = false): boolean {
  if (!hasWildcard(pattern)) {
    const literal = literalText(pattern);
    return ignoreCase ? value.toLowerCase() === literal.toLowerCase() : value === literal;
  }
  return wildcardRegExp(pattern, ignoreCase).test(value);
}
