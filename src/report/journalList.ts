import type { JournalRecord, RunRecord } from '../enforce/journalRecords.js';

// `mfa-warden journal list`: one line per run with what it changed and whether it was undone.

interface RunSummary {
  readonly runId: string;
  readonly startedAt: string;
  readonly account: string;
  readonly status: string;
  readonly actions: number;
  readonly changes: number;
  readonly failed: number;
  readonly undone: 'no' | 'partly' | 'yes';
}

export function summariseRun(run: RunRecord, records: readonly JournalRecord[]): RunSummary {
  const steps = records.filter((record) => record.type === 'step');
  const done = records.filter((record) => record.type === 'done').length;
  const failed = records.filter((record) => record.type === 'failed').length;
  const end = records.find((record) => record.type === 'end');
  const undoEnds = records.filter((record) => record.type === 'undo-end');
  const lastUndo = undoEnds[undoEnds.length - 1];
  const undone =
    lastUndo === undefined
      ? 'no'
      : lastUndo.type === 'undo-end' && lastUndo.status === 'completed'
        ? 'yes'
        : 'partly';
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    account: run.account,
    status: end && end.type === 'end' ? end.status : 'interrupted',
    actions: run.actions.length,
    changes: steps.length === 0 ? 0 : done,
    failed,
    undone,
  };
}

export function renderJournalList(
  runs: readonly { run: RunRecord; records: readonly JournalRecord[] }[],
  format: 'table' | 'json',
): string {
  const summaries = runs.map(({ run, records }) => summariseRun(run, records));
  if (format === 'json') return `${JSON.stringify({ schemaVersion: 1, runs: summaries }, null, 2)}\n`;
  if (summaries.length === 0) return 'no enforce runs in the journal\n';
  const lines = summaries.map(
    (s) =>
      `${s.runId}  ${s.startedAt}  account ${s.account}  ${s.status.padEnd(11)}  ${s.actions} actions, ${s.changes} changes${s.failed ? `, ${s.failed} failed` : ''}  undone: ${s.undone}`,
  );
  return `${lines.join('\n')}\n`;
}
