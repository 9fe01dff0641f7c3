import { widenUnknownResources } from '../iac/widenUnknownResources.js';
import { firstUnknown, type TfPartialJson, type TfValue } from './value.js';

// jsonencode() over a policy with unknowns inside: judged soundly when only Allow resources are unknown
// (see widenUnknownResources.ts); otherwise undefined, and the document stays unknown.

export function soundPolicyDocument(partial: TfPartialJson): TfValue | undefined {
  return widenUnknownResources(partial.value, (value) => firstUnknown(value as TfValue) !== undefined) as
    TfValue | undefined;
}

/**
 * The statement blocks of `data "aws_iam_policy_document"` widened the same way before rendering: an Allow
 * (the default effect) whose `resources` are unknown gets `resources = ["*"]`.
 */
export function widenPolicyDocumentStatements(
  attrs: Readonly<Record<string, TfValue>>,
): Readonly<Record<string, TfValue>> {
  const statements = attrs.statement;
  if (!Array.isArray(statements) || !statements.some((s) => firstUnknown(s) !== undefined)) return attrs;
  const widened = widenUnknownResources(
    { statement: statements },
    (value) => firstUnknown(value as TfValue) !== undefined,
    {
      statement: 'statement',
      effect: 'effect',
      resource: 'resources',
      notResource: 'not_resources',
      allowByDefault: true,
      everything: ['*'],
    },
  ) as { statement: TfValue } | undefined;
  return widened ? { ...attrs, statement: widened.statement } : attrs;
}
