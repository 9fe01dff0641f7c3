import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../../test/harness/awsClients.js';
import { useMoto } from '../../test/harness/motoFixture.js';
import type { RunRecord, StepRecord } from '../enforce/journalRecords.js';
import { newRunId } from '../enforce/runId.js';
import { planUndo } from '../enforce/undo.js';
import { InputError, ScanError } from '../errors.js';
import { listS3Journals, openS3Journal, readS3Journal } from './s3Journal.js';

const moto = useMoto();
const BUCKET = 'mfa-warden-journal';
const location = { bucket: BUCKET, prefix: 'journal/' };

async function s3(): Promise<S3Client> {
  const client = new S3Client({
    region: MOTO_REGION,
    endpoint: moto.moto.endpoint,
    credentials: MOTO_CREDENTIALS,
    forcePathStyle: true,
  });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  return client;
}

const run = (runId: string): RunRecord => ({
  type: 'run',
  schemaVersion: 1,
  runId,
  kind: 'enforce',
  startedAt: '2026-12-01T00:00:00Z',
  account: '123456789012',
  partition: 'aws',
  pid: 1,
  actions: [{ id: 1, mode: 'remove-console-access', resource: 'arn:aws:iam::123456789012:user/mary' }],
});

const step = (n: number): StepRecord => ({
  type: 'step',
  action: 1,
  step: n,
  operation: 'DeleteLoginProfile',
  params: { UserName: 'mary' },
  describe: 'delete the login profile of mary',
  prior: { loginProfile: { passwordResetRequired: false } },
  undo: [
    {
      operation: 'CreateLoginProfile',
      params: { UserName: 'mary', PasswordResetRequired: true },
      newPassword: true,
      alreadyDone: ['EntityAlreadyExists'],
      describe: 'create a login profile for mary with a new password (reset at next sign-in)',
    },
  ],
  at: '2026-12-01T00:00:01Z',
});

describe('the S3 journal', () => {
  it('writes one object per record under the run id, in order, and reads them back for undo', async () => {
    const client = await s3();
    const runId = newRunId(new Date('2026-12-01T10:20:30Z'));
    const journal = await openS3Journal(client, location, runId, { create: true });
    expect(journal.file).toBe(`s3://${BUCKET}/journal/${runId}/`);
    await journal.append(run(runId));
    await journal.append(step(1));
    await journal.append({ type: 'done', step: 1, at: '2026-12-01T00:00:02Z' });
    await journal.append({ type: 'end', status: 'completed', at: '2026-12-01T00:00:03Z' });
    await journal.close();

    const keys = (await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents?.map(
      (o) => o.Key,
    );
    expect(keys).toEqual([1, 2, 3, 4].map((n) => `journal/${runId}/00000${n}.json`));
    const records = await readS3Journal(client, location, runId);
    expect(records.map((r) => r.type)).toEqual(['run', 'step', 'done', 'end']);
    expect(planUndo(records).items).toMatchObject([
      { step: 1, status: 'planned', passwordFor: 'mary', describe: expect.stringMatching(/^create a login/) },
    ]);

    // Undo appends after the last record; the next plan sees the restore as done.
    const again = await openS3Journal(client, location, runId, { create: false });
    await again.append({ type: 'undo-done', step: 1, recipe: 0, at: '2026-12-01T01:00:00Z' });
    const after = await readS3Journal(client, location, runId);
    expect(after).toHaveLength(5);
    expect(planUndo(after).items[0]?.status).toBe('already-undone');
    expect((await listS3Journals(client, location)).map((entry) => entry.run.runId)).toEqual([runId]);
  });

  it('keeps concurrent runs apart and refuses a second writer of the same run', async () => {
    const client = await s3();
    const [a, b] = [newRunId(), newRunId()];
    const [ja, jb] = await Promise.all([
      openS3Journal(client, location, a, { create: true }),
      openS3Journal(client, location, b, { create: true }),
    ]);
    await Promise.all([ja.append(run(a)), jb.append(run(b))]);
    await Promise.all([ja.append(step(1)), jb.append(step(1))]);
    expect((await readS3Journal(client, location, a)).map((r) => r.type)).toEqual(['run', 'step']);
    expect(((await readS3Journal(client, location, b))[0] as RunRecord).runId).toBe(b);

    await expect(openS3Journal(client, location, a, { create: true })).rejects.toThrow(ScanError);
    // A writer that raced past the listing still cannot overwrite a record (If-None-Match: *).
    const racer = await openS3Journal(client, location, newRunId(), { create: true });
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `journal/${racer.runId}/000001.json`, Body: '{}' }),
    );
    await expect(racer.append(run(racer.runId))).rejects.toThrow(/PreconditionFailed/);
  });

  it('says what is wrong with a missing or corrupt journal', async () => {
    const client = await s3();
    await expect(readS3Journal(client, location, newRunId())).rejects.toThrow(/no journal for run/);
    await expect(openS3Journal(client, location, 'not-a-run', { create: true })).rejects.toThrow(InputError);
    const runId = newRunId();
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `journal/${runId}/000001.json`, Body: '{' }),
    );
    await expect(readS3Journal(client, location, runId)).rejects.toThrow(/corrupt journal record/);
  });
});
