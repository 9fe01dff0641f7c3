import type { IAMClient } from '@aws-sdk/client-iam';
import { ACTION_HANDLERS } from './actions/index.js';
import { errorText, sendOperation } from './iamOperations.js';
import type { Journal } from './journal.js';
import { JOURNAL_SCHEMA_VERSION } from './journalRecords.js';
import type { ActionStatus, EnforcementPlan, PlannedAction } from './plan.js';

// Applies a plan exactly: each planned action, in order, reads what it touches, journals every change
// (fsync'd) before sending it, and records the outcome. The first failure stops the run: what was done, what
// failed and what was not attempted are all reported, and the journal lets `mfa-warden undo` reverse it.

export interface AppliedAction extends PlannedAction {
  /** The changes the action made (or tried to), one line each. */
  readonly changes: readonly string[];
}

export interface ApplyResult {
  readonly runId: string;
  readonly journalFile: string;
  readonly actions: readonly AppliedAction[];
  readonly completed: boolean;
}

export interface ApplyOptions {
  readonly now?: Date;
  /** Called after each action, for progress output. */
  readonly onAction?: (action: AppliedAction) => void;
  /** Checked between steps: set by SIGINT/SIGTERM so the run stops cleanly at a step boundary. */
  readonly stopRequested?: () => boolean;
}

export async function applyPlan(
  plan: EnforcementPlan,
  clients: { iam: IAMClient },
  journal: Journal,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const now = options.now ?? new Date();
  const context = { iam: clients.iam, account: plan.account, now };
  await journal.append({
    type: 'run',
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    runId: plan.runId,
    kind: 'enforce',
    startedAt: new Date().toISOString(),
    account: plan.account.id,
    partition: plan.account.partition,
    pid: process.pid,
    actions: plan.actions
      .filter((action) => action.status === 'planned')
      .map((action) => ({ id: action.id, mode: action.mode, resource: action.resource.arn })),
  });
  const results: AppliedAction[] = [];
  let stopped: string | undefined;
  let step = 0;
  for (const action of plan.actions) {
    if (action.status !== 'planned') {
      results.push({ ...action, changes: [] });
      continue;
    }
    if (stopped === undefined && options.stopRequested?.())
      stopped = 'not attempted: the run was interrupted';
    if (stopped !== undefined) {
      results.push({ ...action, status: 'skipped', reason: stopped, changes: [] });
      continue;
    }
    const outcome = await applyAction(action);
    results.push(outcome);
    options.onAction?.(outcome);
    if (outcome.status === 'failed') stopped = `not attempted: action ${action.id} failed before it`;
  }
  const counts: Record<ActionStatus, number> = { planned: 0, done: 0, skipped: 0, failed: 0 };
  for (const action of results) counts[action.status]++;
  const interrupted = stopped?.includes('interrupted') ?? false;
  await journal.append({
    type: 'end',
    status: counts.failed > 0 ? 'failed' : interrupted ? 'interrupted' : 'completed',
    at: new Date().toISOString(),
    counts,
  });
  return {
    runId: plan.runId,
    journalFile: journal.file,
    actions: results,
    completed: counts.failed === 0 && !interrupted,
  };

  async function applyAction(action: PlannedAction): Promise<AppliedAction> {
    const handler = ACTION_HANDLERS[action.mode];
    const changes: string[] = [];
    let prepared;
    try {
      prepared = await handler.prepare(context, action);
    } catch (error) {
      return {
        ...action,
        status: 'failed',
        reason: `reading the current state failed: ${errorText(error)}`,
        changes,
      };
    }
    if ('skip' in prepared) return { ...action, status: 'skipped', reason: prepared.skip, changes };
    if (prepared.snapshot !== undefined)
      await journal.append({
        type: 'snapshot',
        action: action.id,
        resource: action.resource.arn,
        state: prepared.snapshot,
      });
    for (const change of prepared.steps) {
      step += 1;
      await journal.append({
        type: 'step',
        action: action.id,
        step,
        operation: change.operation,
        params: change.params,
        describe: change.describe,
        prior: change.prior,
        undo: change.undo,
        at: new Date().toISOString(),
      });
      try {
        await sendOperation(clients.iam, change.operation, change.params);
      } catch (error) {
        await journal.append({ type: 'failed', step, error: errorText(error), at: new Date().toISOString() });
        changes.push(`FAILED: ${change.describe}`);
        return {
          ...action,
          status: 'failed',
          reason: `${change.describe} failed: ${errorText(error)}${changes.length > 1 ? ` (after ${changes.length - 1} changes)` : ''}`,
          changes,
        };
      }
      await journal.append({ type: 'done', step, at: new Date().toISOString() });
      changes.push(change.describe);
    }
    return { ...action, status: 'done', reason: action.reason, changes };
  }
}
