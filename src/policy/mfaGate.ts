import type { CompiledStatement } from './compiledStatement.js';
import { evaluateConditions } from './evaluateCondition.js';
import {
  accessKeyWithoutMfa,
  consoleWithoutMfa,
  isMfaKey,
  withMfa,
  withStaleMfa,
  type RequestContext,
} from './requestContext.js';
import type { Tri } from './triState.js';

// How a statement's MFA clauses alone (its conditions on aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge)
// come out for each kind of request. This is what tells a sound MFA gate from an inverted one or one that a
// credential kind slips past, independently of any other condition in the statement.

export interface MfaGate {
  readonly console: Tri;
  readonly accessKey: Tri;
  readonly mfa: Tri;
  readonly staleMfa: Tri;
}

const gates = new WeakMap<CompiledStatement, MfaGate | null>();

/** The MFA clauses' value per request kind; undefined when the statement has no MFA condition. */
export function mfaGate(compiled: CompiledStatement): MfaGate | undefined {
  let gate = gates.get(compiled);
  if (gate === undefined) {
    const clauses = compiled.statement.conditions.filter((clause) => isMfaKey(clause.key));
    const at = (context: RequestContext) => evaluateConditions(clauses, context);
    gate =
      clauses.length === 0
        ? null
        : {
            console: at(consoleWithoutMfa),
            accessKey: at(accessKeyWithoutMfa),
            mfa: at(withMfa),
            staleMfa: at(withStaleMfa),
          };
    gates.set(compiled, gate);
  }
  return gate ?? undefined;
}

/** A Deny that applies without MFA (for at least one credential kind) and not with fresh MFA. */
export function isMfaEnforcingDeny(compiled: CompiledStatement): boolean {
  const gate = mfaGate(compiled);
  return (
    compiled.statement.effect === 'Deny' &&
    gate !== undefined &&
    gate.mfa !== 'true' &&
    (gate.console === 'true' || gate.accessKey === 'true')
  );
}
