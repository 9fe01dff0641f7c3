import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  createAwsClients,
  sharedClientConfig,
  type AwsClientOptions,
  type AwsClients,
} from '../adapters/aws/clients.js';

// Every client the Lambda handler uses, made once per container so warm invocations reuse connections.
// IAM and STS come from createAwsClients (adaptive retries, request counting); the full scan builds its own
// from `awsOptions`. A custom endpoint (AWS_ENDPOINT_URL, moto in the tests) is used for every service, and
// S3 then uses path-style addressing, which such endpoints need.

export interface LambdaClients extends Pick<AwsClients, 'iam' | 'sts' | 'requests' | 'region'> {
  readonly s3: S3Client;
  readonly ssm: SSMClient;
  readonly sns: SNSClient;
  readonly securityHub: SecurityHubClient;
  /** What the full scan (scanAccount) needs to make its own IAM and STS clients. */
  readonly awsOptions: AwsClientOptions;
  destroy(): void;
}

export function createLambdaClients(options: AwsClientOptions = {}): LambdaClients {
  const aws = createAwsClients(options);
  const config = {
    region: aws.region,
    // The same provider chain the IAM client resolved (the Lambda's role), unless credentials were given.
    credentials: aws.iam.config.credentials,
    ...(aws.endpointUrl ? { endpoint: aws.endpointUrl } : {}),
    // The same connect and request timeouts as IAM's: a silent S3, SSM, SNS or Security Hub endpoint aborts
    // the attempt (and is retried) instead of holding the invocation until Lambda kills it.
    requestHandler: sharedClientConfig({
      ...options,
      region: aws.region,
      credentials: aws.iam.config.credentials,
    }).requestHandler,
  };
  const s3 = new S3Client({ ...config, ...(aws.endpointUrl ? { forcePathStyle: true } : {}) });
  const ssm = new SSMClient(config);
  const sns = new SNSClient(config);
  const securityHub = new SecurityHubClient(config);
  return {
    iam: aws.iam,
    sts: aws.sts,
    requests: aws.requests,
    region: aws.region,
    s3,
    ssm,
    sns,
    securityHub,
    awsOptions: {
      ...options,
      region: aws.region,
      ...(aws.endpointUrl ? { endpointUrl: aws.endpointUrl } : {}),
    },
    destroy() {
      aws.destroy();
      s3.destroy();
      ssm.destroy();
      sns.destroy();
      securityHub.destroy();
    },
  };
}
