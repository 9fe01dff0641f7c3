import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Finding } from '../checks/check.js';
import type { Summary } from '../scan/evaluate.js';

// The scheduled scan's notification: the summary and every failing finding, as JSON, in as many SNS messages
// as the 256 KB limit needs (at most MAX_PARTS; beyond that the last part says how many were left out).
// Subscribers (email, chat, a ticketing queue) get the summary in every part, so each part reads alone.

export const SNS_MAX_BYTES = 262_144;
/** Room for SNS's own envelope fields, so a message we measure under the limit is accepted. */
const SAFETY_BYTES = 2_048;
export const MAX_PARTS = 10;
const MAX_MESSAGE_CHARS = 1_000;

export interface ScanNotification {
  readonly subject: string;
  readonly message: string;
}

interface FailingEntry {
  readonly check: string;
  readonly severity: string;
  readonly resource: string;
  readonly name: string;
  readonly message: string;
}

export function scanNotifications(
  scan: { readonly accountId: string; readonly summary: Summary; readonly findings: readonly Finding[] },
  options: { readonly now: Date; readonly maxBytes?: number; readonly maxParts?: number },
): ScanNotification[] {
  const maxBytes = (options.maxBytes ?? SNS_MAX_BYTES) - SAFETY_BYTES;
  const maxParts = options.maxParts ?? MAX_PARTS;
  const failing: FailingEntry[] = scan.findings
    .filter((finding) => finding.status === 'fail')
    .map((finding) => ({
      check: finding.check,
      severity: finding.severity,
      resource: finding.resource.arn,
      name: finding.resource.name,
      message:
        finding.message.length > MAX_MESSAGE_CHARS
          ? `${finding.message.slice(0, MAX_MESSAGE_CHARS - 1)}…`
          : finding.message,
    }));
  const { summary } = scan;
  const header = {
    source: 'mfa-warden',
    kind: 'scheduled-scan',
    account: scan.accountId,
    generatedAt: options.now.toISOString(),
    summary: {
      total: summary.total,
      byStatus: summary.byStatus,
      failedBySeverity: summary.failedBySeverity,
      unknownBySeverity: summary.unknownBySeverity,
      checks: summary.checks,
      collectionIssues: summary.collectionIssues
        .slice(0, 20)
        .map((issue) => `${issue.what}: ${issue.reason.slice(0, 500)}`),
    },
  };
  // Fill each part greedily, measuring the JSON as it will be sent: the envelope (with room for the part
  // numbers and an omitted count) plus each entry and its comma.
  const envelope = Buffer.byteLength(
    JSON.stringify({ ...header, part: 99, parts: 99, omitted: failing.length, failing: [] }),
    'utf8',
  );
  const parts: FailingEntry[][] = [];
  let current: FailingEntry[] = [];
  let bytes = envelope;
  let omitted = 0;
  for (let index = 0; index < failing.length; index++) {
    const entry = failing[index] as FailingEntry;
    const added = Buffer.byteLength(JSON.stringify(entry), 'utf8') + (current.length > 0 ? 1 : 0);
    if (bytes + added <= maxBytes || current.length === 0) {
      current.push(entry);
      bytes += added;
      continue;
    }
    if (parts.length + 1 >= maxParts) {
      omitted = failing.length - index;
      break;
    }
    parts.push(current);
    current = [entry];
    bytes = envelope + added - 1;
  }
  parts.push(current);
  const fails = summary.byStatus.fail;
  return parts.map((entries, index) => {
    const last = index === parts.length - 1;
    const body = {
      ...header,
      part: index + 1,
      parts: parts.length,
      ...(last && omitted > 0 ? { omitted } : {}),
      failing: entries,
    };
    const numbering = parts.length > 1 ? ` (part ${index + 1}/${parts.length})` : '';
    return {
      // Subjects are ASCII, at most 100 characters.
      subject: `mfa-warden: account ${scan.accountId}: ${fails} failing${numbering}`.slice(0, 100),
      message: JSON.stringify(body),
    };
  });
}

/** Publishes each part; returns the message ids. */
export async function publishScan(
  sns: SNSClient,
  topicArn: string,
  notifications: readonly ScanNotification[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const notification of notifications) {
    const response = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: notification.subject,
        Message: notification.message,
      }),
    );
    ids.push(response.MessageId ?? '');
  }
  return ids;
}
