import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DEFAULT_IAM_REGION } from '../adapters/aws/index.js';
import { sharedClientConfig } from '../adapters/aws/clients.js';
import { listJournals, openJournal, readJournal, type Journal } from '../enforce/journal.js';
import type { JournalRecord, RunRecord } from '../enforce/journalRecords.js';
import { InputError } from '../errors.js';
import { listS3Journals, openS3Journal, readS3Journal } from '../lambda/s3Journal.js';

// Where `undo` and `journal list` find runs: a local directory (enforce on a workstation), or
// `s3://bucket/prefix/` (the journal the Lambda handler writes), read with the same AWS options.

export interface JournalStore {
  readonly where: string;
  read(runId: string): Promise<JournalRecord[]>;
  open(runId: string): Promise<Journal>;
  list(): Promise<{ run: RunRecord; records: JournalRecord[] }[]>;
  close(): void;
}

export function journalStore(
  location: string,
  aws: { profile?: string; region?: string; endpointUrl?: string },
): JournalStore {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) {
    return {
      where: location,
      read: (runId) => readJournal(location, runId),
      open: (runId) => openJournal(location, runId, { create: false }),
      list: () => listJournals(location),
      close: () => undefined,
    };
  }
  const bucket = match[1] as string;
  let prefix = match[2] ?? '';
  if (prefix !== '' && !prefix.endsWith('/')) prefix = `${prefix}/`;
  if (bucket === '') throw new InputError(`--journal ${location}: expected s3://bucket/prefix/`);
  const endpoint = aws.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  const region = aws.region ?? DEFAULT_IAM_REGION;
  const credentials = fromNodeProviderChain(aws.profile ? { profile: aws.profile } : {});
  const s3 = new S3Client({
    region,
    credentials,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // Connect and request timeouts as for IAM: a silent endpoint fails the attempt instead of hanging undo.
    requestHandler: sharedClientConfig({ region, credentials }).requestHandler,
  });
  const at = { bucket, prefix };
  return {
    where: location,
    read: (runId) => readS3Journal(s3, at, runId),
    open: (runId) => openS3Journal(s3, at, runId, { create: false }),
    list: () => listS3Journals(s3, at),
    close: () => s3.destroy(),
  };
}
