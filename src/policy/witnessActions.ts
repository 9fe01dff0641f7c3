import type { ActionCatalog } from './actionCatalog.js';
import type { CredentialAnalysis } from './analyzeWithoutMfa.js';
import { isSelfEnrolmentAction, SENSITIVE_ACTION_PATTERNS } from './mfaActionLists.js';
import { wildcardRegExp } from './wildcard.js';
import { accessLevelOf } from './witnessIamData.js';

// The actions a witness is looked for among, most sensitive first: what turns a stolen password or key into
// lasting access (credential creation), then what widens it (permission changes, iam:PassRole), then role
// assumption, then MFA removal, then reading secrets and data, then a few actions of every reachable service
// (Permissions management and Write first), then everything else. Only services the analysis found reachable
// for the credential are listed, so the per-request search stays short; the lists depend on the analysis
// alone, are kept with it, and the long ones are made only when needed.

/** Sensitivity tiers in order; within a tier, the order of the patterns. */
const TIERS: readonly (readonly string[])[] = [
  SENSITIVE_ACTION_PATTERNS.filter((p) => p.category === 'credential-creation').map((p) => p.pattern),
  [
    ...SENSITIVE_ACTION_PATTERNS.filter((p) => p.category === 'permission-change').map((p) => p.pattern),
    'iam:PassRole',
  ],
  ['sts:AssumeRole', 'sts:AssumeRole*', 'sts:AssumeRoot'],
  SENSITIVE_ACTION_PATTERNS.filter((p) => p.category === 'mfa-removal').map((p) => p.pattern),
];

/** What a stolen credential is used for, after the access-management actions. */
const DATA_ACTIONS: readonly string[] = [
  'secretsmanager:GetSecretValue',
  's3:GetObject',
  'ssm:GetParameter',
  'kms:Decrypt',
  'dynamodb:Scan',
  'ec2:RunInstances',
  'lambda:UpdateFunctionCode',
];

/** Access levels, most sensitive first. */
const LEVELS = ['Permissions management', 'Write', 'Read', 'List', 'Tagging'];

/** Actions of a service tried before the whole service is searched. */
const FIRST_PER_SERVICE = 10;

export interface WitnessActions {
  /** The sensitive actions and a few data actions, most sensitive first (lower-case names). */
  readonly preferred: readonly string[];
  /** A few actions of each reachable service, Permissions management and Write first. */
  others(): readonly string[];
  /** Every other action of the reachable services, for when none of the above is reachable. */
  rest(): readonly string[];
}

const memo = new WeakMap<CredentialAnalysis, WeakMap<ActionCatalog, WitnessActions>>();

export function witnessActions(credential: CredentialAnalysis, catalog: ActionCatalog): WitnessActions {
  let byCatalog = memo.get(credential);
  if (!byCatalog) {
    byCatalog = new WeakMap();
    memo.set(credential, byCatalog);
  }
  let actions = byCatalog.get(catalog);
  if (!actions) {
    actions = listActions(credential, catalog);
    byCatalog.set(catalog, actions);
  }
  return actions;
}

function listActions(credential: CredentialAnalysis, catalog: ActionCatalog): WitnessActions {
  const reach = new Set(credential.services.map((service) => service.service));
  // Names of services with at most 25 reachable actions are listed; other services are reachable in part.
  const listed = new Map(
    credential.services
      .filter((service) => service.actions)
      .map((service) => [service.service, new Set(service.actions?.map((a) => a.toLowerCase()))]),
  );
  const possible = (action: string): boolean => {
    if (isSelfEnrolmentAction(action)) return false;
    const service = action.slice(0, action.indexOf(':'));
    if (!reach.has(service)) return false;
    return listed.get(service)?.has(action) ?? true;
  };
  const seen = new Set<string>();
  const take = (actions: Iterable<string>, limit = Infinity): string[] => {
    const taken: string[] = [];
    for (const action of actions) {
      if (taken.length >= limit) break;
      if (seen.has(action) || !possible(action)) continue;
      seen.add(action);
      taken.push(action);
    }
    return taken;
  };

  const patterns = [...TIERS.flat(), ...DATA_ACTIONS];
  const preferred = take(
    patterns.flatMap((pattern) => {
      const lower = pattern.toLowerCase();
      const regex = wildcardRegExp(lower);
      return catalog.actionsOf(lower.slice(0, lower.indexOf(':'))).filter((action) => regex.test(action));
    }),
  );
  // IAM and STS first (they manage access), then the services with most reachable actions.
  const order = (service: string) => (service === 'iam' ? 0 : service === 'sts' ? 1 : 2);
  const services = [...credential.services]
    .sort(
      (a, b) =>
        order(a.service) - order(b.service) ||
        b.reachable - a.reachable ||
        a.service.localeCompare(b.service),
    )
    .map((reach) => reach.service);
  const level = (action: string) => {
    const index = LEVELS.indexOf(accessLevelOf(action) ?? '');
    return index < 0 ? LEVELS.length : index;
  };
  let others: string[] | undefined;
  let rest: string[] | undefined;
  return {
    preferred,
    others() {
      others ??= services.flatMap((service) =>
        take(
          [...catalog.actionsOf(service)].sort((a, b) => level(a) - level(b) || a.localeCompare(b)),
          FIRST_PER_SERVICE,
        ),
      );
      return others;
    },
    rest() {
      this.others();
      rest ??= services.flatMap((service) => take(catalog.actionsOf(service)));
      return rest;
    },
  };
}
