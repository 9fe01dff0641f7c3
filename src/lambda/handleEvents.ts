import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { newRunId } from '../enforce/runId.js';
import type { ActionStatus, PlannedAction } from '../enforce/plan.js';
import { enforceEvents, type EnforceEventsResult } from './enforceEvents.js';
import { unpackInvocation } from './eventBatch.js';
import type { LambdaClients } from './lambdaClients.js';
import { readLambdaSettings, type LambdaEnv } from './lambdaEnv.js';
import { loadLambdaConfig } from './loadLambdaConfig.js';
import { runScheduledScan, type ScheduledScanResult } from './scheduledScan.js';

// One invocation, whatever it carries: CloudTrail IAM events -> incremental enforcement, a schedule -> the
// full scan, both when a batch holds both. The environment and the clients are parameters, so the handler
// is testable (and usable) without process.env. Exactly one JSON line is logged per invocation: counts, the
// run id, what was done; never a secret (no password passes through here, and no event body is logged).
// A failed action or import is thrown after the line is logged, so Lambda counts an error and retries:
// a retry plans again from live state, and actions already done are skipped as "already fixed".

export interface HandleOptions {
  readonly now?: Date;
  /** Where the JSON line goes; console.log (CloudWatch Logs) by default. */
  readonly log?: (line: string) => void;
}

const MAX_LISTED = 100;

export interface InvocationReport {
  readonly mfaWarden: 'lambda';
  readonly at: string;
  readonly durationMs: number;
  readonly apply: boolean;
  readonly events: {
    readonly received: number;
    readonly cloudTrail: number;
    readonly duplicates: number;
    readonly scan: boolean;
    readonly ignored: Readonly<Record<string, number>>;
  };
  readonly config?: string;
  readonly enforcement?: EnforcementReport;
  readonly scan?: ScheduledScanResult;
  /** AWS requests of this invocation by operation (IAM and STS), retries included. */
  readonly requests: Readonly<Record<string, number>>;
  readonly error?: string;
}

export interface EnforcementReport {
  readonly runId: string;
  readonly events: number;
  /** CloudTrail events that needed nothing (a failed call, another account), by reason. */
  readonly ignored: Readonly<Record<string, number>>;
  readonly principals: {
    readonly users: readonly string[];
    readonly groups: readonly string[];
    readonly policies: readonly string[];
    readonly roles: readonly string[];
    readonly missing: readonly string[];
    readonly counts: Readonly<Record<'users' | 'groups' | 'policies' | 'roles' | 'missing', number>>;
  };
  readonly findings: Readonly<Record<string, number>>;
  /** Findings that are not passes, for reading the log (at most 100). */
  readonly notPassing: readonly {
    readonly check: string;
    readonly status: string;
    readonly resource: string;
    readonly message: string;
  }[];
  readonly actions: readonly {
    readonly id: number;
    readonly check: string;
    readonly mode: string;
    readonly resource: string;
    readonly status: ActionStatus;
    readonly reason: string;
    readonly changes?: readonly string[];
  }[];
  readonly actionCounts: Readonly<Record<ActionStatus, number>>;
  readonly journal?: string;
  readonly completed: boolean;
}

export async function handleEvents(
  input: unknown,
  env: LambdaEnv,
  clients: LambdaClients,
  options: HandleOptions = {},
): Promise<InvocationReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.log(line));
  const before = { ...clients.requests.byOperation };
  const batch = unpackInvocation(input);
  const events = {
    received: batch.received,
    cloudTrail: batch.cloudTrail.length,
    duplicates: batch.duplicates,
    scan: batch.scan,
    ignored: batch.ignored,
  };
  let apply = false;
  let origin: string | undefined;
  let enforcement: EnforcementReport | undefined;
  let scan: ScheduledScanResult | undefined;
  const report = (error?: unknown): InvocationReport => ({
    mfaWarden: 'lambda',
    at: now.toISOString(),
    durationMs: Date.now() - started,
    apply,
    events,
    ...(origin ? { config: origin } : {}),
    ...(enforcement ? { enforcement } : {}),
    ...(scan ? { scan } : {}),
    requests: requestsSince(before, clients.requests.byOperation),
    ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
  });
  try {
    const settings = readLambdaSettings(env);
    apply = settings.apply;
    if (batch.cloudTrail.length > 0 || batch.scan) {
      const loaded = await loadLambdaConfig(settings.config, clients);
      origin = loaded.origin;
      const identity = await callerIdentity(clients);
      if (batch.cloudTrail.length > 0) {
        const result = await enforceEvents(clients, {
          events: batch.cloudTrail,
          config: loaded.config,
          apply: settings.apply,
          ...(settings.journal ? { journal: settings.journal } : {}),
          identity,
          now,
          runId: newRunId(now),
        });
        enforcement = enforcementReport(result);
      }
      if (batch.scan)
        scan = await runScheduledScan(clients, {
          config: loaded.config,
          ...(settings.snsTopicArn ? { snsTopicArn: settings.snsTopicArn } : {}),
          securityHub: settings.securityHub,
          now,
        });
    }
  } catch (error) {
    log(JSON.stringify(report(error)));
    throw error;
  }
  const done = report();
  log(JSON.stringify(done));
  const problems = [
    ...(enforcement && !enforcement.completed
      ? [`enforcement run ${enforcement.runId} did not complete (journal ${enforcement.journal ?? '-'})`]
      : []),
    ...(scan?.securityHub && scan.securityHub.failed > 0
      ? [`${scan.securityHub.failed} finding(s) were not imported into Security Hub`]
      : []),
  ];
  if (problems.length > 0) throw new Error(problems.join('; '));
  return done;
}

async function callerIdentity(
  clients: Pick<LambdaClients, 'sts'>,
): Promise<{ accountId: string; partition: string; callerArn?: string }> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
  const partition = /^arn:([^:]+):/.exec(identity.Arn ?? '')?.[1] ?? 'aws';
  return { accountId: identity.Account, partition, ...(identity.Arn ? { callerArn: identity.Arn } : {}) };
}

function enforcementReport(result: EnforceEventsResult): EnforcementReport {
  const applied: readonly (PlannedAction & { changes?: readonly string[] })[] =
    result.applied ?? result.plan?.actions ?? [];
  const actions = applied.map((action) => ({
    id: action.id,
    check: action.check,
    mode: action.mode,
    resource: action.resource.arn,
    status: action.status,
    reason: action.reason,
    ...(action.changes && action.changes.length > 0 ? { changes: action.changes } : {}),
  }));
  const actionCounts: Record<ActionStatus, number> = { planned: 0, done: 0, skipped: 0, failed: 0 };
  for (const action of actions) actionCounts[action.status]++;
  const findings = result.plan?.findings ?? [];
  const { users, groups, policies, roles, missing } = result.principals;
  return {
    runId: result.runId,
    events: result.events,
    ignored: result.ignored,
    principals: {
      users: users.slice(0, MAX_LISTED),
      groups: groups.slice(0, MAX_LISTED),
      policies: policies.slice(0, MAX_LISTED),
      roles: roles.slice(0, MAX_LISTED),
      missing: missing.slice(0, MAX_LISTED),
      counts: {
        users: users.length,
        groups: groups.length,
        policies: policies.length,
        roles: roles.length,
        missing: missing.length,
      },
    },
    findings: result.plan?.summary.byStatus ?? {},
    notPassing: findings
      .filter((finding) => finding.status !== 'pass')
      .slice(0, MAX_LISTED)
      .map((finding) => ({
        check: finding.check,
        status: finding.status,
        resource: finding.resource.arn,
        message: finding.message.slice(0, 300),
      })),
    actions: actions.slice(0, MAX_LISTED),
    actionCounts,
    ...(result.journal ? { journal: result.journal } : {}),
    completed: result.completed,
  };
}

function requestsSince(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after)) {
    const added = count - (before[operation] ?? 0);
    if (added > 0) delta[operation] = added;
  }
  return delta;
}
