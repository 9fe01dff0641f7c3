import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { countRequests, createRequestCounter, type RequestCounter } from './requestCounter.js';

/** Static credentials or a provider, as the SDK accepts them. */
export type AwsCredentialsInput = NonNullable<IAMClientConfig['credentials']>;

export interface AwsClientOptions {
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
  destroy(): void;
}

export const DEFAULT_IAM_REGION = 'us-east-1';
/**
 * IAM's request rate is account-wide and shared with every other tool in the account; two more attempts than
 * the SDK's 3 let adaptive retries ride out a burst before the scan gives up with a ScanError.
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

// Without a connection timeout a blackholed endpoint hangs the scan for minutes; IAM answers in well under
// a second, so a few seconds to connect is generous. The request timeout is per socket inactivity.
const CONNECTION_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 60_000;

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const region = options.region ?? DEFAULT_IAM_REGION;
  const endpointUrl = options.endpointUrl ?? nonEmpty(process.env.AWS_ENDPOINT_URL);
  // One provider for both clients, so a profile, SSO token or IMDS lookup is resolved once.
  const credentials =
    options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const requests = options.requests ?? createRequestCounter();
  const config = {
    region,
    credentials,
    retryMode: 'adaptive',
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    ...(endpointUrl ? { endpoint: endpointUrl } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  countRequests(iam, requests);
  countRequests(sts, requests);
  return {
    iam,
    sts,
    requests,
    region,
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    destroy() {
      iam.destroy();
      sts.destroy();
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
