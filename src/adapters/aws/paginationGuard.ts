import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

// A paginated listing that hands out a token it already gave (the same Marker again, or a cycle A -> B -> A)
// would make the SDK's paginators loop forever, and a listing that never ends never becomes unknown either.
// One middleware per client watches every paginated call, so every reader (IAM, Organizations, today's and
// tomorrow's) is covered without code of its own: a repeated token, or more pages than any real account has,
// ends that call with a PaginationLoopError, which the scan reports as an unknown part naming the call.

/** IAM's Marker and the NextToken of Organizations (and most JSON services). */
const TOKEN_FIELDS = ['Marker', 'NextToken'] as const;
/** Not part of what is being listed, so not part of the key either. */
const PAGE_SIZE_FIELDS = ['MaxItems', 'MaxResults'];
/** 10,000 pages of GetAccountAuthorizationDetails is 10 million principals: far past any IAM quota. */
export const MAX_PAGES = 10_000;

const MIDDLEWARE_NAME = 'mfaWardenPaginationGuard';

export class PaginationLoopError extends Error {
  readonly operation: string;
  readonly page: number;
  constructor(operation: string, message: string, page: number) {
    super(message);
    this.name = 'PaginationLoopError';
    this.operation = operation;
    this.page = page;
  }
}

interface Pagination {
  /** Tokens handed out so far (and the one the listing was picked up with). */
  readonly tokens: Set<string>;
}

/**
 * Registers the guard on a client. Pages of one listing are recognised by the operation and the input
 * without its token and page size; the first page (no token) starts a new listing.
 */
export function guardPagination(client: IAMClient | STSClient | OrganizationsClient): void {
  const listings = new Map<string, Pagination>();
  const middleware =
    <Args extends { input: unknown }, Output extends { output: unknown }>(
      next: (args: Args) => Promise<Output>,
      context: { commandName?: string },
    ) =>
    async (args: Args): Promise<Output> => {
      const input = asRecord(args.input);
      if (!input) return next(args);
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const key = `${operation} ${stableKey(input)}`;
      const sentField = TOKEN_FIELDS.find((name) => nonEmpty(input[name]));
      const sent = sentField ? (input[sentField] as string) : undefined;
      // A request without a token is a first page: a new listing, whatever an earlier one left behind.
      if (sent === undefined) listings.delete(key);
      const result = await next(args);
      const output = asRecord(result.output);
      const field = TOKEN_FIELDS.find((name) => nonEmpty(output?.[name]));
      if (!output || !field) {
        listings.delete(key);
        return result;
      }
      const token = output[field] as string;
      const listing = listings.get(key) ?? { tokens: new Set<string>(sent ? [sent] : []) };
      const page = listing.tokens.size + 1;
      if (token === sent || listing.tokens.has(token)) {
        listings.delete(key);
        throw new PaginationLoopError(
          operation,
          `page ${page} points back to ${token === sent ? 'itself' : 'an earlier page'} (a repeated ${field}): the listing would never end`,
          page,
        );
      }
      if (page >= MAX_PAGES) {
        listings.delete(key);
        throw new PaginationLoopError(
          operation,
          `more than ${MAX_PAGES} pages: the listing does not end`,
          page,
        );
      }
      listing.tokens.add(token);
      listings.set(key, listing);
      return result;
    };
  // Above the retry middleware: one check per page, not per attempt.
  const options = { step: 'initialize', name: MIDDLEWARE_NAME, override: true } as const;
  if (client instanceof IAMClient) client.middlewareStack.add(middleware, options);
  else if (client instanceof STSClient) client.middlewareStack.add(middleware, options);
  else client.middlewareStack.add(middleware, options);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The input without token and page size, with sorted keys, as one string. */
function stableKey(input: Record<string, unknown>): string {
  const rest = Object.keys(input)
    .filter(
      (name) =>
        !(TOKEN_FIELDS as readonly string[]).includes(name) &&
        !PAGE_SIZE_FIELDS.includes(name) &&
        input[name] !== undefined,
    )
    .sort()
    .map((name) => [name, input[name]]);
  return JSON.stringify(rest);
}
