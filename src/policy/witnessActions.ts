import type { ActionCatalog } from './actionCatalog.js';
import type { CredentialAnalysis } from './analyzeWithoutMfa.js';
import { isSelfEnrolmentAction, SENSITIVE_ACTION_PATTERNS } from './mfaActionLists.js';
import { wildcardRegExp } from './wildcard.js';
import { accessLevelOf } from './witnessIamData.js';

// The actions a witness is looked for among, most sensitive first: what turns a stolen password or key into
// lasting access (credential creation), then what widens it (permission changes, iam:PassRole), then role
// assumption, then MFA removal, then reading secrets and data, then a few actions of every reachable service
// (Permissions management and Write first), then everything else. Only services the analysis found reachable
// for the credential are listed, so the per-request search stays short; the long lists are made only when
// the short ones hold no witness.

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
  /**
   * A few actions of each reachable service, Permissions management and Write first. Made as they are read
   * (a search usually stops at the first) and kept for the next reader.
   */
  others(): Iterable<string>;
  /** Every other action of the reachable services, for when none of the above is reachable; made likewise. */
  rest(): Iterable<string>;
}

/** The items of `source`, computed as far as some reader has read and kept for every later reader. */
function memoisedIterable<T>(source: () => Iterator<T>): Iterable<T> {
  const items: T[] = [];
  let iterator: Iterator<T> | undefined;
  let done = false;
  return {
    *[Symbol.iterator]() {
      for (let i = 0; ; i++) {
        if (i >= items.length) {
          if (done) return;
          const next = (iterator ??= source()).next();
          if (next.done) {
            done = true;
            return;
          }
          items.push(next.value);
        }
        yield items[i] as T;
      }
    },
  };
}

const expanded = new WeakMap<ActionCatalog, readonly string[]>();

/** The tiers' patterns as catalog actions, in order (once per catalog). */
function sensitiveActions(catalog: ActionCatalog): readonly string[] {
  let actions = expanded.get(catalog);
  if (!actions) {
    actions = [
      ...new Set(
        [...TIERS.flat(), ...DATA_ACTIONS].flatMap((pattern) => {
          const lower = pattern.toLowerCase();
          const regex = wildcardRegExp(lower);
          return catalog.actionsOf(lower.slice(0, lower.indexOf(':'))).filter((action) => regex.test(action));
        }),
      ),
    ];
    expanded.set(catalog, actions);
  }
  return actions;
}

/**
 * The candidates for one credential's analysis; `definite`: only in services where the analysis found some
 * action reachable whatever the undecided keys; `granted`: a cheap necessary condition (an identity Allow names
 * the action), so that a service reachable in part lists the actions that may be reachable, not its first
 * few. The caller (witnessSearch.ts) keeps them per analysis, which principals with the same documents share;
 * `others` and `rest` are made only when asked for.
 */
export function witnessActions(
  credential: CredentialAnalysis,
  catalog: ActionCatalog,
  definite = false,
  granted: (action: string) => boolean = () => true,
): WitnessActions {
  // For definite requests: only services where some action is reachable whatever the undecided keys.
  const reached = credential.services.filter(
    (service) => !definite || service.reachable > service.conditional,
  );
  const reach = new Map(reached.map((service) => [service.service, service]));
  // Names of services with at most 25 reachable actions are listed; other services are reachable in part.
  const listed = new Map<string, ReadonlySet<string> | null>();
  const possible = (action: string): boolean => {
    if (isSelfEnrolmentAction(action)) return false;
    const service = action.slice(0, action.indexOf(':'));
    const serviceReach = reach.get(service);
    if (!serviceReach) return false;
    let names = listed.get(service);
    if (names === undefined) {
      names = serviceReach.actions ? new Set(serviceReach.actions.map((a) => a.toLowerCase())) : null;
      listed.set(service, names);
    }
    return names ? names.has(action) : granted(action);
  };
  const preferred = sensitiveActions(catalog).filter(possible);
  // IAM and STS first (they manage access), then the services with most reachable actions.
  const order = (service: string) => (service === 'iam' ? 0 : service === 'sts' ? 1 : 2);
  const services = [...reached]
    .sort(
      (a, b) =>
        order(a.service) - order(b.service) ||
        b.reachable - a.reachable ||
        a.service.localeCompare(b.service),
    )
    .map((reach) => reach.service);
  const taken = new Set(preferred);
  const others = memoisedIterable(function* () {
    for (const service of services) {
      let picked = 0;
      for (const action of byAccessLevel(catalog, service)) {
        if (picked >= FIRST_PER_SERVICE) break;
        if (!taken.has(action) && possible(action)) {
          picked++;
          yield action;
        }
      }
    }
  });
  const rest = memoisedIterable(function* () {
    const before = new Set([...preferred, ...others]);
    for (const service of services)
      for (const action of catalog.actionsOf(service))
        if (!before.has(action) && possible(action)) yield action;
  });
  return { preferred, others: () => others, rest: () => rest };
}

const levelOrder = new WeakMap<ActionCatalog, Map<string, readonly string[]>>();

/** A service's actions, Permissions management first, then Write, Read, List, Tagging (once per catalog). */
function byAccessLevel(catalog: ActionCatalog, service: string): readonly string[] {
  let services = levelOrder.get(catalog);
  if (!services) {
    services = new Map();
    levelOrder.set(catalog, services);
  }
  let actions = services.get(service);
  if (!actions) {
    // The data lists some actions under two levels ("Permissions management, Write"): the first ranks.
    // Ranked once per action, not once per comparison.
    const rank = new Map<string, number>();
    for (const action of catalog.actionsOf(service)) {
      const index = LEVELS.indexOf((accessLevelOf(action) ?? '').split(',')[0] ?? '');
      rank.set(action, index < 0 ? LEVELS.length : index);
    }
    actions = [...catalog.actionsOf(service)].sort(
      (a, b) => (rank.get(a) as number) - (rank.get(b) as number) || a.localeCompare(b),
    );
    services.set(service, actions);
  }
  return actions;
}
