import { CLOUDTRAIL_DETAIL_TYPE, type CloudTrailEvent } from './cloudTrailEvent.js';

// What one invocation carries, made flat: an EventBridge event, an array of them, or an SQS batch (`Records`
// with each EventBridge event as a JSON `body`) in front of a burst. Each becomes a CloudTrail IAM event, a
// request for the full scan (EventBridge Scheduler, or `{"mfaWarden": "scan"}`), or something ignored with a
// reason. EventBridge delivers at least once, so the same CloudTrail event (same eventID) counts once.

export type InvocationItem =
  | { readonly kind: 'cloudtrail'; readonly event: CloudTrailEvent }
  | { readonly kind: 'scan' }
  | { readonly kind: 'ignored'; readonly reason: string };

export interface InvocationBatch {
  readonly cloudTrail: readonly CloudTrailEvent[];
  /** At least one item asked for the full scan (several in one batch mean one scan). */
  readonly scan: boolean;
  readonly received: number;
  readonly duplicates: number;
  /** Why items were ignored, with how many each. */
  readonly ignored: Readonly<Record<string, number>>;
}

const MAX_DEPTH = 3;

export function unpackInvocation(input: unknown): InvocationBatch {
  const items = flatten(input, 0);
  const seen = new Set<string>();
  const cloudTrail: CloudTrailEvent[] = [];
  const ignored: Record<string, number> = {};
  let duplicates = 0;
  let scan = false;
  for (const item of items) {
    if (item.kind === 'scan') scan = true;
    else if (item.kind === 'ignored') ignored[item.reason] = (ignored[item.reason] ?? 0) + 1;
    else {
      const id = item.event.detail?.eventID ?? item.event.id;
      if (id !== undefined && seen.has(id)) {
        duplicates++;
        continue;
      }
      if (id !== undefined) seen.add(id);
      cloudTrail.push(item.event);
    }
  }
  return { cloudTrail, scan, received: items.length, duplicates, ignored };
}

function flatten(input: unknown, depth: number): InvocationItem[] {
  if (Array.isArray(input)) return input.flatMap((item: unknown) => flatten(item, depth + 1));
  if (typeof input !== 'object' || input === null) return [{ kind: 'ignored', reason: 'not an object' }];
  const record = input as Record<string, unknown>;
  if (Array.isArray(record.Records) && depth < MAX_DEPTH)
    return record.Records.flatMap((entry: unknown) => fromRecord(entry, depth + 1));
  return [classify(record)];
}

/** An SQS record carries the event as its JSON body; a record may also be the event itself. */
function fromRecord(entry: unknown, depth: number): InvocationItem[] {
  if (typeof entry !== 'object' || entry === null) return [{ kind: 'ignored', reason: 'not an object' }];
  const body = (entry as { body?: unknown }).body;
  if (typeof body !== 'string') return flatten(entry, depth);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    return [{ kind: 'ignored', reason: 'an SQS message whose body is not JSON' }];
  }
  return flatten(parsed, depth);
}

function classify(record: Record<string, unknown>): InvocationItem {
  if (record.mfaWarden === 'scan') return { kind: 'scan' };
  const detailType = record['detail-type'];
  if (detailType === 'Scheduled Event') return { kind: 'scan' };
  if (detailType === CLOUDTRAIL_DETAIL_TYPE) {
    if (record.source !== 'aws.iam')
      return { kind: 'ignored', reason: `a CloudTrail event from ${String(record.source)}, not aws.iam` };
    if (typeof record.detail !== 'object' || record.detail === null)
      return { kind: 'ignored', reason: 'a CloudTrail event without detail' };
    return { kind: 'cloudtrail', event: record as CloudTrailEvent };
  }
  return {
    kind: 'ignored',
    reason:
      typeof detailType === 'string'
        ? `detail-type "${detailType.slice(0, 80)}"`
        : 'not an EventBridge event',
  };
}
