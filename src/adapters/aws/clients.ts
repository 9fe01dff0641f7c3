import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { guardPagination } from './paginationGuard.js';
import { countRequests, createRequestCounter, type RequestCounter } from './requestCounter.js';
import { retryUnreadableResponses } from './retryUnreadableResponses.js';
import { startDeadline, type DeadlineOptions } from './scanDeadline.js';

/** Static credentials or a provider, as the SDK accepts them. */
export type AwsCredentialsInput = NonNullable<IAMClientConfig['credentials']>;

export interface AwsTimeoutOptions {
  /** How long to wait for a TCP (and TLS) connection before the attempt fails and is retried; default 5 s. */
  connectTimeoutMs?: number;
  /**
   * How long one attempt may wait for AWS to start answering, and then for each next part of the body, before
   * it is aborted and retried; default 30 s. A 1,000-item GetAccountAuthorizationDetails page takes seconds.
   */
  requestTimeoutMs?: number;
}

export interface AwsClientOptions extends AwsTimeoutOptions, DeadlineOptions {
  /** A profile of the shared config/credentials files; otherwise the standard chain (env, SSO, IMDS, ...). */
  profile?: string;
  /** IAM is global, so this only matters for other partitions (e.g. cn-north-1); default us-east-1. */
  region?: string;
  /** Overrides AWS_ENDPOINT_URL; both IAM and STS are sent there (as with moto or LocalStack). */
  endpointUrl?: string;
  /** Bypasses the credential chain; meant for tests and for library users who already hold credentials. */
  credentials?: AwsCredentialsInput;
  /** Attempts per request, retries included; default 5. */
  maxAttempts?: number;
  /** Pass one to accumulate the requests of several scans; otherwise a new one is created. */
  requests?: RequestCounter;
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  requests: RequestCounter;
  /** The custom endpoint, if any; used in error messages and the snapshot's origin. */
  endpointUrl?: string;
  region: string;
  profile?: string;
  /**
   * The caller's abortSignal and timeoutMs as one signal: once it fires, every request of these clients is
   * cancelled (and new ones fail at once), so a reader can tell "interrupted" from "failed".
   */
  signal?: AbortSignal;
  destroy(): void;
}

export const DEFAULT_IAM_REGION = 'us-east-1';
/**
 * IAM's request rate is account-wide and shared with every other tool in the account; two more attempts than
 * the SDK's 3 let adaptive retries ride out a burst before the scan gives up with a ScanError.
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** IAM and STS answer in well under a second; a connection that takes 5 s is not coming. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/**
 * Generous for the slowest page we read (GetAccountAuthorizationDetails, 1,000 items, some MB) and short
 * enough that a silent endpoint costs at most attempts x 30 s instead of the SDK's default five minutes
 * per attempt (its socket timeout; its requestTimeout only logs a warning unless told to throw).
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** What the IAM, STS and Organizations clients of one scan share. */
export interface SharedClientConfig {
  region: string;
  credentials: AwsCredentialsInput;
  retryMode: 'adaptive';
  maxAttempts: number;
  endpoint?: string;
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    throwOnRequestTimeout: true;
    socketTimeout: number;
  };
}

export function sharedClientConfig(
  options: AwsTimeoutOptions & {
    region: string;
    credentials: AwsCredentialsInput;
    endpointUrl?: string;
    maxAttempts?: number;
  },
): SharedClientConfig {
  const requestTimeout = positive(options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
  return {
    region: options.region,
    credentials: options.credentials,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    requestHandler: {
      connectionTimeout: positive(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
      // Until the response starts; the attempt is aborted (not just logged) and the SDK retries it.
      requestTimeout,
      throwOnRequestTimeout: true,
      // While the body streams: a response that stops in the middle is aborted the same way.
      socketTimeout: requestTimeout,
    },
  };
}

/**
 * What every client of a scan gets: the request counter, the pagination guard, retries of reads whose answer
 * broke off and, with a signal, the cancellation of its requests when the signal fires.
 */
export function instrumentClient(
  client: IAMClient | STSClient | OrganizationsClient,
  options: { requests?: RequestCounter; signal?: AbortSignal },
): void {
  if (options.requests) countRequests(client, options.requests);
  guardPagination(client);
  retryUnreadableResponses(client);
  if (options.signal) cancelRequestsOn(client, options.signal);
}

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const region = options.region ?? DEFAULT_IAM_REGION;
  const endpointUrl = options.endpointUrl ?? nonEmpty(process.env.AWS_ENDPOINT_URL);
  // One provider for both clients, so a profile, SSO token or IMDS lookup is resolved once.
  const credentials =
    options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const requests = options.requests ?? createRequestCounter();
  const deadline = startDeadline(options);
  const config = sharedClientConfig({ ...options, region, credentials, endpointUrl });
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const instruments = { requests, ...(deadline.signal ? { signal: deadline.signal } : {}) };
  instrumentClient(iam, instruments);
  instrumentClient(sts, instruments);
  return {
    iam,
    sts,
    requests,
    region,
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(deadline.signal ? { signal: deadline.signal } : {}),
    destroy() {
      deadline.dispose();
      iam.destroy();
      sts.destroy();
    },
  };
}

/** The part of the SDK's HTTP handler we wrap: handle() with its per-request options. */
interface HandlerWithOptions {
  handle(request: unknown, options?: { abortSignal?: unknown } & Record<string, unknown>): Promise<unknown>;
}

/**
 * Every request of the client listens on `signal` besides its own abortSignal. The SDK only aborts what a
 * caller passes to send(); wrapping the handler reaches the calls of every reader, and a request started
 * after the signal fired fails at once without touching the network.
 */
function cancelRequestsOn(client: IAMClient | STSClient | OrganizationsClient, signal: AbortSignal): void {
  // The resolved handler is an SDK object (NodeHttpHandler); only its handle() is replaced, on this instance.
  const handler = client.config.requestHandler as unknown as HandlerWithOptions;
  const handle = handler.handle.bind(handler);
  handler.handle = (request, options = {}) => {
    const own = options.abortSignal;
    const abortSignal = own instanceof AbortSignal ? AbortSignal.any([own, signal]) : signal;
    return handle(request, { ...options, abortSignal });
  };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
