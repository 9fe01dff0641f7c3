import type { z } from 'zod';
import { InputError } from '../../errors.js';
import type { ExportFile } from './exportFiles.js';

// JSON that parses but is not what the aws CLI writes (another command's output, a --query result, a file
// cut by --max-items) is refused with the key that is wrong, rather than read as an account with no users.

export function readExportShape<T>(schema: z.ZodType<T>, value: unknown, path: string, file: ExportFile): T {
  rejectIncompleteListing(value, path, file);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? describePath(issue.path) : '';
  const problem = issue ? describeIssue(issue, value) : 'unexpected content';
  throw new InputError(
    `${where ? `${where}: ` : ''}${problem}; expected the output of: ${file.command}`,
    path,
  );
}

/** `--no-paginate` leaves IsTruncated: true and `--max-items` a NextToken; either way entries are missing. */
function rejectIncompleteListing(value: unknown, path: string, file: ExportFile): void {
  if (typeof value !== 'object' || value === null) return;
  const listing = value as { IsTruncated?: unknown; NextToken?: unknown };
  if (listing.IsTruncated === true || listing.NextToken !== undefined) {
    throw new InputError(
      `the listing is incomplete (${listing.IsTruncated === true ? 'IsTruncated is true' : 'it has a NextToken'}); run without --max-items or --no-paginate: ${file.command}`,
      path,
    );
  }
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code !== 'invalid_type') return issue.message;
  const found = valueAt(root, issue.path);
  if (found === undefined) return `missing, expected ${article(issue.expected)}`;
  return `expected ${article(issue.expected)}, found ${describeValue(found)}`;
}

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
