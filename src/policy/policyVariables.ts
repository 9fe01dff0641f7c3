import { lookupKey, type RequestContext } from './requestContext.js';
import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard.js';

// Policy variables: `${aws:username}`, with an optional default `${aws:username, 'nobody'}`, and the escapes
// `${*}`, `${?}`, `${$}`. Terraform writes `&{...}` in HCL to avoid its own interpolation; the parser has
// already turned those into `${...}`.

export type ResolvedValue =
  | { readonly state: 'resolved'; readonly value: string }
  /** The variable's key is not in the request: the value cannot match anything. */
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

const VARIABLE = /\$\{([^}]*)\}/g;

export function resolveVariables(text: string, context: RequestContext): ResolvedValue {
  let state: ResolvedValue['state'] = 'resolved';
  const value = text.replace(VARIABLE, (_match, inner: string) => {
    const body = inner.trim();
    if (body === '*') return LITERAL_STAR;
    if (body === '?') return LITERAL_QUESTION;
    if (body === '$') return '$';
    const [keyPart, ...defaultParts] = body.split(',');
    const key = (keyPart ?? '').trim();
    const defaultText = defaultParts.join(',').trim();
    const lookup = lookupKey(context, key);
    if (lookup.state === 'present' && lookup.values.length > 0) return lookup.values[0] ?? '';
    if (defaultText) return defaultText.replace(/^'(.*)'$/, '$1');
    if (lookup.state === 'unknown') {
      if (state !== 'absent') state = 'unknown';
    } else {
      state = 'absent';
    }
    return '';
  });
  return state === 'resolved' ? { state, value } : { state };
}
