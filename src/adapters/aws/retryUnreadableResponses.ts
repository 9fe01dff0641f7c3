import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

// An HTTP 200 whose body breaks off or cannot be parsed (a proxy cut it, a connection dropped after the
// headers) is a transport accident, like a reset; the SDK retries resets but not a body it fails to parse.
// For reads (Get*, List*, Describe*, GenerateCredentialReport, and AssumeRole, which only hands out a new
// session) this marks such an error retryable, so the next attempt usually brings the page. Writes are left
// alone: their 200 may mean the change was made.

const MIDDLEWARE_NAME = 'mfaWardenRetryUnreadableResponses';
const READ_OPERATION = /^(Get|List|Describe)[A-Z]|^GenerateCredentialReport$|^AssumeRole$/;

interface DeserializationFailure {
  $fault?: unknown;
  $retryable?: unknown;
  $response?: { statusCode?: unknown };
}

export function retryUnreadableResponses(client: IAMClient | STSClient | OrganizationsClient): void {
  const middleware =
    <Args, Output>(next: (args: Args) => Promise<Output>, context: { commandName?: string }) =>
    async (args: Args): Promise<Output> => {
      try {
        return await next(args);
      } catch (error) {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        if (READ_OPERATION.test(operation) && isUnreadableSuccess(error))
          (error as DeserializationFailure).$retryable = { throttling: false };
        throw error;
      }
    };
  // Inside the retry middleware (finalizeRequest, high priority), around the deserializer.
  const options = {
    step: 'finalizeRequest',
    name: MIDDLEWARE_NAME,
    priority: 'low',
    override: true,
  } as const;
  if (client instanceof IAMClient) client.middlewareStack.add(middleware, options);
  else if (client instanceof STSClient) client.middlewareStack.add(middleware, options);
  else client.middlewareStack.add(middleware, options);
}

function isUnreadableSuccess(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as DeserializationFailure;
  // A modelled service error carries $fault; a body that could not be read carries only the raw response.
  const status = shape.$response?.statusCode;
  return shape.$fault === undefined && typeof status === 'number' && status >= 200 && status < 300;
}
