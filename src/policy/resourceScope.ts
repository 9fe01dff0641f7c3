import type { ResourceElement } from './policyDocument.js';

// How much of the resource space a statement covers, as far as the MFA analysis needs to know: a Deny only
// enforces everywhere when it covers all resources; one limited to some ARNs (the user's own ARN, one bucket)
// leaves the action reachable on other resources, and a NotResource leaves the listed resources open.

export type ResourceScope = 'all' | 'some' | 'none';

export function resourceScope(element: ResourceElement | undefined): ResourceScope {
  // No Resource element at all: IAM rejects that in identity policies; read it as unrestricted.
  if (!element) return 'all';
  const universal = element.patterns.some(isUniversalResource);
  if (element.kind === 'Resource') return universal ? 'all' : 'some';
  return universal ? 'none' : 'some';
}

/** "*", "arn:*", "arn:aws:*:*:*:*" and the like: every resource (of one partition). */
export function isUniversalResource(pattern: string): boolean {
  const trimmed = pattern.trim();
  if (/^\*+$/.test(trimmed)) return true;
  const parts = trimmed.split(':');
  if (parts[0] !== 'arn' || parts.length < 2) return false;
  const [, partition, ...rest] = parts;
  if (partition === '*' && rest.length === 0) return true;
  const anyPartition = partition === '*' || /^aws(-[a-z-]+)?$/.test(partition ?? '');
  return anyPartition && rest.length > 0 && rest.every((part) => /^\*+$/.test(part));
}
