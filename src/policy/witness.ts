import type { CompiledStatement } from './compiledStatement.js';

// A witness: one concrete request that succeeds without MFA, so that "reachable without MFA" can be checked
// by hand, or by AWS's own policy simulator (witnessReplay.ts writes the command). Found by witnessSearch.ts.

export type WitnessCredential = 'console-session' | 'access-key';

export interface WitnessStatement {
  /** The policy's origin: its name, file, or `file:line (label)` for infrastructure as code. */
  readonly policy: string;
  /** The statement's Sid, or `Statement[i]` (zero-based) when it has none. */
  readonly statement: string;
}

/** Condition keys of the request as AWS spells them; null: the key is not in the request at all. */
export type WitnessContext = Readonly<Record<string, string | readonly string[] | null>>;

export interface Witness {
  /** console-session: signed in without MFA; access-key: a long-term access key (no MFA key). */
  readonly credential: WitnessCredential;
  /** Access key only: through the temporary credentials sts:GetSessionToken gives without an MFA code. */
  readonly viaSessionToken?: true;
  /** The most sensitive action found reachable, as IAM spells it: "iam:CreateAccessKey". */
  readonly action: string;
  /** A concrete ARN where the action takes a resource, "*" otherwise. */
  readonly resource: string;
  /**
   * Every key the decision depends on; any other key is absent from the request. Principal names that are
   * placeholders (a policy on its own, a group without members) say so: `example-user`, `example-member`.
   */
  readonly context: WitnessContext;
  /** The identity-policy Allow that grants the request. */
  readonly allowedBy: WitnessStatement;
  /**
   * Allowed only because of keys the analysis cannot decide (the request's source IP, a tag...): `context`
   * holds values for them that make the request succeed, `undecided` names them.
   */
  readonly conditional?: true;
  readonly undecided?: readonly string[];
}

export function witnessStatement(compiled: CompiledStatement): WitnessStatement {
  const { statement, document } = compiled;
  return { policy: document.origin, statement: statement.sid ?? `Statement[${statement.index}]` };
}

/**
 * One line for reports: "console-session can iam:CreateAccessKey on arn:aws:iam::123456789012:user/alice
 * (allowed by AdministratorAccess Statement[0])".
 */
export function describeWitness(witness: Witness): string {
  const who =
    witness.credential === 'access-key' && witness.viaSessionToken
      ? 'access-key (through sts:GetSessionToken without MFA)'
      : witness.credential;
  const when =
    witness.conditional && witness.undecided && witness.undecided.length > 0
      ? `; only when ${witness.undecided.map((key) => `${key} = ${shown(witness.context[key])}`).join(', ')}`
      : '';
  return `${who} can ${witness.action} on ${witness.resource} (allowed by ${witness.allowedBy.policy} ${witness.allowedBy.statement}${when})`;
}

function shown(value: string | readonly string[] | null | undefined): string {
  if (value === null || value === undefined) return '(absent)';
  return typeof value === 'string' ? value : value.join(', ');
}

/** A witness read back from a finding's details (JSON reports carry them as plain objects). */
export function isWitness(value: unknown): value is Witness {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof Witness, unknown>>;
  const allowedBy = candidate.allowedBy as Partial<Record<keyof WitnessStatement, unknown>> | undefined;
  return (
    (candidate.credential === 'console-session' || candidate.credential === 'access-key') &&
    typeof candidate.action === 'string' &&
    typeof candidate.resource === 'string' &&
    typeof candidate.context === 'object' &&
    candidate.context !== null &&
    typeof allowedBy?.policy === 'string' &&
    typeof allowedBy.statement === 'string'
  );
}
