import { InputError } from '../errors.js';
import { statementLabel } from './policyDocument.js';

/** A policy document that IAM would reject, or that we cannot read. The message names the origin and statement. */
export class PolicyParseError extends InputError {
  readonly origin: string;
  /** Zero-based index of the offending statement, when the problem is inside one. */
  readonly statementIndex?: number;
  readonly sid?: string;

  constructor(origin: string, problem: string, statement?: { index: number; sid?: string }) {
    const where = statement ? `${statementLabel(statement)}: ` : '';
    super(`${where}${problem}`, origin);
    this.name = 'PolicyParseError';
    this.origin = origin;
    this.statementIndex = statement?.index;
    this.sid = statement?.sid;
  }
}
