import { allChecks } from '../../checks/index.js';

// `mfa-warden:ignore CHECK REASON` in a comment (`#` or `//` in HCL, `#` in YAML). A reason is required: an
// unexplained suppression is how exceptions get forgotten, so it is an input error, as is an unknown check.

const MARKER = /mfa-warden:ignore\b(.*)$/;

export type SuppressionParse =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly checks: readonly string[]; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/** Parses one comment's text (with or without its `#`/`//` marker). */
export function parseSuppressionComment(text: string): SuppressionParse {
  const match = MARKER.exec(text);
  if (!match) return { kind: 'none' };
  const rest = (match[1] ?? '').replace(/\*\/\s*$/, '').trim();
  const [ids = '', ...words] = rest.split(/\s+/);
  const reason = words.join(' ').trim();
  if (ids === '') {
    return {
      kind: 'error',
      message:
        'mfa-warden:ignore needs a check id and a reason, e.g. "# mfa-warden:ignore group-mfa-enforced break-glass group, sealed"',
    };
  }
  const checks = ids.split(',').filter(Boolean);
  const unknown = checks.filter((id) => id !== '*' && !allChecks.some((check) => check.id === id));
  if (unknown.length > 0) {
    return {
      kind: 'error',
      message: `mfa-warden:ignore names unknown check ${unknown.join(', ')}; valid: *, ${allChecks.map((c) => c.id).join(', ')}`,
    };
  }
  if (reason === '') {
    return {
      kind: 'error',
      message: `mfa-warden:ignore ${ids} has no reason; say why the finding is accepted`,
    };
  }
  return { kind: 'ok', checks, reason };
}
