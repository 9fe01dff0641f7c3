import { InputError } from '../errors.js';
import { statementLabel } from './policyDocument.js';

/** A policy document that IAM would reject, or that we cannot read. The message names the origin and statement. */
export class PolicyParseError extends InputError {
  readonly origin: string;
  /** Zero-based index of the offending statement, when the problem is inside one. */
  readonly statementIndex?: number;
  readonly sid?: string;

  constructor(origin: string, problem: string, statement?: { index: number; sid?: string }) {
    // A Sid from a broken file can be megabytes long; the message quotes its start.
    const sid =
      statement?.sid && statement.sid.length > 80 ? `${statement.sid.slice(0, 80)}...` : statement?.sid;
    const where = statement ? `${statementLabel({ index: statement.index, ...(sid ? { sid } : {}) })}: ` : '';
    super(`${where}${problem}`, origin);
    this.name = 'PolicyParseError';
    this.origin = origin;
    this.statementIndex = statement?.index;
    this.sid = statement?.sid;
  }
}
