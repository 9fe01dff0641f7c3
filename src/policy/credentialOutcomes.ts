import type { ActionCatalog } from './actionCatalog.js';
import { callableWithSessionTokenWithoutMfa } from './mfaActionLists.js';
import {
  decisionAt,
  evaluateContext,
  contextMemo,
  type ContextMemo,
  isUniform,
  type Decision,
  type PolicyLayers,
  type ServiceDecisions,
  type ServiceOutcomes,
} from './reachability.js';
import type { RequestContext } from './requestContext.js';

// What one kind of credential reaches without MFA.
// - console: a console session signed in without MFA (aws:MultiFactorAuthPresent = "false").
// - accessKey: a long-term access key, directly (no MFA key in the request) OR through the temporary
//   credentials any access key can get from sts:GetSessionToken without an MFA code (MultiFactorAuthPresent
//   = "false"; IAM and most STS operations refuse them). A policy that only stops the direct path (a lone
//   `Null` guard) therefore does not stop the key.

export type CredentialKind = 'console' | 'accessKey';

export interface CredentialContexts {
  readonly console: RequestContext;
  readonly accessKey: RequestContext;
  readonly sessionToken: RequestContext;
}

export function evaluateCredential(
  layers: PolicyLayers,
  kind: CredentialKind,
  contexts: CredentialContexts,
  catalog: ActionCatalog,
  // One per policy set: its contexts share the decisions their conditions do not tell apart.
  memo: ContextMemo = contextMemo(),
): ServiceOutcomes {
  if (kind === 'console') return evaluateContext(layers, contexts.console, catalog, memo);
  const direct = evaluateContext(layers, contexts.accessKey, catalog, memo);
  const session = evaluateContext(layers, contexts.sessionToken, catalog, memo);
  // The same decisions both ways (no condition tells the contexts apart): the direct path is the stronger.
  if (direct === session) return direct;
  return direct.map((decisions, index) => {
    const service = catalog.services[index] as string;
    return combine(service, catalog.actionsOf(service), decisions, session[index] as ServiceDecisions, memo);
  });
}

function combine(
  service: string,
  actions: readonly string[],
  direct: ServiceDecisions,
  session: ServiceDecisions,
  memo: ContextMemo,
): ServiceDecisions {
  // The same decisions both ways (no condition told the contexts apart): the stronger path is the direct one.
  if (service === 'iam' || direct === session) return direct;
  if (isUniform(direct) && isUniform(session)) {
    if (service !== 'sts') return strongerPath(direct, session, memo);
  } else if (!isUniform(direct) && !isUniform(session)) {
    // Per-action arrays are shared by the sets of an analyzer's memo, and so is their combination.
    let bySession = memo.combined.get(direct);
    if (!bySession) memo.combined.set(direct, (bySession = new Map()));
    let decisions = bySession.get(session);
    if (!decisions) {
      decisions = combineActions(service, actions, direct, session, memo);
      bySession.set(session, decisions);
      memo.cells += decisions.length;
    }
    return decisions;
  }
  return combineActions(service, actions, direct, session, memo);
}

function combineActions(
  service: string,
  actions: readonly string[],
  direct: ServiceDecisions,
  session: ServiceDecisions,
  memo: ContextMemo,
): readonly Decision[] {
  // Outside IAM and STS every action is callable with the session: no per-action test of its name.
  if (service !== 'sts')
    return actions.map((_, i) => strongerPath(decisionAt(direct, i), decisionAt(session, i), memo));
  return actions.map((action, i) =>
    callableWithSessionTokenWithoutMfa(action)
      ? strongerPath(decisionAt(direct, i), decisionAt(session, i), memo)
      : decisionAt(direct, i),
  );
}

/** The path that reaches the action most surely: unconditionally first, the direct path before the session. */
function strongerPath(direct: Decision, session: Decision, memo: ContextMemo): Decision {
  if (direct.reachable && !direct.conditional) return direct;
  if (session.reachable && !session.conditional) return markSession(session, memo);
  if (direct.reachable) return direct;
  if (session.reachable) return markSession(session, memo);
  return direct;
}

/** A session decision marked as such, one per decision and memo (decisions are shared within a memo). */
function markSession(decision: Decision, memo: ContextMemo): Decision {
  let viaSession = memo.marked.get(decision);
  if (!viaSession) {
    viaSession = { ...decision, viaSessionToken: true };
    memo.marked.set(decision, viaSession);
  }
  return viaSession;
}
