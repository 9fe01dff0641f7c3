import { IAMClient } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

// Every HTTP request the scan sends, retries included, per operation. The benchmark and the tests read it to
// prove that a scan costs a constant number of calls plus pages, not one call (or nine) per user.

export interface RequestCounter {
  total: number;
  /** Keyed by operation name without the SDK's "Command" suffix, e.g. "GetLoginProfile". */
  byOperation: Record<string, number>;
}

export function createRequestCounter(): RequestCounter {
  return { total: 0, byOperation: {} };
}

const MIDDLEWARE_NAME = 'mfaWardenRequestCounter';

/**
 * Counts in the deserialize step: the retry middleware sits above it (finalizeRequest), so every attempt passes
 * through here once, while the command itself passes through the upper steps only once.
 */
export function countRequests(
  client: IAMClient | STSClient | OrganizationsClient,
  counter: RequestCounter,
): void {
  const middleware =
    <Args, Output>(next: (args: Args) => Promise<Output>, context: { commandName?: string }) =>
    (args: Args): Promise<Output> => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      counter.total += 1;
      counter.byOperation[operation] = (counter.byOperation[operation] ?? 0) + 1;
      return next(args);
    };
  const options = { step: 'deserialize', name: MIDDLEWARE_NAME, priority: 'low', override: true } as const;
  // One call per client type because their middleware stacks are different generic types.
  if (client instanceof IAMClient) client.middlewareStack.add(middleware, options);
  else if (client instanceof STSClient) client.middlewareStack.add(middleware, options);
  else client.middlewareStack.add(middleware, options);
}
