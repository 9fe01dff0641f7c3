import type { ActionCatalog } from './actionCatalog.js';
import type { CredentialAnalysis, PrincipalMfaAnalysis } from './analyzeWithoutMfa.js';
import type { CredentialContexts } from './credentialOutcomes.js';
import { callableWithSessionTokenWithoutMfa } from './mfaActionLists.js';
import { layersOf, type Decision, type PolicyLayers, type PolicySet } from './reachability.js';
import {
  requestContext,
  requestContexts,
  withKeys,
  type ContextKeys,
  type RequestContext,
} from './requestContext.js';
import { witnessStatement, type Witness, type WitnessCredential } from './witness.js';
import { witnessActions, type WitnessActions } from './witnessActions.js';
import {
  candidateValues,
  spell,
  testedKeys,
  undecidedKeys,
  witnessContext,
  type TestedKeys,
} from './witnessContext.js';
import { evaluateRequest, matchingStatements, type SingleRequest } from './witnessRequest.js';
import { candidateResources, EXAMPLE_ACCOUNT, type ResourcePrincipal } from './witnessResources.js';

// Finds the witness of a "reachable without MFA": one request, checked by the single-request evaluation
// (witnessRequest.ts) in the context the analysis used plus what is known of the principal.
//
// Order: a request allowed DEFINITELY (whatever the keys the analysis cannot decide) before one allowed only
// under some values of them; within each, a console session before an access key (directly, then through
// sts:GetSessionToken without MFA); within each credential the most sensitive action (witnessActions.ts) and
// the most concrete resource (witnessResources.ts). The witness is then re-checked as a fully known request
// (every key not named in its context absent), as the policy simulator would take it.
//
// Preference among the candidates: definite requests among the sensitive actions and a few actions of each
// reachable service first, then conditional ones among those, and only then the rest of the reachable
// services (a definite request found only there loses to a conditional sensitive one).
//
// Cost: only results that fail need a witness, the candidate lists come from the analysis's per-service
// counts, and the first candidate nearly always holds: a handful of single-request evaluations per principal,
// never more than EVALUATIONS_PER_PHASE in each of the four phases.

export interface WitnessPrincipal {
  /** Condition keys of the principal, spelled as AWS does: aws:username, aws:PrincipalArn, tags, ... */
  readonly keys: ContextKeys;
  /** "aws" unless said. */
  readonly partition?: string;
  /** Account id; 123456789012 (the documentation example) when unknown. */
  readonly account?: string;
}

export interface WitnessOptions {
  readonly catalog: ActionCatalog;
  /** The contexts the analysis used; the default ones unless the analysis had others. */
  readonly contexts?: CredentialContexts;
  /** Who makes the request; a placeholder user when absent. */
  readonly principal?: WitnessPrincipal;
  /** For keys such as aws:CurrentTime; now unless said. */
  readonly now?: Date;
}

/** A user who stands for "any principal" (a policy on its own) or for a group's members. */
export function placeholderPrincipal(
  name = 'example-user',
  partition = 'aws',
  account = EXAMPLE_ACCOUNT,
): WitnessPrincipal {
  return {
    keys: { 'aws:username': name, 'aws:PrincipalArn': `arn:${partition}:iam::${account}:user/${name}` },
    partition,
    account,
  };
}

interface Path {
  readonly credential: WitnessCredential;
  readonly viaSessionToken: boolean;
  readonly context: RequestContext;
  readonly analysis: CredentialAnalysis;
}

interface Search {
  readonly layers: PolicyLayers;
  readonly catalog: ActionCatalog;
  readonly resources: ResourcePrincipal;
  readonly tested: TestedKeys;
  /**
   * Some identity Allow names the action (and, given a context, its condition can hold there): without one,
   * no request for the action can succeed, whatever its resource.
   */
  readonly granted: (action: string, context?: RequestContext) => boolean;
  readonly spelling: ReadonlyMap<string, string>;
  readonly now: Date;
  /** Single-request evaluations left in this phase: bounds the search where almost nothing is reachable. */
  readonly budget: { left: number };
}

const EVALUATIONS_PER_PHASE = 2000;

/**
 * Candidate lists per catalog and credential analysis. Sound to share: an analysis belongs to one set of
 * document objects (createMfaAnalyzer.ts), and the lists depend only on the analysis, the catalog and which
 * actions those documents' Allows name.
 */
const listsByCatalog = new WeakMap<
  ActionCatalog,
  WeakMap<CredentialAnalysis, Map<boolean, WitnessActions>>
>();

function listsFor(catalog: ActionCatalog): WeakMap<CredentialAnalysis, Map<boolean, WitnessActions>> {
  let lists = listsByCatalog.get(catalog);
  if (!lists) {
    lists = new WeakMap();
    listsByCatalog.set(catalog, lists);
  }
  return lists;
}

/** The witness of a non-enforced analysis of this policy set; undefined when the analysis is enforced. */
export function findWitness(
  set: PolicySet,
  analysis: PrincipalMfaAnalysis,
  options: WitnessOptions,
): Witness | undefined {
  return analysis.enforced ? undefined : witnessInLayers(layersOf(set), analysis, options);
}

/** The same for policies already laid out for evaluation (reachability.ts `layersOf`). */
export function witnessInLayers(
  layers: PolicyLayers,
  analysis: PrincipalMfaAnalysis,
  options: WitnessOptions,
): Witness | undefined {
  if (analysis.enforced) return undefined;
  const principal = options.principal ?? placeholderPrincipal();
  const contexts = options.contexts ?? requestContexts;
  const keys = principal.keys;
  const paths: Path[] = [];
  const path = (credential: WitnessCredential, context: RequestContext, viaSessionToken = false) => ({
    credential,
    viaSessionToken,
    context: withKeys(context, keys),
    analysis: credential === 'console-session' ? analysis.console : analysis.accessKey,
  });
  if (!analysis.console.enforced) paths.push(path('console-session', contexts.console));
  if (!analysis.accessKey.enforced) {
    paths.push(path('access-key', contexts.accessKey), path('access-key', contexts.sessionToken, true));
  }
  const arnKey = Object.keys(keys).find((key) => key.toLowerCase() === 'aws:principalarn');
  const arn = arnKey ? keys[arnKey] : undefined;
  const search: Search = {
    layers,
    catalog: options.catalog,
    resources: {
      partition: principal.partition ?? 'aws',
      account: principal.account ?? EXAMPLE_ACCOUNT,
      ...(typeof arn === 'string' && /:user\//.test(arn) ? { userArn: arn } : {}),
    },
    tested: testedKeys(layers),
    granted: grantedActions(layers),
    spelling: new Map(Object.keys(keys).map((key) => [key.toLowerCase(), key])),
    now: options.now ?? new Date(),
    budget: { left: EVALUATIONS_PER_PHASE },
  };
  // Definite first, among the preferred actions and a few of every service where the analysis found some action
  // reachable whatever the undecided keys; then conditional requests among the preferred actions and a few of
  // every reachable service; only then every other action. One candidate list per credential analysis and
  // phase (the two access-key paths share one), kept while the analysis lives: the analyser shares one
  // analysis among every principal with the same documents, and such principals share the lists too.
  const lists = listsFor(search.catalog);
  const actionsOf = (p: Path, definite: boolean) => {
    let byPhase = lists.get(p.analysis);
    if (!byPhase) {
      byPhase = new Map();
      lists.set(p.analysis, byPhase);
    }
    let actions = byPhase.get(definite);
    if (!actions) {
      actions = witnessActions(p.analysis, search.catalog, definite, (action) => search.granted(action));
      byPhase.set(definite, actions);
    }
    return actions;
  };
  const short = (actions: WitnessActions) => [() => actions.preferred, () => actions.others()];
  const long = (actions: WitnessActions) => [() => actions.rest()];
  for (const lists of [short, long]) {
    for (const definite of [true, false]) {
      search.budget.left = EVALUATIONS_PER_PHASE;
      for (const p of paths) {
        for (const list of lists(actionsOf(p, definite))) {
          const found = searchPath(search, p, list(), definite);
          if (found) return found;
          if (search.budget.left <= 0) break;
        }
      }
    }
  }
  return undefined;
}

/**
 * Whether some identity Allow's Action names an action (lower-case). A necessary condition for any request
 * to succeed, and far cheaper than making its candidate resources: without it, a service reachable through
 * `ec2:Describe*` would have its few hundred other actions each tried with every candidate resource.
 */
function grantedActions(layers: PolicyLayers): (action: string, context?: RequestContext) => boolean {
  const grants = layers.statements
    .filter((entry) => entry.layer === 'identity' && entry.compiled.statement.effect === 'Allow')
    .map((entry) => entry.compiled);
  return (action, context) =>
    grants.some(
      (grant) => grant.matcher.matches(action) && (!context || grant.condition(context) !== 'false'),
    );
}

function searchPath(
  search: Search,
  path: Path,
  actions: readonly string[],
  definite: boolean,
): Witness | undefined {
  for (const action of actions) {
    if (path.viaSessionToken && !callableWithSessionTokenWithoutMfa(action)) continue;
    if (!search.granted(action, path.context)) continue;
    for (const resource of candidateResources(action, search.resources, search.layers, path.context)) {
      if (search.budget.left-- <= 0) return undefined;
      const request: SingleRequest = { action, resource, context: path.context };
      const decision = evaluateRequest(search.layers, request);
      if (!decision.reachable) continue;
      const sure = !decision.conditional && !decision.partialResources;
      if (definite && !sure) continue;
      const witness = sure ? confirm(search, path, request, []) : concretise(search, path, request);
      if (witness) return witness;
    }
  }
  return undefined;
}

/**
 * The witness for a request, if it still succeeds as a fully known request: the named keys (plus `extra`,
 * values chosen for undecided keys) and nothing else.
 */
function confirm(
  search: Search,
  path: Path,
  request: SingleRequest,
  extra: readonly (readonly [string, string | null])[],
): Witness | undefined {
  const context = witnessContext(path.context, search.tested, search.spelling, {
    account: search.resources.account,
    ...(search.resources.userArn ? { principalArn: search.resources.userArn } : {}),
    now: search.now,
  });
  for (const [key, value] of extra) context[spell(key, search.tested, search.spelling)] = value;
  const decision: Decision = evaluateRequest(search.layers, {
    ...request,
    context: requestContext('witness', context, 'absent'),
  });
  if (!decision.reachable || decision.conditional || !decision.allowedBy) return undefined;
  const undecided = extra.map(([key]) => spell(key, search.tested, search.spelling));
  return {
    credential: path.credential,
    ...(path.viaSessionToken ? { viaSessionToken: true as const } : {}),
    action: search.catalog.displayName(request.action),
    resource: request.resource,
    context,
    allowedBy: witnessStatement(decision.allowedBy),
    ...(undecided.length > 0 ? { conditional: true as const, undecided } : {}),
  };
}

const MAX_UNDECIDED = 4;
const MAX_TRIES = 128;

/** A request allowed only under undecided keys: values for them, from the conditions, that make it succeed. */
function concretise(search: Search, path: Path, request: SingleRequest): Witness | undefined {
  const matching = matchingStatements(search.layers, request);
  const keys = undecidedKeys(matching, path.context);
  if (keys.length === 0 || keys.length > MAX_UNDECIDED) return undefined;
  const choices = keys.map((key) => candidateValues(key, matching));
  let tries = 0;
  const pick = (index: number, chosen: (readonly [string, string | null])[]): Witness | undefined => {
    if (index === keys.length) {
      tries++;
      return confirm(search, path, request, chosen);
    }
    for (const value of choices[index] ?? []) {
      if (tries >= MAX_TRIES) return undefined;
      const found = pick(index + 1, [...chosen, [keys[index] as string, value]]);
      if (found) return found;
    }
    return undefined;
  };
  return pick(0, []);
}
