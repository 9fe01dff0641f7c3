import { actionCatalogSync, type ActionCatalog } from './actionCatalog.js';
import { allowEverything } from './allowEverything.js';
import {
  analyzeLayersWithOutcomes,
  credentialContexts,
  type AnalysisOptions,
  type CredentialAnalysis,
  type PrincipalMfaAnalysis,
} from './analyzeWithoutMfa.js';
import { compileDocument, type CompiledStatement } from './compiledStatement.js';
import { evaluateConditions } from './evaluateCondition.js';
import { actionsNotCovered, expandPattern } from './exemptActions.js';
import { isSelfEnrolmentAction, sensitiveCategory } from './mfaActionLists.js';
import { mfaConditionIssues } from './mfaConditionIssues.js';
import { isMfaEnforcingDeny } from './mfaGate.js';
import { statementLabel, type PolicyDocument } from './policyDocument.js';
import { decisionAt, layersOf, type PolicyLayers, type ServiceOutcomes } from './reachability.js';
import { isMfaKey, type RequestContext } from './requestContext.js';
import { wildcardRegExp } from './wildcard.js';
import type { Witness } from './witness.js';
import { ALLOW_EVERYTHING_JSON, replayCommand } from './witnessReplay.js';
import { placeholderPrincipal, witnessInLayers } from './witnessSearch.js';

// Judges a policy that is MEANT to enforce MFA, on its own: attached to any principal, whatever other policies
// allow (it is evaluated together with an assumed `Allow * on *`), does it deny everything except MFA
// self-enrolment to requests without MFA, for console sessions AND access keys?
//
// - enforced: both credential kinds are limited to MFA self-enrolment;
// - partial:  both kinds are restricted by an MFA Deny, but actions or resources stay reachable
//             (Deny on s3:* only, NotAction exemptions such as iam:* or sts:AssumeRole, Resource limited to
//             the user's own ARN, NotResource, a further condition that cannot be decided);
// - weak:     the policy gates on MFA but a credential kind walks past the gate (plain Bool: access keys;
//             a lone Null: console sessions; NumericGreaterThan without IfExists; ForAnyValue; an Allow with
//             BoolIfExists "true", which hands its grants to access keys);
// - none:     nothing here restricts a request without MFA: no MFA condition, MFA conditions only in sound
//             Allow statements (an Allow cannot take away what another policy allows), or inverted values.

export type EnforcementVerdictKind = 'enforced' | 'partial' | 'weak' | 'none';

export interface EnforcementReason {
  readonly code: string;
  readonly message: string;
}

export interface EnforcementVerdict {
  readonly origin: string;
  readonly verdict: EnforcementVerdictKind;
  readonly reasons: readonly EnforcementReason[];
  /** Actions (display names) reachable without MFA beyond self-enrolment, for some credential kind; first 500. */
  readonly exemptActions: readonly string[];
  readonly exemptActionCount: number;
  readonly byCredential: { readonly console: CredentialAnalysis; readonly accessKey: CredentialAnalysis };
  /** Not enforced: one request that succeeds without MFA, made by a placeholder user `example-user`. */
  readonly witness?: Witness;
  /**
   * Not enforced: the aws CLI command that asks AWS's policy simulator the witness's question, with the
   * document read from `origin` (a file path) and the "Allow everything else" companion this analysis assumes.
   */
  readonly replay?: string;
}

const EXEMPT_LISTED = 500;

// mfaConditionIssues codes that mean "an MFA gate that some credential kind walks past".
const LEAKS: ReadonlySet<string> = new Set([
  'deny-bool-without-ifexists',
  'deny-missing-key',
  'deny-console-bypass',
  'set-operator-on-mfa-key',
  'null-with-ifexists',
  'allow-without-mfa',
]);

export function analyzeEnforcementPolicy(
  document: PolicyDocument,
  options: AnalysisOptions = {},
): EnforcementVerdict {
  const catalog = options.catalog ?? actionCatalogSync();
  const layers = layersOf({ identity: [allowEverything, document] });
  const { analysis, outcomes } = analyzeLayersWithOutcomes(
    layers,
    catalog,
    credentialContexts(options.context),
  );
  const { console, accessKey } = analysis;

  const compiled = compileDocument(document);
  // A Deny that covers nothing but self-enrolment (terraform-module/enforce-mfa 0.12.3-0.12.6 wrote its Deny
  // as `Action` where `NotAction` was meant) restricts nothing a stolen credential wants: it does not count.
  const enforcing = compiled.filter(
    (entry) => isMfaEnforcingDeny(entry) && coversBeyondSelfEnrolment(entry, catalog),
  );
  const enforcingIndexes = new Set(enforcing.map((c) => c.statement.index));
  // Restricted: an MFA-enforcing Deny of this policy removes, or may remove, something for this credential.
  const restricted = (result: CredentialAnalysis) =>
    [...result.deniedBy, ...result.possiblyDeniedBy].some(
      (ref) => ref.origin === document.origin && enforcingIndexes.has(ref.index),
    );
  const conditionIssues = mfaConditionIssues(document);

  let verdict: EnforcementVerdictKind;
  if (console.enforced && accessKey.enforced) verdict = 'enforced';
  else if (restricted(console) && restricted(accessKey)) verdict = 'partial';
  else if (restricted(console) || restricted(accessKey) || conditionIssues.some((i) => LEAKS.has(i.code))) {
    verdict = 'weak';
  } else verdict = 'none';

  const reasons: EnforcementReason[] = [];
  if (verdict === 'enforced') {
    reasons.push({
      code: 'enforced',
      message:
        'without MFA, console sessions and access keys can perform only MFA self-enrolment actions, whatever other policies allow',
    });
    const locking = enforcing.find((entry) =>
      deniesEnrolment(entry, credentialContexts(options.context).console),
    );
    if (locking)
      reasons.push({
        code: 'denies-self-enrolment',
        message: `${statementLabel(locking.statement)} also denies ${ENROLMENT_ACTIONS.map(catalog.displayName).join(' and ')} without MFA: a user without a device cannot enrol one (an administrator must, e.g. mfa-warden mfa enroll), so leave the self-enrolment actions out with NotAction as AWS's example policy and \`mfa-warden generate policy\` do`,
      });
  } else {
    if (!restricted(console)) {
      reasons.push({
        code: 'console-bypass',
        message:
          'console sessions without MFA (aws:MultiFactorAuthPresent = "false") are not denied anything by this policy',
      });
    }
    if (!restricted(accessKey)) {
      reasons.push({
        code: 'access-key-bypass',
        message:
          'requests signed with a long-term access key (no aws:MultiFactorAuthPresent key) are not denied anything by this policy',
      });
    } else if (accessKey.viaSessionToken > 0 && !accessKey.enforced) {
      reasons.push({
        code: 'session-token-bypass',
        message: `${accessKey.viaSessionToken.toLocaleString('en-US')} actions stay reachable with an access key through sts:GetSessionToken without MFA (its credentials carry aws:MultiFactorAuthPresent = "false", and no policy can deny that call)`,
      });
    }
    for (const issue of conditionIssues)
      reasons.push({ code: issue.code, message: `${issue.statement}: ${issue.message}` });
    reasons.push(...structureReasons(compiled));
    const contexts = credentialContexts(options.context);
    for (const entry of enforcing)
      reasons.push(...gapReasons(entry, catalog, [contexts.console, contexts.accessKey]));
  }

  const exempt = analysis.enforced ? [] : exemptActions([outcomes.console, outcomes.accessKey], catalog);
  const witness = verdict === 'enforced' ? undefined : documentWitness(layers, analysis, catalog, options);
  return {
    origin: document.origin,
    verdict,
    reasons: reasons.filter(
      (r, i) => reasons.findIndex((o) => o.code === r.code && o.message === r.message) === i,
    ),
    exemptActions: exempt.slice(0, EXEMPT_LISTED),
    exemptActionCount: exempt.length,
    byCredential: { console, accessKey },
    ...(witness
      ? {
          witness,
          replay: replayCommand(witness, {
            kind: 'custom',
            policies: [{ file: document.origin }, { json: ALLOW_EVERYTHING_JSON }],
          }),
        }
      : {}),
  };
}

/** The witness for the document beside "Allow everything", made by a placeholder user unless the keys say. */
function documentWitness(
  layers: PolicyLayers,
  analysis: PrincipalMfaAnalysis,
  catalog: ActionCatalog,
  options: AnalysisOptions,
): Witness | undefined {
  const given = new Set(Object.keys(options.context ?? {}).map((key) => key.toLowerCase()));
  const placeholder = placeholderPrincipal();
  const keys = Object.fromEntries(
    Object.entries(placeholder.keys).filter(([key]) => !given.has(key.toLowerCase())),
  );
  return witnessInLayers(layers, analysis, {
    catalog,
    contexts: credentialContexts(options.context),
    principal: { ...placeholder, keys: { ...keys, ...options.context } },
  });
}

function structureReasons(compiled: readonly CompiledStatement[]): EnforcementReason[] {
  const withMfaKeys = compiled.filter((c) => c.usesMfaKey);
  if (withMfaKeys.length === 0) {
    return [
      {
        code: 'no-mfa-condition',
        message: 'no statement has a condition on aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge',
      },
    ];
  }
  if (withMfaKeys.every((c) => c.statement.effect === 'Allow')) {
    return [
      {
        code: 'allow-only',
        message:
          'MFA conditions appear only in Allow statements; an Allow cannot take away what another policy allows, only a Deny can',
      },
    ];
  }
  return [];
}

/** Why an MFA-enforcing Deny leaves things reachable: its action list, NotAction, resources, other conditions. */
function gapReasons(
  entry: CompiledStatement,
  catalog: ActionCatalog,
  contexts: readonly RequestContext[],
): EnforcementReason[] {
  const { statement } = entry;
  const label = statementLabel(statement);
  const reasons: EnforcementReason[] = [];
  const count = (n: number) => n.toLocaleString('en-US');
  const including = (actions: readonly string[]) => {
    const sensitive = actions.filter((a) => sensitiveCategory(a));
    const shown = (sensitive.length > 0 ? sensitive : actions).slice(0, 5).map(catalog.displayName);
    return shown.length > 0
      ? `, including ${shown.join(', ')}${actions.length > shown.length ? ', ...' : ''}`
      : '';
  };

  if (statement.action.kind === 'Action' && !statement.action.patterns.some((p) => /^\*+$/.test(p))) {
    const left = actionsNotCovered(entry, catalog);
    reasons.push({
      code: 'action-scope',
      message: `${label} denies only ${statement.action.patterns.join(', ')} without MFA; ${count(left.length)} other actions stay reachable${including(left)}`,
    });
  }
  if (statement.action.kind === 'NotAction') {
    for (const pattern of statement.action.patterns) {
      const regex = wildcardRegExp(pattern);
      const exempt = expandPattern(pattern, catalog, (action) => regex.test(action));
      if (exempt.length === 0) continue;
      reasons.push({
        code: 'notaction-exemption',
        message: `${label} NotAction exempts "${pattern}" from the MFA requirement: ${count(exempt.length)} action${exempt.length === 1 ? '' : 's'} beyond MFA self-enrolment${including(exempt)}`,
      });
    }
  }
  const resource = statement.resource;
  if (resource && entry.scope !== 'all') {
    reasons.push(
      resource.kind === 'NotResource'
        ? {
            code: 'notresource-exemption',
            message: `${label} NotResource exempts ${resource.patterns.join(', ')} from the MFA requirement`,
          }
        : {
            code: 'resource-scope',
            message: `${label} denies only on ${resource.patterns.join(', ')}; the actions stay reachable on every other resource`,
          },
    );
  }
  const others = statement.conditions.filter((clause) => !isMfaKey(clause.key));
  const undecided = contexts.some(
    (context) => evaluateConditions(others, context, { variables: true }) === 'unknown',
  );
  if (undecided) {
    const keys = [...new Set(others.map((clause) => clause.writtenKey))].join(', ');
    reasons.push({
      code: 'unknown-condition',
      message: `${label} also requires ${keys}, which cannot be decided here; where it does not hold the Deny does not apply`,
    });
  }
  return reasons;
}

/** Display names of actions reachable beyond self-enrolment for any credential kind; sensitive ones first. */
function exemptActions(credentials: readonly ServiceOutcomes[], catalog: ActionCatalog): string[] {
  const names = new Set<string>();
  for (const outcomes of credentials) {
    catalog.services.forEach((service, index) => {
      const decisions = outcomes[index];
      if (decisions === undefined) return;
      catalog.actionsOf(service).forEach((action, i) => {
        if (!isSelfEnrolmentAction(action) && decisionAt(decisions, i).reachable)
          names.add(catalog.displayName(action));
      });
    });
  }
  const sorted = [...names].sort();
  return [
    ...sorted.filter((name) => sensitiveCategory(name)),
    ...sorted.filter((name) => !sensitiveCategory(name)),
  ];
}

/** The two calls a user needs to enrol a virtual device without help. */
const ENROLMENT_ACTIONS = ['iam:createvirtualmfadevice', 'iam:enablemfadevice'];

function deniesEnrolment(entry: CompiledStatement, console: RequestContext): boolean {
  return (
    entry.scope === 'all' &&
    entry.condition(console) === 'true' &&
    ENROLMENT_ACTIONS.some((action) => entry.matcher.matches(action))
  );
}

function coversBeyondSelfEnrolment(compiled: CompiledStatement, catalog: ActionCatalog): boolean {
  for (const service of catalog.services) {
    const coverage = compiled.matcher.classify(service);
    if (coverage === 'none') continue;
    for (const action of catalog.actionsOf(service)) {
      if (!isSelfEnrolmentAction(action) && (coverage === 'all' || compiled.matcher.matches(action)))
        return true;
    }
  }
  return false;
}
