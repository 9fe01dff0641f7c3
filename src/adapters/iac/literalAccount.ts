import { isUnknown } from '../../model/unknown.js';

// Code often names its own account by number (`arn:aws:iam::123456789012:user/alice` in a trust policy,
// `aws:PrincipalAccount = 123456789012` in a condition) where it could have read it from the provider. The
// model places code in a placeholder account; without this, such a trust would read as cross-account and
// its user would not match the declared alice. An account id counts as this account's when an ARN with it
// names a user, group, role or customer managed policy this same code declares (same path and name).

const IAM_ARN = /arn:[a-z-]+:iam::(\d{12}):(user|group|role|policy)(\/[^\s"'\\]*)/g;

/**
 * The one account id, other than `placeholder`, that ARNs in `texts` use for principals or policies the
 * code declares (`declared` holds their ARNs in the placeholder account), or that identity policies compare
 * aws:PrincipalAccount with (`principalAccounts`); undefined when none, or several.
 */
export function literalAccountOf(
  texts: Iterable<string>,
  declared: ReadonlySet<string>,
  placeholder: string,
  principalAccounts: Iterable<string> = [],
): string | undefined {
  const found = new Set<string>([...principalAccounts].filter((id) => id !== placeholder));
  for (const text of texts) {
    for (const match of text.matchAll(IAM_ARN)) {
      const [, account, kind, rest] = match as unknown as [string, string, string, string];
      if (account === placeholder || found.has(account)) continue;
      if (declared.has(`arn:aws:iam::${placeholder}:${kind}${rest}`)) found.add(account);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * The account ids an identity policy compares `aws:PrincipalAccount` with: an identity policy only ever
 * applies to its own account's principals, so such an id is the code's account. (Trust policies are left
 * out: there the key often names a partner account.)
 */
export function* principalAccountsOf(value: unknown): Generator<string> {
  if (isUnknown(value)) return;
  if (typeof value === 'string') {
    if (!/principalaccount/i.test(value)) return;
    try {
      yield* principalAccountsOf(JSON.parse(value) as unknown);
    } catch {
      // Not JSON text: nothing to read.
    }
  } else if (Array.isArray(value)) for (const item of value) yield* principalAccountsOf(item);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key.toLowerCase() === 'aws:principalaccount')
        for (const id of Array.isArray(inner) ? inner : [inner])
          if (typeof id === 'string' && /^\d{12}$/.test(id)) yield id;
      yield* principalAccountsOf(inner);
    }
}

/** Every string in a document (objects, arrays, JSON text), for literalAccountOf. */
export function* stringsOf(value: unknown): Generator<string> {
  if (isUnknown(value)) return;
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsOf(item);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) yield* stringsOf(item);
}

/** The document with the account id `from` written as `to` wherever it stands alone (not inside a longer number). */
export function renameAccount<T>(value: T, from: string, to: string): T {
  const pattern = new RegExp(`(?<!\\d)${from}(?!\\d)`, 'g');
  const rename = (item: unknown): unknown => {
    if (isUnknown(item)) return item;
    if (typeof item === 'string') return item.replace(pattern, to);
    if (Array.isArray(item)) return item.map(rename);
    // Plain (or prototype-less) objects only: a marker object (an unresolved value) stays what it is.
    if (item && typeof item === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(item)))
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, rename(inner)]));
    return item;
  };
  return rename(value) as T;
}
