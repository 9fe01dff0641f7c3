import type { IamOperation, OperationParams } from './iamOperations.js';

// What a journal file holds, one JSON object per line, in the order things happened. A step is written
// (and fsync'd) before its change is sent, with everything needed to reverse it, so a run that dies half-way
// still leaves a journal `mfa-warden undo` can use.

export const JOURNAL_SCHEMA_VERSION = 1;

/** How to put back what a step changed: an IAM operation, or why that is not possible. */
export type UndoRecipe =
  | {
      readonly operation: IamOperation;
      readonly params: OperationParams;
      /** CreateLoginProfile: a fresh random password is generated at undo time (the old one is unknowable). */
      readonly newPassword?: true;
      /** Error codes that mean "already as it was", e.g. EntityAlreadyExists when re-creating. */
      readonly alreadyDone?: readonly string[];
      readonly describe: string;
    }
  | { readonly cannot: string };

export interface RunRecord {
  readonly type: 'run';
  readonly schemaVersion: number;
  readonly runId: string;
  readonly kind: 'enforce';
  readonly startedAt: string;
  readonly account: string;
  readonly partition: string;
  readonly pid: number;
  /** The actions the run set out to apply: one line each, for `journal list` and for reading. */
  readonly actions: readonly { readonly id: number; readonly mode: string; readonly resource: string }[];
  /** What set the run off when no operator did: the CloudTrail events (the Lambda handler). */
  readonly trigger?: RunTrigger;
}

/** The CloudTrail events behind a run of the Lambda handler, each with who made the call. */
export interface RunTrigger {
  readonly kind: 'cloudtrail';
  readonly events: readonly TriggerEvent[];
  /** Events left out to keep the record small (a burst about the same principals). */
  readonly omittedEvents?: number;
}

export interface TriggerEvent {
  readonly eventID: string;
  readonly eventName: string;
  readonly eventTime: string;
  /** The event's own userIdentity: who made the IAM call. */
  readonly userIdentity: {
    readonly type?: string;
    readonly arn?: string;
    readonly principalId?: string;
    readonly accountId?: string;
  };
  /** What the event touched: "user/NAME", "group/NAME", "policy/ARN". */
  readonly principals: readonly string[];
}

/** The whole prior state of a principal an action is about to take apart (delete-user). */
export interface SnapshotRecord {
  readonly type: 'snapshot';
  readonly action: number;
  readonly resource: string;
  readonly state: unknown;
}

export interface StepRecord {
  readonly type: 'step';
  readonly action: number;
  readonly step: number;
  readonly operation: IamOperation;
  readonly params: OperationParams;
  readonly describe: string;
  /** What the change touches, as it was just before. */
  readonly prior: unknown;
  readonly undo: readonly UndoRecipe[];
  readonly at: string;
}

export interface StepOutcomeRecord {
  readonly type: 'done' | 'failed';
  readonly step: number;
  readonly error?: string;
  readonly at: string;
}

export interface UndoOutcomeRecord {
  readonly type: 'undo-done' | 'undo-failed' | 'undo-cannot';
  readonly step: number;
  /** Index of the recipe within the step's undo list. */
  readonly recipe: number;
  readonly message?: string;
  readonly at: string;
}

export interface EndRecord {
  readonly type: 'end' | 'undo-end';
  readonly status: 'completed' | 'failed' | 'interrupted';
  readonly at: string;
  readonly counts?: Readonly<Record<string, number>>;
}

export type JournalRecord =
  RunRecord | SnapshotRecord | StepRecord | StepOutcomeRecord | UndoOutcomeRecord | EndRecord;
