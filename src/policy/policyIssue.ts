import type { PolicyStatement } from './policyDocument.js';

/** One finding about one statement of a policy, for the mfa-condition-sound and mfa-exemptions-minimal checks. */
export interface PolicyIssue {
  readonly code: string;
  /** The statement's Sid, or "Statement[i]" when it has none. */
  readonly statement: string;
  readonly statementIndex: number;
  readonly message: string;
  /** The actions concerned (display names), for exemption findings. */
  readonly actions?: readonly string[];
}

export function issueFor(
  statement: PolicyStatement,
  code: string,
  message: string,
  actions?: readonly string[],
): PolicyIssue {
  return {
    code,
    statement: statement.sid ?? `Statement[${statement.index}]`,
    statementIndex: statement.index,
    message,
    ...(actions ? { actions } : {}),
  };
}
