// A policy whose Allow statement names a resource known only after deployment (the ARN of a queue or key
// created alongside) can still be judged: widening that Allow to every resource can only make more
// reachable, so a pass stays a real pass and a fail is at worst stricter. An unknown anywhere else (a Deny,
// an action, a condition, a principal) could make the policy more restrictive than we would assume, so then
// there is no widened document and the caller keeps the whole document unknown. Both IaC adapters use it,
// each with its own notion of "unknown".

type Record_ = Readonly<Record<string, unknown>>;

/** Where a document keeps its statements and resources: IAM JSON, or Terraform's policy document blocks. */
export interface WideningKeys {
  readonly statement: string;
  readonly effect: string;
  readonly resource: string;
  readonly notResource: string;
  /** Terraform's `statement` blocks default to Allow; IAM JSON requires Effect. */
  readonly allowByDefault: boolean;
  /** "*" in IAM JSON, ["*"] in Terraform's `resources`. */
  readonly everything: unknown;
}

const IAM_JSON_KEYS: WideningKeys = {
  statement: 'Statement',
  effect: 'Effect',
  resource: 'Resource',
  notResource: 'NotResource',
  allowByDefault: false,
  everything: '*',
};

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The document with unknown-resource Allows widened to `"Resource": "*"`, or undefined when not sound. */
export function widenUnknownResources(
  document: unknown,
  containsUnknown: (value: unknown) => boolean,
  keys: WideningKeys = IAM_JSON_KEYS,
): unknown {
  if (!isRecord(document)) return undefined;
  const statements = document[keys.statement];
  const list: unknown[] = Array.isArray(statements) ? statements : [statements];
  const widened: unknown[] = [];
  for (const statement of list) {
    if (!isRecord(statement)) return undefined;
    if (!containsUnknown(statement)) {
      widened.push(statement);
      continue;
    }
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(statement)) {
      if (key !== keys.resource && key !== keys.notResource) rest[key] = value;
    }
    const effect = statement[keys.effect];
    const allows = effect === 'Allow' || (keys.allowByDefault && (effect === undefined || effect === null));
    if (!allows || containsUnknown(rest)) return undefined;
    widened.push({ ...rest, [keys.resource]: keys.everything });
  }
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (key !== keys.statement) top[key] = value;
  if (containsUnknown(top)) return undefined;
  return { ...top, [keys.statement]: Array.isArray(statements) ? widened : widened[0] };
}
