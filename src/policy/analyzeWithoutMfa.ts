import { actionCatalogSync, type ActionCatalog } from './actionCatalog.js';
import type { CompiledStatement } from './compiledStatement.js';
import { evaluateCredential, type CredentialContexts, type CredentialKind } from './credentialOutcomes.js';
import { hasSelfEnrolmentActions, isSelfEnrolmentAction, sensitiveCategory } from './mfaActionLists.js';
import {
  decisionAt,
  isUniform,
  layersOf,
  contextMemo,
  type ContextMemo,
  type Decision,
  type PolicyLayers,
  type PolicySet,
  type ServiceDecisions,
  type ServiceOutcomes,
} from './reachability.js';
import { requestContexts, withKeys, type ContextKeys, type RequestContext } from './requestContext.js';
import { testedKeys, undecidedKeys } from './witnessContext.js';
import { pooledServiceReach } from './serviceReachPool.js';
import { statementRef, type StatementRef } from './statementRef.js';

// "With these policies, which actions can this principal still perform WITHOUT MFA, and with which kind of
// credential?" Answered per credential kind (see credentialOutcomes.ts) from the symbolic evaluation in
// reachability.ts; the catalog only turns the decisions into counts and names.

export interface AnalysisOptions {
  /** The action universe; defaults to the full iam-data catalog (loaded once). */
  readonly catalog?: ActionCatalog;
  /** Keys to treat as known in every context, e.g. { 'aws:username': 'alice', 'aws:PrincipalType': 'User' }. */
  readonly context?: ContextKeys;
}

export interface ServiceReach {
  readonly service: string;
  /** Actions of the service reachable without MFA. */
  readonly reachable: number;
  /** Actions the service has in the catalog. */
  readonly of: number;
  /** Of the reachable ones: only under conditions the analysis cannot decide. */
  readonly conditional: number;
  /** Of the reachable ones: only on some resources. */
  readonly partialResources: number;
  /** The reachable actions by name, when there are at most 25. */
  readonly actions?: readonly string[];
}

export interface CredentialAnalysis {
  readonly credential: CredentialKind;
  /** Nothing beyond MFA self-enrolment is reachable without MFA (conditional reachability counts as reachable). */
  readonly enforced: boolean;
  /** Reachable actions, self-enrolment included. */
  readonly total: number;
  readonly beyondSelfEnrolment: number;
  readonly conditional: number;
  readonly partialResources: number;
  /** Access keys only: reachable only through a GetSessionToken session without MFA. */
  readonly viaSessionToken: number;
  /** Services with at least one reachable action. */
  readonly serviceCount: number;
  readonly services: readonly ServiceReach[];
  /** Reachable credential/permission-management actions by name; "*" first when every action is reachable. */
  readonly sensitive: readonly string[];
  /** Statements that grant the reachable actions, most actions first. */
  readonly allowedBy: readonly StatementRef[];
  /** Explicit denies that remove actions for this credential, most actions first. */
  readonly deniedBy: readonly StatementRef[];
  /** Denies that match reachable actions but may not apply (unknown condition, only some resources). */
  readonly possiblyDeniedBy: readonly StatementRef[];
  /**
   * The condition keys the conditional reachability depends on, which the analysis cannot know (they come
   * with the request: aws:SourceIp, aws:RequestedRegion, resource tags...), as the policies spell them.
   */
  readonly undecidedKeys: readonly string[];
  /** One line a person can check against the policies. */
  readonly explanation: string;
}

export interface PrincipalMfaAnalysis {
  readonly console: CredentialAnalysis;
  readonly accessKey: CredentialAnalysis;
  /** Both credential kinds are limited to MFA self-enrolment without MFA. */
  readonly enforced: boolean;
  /** Catalog the counts refer to. */
  readonly catalog: { readonly source: string; readonly actions: number; readonly services: number };
}

export function analyzeWithoutMfa(set: PolicySet, options: AnalysisOptions = {}): PrincipalMfaAnalysis {
  return analyzeLayers(
    layersOf(set),
    options.catalog ?? actionCatalogSync(),
    credentialContexts(options.context),
  );
}

export function credentialContexts(keys?: ContextKeys): CredentialContexts {
  if (!keys) return requestContexts;
  return {
    console: withKeys(requestContexts.console, keys),
    accessKey: withKeys(requestContexts.accessKey, keys),
    sessionToken: withKeys(requestContexts.sessionToken, keys),
  };
}

/**
 * `memo`: decisions shared with other analyses against the same catalog (createMfaAnalyzer.ts keeps one for
 * all the sets it analyses); a new one by default.
 */
export function analyzeLayers(
  layers: PolicyLayers,
  catalog: ActionCatalog,
  contexts: CredentialContexts,
  memo?: ContextMemo,
): PrincipalMfaAnalysis {
  return analyzeLayersWithOutcomes(layers, catalog, contexts, memo).analysis;
}

/** The analysis and the per-service decisions it was summarised from (for callers that list actions). */
export function analyzeLayersWithOutcomes(
  layers: PolicyLayers,
  catalog: ActionCatalog,
  contexts: CredentialContexts,
  memo: ContextMemo = contextMemo(),
): { analysis: PrincipalMfaAnalysis; outcomes: Record<CredentialKind, ServiceOutcomes> } {
  const outcomes = {
    console: evaluateCredential(layers, 'console', contexts, catalog, memo),
    accessKey: evaluateCredential(layers, 'accessKey', contexts, catalog, memo),
  };
  const console = summarise('console', outcomes.console, catalog, layers, [contexts.console], memo);
  const accessKey = summarise(
    'accessKey',
    outcomes.accessKey,
    catalog,
    layers,
    [contexts.accessKey, contexts.sessionToken],
    memo,
  );
  return {
    analysis: {
      console,
      accessKey,
      enforced: console.enforced && accessKey.enforced,
      catalog: { source: catalog.source, actions: catalog.size, services: catalog.services.length },
    },
    outcomes,
  };
}

const LISTED_PER_SERVICE = 25;

/** What one service's decisions add to a credential's analysis. */
export interface ServiceContribution {
  readonly reachable: number;
  readonly serviceBeyond: number;
  readonly serviceConditional: number;
  readonly servicePartial: number;
  readonly conditionalBeyond: number;
  readonly viaSessionToken: number;
  readonly viaSessionBeyond: number;
  /** Each distinct decision with its number of actions, in the order of its first action. */
  readonly perDecision: readonly (readonly [Decision, number])[];
  /** The shared per-service reach (serviceReachPool.ts) when some action is reachable. */
  readonly reach: ServiceReach | undefined;
  /** Reachable sensitive actions (IAM and STS only), display names, in catalog order. */
  readonly sensitive: readonly string[];
}

const NONE: readonly string[] = [];

/** Contributions of one service's per-action decisions, by the array, kept in the memo with the arrays. */
function perActionContribution(
  catalog: ActionCatalog,
  service: string,
  outcome: readonly Decision[],
  memo: ContextMemo,
): ServiceContribution {
  let contribution = memo.contributions.get(outcome);
  if (!contribution) {
    contribution = contribute(catalog, service, outcome);
    memo.contributions.set(outcome, contribution);
    memo.cells += 1 + contribution.perDecision.length;
  }
  return contribution;
}

function contribute(
  catalog: ActionCatalog,
  service: string,
  outcome: readonly Decision[],
): ServiceContribution {
  const actions = catalog.actionsOf(service);
  const enrols = hasSelfEnrolmentActions(service);
  // A service's actions share a few decisions: each is recorded once with its count, in the order of its
  // first action, so the statements enter the counts in the same order as action by action.
  const perDecision = new Map<Decision, number>();
  const listed: string[] = [];
  let reachable = 0;
  let serviceBeyond = 0;
  let serviceConditional = 0;
  let servicePartial = 0;
  let conditionalBeyond = 0;
  let viaSessionToken = 0;
  let viaSessionBeyond = 0;
  actions.forEach((action, i) => {
    const decision = decisionAt(outcome, i);
    perDecision.set(decision, (perDecision.get(decision) ?? 0) + 1);
    if (!decision.reachable) return;
    reachable++;
    const counted = enrols && isSelfEnrolmentAction(action) ? 0 : 1;
    serviceBeyond += counted;
    if (decision.conditional) {
      serviceConditional++;
      conditionalBeyond += counted;
    }
    if (decision.partialResources) servicePartial++;
    if (decision.viaSessionToken) {
      viaSessionToken++;
      viaSessionBeyond += counted;
    }
    if (listed.length <= LISTED_PER_SERVICE) listed.push(action);
  });
  const sensitive =
    reachable > 0 && (service === 'iam' || service === 'sts')
      ? actions
          .filter((action, i) => decisionAt(outcome, i).reachable && sensitiveCategory(action))
          .map(catalog.displayName)
      : NONE;
  return {
    reachable,
    serviceBeyond,
    serviceConditional,
    servicePartial,
    conditionalBeyond,
    viaSessionToken,
    viaSessionBeyond,
    perDecision: [...perDecision],
    reach:
      reachable === 0
        ? undefined
        : pooledServiceReach(
            catalog,
            service,
            reachable,
            actions.length,
            serviceConditional,
            servicePartial,
            listed.length > 0 && reachable <= LISTED_PER_SERVICE ? listed : undefined,
          ),
    sensitive,
  };
}

/** What the tally needs of one catalog service, whatever the decisions: worked out once per catalog. */
interface ServiceFact {
  readonly service: string;
  readonly actions: readonly string[];
  /** Actions beyond MFA self-enrolment. */
  readonly beyond: number;
  /** IAM and STS: the sensitive actions (display names, catalog order) a wholly reachable service adds. */
  readonly sensitive: readonly string[] | undefined;
}

const factsByCatalog = new WeakMap<ActionCatalog, readonly ServiceFact[]>();

/** The catalog's services, by catalog index, with what the tally needs of each. */
function serviceFacts(catalog: ActionCatalog): readonly ServiceFact[] {
  let facts = factsByCatalog.get(catalog);
  if (!facts) {
    facts = catalog.services.map((service) => {
      const actions = catalog.actionsOf(service);
      return {
        service,
        actions,
        beyond: actions.length - actions.filter(isSelfEnrolmentAction).length,
        sensitive:
          service === 'iam' || service === 'sts'
            ? actions.filter((action) => sensitiveCategory(action)).map(catalog.displayName)
            : undefined,
      };
    });
    factsByCatalog.set(catalog, facts);
  }
  return facts;
}

/** The counts and lists of one credential's decisions, before they are worded. */
export interface OutcomeTally {
  readonly total: number;
  readonly beyond: number;
  readonly conditional: number;
  readonly partialResources: number;
  readonly viaSessionToken: number;
  readonly beyondCounts: BeyondCounts;
  readonly services: readonly ServiceReach[];
  readonly sensitive: readonly string[];
  readonly allowedBy: readonly StatementRef[];
  readonly deniedBy: readonly StatementRef[];
  readonly possiblyDeniedBy: readonly StatementRef[];
  /** Statements of conditional decisions: where the keys the analysis cannot know are read. */
  readonly undecided: ReadonlySet<CompiledStatement>;
}

function summarise(
  credential: CredentialKind,
  outcomes: ServiceOutcomes,
  catalog: ActionCatalog,
  layers: PolicyLayers,
  contexts: readonly RequestContext[],
  memo: ContextMemo,
): CredentialAnalysis {
  // When no condition tells a set's console session from its access key apart, both credentials have the
  // same outcomes array (reachability.ts): it is tallied once.
  let tally = memo.tallies.get(outcomes);
  if (!tally) {
    tally = tallyOutcomes(outcomes, catalog, memo);
    memo.tallies.set(outcomes, tally);
    memo.cells += 1 + tally.services.length;
  }
  const { undecided } = tally;
  // One literal with every field, explanation included, so every memoised analysis shares one hidden class
  // (a spread gave each its own, ~200 bytes each); the explanation is filled in from the other fields.
  const analysis: { -readonly [K in keyof CredentialAnalysis]: CredentialAnalysis[K] } = {
    credential,
    enforced: tally.beyond === 0,
    total: tally.total,
    beyondSelfEnrolment: tally.beyond,
    conditional: tally.conditional,
    partialResources: tally.partialResources,
    viaSessionToken: tally.viaSessionToken,
    serviceCount: tally.services.length,
    services: tally.services,
    sensitive: tally.sensitive,
    allowedBy: tally.allowedBy,
    deniedBy: tally.deniedBy,
    possiblyDeniedBy: tally.possiblyDeniedBy,
    undecidedKeys: undecided.size > 0 ? unknownKeys(undecided, contexts, layers) : NO_KEYS,
    explanation: '',
  };
  analysis.explanation = explain(analysis, tally.beyondCounts, layers);
  return analysis;
}

function tallyOutcomes(outcomes: ServiceOutcomes, catalog: ActionCatalog, memo: ContextMemo): OutcomeTally {
  let total = 0;
  let beyond = 0;
  let conditional = 0;
  let partialResources = 0;
  let viaSessionToken = 0;
  // The explanation speaks of actions beyond self-enrolment only.
  let servicesBeyond = 0;
  let conditionalBeyond = 0;
  let viaSessionBeyond = 0;
  const services: ServiceReach[] = [];
  const sensitive: string[] = [];
  const allowCounts = new Map<CompiledStatement, number>();
  const denyCounts = new Map<CompiledStatement, number>();
  const possibleCounts = new Map<CompiledStatement, number>();
  const undecided = new Set<CompiledStatement>();
  const bump = (map: Map<CompiledStatement, number>, key: CompiledStatement | undefined, n: number) => {
    if (key) map.set(key, (map.get(key) ?? 0) + n);
  };
  const record = (decision: Decision, n: number) => {
    if (!decision.reachable) {
      bump(denyCounts, decision.deniedBy, n);
      return;
    }
    bump(allowCounts, decision.allowedBy, n);
    for (const deny of decision.possiblyDeniedBy) bump(possibleCounts, deny, n);
    if (decision.conditional) {
      if (decision.allowedBy) undecided.add(decision.allowedBy);
      for (const deny of decision.possiblyDeniedBy) undecided.add(deny);
    }
  };

  // Services side by side often share one decision object (most of a set's services decide alike): a run of
  // them is recorded once with its summed count, in the same order of first appearance as one by one.
  let run: Decision | undefined;
  let runActions = 0;
  const flush = () => {
    if (run) record(run, runActions);
    run = undefined;
    runActions = 0;
  };
  const facts = serviceFacts(catalog);
  for (let index = 0; index < facts.length; index++) {
    const fact = facts[index] as ServiceFact;
    const outcome = outcomes[index] as ServiceDecisions;
    if (isUniform(outcome)) {
      // One decision for the whole service: counted, not walked, and nothing kept for it.
      const n = fact.actions.length;
      if (outcome !== run) {
        flush();
        run = outcome;
      }
      runActions += n;
      if (!outcome.reachable || n === 0) continue;
      const beyondHere = fact.beyond;
      total += n;
      beyond += beyondHere;
      if (outcome.conditional) {
        conditional += n;
        conditionalBeyond += beyondHere;
      }
      if (outcome.partialResources) partialResources += n;
      if (outcome.viaSessionToken) {
        viaSessionToken += n;
        viaSessionBeyond += beyondHere;
      }
      if (beyondHere > 0) servicesBeyond++;
      if (fact.sensitive) for (const name of fact.sensitive) sensitive.push(name);
      services.push(
        pooledServiceReach(
          catalog,
          fact.service,
          n,
          n,
          outcome.conditional ? n : 0,
          outcome.partialResources ? n : 0,
          n <= LISTED_PER_SERVICE ? fact.actions : undefined,
        ),
      );
      continue;
    }
    flush();
    const contribution = perActionContribution(catalog, fact.service, outcome, memo);
    for (const [decision, n] of contribution.perDecision) record(decision, n);
    const { reach } = contribution;
    if (!reach) continue;
    total += contribution.reachable;
    beyond += contribution.serviceBeyond;
    conditional += contribution.serviceConditional;
    partialResources += contribution.servicePartial;
    conditionalBeyond += contribution.conditionalBeyond;
    viaSessionToken += contribution.viaSessionToken;
    viaSessionBeyond += contribution.viaSessionBeyond;
    if (contribution.serviceBeyond > 0) servicesBeyond++;
    for (const name of contribution.sensitive) sensitive.push(name);
    services.push(reach);
  }
  flush();
  if (total === catalog.size && total > 0) sensitive.unshift('*');

  const ranked = (map: Map<CompiledStatement, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([compiled, n]) => statementRef(compiled, n));
  return {
    total,
    beyond,
    conditional,
    partialResources,
    viaSessionToken,
    beyondCounts: {
      services: servicesBeyond,
      conditional: conditionalBeyond,
      viaSessionToken: viaSessionBeyond,
    },
    services,
    sensitive,
    allowedBy: ranked(allowCounts),
    deniedBy: ranked(denyCounts),
    possiblyDeniedBy: ranked(possibleCounts),
    undecided,
  };
}

const NO_KEYS: readonly string[] = [];

/** The keys these statements read (conditions, policy variables) that some context leaves unknown. */
function unknownKeys(
  statements: ReadonlySet<CompiledStatement>,
  contexts: readonly RequestContext[],
  layers: PolicyLayers,
): readonly string[] {
  const entries = [...statements].map((compiled) => ({ compiled }));
  // Conditions only: what makes a decision conditional. Resource variables only limit the resources.
  const keys = new Set(contexts.flatMap((context) => undecidedKeys(entries, context, { resources: false })));
  const { spelling } = testedKeys(layers);
  return [...keys].map((key) => spelling.get(key) ?? key).sort();
}

type Unexplained = Omit<CredentialAnalysis, 'explanation'>;

interface BeyondCounts {
  readonly services: number;
  readonly conditional: number;
  readonly viaSessionToken: number;
}

function explain(analysis: Unexplained, beyond: BeyondCounts, layers: PolicyLayers): string {
  const label = analysis.credential === 'console' ? 'console' : 'access key';
  const count = (n: number) => n.toLocaleString('en-US');
  const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
  const top = (refs: readonly StatementRef[]) =>
    refs.length <= 2
      ? refs.map((ref) => ref.label).join(' and ')
      : `${refs[0]?.label}, ${refs[1]?.label} and ${refs.length - 2} more`;

  if (analysis.enforced) {
    if (analysis.total === 0) {
      return analysis.deniedBy.length > 0
        ? `${label}: nothing reachable without MFA; denied by ${top(analysis.deniedBy)}`
        : `${label}: nothing reachable without MFA (no policy allows anything)`;
    }
    const denied =
      analysis.deniedBy.length > 0 ? `; everything else denied by ${top(analysis.deniedBy)}` : '';
    return `${label}: MFA enforced, only ${plural(analysis.total, 'self-enrolment action')} reachable without MFA${denied}`;
  }

  const parts = [
    `${label}: ${plural(analysis.beyondSelfEnrolment, 'action')} in ${plural(beyond.services, 'service')} reachable without MFA via ${top(analysis.allowedBy)}`,
  ];
  if (beyond.conditional > 0) {
    const keys = analysis.undecidedKeys.length > 0 ? ` (${analysis.undecidedKeys.join(', ')})` : '';
    parts.push(
      `${count(beyond.conditional)} of them only under conditions that cannot be decided here${keys}`,
    );
  }
  if (beyond.viaSessionToken > 0) {
    parts.push(`${count(beyond.viaSessionToken)} of them through a GetSessionToken session without MFA`);
  }
  if (analysis.possiblyDeniedBy.length > 0) {
    parts.push(`${top(analysis.possiblyDeniedBy)} may not apply to them`);
  }
  const mfaDenies = layers.statements.some(
    (e) => e.compiled.statement.effect === 'Deny' && e.compiled.usesMfaKey,
  );
  if (analysis.deniedBy.length > 0) {
    parts.push(
      `${top(analysis.deniedBy)} denies ${count(analysis.deniedBy.reduce((n, ref) => n + ref.actions, 0))} others`,
    );
  } else if (analysis.possiblyDeniedBy.length === 0) {
    parts.push(
      mfaDenies ? 'no Deny conditioned on MFA applies to them' : 'no Deny conditioned on MFA covers them',
    );
  }
  return parts.join('; ');
}
