// The live AWS adapter: SDK clients, the snapshot collector and the request counter the benchmark reads.
export { collectAwsSnapshot, type AwsCollectOptions, type AwsCollection } from './collectSnapshot.js';
export {
  createAwsClients,
  DEFAULT_IAM_REGION,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type AwsClientOptions,
  type AwsClients,
  type AwsCredentialsInput,
} from './clients.js';
export { createRequestCounter, type RequestCounter } from './requestCounter.js';
export { classifyAwsError, type AwsFailure } from './awsFailure.js';
export { selectUsersForPerUserCalls } from './selectUsersForPerUserCalls.js';
export { DEFAULT_CONCURRENCY } from './fetchPerUserState.js';
export { DEFAULT_CREDENTIAL_REPORT_TIMEOUT_MS } from './fetchCredentialReport.js';
export { ScanTimeoutError } from './scanDeadline.js';
