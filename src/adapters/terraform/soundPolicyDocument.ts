import { firstUnknown, isTfObject, TfPartialJson, type TfObject, type TfValue } from './value.js';

// A policy whose Allow statement names a resource Terraform knows only after apply (an ARN of something
// created in the same plan) can still be judged: widening that Allow to every resource ("Resource": "*")
// can only make more reachable, so a pass stays a real pass and a fail is at worst stricter. An unknown
// anywhere else (a Deny, an action, a condition) could make the policy more restrictive than we would
// assume, so the document stays unknown.

export function soundPolicyDocument(partial: TfPartialJson): TfValue | undefined {
  const doc = partial.value;
  if (!isTfObject(doc)) return undefined;
  const statements = doc.Statement;
  const list = Array.isArray(statements) ? statements : [statements ?? null];
  const widened: TfValue[] = [];
  for (const statement of list) {
    if (!isTfObject(statement)) return undefined;
    if (!firstUnknown(statement)) {
      widened.push(statement);
      continue;
    }
    const { Resource, NotResource, ...rest } = statement;
    void Resource;
    void NotResource;
    if (statement.Effect !== 'Allow' || firstUnknown(rest)) return undefined;
    const wide: TfObject = { ...rest, Resource: '*' };
    widened.push(wide);
  }
  const { Statement, ...top } = doc;
  void Statement;
  if (firstUnknown(top)) return undefined;
  return { ...top, Statement: widened };
}
