import type { ActionCatalog } from './actionCatalog.js';
import { callableWithSessionTokenWithoutMfa } from './mfaActionLists.js';
import {
  decisionAt,
  evaluateContext,
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
  memo: ContextMemo = new Map(),
): ServiceOutcomes {
  if (kind === 'console') return evaluateContext(layers, contexts.console, catalog, memo);
  const direct = evaluateContext(layers, contexts.accessKey, catalog, memo);
  const session = evaluateContext(layers, contexts.sessionToken, catalog, memo);
  // The same decisions both ways (no condition tells the contexts apart): the direct path is the stronger.
  if (direct === session) return direct;
  return direct.map((decisions, index) => {
    const service = catalog.services[index] as string;
    return combine(service, catalog.actionsOf(service), decisions, session[index] as ServiceDecisions);
  });
}

/**
 * Per-action decisions of one service combined, by the direct and the session arrays: arrays are shared
 * across the sets of an analyzer (reachability.ts), and so is their combination while both live.
 */
const combined = new WeakMap<readonly Decision[], WeakMap<readonly Decision[], readonly Decision[]>>();

function combine(
  service: string,
  actions: readonly string[],
  direct: ServiceDecisions,
  session: ServiceDecisions,
): ServiceDecisions {
  // The same decisions both ways (no condition told the contexts apart): the stronger path is the direct one.
  if (service === 'iam' || direct === session) return direct;
  if (isUniform(direct) && isUniform(session)) {
    if (service !== 'sts') return strongerPath(direct, session);
  } else if (!isUniform(direct) && !isUniform(session)) {
    let bySession = combined.get(direct);
    if (!bySession) combined.set(direct, (bySession = new WeakMap()));
    let decisions = bySession.get(session);
    if (!decisions) {
      decisions = combineActions(service, actions, direct, session);
      bySession.set(session, decisions);
    }
    return decisions;
  }
  return combineActions(service, actions, direct, session);
}

function combineActions(
  service: string,
  actions: readonly string[],
  direct: ServiceDecisions,
  session: ServiceDecisions,
): readonly Decision[] {
  // Outside IAM and STS every action is callable with the session: no per-action test of its name.
  if (service !== 'sts')
    return actions.map((_, i) => strongerPath(decisionAt(direct, i), decisionAt(session, i)));
  return actions.map((action, i) =>
    callableWithSessionTokenWithoutMfa(action)
      ? strongerPath(decisionAt(direct, i), decisionAt(session, i))
      : decisionAt(direct, i),
  );
}

/** The path that reaches the action most surely: unconditionally first, the direct path before the session. */
function strongerPath(direct: Decision, session: Decision): Decision {
  if (direct.reachable && !direct.conditional) return direct;
  if (session.reachable && !session.conditional) return markSession(session);
  if (direct.reachable) return direct;
  if (session.reachable) return markSession(session);
  return direct;
}

/** Session decisions marked as such, one per decision while it lives (decisions are shared across sets). */
const marked = new WeakMap<Decision, Decision>();

function markSession(decision: Decision): Decision {
  let viaSession = marked.get(decision);
  if (!viaSession) {
    viaSession = { ...decision, viaSessionToken: true };
    marked.set(decision, viaSession);
  }
  return viaSession;
}
