import type { Account, InputKind } from '../model/account.js';
import type { Source } from '../model/source.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export type Status = 'pass' | 'fail' | 'exempt' | 'unknown' | 'error';

export type ResourceType =
  | 'AWS::::Account'
  | 'AWS::IAM::User'
  | 'AWS::IAM::Group'
  | 'AWS::IAM::Role'
  | 'AWS::IAM::Policy'
  | 'AWS::Organizations::Organization';

export interface ResourceRef {
  readonly type: ResourceType;
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly source: Source;
}

export interface Remediation {
  /** One sentence: what to do. */
  readonly text: string;
  /**
   * Shell commands for this resource, in order, with its names, account and partition filled in and quoted;
   * placeholders (see commandSafety.ts) only for what a person must supply, such as CODE1 and CODE2.
   */
  readonly cli?: readonly string[];
  /**
   * Same order as `cli`: true for a command that takes access away (delete-*, deactivate-*, detach-*, a key
   * set Inactive, a policy document replaced). Absent when none does. Such commands are never run unreviewed.
   */
  readonly destructive?: readonly boolean[];
  /**
   * Same order as `cli`: true for a command that needs a person (a placeholder to fill in, a file to edit,
   * an MFA device to scan). Absent when none does.
   */
  readonly needsInput?: readonly boolean[];
  /** A Terraform snippet; for what Terraform cannot manage (root), a comment saying what to do instead. */
  readonly terraform?: string;
  /** A CloudFormation (YAML) snippet, for findings in CloudFormation templates. */
  readonly cloudformation?: string;
}

export interface Finding {
  readonly check: string;
  readonly status: Status;
  readonly severity: Severity;
  readonly resource: ResourceRef;
  readonly message: string;
  readonly remediation?: Remediation;
  readonly compliance: readonly string[];
  /** Check-specific facts, such as the actions reachable without MFA. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** With --baseline: whether the previous report had this problem. */
  readonly baseline?: 'new' | 'unchanged';
}

export interface CheckResult {
  readonly status: Status;
  readonly resource: ResourceRef;
  readonly message: string;
  readonly remediation?: Remediation;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Check {
  readonly id: string;
  readonly title: string;
  /** Where the rule and its fix are documented; SARIF viewers (GitHub code scanning) link to it. */
  readonly helpUri: string;
  readonly severity: Severity;
  readonly compliance: readonly string[];
  /** Why the check matters, one or two sentences, for reports. */
  readonly rationale: string;
  /**
   * The inputs the check can judge; all when absent. Checks of live device state (MFA devices are enrolled at
   * run time, never declared in code) leave out `iac` and are reported as not applicable there.
   */
  readonly appliesTo?: readonly InputKind[];
  readonly run: (account: Account) => readonly CheckResult[];
}

export const LIVE_STATE_INPUTS: readonly InputKind[] = ['aws', 'export'];

export function appliesTo(check: Check, input: InputKind): boolean {
  return !check.appliesTo || check.appliesTo.includes(input);
}
