import type { ActionCatalog } from './actionCatalog.js';
import type { CredentialAnalysis, PrincipalMfaAnalysis } from './analyzeWithoutMfa.js';
import type { CredentialContexts } from './credentialOutcomes.js';
import { callableWithSessionTokenWithoutMfa } from './mfaActionLists.js';
import {
  layersOf,
  type Decision,
  type LayeredStatement,
  type PolicyLayers,
  type PolicySet,
} from './reachability.js';
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
import {
  evaluateRequest,
  matchingStatements,
  resourceApplies,
  type SingleRequest,
} from './witnessRequest.js';
import { candidateResources, EXAMPLE_ACCOUNT, type ResourcePrincipal } from './witnessResources.js';
import { supportsPolicyVariables } from './policyDocument.js';
import { matchesWildcard } from './wildcard.js';
import { objectId } from './objectId.js';

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
  // The principal's contexts are made when first read: a principal that reuses another's request reads one.
  const path = (credential: WitnessCredential, context: RequestContext, viaSessionToken = false): Path => {
    let own: RequestContext | undefined;
    return {
      credential,
      viaSessionToken,
      get context() {
        return (own ??= withKeys(context, keys));
      },
      analysis: credential === 'console-session' ? analysis.console : analysis.accessKey,
    };
  };
  if (!analysis.console.enforced) paths.push(path('console-session', contexts.console));
  if (!analysis.accessKey.enforced) {
    paths.push(path('access-key', contexts.accessKey), path('access-key', contexts.sessionToken, true));
  }
  const arnKey = Object.keys(keys).find((key) => key.toLowerCase() === 'aws:principalarn');
  const arn = arnKey ? keys[arnKey] : undefined;
  const tables = tablesOf(layers);
  const search: Search = {
    layers,
    catalog: options.catalog,
    resources: {
      partition: principal.partition ?? 'aws',
      account: principal.account ?? EXAMPLE_ACCOUNT,
      ...(typeof arn === 'string' && /:user\//.test(arn) ? { userArn: arn } : {}),
    },
    tested: tables.tested,
    granted: tables.granted,
    spelling: new Map(Object.keys(keys).map((key) => [key.toLowerCase(), key])),
    now: options.now ?? new Date(),
    budget: { left: EVALUATIONS_PER_PHASE },
  };
  // Principals the search cannot tell apart (same policies, same tested keys, their own ARN covered by the
  // same Resource elements) get the same request: it is looked for once and confirmed for each of them.
  const signature = searchSignature(search, tables, keys, paths, options, contexts);
  const memo = signature === undefined ? undefined : foundFor(layers, analysis);
  const known = signature === undefined ? undefined : memo?.get(signature);
  if (known === null) return undefined;
  if (known) {
    const again = replay(search, paths, known);
    if (again) return again;
  }
  const hit = searchAll(search, paths);
  if (signature !== undefined) memo?.set(signature, hit ? hit.found : null);
  return hit?.witness;
}

/** The request a search settled on, in terms that hold for every principal with the same signature. */
interface Found {
  readonly path: number;
  readonly action: string;
  /** The principal's own user ARN rather than `resource`. */
  readonly ownArn: boolean;
  readonly resource: string;
  readonly extra: readonly (readonly [string, string | null])[];
}

interface Hit {
  readonly witness: Witness;
  readonly found: Found;
}

function replay(search: Search, paths: readonly Path[], found: Found): Witness | undefined {
  const path = paths[found.path];
  const resource = found.ownArn ? search.resources.userArn : found.resource;
  if (!path || resource === undefined) return undefined;
  return confirm(search, path, { action: found.action, resource, context: path.context }, found.extra)
    ?.witness;
}

function searchAll(search: Search, paths: readonly Path[]): Hit | undefined {
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
      for (const [index, p] of paths.entries()) {
        for (const list of lists(actionsOf(p, definite))) {
          const found = searchPath(search, p, index, list(), definite);
          if (found) return found;
          if (search.budget.left <= 0) break;
        }
      }
    }
  }
  return undefined;
}

interface Tables {
  readonly tested: TestedKeys;
  readonly granted: (action: string, context?: RequestContext) => boolean;
  /** Resource elements that can tell two user ARNs apart (not just "*"), without policy variables. */
  readonly literalResources: readonly { readonly kind: 'Resource' | 'NotResource'; patterns: string[] }[];
  /** Statements whose Resource element reads policy variables: their coverage depends on the context. */
  readonly variableResources: readonly LayeredStatement[];
}

const tablesOfLayers = new WeakMap<PolicyLayers, Tables>();

/** What the search reads from the policies alone, once per set of layers. */
function tablesOf(layers: PolicyLayers): Tables {
  let tables = tablesOfLayers.get(layers);
  if (!tables) {
    const literalResources: { kind: 'Resource' | 'NotResource'; patterns: string[] }[] = [];
    const variableResources: LayeredStatement[] = [];
    for (const entry of layers.statements) {
      const element = entry.compiled.statement.resource;
      if (!element || (element.kind === 'Resource' && element.patterns.every(isStar))) continue;
      const variables =
        supportsPolicyVariables(entry.compiled.document) && element.patterns.some((p) => p.includes('${'));
      if (variables) variableResources.push(entry);
      else literalResources.push({ kind: element.kind, patterns: [...element.patterns] });
    }
    tables = {
      tested: testedKeys(layers),
      granted: grantedActions(layers),
      literalResources,
      variableResources,
    };
    tablesOfLayers.set(layers, tables);
  }
  return tables;
}

function isStar(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

const foundByLayers = new WeakMap<PolicyLayers, WeakMap<PrincipalMfaAnalysis, Map<string, Found | null>>>();

function foundFor(layers: PolicyLayers, analysis: PrincipalMfaAnalysis): Map<string, Found | null> {
  let byAnalysis = foundByLayers.get(layers);
  if (!byAnalysis) foundByLayers.set(layers, (byAnalysis = new WeakMap()));
  let found = byAnalysis.get(analysis);
  if (!found) byAnalysis.set(analysis, (found = new Map()));
  return found;
}

/**
 * Everything about the principal the search can see, as a string; undefined when the principal's ARN could
 * also come up as one of the search's made-up resources (example-*, another-*), where two principals could
 * differ in which candidates are tried.
 */
function searchSignature(
  search: Search,
  tables: Tables,
  keys: ContextKeys,
  paths: readonly Path[],
  options: WitnessOptions,
  contexts: CredentialContexts,
): string | undefined {
  const { userArn, partition, account } = search.resources;
  if (userArn !== undefined && /example|another/i.test(userArn)) return undefined;
  const parts = [
    objectId(options.catalog),
    objectId(contexts),
    options.now ? options.now.toISOString() : '',
    partition,
    account,
  ].map(String);
  // The principal's keys that some policy reads, and keys that stand for many (aws:PrincipalTag/*).
  for (const key of Object.keys(keys).sort()) {
    const lower = key.toLowerCase();
    if (tables.tested.keys.has(lower) || lower.includes('*'))
      parts.push(`${lower}=${JSON.stringify(keys[key])}`);
  }
  if (userArn !== undefined) {
    let covered = '';
    for (const element of tables.literalResources)
      covered += element.patterns.some((pattern) => matchesWildcard(userArn, pattern)) ? 't' : 'f';
    for (const p of paths)
      for (const entry of tables.variableResources)
        covered += resourceApplies(entry.compiled, userArn, p.context)[0];
    parts.push(`own:${covered}`);
  }
  return parts.join('\n');
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
  index: number,
  actions: Iterable<string>,
  definite: boolean,
): Hit | undefined {
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
      const confirmed = sure ? confirm(search, path, request, []) : concretise(search, path, request);
      if (confirmed) {
        const ownArn = resource === search.resources.userArn;
        return {
          witness: confirmed.witness,
          found: { path: index, action, ownArn, resource: ownArn ? '' : resource, extra: confirmed.extra },
        };
      }
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
): Confirmed | undefined {
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
  const witness: Witness = {
    credential: path.credential,
    ...(path.viaSessionToken ? { viaSessionToken: true as const } : {}),
    action: search.catalog.displayName(request.action),
    resource: request.resource,
    context,
    allowedBy: witnessStatement(decision.allowedBy),
    ...(undecided.length > 0 ? { conditional: true as const, undecided } : {}),
  };
  return { witness, extra };
}

interface Confirmed {
  readonly witness: Witness;
  /** The values chosen for undecided keys. */
  readonly extra: readonly (readonly [string, string | null])[];
}

const MAX_UNDECIDED = 4;
const MAX_TRIES = 128;

/** A request allowed only under undecided keys: values for them, from the conditions, that make it succeed. */
function concretise(search: Search, path: Path, request: SingleRequest): Confirmed | undefined {
  const matching = matchingStatements(search.layers, request);
  const keys = undecidedKeys(matching, path.context);
  if (keys.length === 0 || keys.length > MAX_UNDECIDED) return undefined;
  const choices = keys.map((key) => candidateValues(key, matching));
  let tries = 0;
  const pick = (index: number, chosen: (readonly [string, string | null])[]): Confirmed | undefined => {
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
