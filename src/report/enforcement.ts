import type { AppliedAction } from '../enforce/applyPlan.js';
import type { ActionStatus, EnforcementPlan, PlannedAction } from '../enforce/plan.js';
import type { UndoItem } from '../enforce/undo.js';

// What `enforce` and `undo` print: the plan (or what was applied) as a table for people, and as JSON
// (`{"schemaVersion": 1, "runId", "applied", "actions", "summary"}`) for pipelines.

const STATUS_ORDER: readonly ActionStatus[] = ['failed', 'done', 'planned', 'skipped'];

export interface EnforcementReport {
  readonly plan: EnforcementPlan;
  /** Present once applied (or attempted). */
  readonly applied?: readonly AppliedAction[];
  readonly journalFile?: string;
}

function actionsOf(report: EnforcementReport): readonly (PlannedAction & { changes?: readonly string[] })[] {
  return report.applied ?? report.plan.actions;
}

function countActions(actions: readonly PlannedAction[]): Record<ActionStatus, number> {
  const counts: Record<ActionStatus, number> = { planned: 0, done: 0, skipped: 0, failed: 0 };
  for (const action of actions) counts[action.status]++;
  return counts;
}

export function renderEnforcementJson(report: EnforcementReport): string {
  const actions = actionsOf(report);
  const exempt = report.plan.findings.filter((finding) => finding.status === 'exempt');
  const body = {
    schemaVersion: 1,
    runId: report.plan.runId,
    applied: report.applied !== undefined,
    actions: actions.map((action) => ({
      id: action.id,
      check: action.check,
      mode: action.mode,
      resource: action.resource,
      status: action.status,
      reason: action.reason,
      finding: action.finding,
      ...(action.changes && action.changes.length > 0 ? { changes: action.changes } : {}),
    })),
    exempt: exempt.map((finding) => ({
      check: finding.check,
      resource: { type: finding.resource.type, name: finding.resource.name, arn: finding.resource.arn },
      message: finding.message,
    })),
    summary: {
      account: report.plan.account.id,
      actions: countActions(actions),
      findings: report.plan.summary.byStatus,
      ...(report.journalFile ? { journal: report.journalFile } : {}),
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function renderEnforcementTable(report: EnforcementReport, options: { colour: boolean }): string {
  const paint = (code: string, text: string): string =>
    options.colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  const colours: Record<ActionStatus, string> = { failed: '31', done: '32', planned: '33', skipped: '2' };
  const actions = [...actionsOf(report)].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.id - b.id,
  );
  const lines: string[] = [];
  const applied = report.applied !== undefined;
  lines.push(
    applied
      ? `mfa-warden enforce: run ${report.plan.runId} on account ${report.plan.account.id}`
      : `mfa-warden enforce: plan for account ${report.plan.account.id} (nothing has been changed; --apply to apply)`,
  );
  if (actions.length === 0) lines.push('  no action: no failing finding of a check with an enforcement mode');
  const width = Math.max(0, ...actions.map((action) => action.mode.length));
  for (const action of actions) {
    const where = `${action.resource.type.replace('AWS::IAM::', '').toLowerCase()}/${action.resource.name}`;
    lines.push(
      `  ${paint(colours[action.status], action.status.toUpperCase().padEnd(7))} #${action.id} ${action.mode.padEnd(width)}  ${where}`,
    );
    lines.push(`          ${action.reason}`);
    for (const change of action.changes ?? []) lines.push(`          - ${change}`);
  }
  const exempt = report.plan.findings.filter((finding) => finding.status === 'exempt');
  if (exempt.length > 0) {
    lines.push('', `exempt (never touched):`);
    for (const finding of exempt)
      lines.push(`  ${finding.check}  ${finding.resource.name}  ${finding.message}`);
  }
  const counts = countActions(actions);
  lines.push(
    '',
    `${counts.planned} planned, ${counts.done} done, ${counts.skipped} skipped, ${counts.failed} failed` +
      (report.journalFile ? `; journal ${report.journalFile}` : ''),
  );
  if (applied) lines.push(`undo with: mfa-warden undo ${report.plan.runId}`);
  return `${lines.join('\n')}\n`;
}

export function renderUndoTable(runId: string, items: readonly UndoItem[], applied: boolean): string {
  const lines = [
    applied
      ? `mfa-warden undo: run ${runId}`
      : `mfa-warden undo: plan for run ${runId} (nothing has been changed; --apply to apply)`,
  ];
  if (items.length === 0) lines.push('  nothing to undo: the run changed nothing');
  for (const item of items) {
    lines.push(
      `  ${item.status.toUpperCase().padEnd(14)} ${item.describe}${item.reason && item.status !== 'cannot' ? ` (${item.reason})` : ''}`,
    );
    lines.push(`                 reverses: ${item.change}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderUndoJson(runId: string, items: readonly UndoItem[], applied: boolean): string {
  return `${JSON.stringify({ schemaVersion: 1, runId, applied, items }, null, 2)}\n`;
}
