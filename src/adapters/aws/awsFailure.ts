// Sorts an error thrown by the SDK into the two outcomes the scan knows. A service answer (AccessDenied, a
// missing report, a 5xx after retries, an answer that could not be read, a listing that loops) makes that one
// part of the snapshot unknown. Anything that means we are not really talking to AWS (network, timeouts,
// credentials, throttling we could not outlast) stops the scan: a half-empty account would otherwise look
// clean, and a security tool must not turn an error into a pass.

export type AwsFailure =
  | { readonly kind: 'service'; readonly code: string; readonly message: string }
  | { readonly kind: 'fatal'; readonly message: string };

export interface FailureContext {
  readonly endpointUrl?: string;
  readonly region: string;
  readonly profile?: string;
}

// The SDK's own list (service-error-classification) plus 429; kept here because it is not exported publicly.
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
]);

// Answers that say the credentials themselves are unusable: every other call would fail the same way.
const REJECTED_CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
]);

const CREDENTIAL_LOADING_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);

interface SdkErrorShape {
  $fault?: unknown;
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errors?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function classifyAwsError(error: unknown, operation: string, context: FailureContext): AwsFailure {
  if (typeof error !== 'object' || error === null) {
    return { kind: 'fatal', message: `${operation} failed: ${String(error)}` };
  }
  const shape = error as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const message = typeof shape.message === 'string' ? firstLine(shape.message) : '';

  if (CREDENTIAL_LOADING_ERRORS.has(name)) {
    const profile = context.profile ? ` for profile "${context.profile}"` : '';
    return { kind: 'fatal', message: `could not load AWS credentials${profile}: ${message}` };
  }

  // Our own pagination guard (paginationGuard.ts): the listing is incomplete, the rest of the scan is fine.
  if (name === 'PaginationLoopError') return { kind: 'service', code: 'PaginationLoop', message };

  const status = shape.$metadata?.httpStatusCode;
  const attempts = shape.$metadata?.attempts;
  const after = attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
  if (status === undefined) {
    if (isNetworkError(shape, name)) {
      const endpoint = context.endpointUrl
        ? withoutUserInfo(context.endpointUrl)
        : `the AWS endpoint (region ${context.region})`;
      if (isTimeout(shape, name))
        return {
          kind: 'fatal',
          message: `${operation} got no answer from ${endpoint} in time${after}: ${describeTimeout(message)}`,
        };
      return {
        kind: 'fatal',
        message: `could not reach ${endpoint}: ${describeNetworkError(shape, name, message)} (${operation}${after})`,
      };
    }
    // Neither an answer nor a network failure: a bug or an SDK problem; still not something to scan past.
    return { kind: 'fatal', message: `${operation} failed: ${name}: ${message}` };
  }

  // AWS said yes, but the body broke off or could not be parsed (retried already): this part is unknown.
  if (status >= 200 && status < 300) {
    const code = typeof shape.code === 'string' ? `${shape.code}: ` : '';
    return {
      kind: 'service',
      code: 'UnreadableResponse',
      message: `the HTTP ${status} answer could not be read${after} (${code}${message || name})`,
    };
  }

  if (THROTTLING_CODES.has(name) || status === 429) {
    return {
      kind: 'fatal',
      message: `${operation} was still throttled (${name})${after}; try again later or lower the concurrency`,
    };
  }

  if (REJECTED_CREDENTIAL_CODES.has(name)) {
    return { kind: 'fatal', message: `AWS rejected the credentials (${name}): ${message}` };
  }

  return { kind: 'service', code: name, message: message || `HTTP ${status}` };
}

/**
 * One line for a reason text that already names the call ("DescribePolicy p-1 failed: ..."): the error code
 * and message, with the SDK's less helpful shapes put plainly (a 200 whose body broke off, a reset that the
 * HTTP handler calls TimeoutError, a timeout's long message).
 */
export function describeAwsError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const shape = error as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const message = typeof shape.message === 'string' ? firstLine(shape.message) : '';
  if (name === 'PaginationLoopError') return `PaginationLoop: ${message}`;
  const status = shape.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 200 && status < 300 && shape.$fault === undefined) {
    const code = typeof shape.code === 'string' ? `${shape.code}: ` : '';
    return `UnreadableResponse: the HTTP ${status} answer could not be read (${code}${message || name})`;
  }
  if (status === undefined && isTimeout(shape, name)) return `TimeoutError: ${describeTimeout(message)}`;
  if (typeof shape.code === 'string' && name === 'TimeoutError') return `${shape.code}: ${message}`;
  return message ? `${name}: ${message}` : name;
}

/** Connection refused or reset, DNS failure, TLS failure, socket timeout: Node sets a system error code. */
function isNetworkError(shape: SdkErrorShape, name: string): boolean {
  return typeof shape.code === 'string' || name === 'TimeoutError' || name === 'AggregateError';
}

/** The handler renames ECONNRESET and EPIPE to TimeoutError too; those keep their code and are not timeouts. */
function isTimeout(shape: SdkErrorShape, name: string): boolean {
  return shape.code === 'ETIMEDOUT' || (name === 'TimeoutError' && shape.code === undefined);
}

/** The handler's messages are long ("@smithy/node-http-handler - [ERROR] a request has exceeded ..."). */
function describeTimeout(message: string): string {
  const requestTimeout = /exceeded the configured (\d+) ms requestTimeout/.exec(message);
  if (requestTimeout) return `no response within ${requestTimeout[1]} ms`;
  const socketTimeout = /timed out after (\d+) ms of inactivity/.exec(message);
  if (socketTimeout) return `the response stalled for ${socketTimeout[1]} ms`;
  const connect = /within the configured timeout of (\d+) ms/.exec(message);
  if (connect) return `no connection within ${connect[1]} ms`;
  return message.replace(/^@smithy\/node-http-handler - (\[\w+\] )?/, '') || 'timed out';
}

function describeNetworkError(shape: SdkErrorShape, name: string, message: string): string {
  // Node reports a failed dual-stack connect as an AggregateError with an empty message.
  if (!message && Array.isArray(shape.errors)) {
    const inner = shape.errors
      .map((e: unknown) => (e instanceof Error ? e.message : String(e)))
      .filter((text) => text !== '');
    if (inner.length > 0) return inner.join('; ');
  }
  if (message) return message;
  return typeof shape.code === 'string' ? shape.code : name;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0]?.trim() ?? '';
}

/** An endpoint URL may carry credentials (http://user:secret@host); they must never reach a message. */
export function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}
