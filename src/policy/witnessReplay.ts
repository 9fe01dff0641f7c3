import { shellQuote } from '../checks/quoting.js';
import type { PolicyDocument } from './policyDocument.js';
import type { Witness } from './witness.js';

// The aws CLI command that asks AWS's own policy simulator the witness's question: may this principal, with
// these condition keys, perform this action on this resource? `simulate-principal-policy` for a principal
// that exists (the simulator reads its policies, its groups' and its permissions boundary itself);
// `simulate-custom-policy` for documents (a policy file, infrastructure as code), each document one entry of
// --policy-input-list. The aws CLI reads `file://` only when the list has a single entry, so files in longer
// lists are read by the shell: "$(cat FILE)". Keys null in the witness's context are left out: the simulator
// then evaluates them as absent, which is what an access key sends for aws:MultiFactorAuthPresent.

/** A policy document given inline (its JSON text) or as a file the person running the command has. */
export type PolicyInput = { readonly json: string } | { readonly file: string };

export type ReplayTarget =
  | {
      readonly kind: 'principal';
      readonly arn: string;
      /** Policies added to the principal's own, e.g. the "Allow everything else" a group check assumes. */
      readonly added?: readonly PolicyInput[];
    }
  | {
      readonly kind: 'custom';
      readonly policies: readonly PolicyInput[];
      readonly boundary?: readonly PolicyInput[];
    };

/** The "whatever other policies allow" companion of `analyze policy` and the group check. */
export const ALLOW_EVERYTHING_JSON =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

export function replayCommand(witness: Witness, target: ReplayTarget): string {
  const words =
    target.kind === 'principal'
      ? [
          'aws iam simulate-principal-policy',
          `--policy-source-arn ${shellQuote(target.arn)}`,
          ...list('--policy-input-list', target.added ?? []),
        ]
      : [
          'aws iam simulate-custom-policy',
          ...list('--policy-input-list', target.policies),
          ...list('--permissions-boundary-policy-input-list', target.boundary ?? []),
        ];
  words.push(
    `--action-names ${shellQuote(witness.action)}`,
    `--resource-arns ${shellQuote(witness.resource)}`,
  );
  const entries = contextEntries(witness);
  if (entries) words.push(`--context-entries ${entries}`);
  return words.join(' ');
}

function list(flag: string, inputs: readonly PolicyInput[]): string[] {
  if (inputs.length === 0) return [];
  const only = inputs.length === 1;
  const words = inputs.map((input) => {
    if ('json' in input) return shellQuote(input.json);
    return only ? shellQuote(`file://${input.file}`) : `"$(cat ${shellQuote(input.file)})"`;
  });
  return [`${flag} ${words.join(' ')}`];
}

const TYPES: Readonly<Record<string, string>> = {
  'aws:multifactorauthpresent': 'boolean',
  'aws:viaawsservice': 'boolean',
  'aws:securetransport': 'boolean',
  'aws:multifactorauthage': 'numeric',
  'aws:epochtime': 'numeric',
  'aws:currenttime': 'date',
  'aws:tokenissuetime': 'date',
  'aws:sourceip': 'ip',
};

/** Keys AWS always sends as lists (the simulator wants a ...List type for them, even with one value). */
const MULTIVALUED: ReadonlySet<string> = new Set(['aws:principalorgpaths', 'aws:tagkeys', 'aws:calledvia']);

const SHORTHAND_SAFE = /^[A-Za-z0-9_+.@/:-]+$/;

/** The present keys as --context-entries: the shorthand form when every value allows it, JSON otherwise. */
function contextEntries(witness: Witness): string | undefined {
  const present = Object.entries(witness.context).filter(
    (entry): entry is [string, string | readonly string[]] => entry[1] !== null,
  );
  if (present.length === 0) return undefined;
  const entries = present.map(([key, value]) => {
    const values = typeof value === 'string' ? [value] : [...value];
    const type = TYPES[key.toLowerCase()] ?? 'string';
    const list = values.length !== 1 || MULTIVALUED.has(key.toLowerCase());
    return { key, values, type: list ? `${type}List` : type };
  });
  const shorthand = entries.every(
    (entry) =>
      entry.values.length === 1 && SHORTHAND_SAFE.test(entry.key) && SHORTHAND_SAFE.test(entry.values[0]!),
  );
  if (shorthand) {
    return entries
      .map((entry) =>
        shellQuote(
          `ContextKeyName=${entry.key},ContextKeyValues=${entry.values[0]},ContextKeyType=${entry.type}`,
        ),
      )
      .join(' ');
  }
  return shellQuote(
    JSON.stringify(
      entries.map((entry) => ({
        ContextKeyName: entry.key,
        ContextKeyValues: entry.values,
        ContextKeyType: entry.type,
      })),
    ),
  );
}

/**
 * A parsed document as policy JSON again, for the simulator: action names lower-cased (IAM compares them
 * case-insensitively), condition values as strings (IAM reads "true" and true alike), Terraform's `&{...}`
 * as the `${...}` IAM reads.
 */
export function policyJson(document: PolicyDocument): string {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : [...values]);
  return JSON.stringify({
    ...(document.version ? { Version: document.version } : {}),
    ...(document.id ? { Id: document.id } : {}),
    Statement: document.statements.map((statement) => {
      const condition: Record<string, Record<string, string | string[] | undefined>> = {};
      for (const clause of statement.conditions)
        (condition[clause.writtenOperator] ??= {})[clause.writtenKey] = one(clause.values);
      return {
        ...(statement.sid ? { Sid: statement.sid } : {}),
        Effect: statement.effect,
        [statement.action.kind]: one(statement.action.patterns),
        ...(statement.resource ? { [statement.resource.kind]: one(statement.resource.patterns) } : {}),
        ...(statement.conditions.length > 0 ? { Condition: condition } : {}),
      };
    }),
  });
}
