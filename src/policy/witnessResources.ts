import { resolveVariables } from './policyVariables.js';
import { supportsPolicyVariables } from './policyDocument.js';
import type { PolicyLayers } from './reachability.js';
import type { RequestContext } from './requestContext.js';
import { literalText } from './wildcard.js';
import { resourceTypesOf } from './witnessIamData.js';

// The resources a witness request may name, best first. An action that takes a resource gets a concrete ARN:
// for IAM user actions the principal's own user first (iam:CreateAccessKey on yourself is the classic first
// step after a stolen password), then the ARN format of the action's resource type (from iam-data) filled
// with example names, then ARNs made from the Resource patterns of the statements that allow the action; "*"
// last. An action that takes no resource gets "*" only. Which candidate the policies allow and no Deny
// covers is decided by the caller, one request at a time.

export interface ResourcePrincipal {
  readonly partition: string;
  /** Account id; a documentation example id when unknown. */
  readonly account: string;
  /** The principal's own ARN when it is an IAM user. */
  readonly userArn?: string;
}

export const EXAMPLE_ACCOUNT = '123456789012';

/** Resource types of one action tried (ec2:RunInstances takes 18). */
const MAX_TYPES = 3;

/** Candidate resources for one action, best first, without duplicates; made as the caller asks for them. */
export function* candidateResources(
  action: string,
  principal: ResourcePrincipal,
  layers: PolicyLayers,
  context: RequestContext,
): Generator<string, void, undefined> {
  const types = resourceTypesOf(action);
  // Known to take no resource: IAM requires Resource "*" for it.
  if (types && types.length === 0) {
    yield '*';
    return;
  }
  const seen = new Set<string>();
  const fresh = (arn: string): boolean => {
    if (seen.has(arn)) return false;
    seen.add(arn);
    return true;
  };
  for (const type of (types ?? []).slice(0, MAX_TYPES)) {
    if (type.name === 'user' && principal.userArn && fresh(principal.userArn)) yield principal.userArn;
    const filled = fillArnFormat(type.arn, principal);
    const other = filled === principal.userArn ? fillArnFormat(type.arn, principal, 'another') : filled;
    if (fresh(other)) yield other;
  }
  for (const arn of allowedPatterns(action, layers, context, principal)) if (fresh(arn)) yield arn;
  if (fresh('*')) yield '*';
}

/** `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}` -> `arn:aws:iam::123456789012:user/example-user`. */
export function fillArnFormat(format: string, principal: ResourcePrincipal, prefix = 'example'): string {
  return format.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
    if (name === 'Partition') return principal.partition;
    if (name === 'Account') return principal.account;
    if (name === 'Region') return 'us-east-1';
    const words = name
      .replace(/(NameWithPath|Name|Id|Identifier)$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase();
    return `${prefix}-${words || 'resource'}`;
  });
}

/** Concrete ARNs from the Resource patterns of the identity Allows that match the action. */
function allowedPatterns(
  action: string,
  layers: PolicyLayers,
  context: RequestContext,
  principal: ResourcePrincipal,
): string[] {
  const lower = action.toLowerCase();
  const arns: string[] = [];
  for (const { compiled, layer } of layers.statements) {
    const resource = compiled.statement.resource;
    if (layer !== 'identity' || compiled.statement.effect !== 'Allow' || resource?.kind !== 'Resource')
      continue;
    if (!compiled.matcher.matches(lower)) continue;
    for (const pattern of resource.patterns) {
      let text = pattern;
      if (supportsPolicyVariables(compiled.document) && pattern.includes('${')) {
        const resolved = resolveVariables(pattern, context);
        if (resolved.state !== 'resolved') continue;
        text = resolved.value;
      }
      if (/^\*+$/.test(text)) continue;
      arns.push(concrete(text, principal));
    }
  }
  return arns;
}

/** A pattern made concrete: an empty account or a `*` account becomes the account, other wildcards words. */
function concrete(pattern: string, principal: ResourcePrincipal): string {
  const parts = pattern.split(':');
  if (parts[0] === 'arn' && parts.length >= 6) {
    if (parts[1] === '*' || parts[1] === '') parts[1] = principal.partition;
    if (parts[3] === '*') parts[3] = 'us-east-1';
    if (parts[4] === '*') parts[4] = principal.account;
  }
  // Wildcards become words; the escapes `${*}` and `${?}` (kept apart by the substitution) become literal.
  return literalText(parts.join(':').replace(/\*+/g, 'example').replace(/\?/g, 'x'));
}
