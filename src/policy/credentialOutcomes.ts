import type { ActionCatalog } from './actionCatalog.js';
import { callableWithSessionTokenWithoutMfa } from './mfaActionLists.js';
import {
  decisionAt,
  evaluateContext,
  type Decision,
  type PolicyLayers,
  type ServiceOutcome,
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
): ServiceOutcome[] {
  if (kind === 'console') return evaluateContext(layers, contexts.console, catalog);
  const direct = evaluateContext(layers, contexts.accessKey, catalog);
  const session = evaluateContext(layers, contexts.sessionToken, catalog);
  return direct.map((outcome, i) => combine(outcome, session[i] as ServiceOutcome));
}

function combine(direct: ServiceOutcome, session: ServiceOutcome): ServiceOutcome {
  const { service, actions } = direct;
  if (service === 'iam') return direct;
  if (service !== 'sts' && direct.uniform && session.uniform) {
    return { service, actions, uniform: stronger(direct.uniform, session.uniform) };
  }
  const decisions = actions.map((action, i) =>
    callableWithSessionTokenWithoutMfa(action)
      ? stronger(decisionAt(direct, i), decisionAt(session, i))
      : decisionAt(direct, i),
  );
  return { service, actions, decisions };
}

const viaSession = new WeakMap<Decision, Decision>();

/** The path that reaches the action most surely: unconditionally first, the direct path before the session. */
function stronger(direct: Decision, session: Decision): Decision {
  if (direct.reachable && !direct.conditional) return direct;
  if (session.reachable && !session.conditional) return markSession(session);
  if (direct.reachable) return direct;
  if (session.reachable) return markSession(session);
  return direct;
}

function markSession(decision: Decision): Decision {
  let marked = viaSession.get(decision);
  if (!marked) {
    marked = { ...decision, viaSessionToken: true };
    viaSession.set(decision, marked);
  }
  return marked;
}
