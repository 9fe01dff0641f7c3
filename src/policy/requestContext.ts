// The request contexts the MFA analysis reasons about. A context fixes only the keys it knows; every other
// key is 'unknown' (conditions on it evaluate to unknown), unless the context says otherwise.
//
// What AWS puts in the request (IAM docs, "AWS global condition context keys"):
// - aws:MultiFactorAuthPresent is present only with temporary credentials: "true" when MFA was used, "false"
//   for a console session or a GetSessionToken session without MFA; it is ABSENT for requests signed with a
//   long-term access key.
// - aws:MultiFactorAuthAge is present only when MFA was used.
// - aws:ViaAWSService is "false" for requests the principal makes itself (we analyse those, not forward
//   access sessions), so the common `"aws:ViaAWSService": "false"` guard in MFA policies is decided.

export interface RequestContext {
  readonly name: string;
  /** Lower-cased keys the context fixes: their values when present, null when known to be absent. */
  readonly keys: Readonly<Record<string, readonly string[] | null>>;
  /** Keys not listed: 'unknown' for the analysis; 'absent' describes one fully known request (tests, what-ifs). */
  readonly otherKeys: 'unknown' | 'absent';
  /**
   * Lower-cased keys not listed whose single value is unknown but has a known shape (globShapes.ts): the
   * aws:PrincipalArn of "some IAM user of account A". Conditions that no value of the shape can satisfy
   * (ArnLike ...:role/*) are decided.
   */
  readonly shapes?: Readonly<Record<string, string>>;
}

export type KeyLookup =
  | { readonly state: 'unknown' }
  | { readonly state: 'absent' }
  | { readonly state: 'present'; readonly values: readonly string[] };

export type ContextKeys = Readonly<Record<string, string | readonly string[] | null>>;

export function requestContext(
  name: string,
  keys: ContextKeys,
  otherKeys: RequestContext['otherKeys'] = 'unknown',
): RequestContext {
  const normalised: Record<string, readonly string[] | null> = {};
  for (const [key, value] of Object.entries(keys)) {
    normalised[key.toLowerCase()] = value === null ? null : typeof value === 'string' ? [value] : [...value];
  }
  return { name, keys: normalised, otherKeys };
}

/** The same context with more keys fixed (e.g. aws:username, aws:PrincipalType for one principal). */
export function withKeys(context: RequestContext, keys: ContextKeys): RequestContext {
  const merged = requestContext(context.name, keys, context.otherKeys);
  return { ...context, keys: { ...context.keys, ...merged.keys } };
}

/** The same context with the shapes of some unknown values (lower-cased keys). */
export function withShapes(
  context: RequestContext,
  shapes: Readonly<Record<string, string>>,
): RequestContext {
  return { ...context, shapes: { ...context.shapes, ...shapes } };
}

export function lookupKey(context: RequestContext, key: string): KeyLookup {
  const lower = key.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(context.keys, lower)) {
    const values = context.keys[lower];
    return values === null || values === undefined ? { state: 'absent' } : { state: 'present', values };
  }
  return context.otherKeys === 'absent' ? { state: 'absent' } : { state: 'unknown' };
}

/**
 * Keys AWS puts into every request context ("AWS global condition context keys": "This key is always included
 * in the request context"), whatever their value. A context that does not fix them still knows they are
 * present: `Null` on them is decided, and so is a `StringLike` pattern that matches every value.
 */
export const ALWAYS_PRESENT_KEYS: ReadonlySet<string> = new Set([
  'aws:requestedregion',
  'aws:currenttime',
  'aws:epochtime',
  'aws:securetransport',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:userid',
]);

export const MFA_PRESENT_KEY = 'aws:multifactorauthpresent';
export const MFA_AGE_KEY = 'aws:multifactorauthage';
export const MFA_KEYS: readonly string[] = [MFA_PRESENT_KEY, MFA_AGE_KEY];

export function isMfaKey(key: string): boolean {
  return MFA_KEYS.includes(key.toLowerCase());
}

/** A console session (temporary credentials) signed in without MFA. */
export const consoleWithoutMfa: RequestContext = requestContext('console', {
  [MFA_PRESENT_KEY]: 'false',
  [MFA_AGE_KEY]: null,
  'aws:viaawsservice': 'false',
});

/** A request signed with a long-term access key: no MFA key at all. */
export const accessKeyWithoutMfa: RequestContext = requestContext('accessKey', {
  [MFA_PRESENT_KEY]: null,
  [MFA_AGE_KEY]: null,
  'aws:viaawsservice': 'false',
});

/**
 * Temporary credentials from sts:GetSessionToken called with an access key but without MFA. No policy can
 * stop that call ("You cannot use policies to control authentication operations"), so whatever this context
 * reaches, an access key reaches too; IAM refuses these credentials for IAM and most STS operations.
 */
export const sessionTokenWithoutMfa: RequestContext = requestContext('sessionToken', {
  [MFA_PRESENT_KEY]: 'false',
  [MFA_AGE_KEY]: null,
  'aws:viaawsservice': 'false',
});

/** A request authenticated with MFA five minutes ago. */
export const withMfa: RequestContext = requestContext('mfa', {
  [MFA_PRESENT_KEY]: 'true',
  [MFA_AGE_KEY]: '300',
  'aws:viaawsservice': 'false',
});

/** MFA used long ago: tells a Deny on a stale MFA age (meant to enforce MFA) from one that ignores MFA. */
export const withStaleMfa: RequestContext = requestContext('staleMfa', {
  [MFA_PRESENT_KEY]: 'true',
  [MFA_AGE_KEY]: '31536000',
  'aws:viaawsservice': 'false',
});

export const requestContexts = {
  console: consoleWithoutMfa,
  accessKey: accessKeyWithoutMfa,
  sessionToken: sessionTokenWithoutMfa,
  mfa: withMfa,
} as const;
