// Sorts an error thrown by the SDK into the two outcomes the scan knows. A service answer (AccessDenied, a
// missing report, a 5xx after retries) makes that one part of the snapshot unknown. Anything that means we
// are not really talking to AWS (network, credentials, throttling we could not outlast) stops the scan: a
// half-empty account would otherwise look clean, and a security tool must not turn an error into a pass.

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

  const status = shape.$metadata?.httpStatusCode;
  if (status === undefined) {
    if (isNetworkError(shape, name)) {
      const endpoint = context.endpointUrl
        ? withoutUserInfo(context.endpointUrl)
        : `the AWS endpoint (region ${context.region})`;
      return {
        kind: 'fatal',
        message: `could not reach ${endpoint}: ${describeNetworkError(shape, name, message)}`,
      };
    }
    // Neither an answer nor a network failure: a bug or an SDK problem; still not something to scan past.
    return { kind: 'fatal', message: `${operation} failed: ${name}: ${message}` };
  }

  if (THROTTLING_CODES.has(name) || status === 429) {
    const attempts = shape.$metadata?.attempts;
    const after = attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
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

/** Connection refused or reset, DNS failure, TLS failure, socket timeout: Node sets a system error code. */
function isNetworkError(shape: SdkErrorShape, name: string): boolean {
  return typeof shape.code === 'string' || name === 'TimeoutError' || name === 'AggregateError';
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
