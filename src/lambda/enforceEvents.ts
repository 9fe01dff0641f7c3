import type { Finding } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import type { Config } from '../config/config.js';
import { DEFAULT_POLICY_NAME } from '../config/enforceConfig.js';
import { runSettings } from '../config/runSettings.js';
import { applyPlan, type AppliedAction } from '../enforce/applyPlan.js';
import type { Journal } from '../enforce/journal.js';
import type { RunTrigger, TriggerEvent } from '../enforce/journalRecords.js';
import { planEnforcement, type EnforcementPlan, type PlannedAction } from '../enforce/plan.js';
import { countFindings } from '../scan/evaluate.js';
import pLimit from 'p-limit';
import { touchedBy, type CloudTrailEvent, type Touched } from './cloudTrailEvent.js';
import type { LambdaClients } from './lambdaClients.js';
import { readPrincipals } from './readPrincipals.js';
import { resolveTouched, type ResolvedScope } from './resolveTouched.js';
import { openS3Journal, type S3JournalLocation } from './s3Journal.js';

// Incremental enforcement: the CloudTrail events of a batch -> the principals they touched, each once ->
// a model of just those -> the checks -> planEnforcement -> applyPlan, exactly as `enforce aws` plans and
// applies (exempt and grace principals are never acted on, every action re-reads what it touches first, every
// change is journaled before it is sent). Only findings about what the events touched count: the groups
// and policies read as context are judged by the next event about them, or by the scheduled scan.

/** The checks that judge one principal from its own data; root and account-wide checks wait for the scan. */
export const PRINCIPAL_CHECKS: ReadonlySet<string> = new Set([
  'console-user-mfa',
  'user-mfa',
  'console-user-mfa-enforced',
  'group-mfa-enforced',
  'mfa-condition-sound',
  'mfa-exemptions-minimal',
]);

const READ_CONCURRENCY = 8;
const MAX_TRIGGER_EVENTS = 100;

export interface EnforceEventsInput {
  readonly events: readonly CloudTrailEvent[];
  readonly config: Config;
  readonly apply: boolean;
  readonly journal?: S3JournalLocation;
  readonly identity: { readonly accountId: string; readonly partition: string; readonly callerArn?: string };
  readonly now: Date;
  readonly runId: string;
}

export interface EnforceEventsResult {
  readonly runId: string;
  readonly events: number;
  readonly ignored: Readonly<Record<string, number>>;
  readonly principals: {
    readonly users: readonly string[];
    readonly groups: readonly string[];
    readonly policies: readonly string[];
    readonly roles: readonly string[];
    readonly missing: readonly string[];
  };
  readonly plan?: EnforcementPlan;
  readonly applied?: readonly AppliedAction[];
  /** s3://bucket/prefix/RUN_ID/ when changes were applied. */
  readonly journal?: string;
  /** False when an action failed (the rest were not attempted). */
  readonly completed: boolean;
}

export async function enforceEvents(
  clients: Pick<LambdaClients, 'iam' | 's3'>,
  input: EnforceEventsInput,
): Promise<EnforceEventsResult> {
  const ignored: Record<string, number> = {};
  const relevant: { event: CloudTrailEvent; touched: Touched }[] = [];
  for (const event of input.events) {
    const detail = event.detail ?? {};
    const account = detail.recipientAccountId ?? event.account;
    const touched =
      account && account !== input.identity.accountId
        ? { ignored: `an event of another account (${account})` }
        : touchedBy(detail);
    if ('ignored' in touched) ignored[touched.ignored] = (ignored[touched.ignored] ?? 0) + 1;
    else relevant.push({ event, touched });
  }
  const empty = { users: [], groups: [], policies: [], roles: [], missing: [] };
  if (relevant.length === 0)
    return { runId: input.runId, events: 0, ignored, principals: empty, completed: true };

  const limit = pLimit(READ_CONCURRENCY);
  const resolved = await resolveTouched(
    clients.iam,
    relevant.map((r) => r.touched),
    limit,
  );
  const read = await readPrincipals(clients.iam, resolved, input.identity, limit, contextNeeds(input));
  const settings = runSettings(input.config);
  const checks = selectChecks(settings.checks)
    .map((check) => check.id)
    .filter((id) => PRINCIPAL_CHECKS.has(id));
  const full = planEnforcement(
    read.account,
    { ...settings, checks },
    {
      now: input.now,
      runId: input.runId,
      ...(input.identity.callerArn ? { callerArn: input.identity.callerArn } : {}),
    },
  );
  const plan = withinScope(full, read.scope);
  const principals = {
    users: [...resolved.users].filter((name) => !read.missing.includes(`user/${name}`)).sort(),
    groups: [...resolved.groups.keys()].sort(),
    policies: [...resolved.policies].sort(),
    roles: [...resolved.roles].sort(),
    missing: [...resolved.missing, ...read.missing].sort(),
  };
  const base = { runId: input.runId, events: relevant.length, ignored, principals, plan };
  const planned = plan.actions.filter((action) => action.status === 'planned');
  if (!input.apply || planned.length === 0) return { ...base, completed: true };
  if (!input.journal) throw new Error('applying needs a journal location');

  const journal = withTrigger(
    await openS3Journal(clients.s3, input.journal, plan.runId, { create: true }),
    triggerOf(relevant, resolved, planned),
  );
  try {
    const result = await applyPlan(plan, { iam: clients.iam }, journal, { now: input.now });
    return { ...base, applied: result.actions, journal: journal.file, completed: result.completed };
  } finally {
    await journal.close();
  }
}

/** What the plan must know beyond the touched principals: add-to-group targets and the MFA policy. */
function contextNeeds(input: EnforceEventsInput): { groups: string[]; policyArns: string[] } {
  const entries = Object.values(input.config.enforce);
  const { accountId, partition } = input.identity;
  return {
    groups: [...new Set(entries.flatMap((entry) => (entry.group ? [entry.group] : [])))],
    policyArns: [
      ...new Set(
        entries
          .filter((entry) => entry.mode === 'attach-mfa-policy')
          .map(
            (entry) => `arn:${partition}:iam::${accountId}:policy/${entry.policyName ?? DEFAULT_POLICY_NAME}`,
          ),
      ),
    ],
  };
}

/** The plan restricted to the touched principals' findings and actions (renumbered from 1). */
function withinScope(plan: EnforcementPlan, scope: ReadonlySet<string>): EnforcementPlan {
  const findings: Finding[] = plan.findings.filter((finding) => scope.has(finding.resource.arn));
  const actions: PlannedAction[] = plan.actions
    .filter((action) => scope.has(action.resource.arn))
    .map((action, index) => ({ ...action, id: index + 1 }));
  return { ...plan, findings, actions, summary: { ...plan.summary, ...countFindings(findings) } };
}

/** Adds the trigger to the run record applyPlan writes first; every other record passes unchanged. */
function withTrigger(journal: Journal, trigger: RunTrigger): Journal {
  return {
    dir: journal.dir,
    runId: journal.runId,
    file: journal.file,
    append: (record) => journal.append(record.type === 'run' ? { ...record, trigger } : record),
    close: () => journal.close(),
  };
}

/** The events behind the planned actions, each with who made the call and what it touched. */
function triggerOf(
  relevant: readonly { event: CloudTrailEvent; touched: Touched }[],
  resolved: ResolvedScope,
  planned: readonly PlannedAction[],
): RunTrigger {
  const targets = new Set(
    planned.map((action) =>
      action.target.kind === 'user' ? `user/${action.target.userName}` : `group/${action.target.groupName}`,
    ),
  );
  const expand = (key: string, depth = 0): string[] => [
    key,
    ...(depth < 2 ? (resolved.expansions.get(key) ?? []).flatMap((k) => expand(k, depth + 1)) : []),
  ];
  const events: TriggerEvent[] = [];
  for (const { event, touched } of relevant) {
    const direct = [
      ...touched.users.map((name) => `user/${name}`),
      ...touched.groups.map((name) => `group/${name}`),
      ...touched.policies.map((arn) => `policy/${arn}`),
    ];
    if (!direct.some((key) => expand(key).some((k) => targets.has(k)))) continue;
    const detail = event.detail ?? {};
    const identity = detail.userIdentity ?? {};
    events.push({
      eventID: detail.eventID ?? event.id ?? '',
      eventName: detail.eventName ?? '',
      eventTime: detail.eventTime ?? event.time ?? '',
      userIdentity: {
        ...(identity.type ? { type: identity.type } : {}),
        ...(identity.arn ? { arn: identity.arn } : {}),
        ...(identity.principalId ? { principalId: identity.principalId } : {}),
        ...(identity.accountId ? { accountId: identity.accountId } : {}),
      },
      principals: direct,
    });
  }
  return {
    kind: 'cloudtrail',
    events: events.slice(0, MAX_TRIGGER_EVENTS),
    ...(events.length > MAX_TRIGGER_EVENTS ? { omittedEvents: events.length - MAX_TRIGGER_EVENTS } : {}),
  };
}
