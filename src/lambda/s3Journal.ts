import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { InputError, ScanError } from '../errors.js';
import { isRunId, type Journal } from '../enforce/journal.js';
import type { JournalRecord, RunRecord } from '../enforce/journalRecords.js';

// The enforce journal in S3, for the Lambda handler (no disk survives an invocation): the same records as the
// JSON Lines file, one object each, `PREFIX RUN_ID/000001.json`, `000002.json`, ... Each is written (S3 has
// read-after-write consistency) before the change it describes is sent. Every run has its own key prefix
// and one writer, so concurrent invocations never share an object and need no lock; `If-None-Match: *`
// makes a second writer of the same run id fail instead of overwriting. Undo appends after the last record.

export interface S3JournalLocation {
  readonly bucket: string;
  /** "journal/" by default; ends with "/" or is empty. */
  readonly prefix: string;
}

const RECORD_KEY = /\/(\d{6})\.json$/;

export async function openS3Journal(
  s3: S3Client,
  location: S3JournalLocation,
  runId: string,
  options: { create: boolean },
): Promise<Journal> {
  if (!isRunId(runId)) throw new InputError(`not a run id: "${runId}"`);
  const runPrefix = `${location.prefix}${runId}/`;
  const existing = await recordKeys(s3, location.bucket, runPrefix);
  if (options.create && existing.length > 0)
    throw new ScanError(`journal s3://${location.bucket}/${runPrefix} already exists`);
  if (!options.create && existing.length === 0)
    throw new InputError(`no journal for run ${runId} in s3://${location.bucket}/${location.prefix}`);
  let sequence = existing.length === 0 ? 0 : sequenceOf(existing[existing.length - 1] as string);
  return {
    dir: `s3://${location.bucket}/${location.prefix}`,
    runId,
    file: `s3://${location.bucket}/${runPrefix}`,
    async append(record) {
      sequence += 1;
      const key = `${runPrefix}${String(sequence).padStart(6, '0')}.json`;
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: location.bucket,
            Key: key,
            Body: JSON.stringify(record),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
      } catch (error) {
        throw new ScanError(`cannot write journal record s3://${location.bucket}/${key}: ${text(error)}`, {
          cause: error,
        });
      }
    },
    async close() {
      // Nothing is held open: every record is already a complete object.
    },
  };
}

/** A run's records in order, for planUndo and for reading; the first must be the run record. */
export async function readS3Journal(
  s3: S3Client,
  location: S3JournalLocation,
  runId: string,
): Promise<JournalRecord[]> {
  if (!isRunId(runId)) throw new InputError(`not a run id: "${runId}"`);
  const runPrefix = `${location.prefix}${runId}/`;
  const keys = await recordKeys(s3, location.bucket, runPrefix);
  if (keys.length === 0)
    throw new InputError(`no journal for run ${runId} in s3://${location.bucket}/${location.prefix}`);
  const limit = pLimit(8);
  const records = await Promise.all(
    keys.map((key) =>
      limit(async () => {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: key }));
        const body = (await Body?.transformToString('utf8')) ?? '';
        try {
          return JSON.parse(body) as JournalRecord;
        } catch {
          throw new InputError('corrupt journal record (not JSON)', `s3://${location.bucket}/${key}`);
        }
      }),
    ),
  );
  if (records[0]?.type !== 'run')
    throw new InputError('not a journal: no run record first', `s3://${location.bucket}/${runPrefix}`);
  return records;
}

/** The runs journaled under the prefix, newest first, with their run records. */
export async function listS3Journals(
  s3: S3Client,
  location: S3JournalLocation,
): Promise<{ run: RunRecord; records: JournalRecord[] }[]> {
  const runIds: string[] = [];
  const pages = paginateListObjectsV2(
    { client: s3 },
    { Bucket: location.bucket, Prefix: location.prefix, Delimiter: '/' },
  );
  for await (const page of pages)
    for (const common of page.CommonPrefixes ?? []) {
      const runId = (common.Prefix ?? '').slice(location.prefix.length).replace(/\/$/, '');
      if (isRunId(runId)) runIds.push(runId);
    }
  const runs = [];
  for (const runId of runIds.sort().reverse()) {
    const records = await readS3Journal(s3, location, runId);
    runs.push({ run: records[0] as RunRecord, records });
  }
  return runs;
}

/** The record objects of a run, sorted by sequence number (zero-padded, so by key). */
async function recordKeys(s3: S3Client, bucket: string, runPrefix: string): Promise<string[]> {
  const keys: string[] = [];
  try {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: runPrefix }))
      for (const object of page.Contents ?? [])
        if (object.Key && RECORD_KEY.test(object.Key)) keys.push(object.Key);
  } catch (error) {
    throw new ScanError(`cannot list journal s3://${bucket}/${runPrefix}: ${text(error)}`, { cause: error });
  }
  return keys.sort();
}

function sequenceOf(key: string): number {
  return Number(RECORD_KEY.exec(key)?.[1] ?? 0);
}

function text(error: unknown): string {
  const name = (error as { name?: unknown }).name;
  const message = error instanceof Error ? error.message : String(error);
  return typeof name === 'string' && name !== 'Error' ? `${name}: ${message}` : message;
}
