import { createLambdaClients, type LambdaClients } from './lambdaClients.js';
import { handleEvents, type InvocationReport } from './handleEvents.js';

// The Lambda entry point (`mfa-warden/lambda`; handler `dist/lambda/index.handler`, runtime nodejs22.x/24.x):
// EventBridge CloudTrail IAM events -> incremental enforcement, an EventBridge Scheduler invocation -> the
// full scan with SNS and Security Hub. Configured by environment variables (see lambdaEnv.ts). The clients
// are made once per container; the library function `handleEvents` takes the environment and clients as
// parameters for use (and tests) outside Lambda.

export {
  handleEvents,
  type HandleOptions,
  type InvocationReport,
  type EnforcementReport,
} from './handleEvents.js';
export { createLambdaClients, type LambdaClients } from './lambdaClients.js';
export {
  readLambdaSettings,
  ENV,
  type LambdaEnv,
  type LambdaSettings,
  type ConfigSource,
} from './lambdaEnv.js';
export { unpackInvocation, type InvocationBatch } from './eventBatch.js';
export {
  touchedBy,
  WATCHED_EVENT_NAMES,
  type CloudTrailEvent,
  type CloudTrailDetail,
} from './cloudTrailEvent.js';
export { openS3Journal, readS3Journal, listS3Journals, type S3JournalLocation } from './s3Journal.js';
export { toAsff, findingId, productArn, importFindings, type AsffContext } from './securityHubFindings.js';
export { scanNotifications, publishScan, type ScanNotification } from './snsSummary.js';
export { PRINCIPAL_CHECKS } from './enforceEvents.js';

let clients: LambdaClients | undefined;

/** The Lambda handler; `context` is unused (the function's timeout is the only limit that matters). */
export async function handler(event: unknown, _context?: unknown): Promise<InvocationReport> {
  // AWS_REGION is set by Lambda; AWS_ENDPOINT_URL (moto, LocalStack) is honoured by createAwsClients.
  clients ??= createLambdaClients({
    ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}),
  });
  return handleEvents(event, process.env, clients);
}
