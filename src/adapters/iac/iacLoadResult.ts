import type { Account } from '../../model/account.js';

// What an IaC adapter hands to the scan: one model per deployable unit (a Terraform root module or plan, a
// CloudFormation template), and the input errors of files it could not read. A broken file never stops the
// others from being scanned, but the run still exits 2 and names each error with file:line:column.

export interface IacInputError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** What is wrong and, where possible, what was expected. */
  readonly message: string;
}

export interface IacTarget {
  /** The path given on the command line (a directory, a file, a plan). */
  readonly label: string;
  readonly account: Account;
  /** Files of this target that could not be read: its passes are not trustworthy and become unknown. */
  readonly brokenFiles: readonly string[];
}

export interface IacLoadResult {
  readonly targets: readonly IacTarget[];
  readonly errors: readonly IacInputError[];
}

export function describeInputError(error: IacInputError): string {
  const at = error.line ? `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}` : error.file;
  return `${at}: ${error.message}`;
}
