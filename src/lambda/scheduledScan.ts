import type { Config } from '../config/config.js';
import { evaluateOptions, runSettings } from '../config/runSettings.js';
import { scanAccount } from '../scan/scan.js';
import type { Summary } from '../scan/evaluate.js';
import type { LambdaClients } from './lambdaClients.js';
import { importFindings, type ImportResult } from './securityHubFindings.js';
import { publishScan, scanNotifications } from './snsSummary.js';

// The scheduled full scan (EventBridge Scheduler): `scan aws` of the whole account with the config's checks
// and exemptions, then the summary and failing findings to SNS and every finding to Security Hub. It never
// changes IAM; continuous enforcement is the CloudTrail path's job.

export interface ScheduledScanResult {
  readonly account: string;
  readonly summary: Pick<Summary, 'total' | 'byStatus' | 'failedBySeverity' | 'unknownBySeverity'> & {
    readonly collectionIssues: number;
  };
  readonly sns?: { readonly messages: number };
  readonly securityHub?: ImportResult;
}

export async function runScheduledScan(
  clients: LambdaClients,
  input: { config: Config; snsTopicArn?: string; securityHub: boolean; now: Date },
): Promise<ScheduledScanResult> {
  const settings = runSettings(input.config);
  const result = await scanAccount({
    ...clients.awsOptions,
    requests: clients.requests,
    ...evaluateOptions(settings),
    now: input.now,
  });
  const { account, summary, findings } = result;
  let sns: ScheduledScanResult['sns'];
  if (input.snsTopicArn) {
    const notifications = scanNotifications({ accountId: account.id, summary, findings }, { now: input.now });
    await publishScan(clients.sns, input.snsTopicArn, notifications);
    sns = { messages: notifications.length };
  }
  const securityHub = input.securityHub
    ? await importFindings(
        clients.securityHub,
        findings,
        { accountId: account.id, partition: account.partition, region: clients.region, now: input.now },
        { complete: summary.collectionIssues.length === 0 },
      )
    : undefined;
  return {
    account: account.id,
    summary: {
      total: summary.total,
      byStatus: summary.byStatus,
      failedBySeverity: summary.failedBySeverity,
      unknownBySeverity: summary.unknownBySeverity,
      collectionIssues: summary.collectionIssues.length,
    },
    ...(sns ? { sns } : {}),
    ...(securityHub ? { securityHub } : {}),
  };
}
