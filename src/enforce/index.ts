// Enforcement: plan (pure), apply (journaled), undo. See README "Enforce and undo".
export { planEnforcement, type EnforcementPlan, type PlannedAction, type ActionStatus } from './plan.js';
export { applyPlan, type ApplyResult, type AppliedAction, type ApplyOptions } from './applyPlan.js';
export { planUndo, applyUndo, type UndoPlan, type UndoItem, type UndoOptions } from './undo.js';
export { openJournal, readJournal, listJournals, DEFAULT_JOURNAL_DIR, type Journal } from './journal.js';
export type { JournalRecord, UndoRecipe } from './journalRecords.js';
export { newRunId } from './runId.js';
export { ACTION_HANDLERS } from './actions/index.js';
