import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCollectOptions } from '../../src/adapters/aws/index.js';

// Clients for seeding moto directly (not through the code under test). moto derives the account from the
// access key: any key that is not one of its special ones maps to the default account below.

export const MOTO_ACCOUNT_ID = '123456789012';
export const MOTO_REGION = 'us-east-1';
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export function motoIamClient(endpoint: string): IAMClient {
  return new IAMClient({ region: MOTO_REGION, endpoint, credentials: MOTO_CREDENTIALS });
}

export function motoStsClient(endpoint: string): STSClient {
  return new STSClient({ region: MOTO_REGION, endpoint, credentials: MOTO_CREDENTIALS });
}

/** Options for collectAwsSnapshot against moto (or a proxy in front of it), bypassing the credential chain. */
export function motoCollectOptions(endpoint: string, extra: AwsCollectOptions = {}): AwsCollectOptions {
  return { endpointUrl: endpoint, credentials: MOTO_CREDENTIALS, ...extra };
}
