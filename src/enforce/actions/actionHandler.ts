import type { IAMClient } from '@aws-sdk/client-iam';
import type { EnforceMode } from '../../config/enforceConfig.js';
import type { IamOperation, OperationParams } from '../iamOperations.js';
import type { UndoRecipe } from '../journalRecords.js';
import type { PlannedAction } from '../plan.js';

// What every enforcement action provides: `prepare` reads the live state of what it will touch (read-only)
// and returns the changes to make, each with the prior state and how to reverse it, or a reason to skip
// (already fixed since the scan, refused). applyPlan journals each step before sending it.

export interface ActionContext {
  readonly iam: IAMClient;
  readonly account: { readonly id: string; readonly partition: string };
  readonly now: Date;
}

export interface PreparedStep {
  readonly operation: IamOperation;
  readonly params: OperationParams;
  readonly describe: string;
  readonly prior: unknown;
  readonly undo: readonly UndoRecipe[];
}

export type Prepared =
  { readonly skip: string } | { readonly steps: readonly PreparedStep[]; readonly snapshot?: unknown };

export interface ActionHandler {
  readonly mode: EnforceMode;
  /** One line for the plan: what the action will change. */
  describe(action: PlannedAction): string;
  prepare(context: ActionContext, action: PlannedAction): Promise<Prepared>;
}

export function userNameOf(action: PlannedAction): string {
  if (action.target.kind !== 'user') throw new Error(`${action.mode} needs a user, got a group`);
  return action.target.userName;
}
