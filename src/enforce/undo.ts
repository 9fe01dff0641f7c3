import type { IAMClient } from '@aws-sdk/client-iam';
import { errorCode, errorText, sendOperation } from './iamOperations.js';
import type { Journal } from './journal.js';
import type { JournalRecord, RunRecord, StepRecord, UndoRecipe } from './journalRecords.js';
import { newPassword } from './password.js';

// Undo reads a run's journal and reverses its steps, newest first. Every journaled step is reversed, even one
// whose outcome was never written (the process died while the request was in flight) or that failed: the
// recipes tolerate "already as it was" answers, so reversing a change that never happened is harmless.
// What cannot come back (access key secrets, MFA seeds) is said plainly, step by step.

export type UndoItemStatus = 'planned' | 'done' | 'failed' | 'cannot' | 'already-undone';

export interface UndoItem {
  readonly step: number;
  readonly recipe: number;
  readonly action: number;
  /** The change being reversed. */
  readonly change: string;
  readonly describe: string;
  readonly status: UndoItemStatus;
  readonly reason?: string;
  /** CreateLoginProfile: the user whose new password must be handed over. */
  readonly passwordFor?: string;
}

export interface UndoPlan {
  readonly runId: string;
  readonly account: string;
  readonly partition: string;
  readonly items: readonly UndoItem[];
}

export function planUndo(records: readonly JournalRecord[]): UndoPlan {
  const run = records[0] as RunRecord;
  const undone = new Set<string>();
  for (const record of records)
    if (record.type === 'undo-done' || record.type === 'undo-cannot')
      undone.add(`${record.step}/${record.recipe}`);
  const steps = records.filter((record): record is StepRecord => record.type === 'step');
  const items: UndoItem[] = [];
  for (const step of [...steps].reverse()) {
    step.undo.forEach((recipe, index) => {
      const base = { step: step.step, recipe: index, action: step.action, change: step.describe };
      if ('cannot' in recipe) {
        items.push({
          ...base,
          describe: `cannot restore: ${recipe.cannot}`,
          status: 'cannot',
          reason: recipe.cannot,
        });
        return;
      }
      const already = undone.has(`${step.step}/${index}`);
      items.push({
        ...base,
        describe: recipe.describe,
        status: already ? 'already-undone' : 'planned',
        ...(recipe.newPassword ? { passwordFor: String(recipe.params.UserName) } : {}),
      });
    });
  }
  return { runId: run.runId, account: run.account, partition: run.partition, items };
}

export interface UndoOptions {
  /** Receives each new console password (undo of a removed login profile); must not log it. */
  readonly deliverPassword: (userName: string, password: string) => Promise<void>;
}

export async function applyUndo(
  plan: UndoPlan,
  records: readonly JournalRecord[],
  clients: { iam: IAMClient },
  journal: Journal,
  options: UndoOptions,
): Promise<UndoItem[]> {
  const recipes = new Map<string, UndoRecipe>();
  for (const record of records)
    if (record.type === 'step')
      record.undo.forEach((recipe, i) => recipes.set(`${record.step}/${i}`, recipe));
  const results: UndoItem[] = [];
  let failed = false;
  for (const item of plan.items) {
    if (item.status !== 'planned' && item.status !== 'cannot') {
      results.push(item);
      continue;
    }
    const at = new Date().toISOString();
    if (item.status === 'cannot') {
      await journal.append({
        type: 'undo-cannot',
        step: item.step,
        recipe: item.recipe,
        message: item.reason ?? '',
        at,
      });
      results.push(item);
      continue;
    }
    if (failed) {
      results.push({ ...item, status: 'planned', reason: 'not attempted: an earlier restore failed' });
      continue;
    }
    const recipe = recipes.get(`${item.step}/${item.recipe}`);
    if (!recipe || 'cannot' in recipe) continue;
    try {
      const password = recipe.newPassword ? newPassword() : undefined;
      const params = password ? { ...recipe.params, Password: password } : recipe.params;
      let reason: string | undefined;
      try {
        await sendOperation(clients.iam, recipe.operation, params);
        if (password) await options.deliverPassword(String(recipe.params.UserName), password);
      } catch (error) {
        if (!recipe.alreadyDone?.includes(errorCode(error))) throw error;
        reason = `already as it was (${errorCode(error)})`;
      }
      await journal.append({
        type: 'undo-done',
        step: item.step,
        recipe: item.recipe,
        ...(reason ? { message: reason } : {}),
        at,
      });
      results.push({ ...item, status: 'done', ...(reason ? { reason } : {}) });
    } catch (error) {
      failed = true;
      await journal.append({
        type: 'undo-failed',
        step: item.step,
        recipe: item.recipe,
        message: errorText(error),
        at,
      });
      results.push({ ...item, status: 'failed', reason: errorText(error) });
    }
  }
  await journal.append({
    type: 'undo-end',
    status: failed ? 'failed' : 'completed',
    at: new Date().toISOString(),
  });
  return results;
}
