import { mkdtempSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, ScanError } from '../errors.js';
import { listJournals, openJournal, readJournal } from './journal.js';
import type { RunRecord } from './journalRecords.js';
import { newRunId } from './runId.js';

const dir = () => mkdtempSync(join(tmpdir(), 'mfa-warden-journal-'));
const run = (runId: string): RunRecord => ({
  type: 'run',
  schemaVersion: 1,
  runId,
  kind: 'enforce',
  startedAt: '2026-12-01T00:00:00Z',
  account: '123456789012',
  partition: 'aws',
  pid: process.pid,
  actions: [],
});

describe('journal', () => {
  it('writes one 0600 file per run and reads it back', async () => {
    const root = dir();
    const runId = newRunId(new Date('2026-12-01T10:20:30Z'));
    expect(runId).toMatch(/^20261201T102030Z-[0-9a-f]{6}$/);
    const journal = await openJournal(root, runId, { create: true });
    await journal.append(run(runId));
    await journal.append({ type: 'end', status: 'completed', at: 'now' });
    await journal.close();
    expect(statSync(journal.file).mode & 0o777).toBe(0o600);
    expect((await readJournal(root, runId)).map((r) => r.type)).toEqual(['run', 'end']);
    expect((await listJournals(root)).map((entry) => entry.run.runId)).toEqual([runId]);
    await expect(openJournal(root, runId, { create: true })).rejects.toThrow(ScanError);
  });

  it('lets only one run at a time hold the directory, and takes over a lock whose process is gone', async () => {
    const root = dir();
    const first = await openJournal(root, newRunId(), { create: true });
    await expect(openJournal(root, newRunId(), { create: true })).rejects.toThrow(
      new RegExp(`in use by process ${process.pid}`),
    );
    await first.close();
    const second = await openJournal(root, newRunId(), { create: true });
    await second.close();
    // A lock left by a process that died (pid 2^22 + 1 is above Linux's pid_max default).
    writeFileSync(join(root, 'lock'), JSON.stringify({ pid: 4_194_305, runId: 'x', since: 'then' }));
    const third = await openJournal(root, newRunId(), { create: true });
    expect(JSON.parse(readFileSync(join(root, 'lock'), 'utf8')).pid).toBe(process.pid);
    await third.close();
  });

  it('ignores a torn last line but refuses a corrupt one in the middle, naming the line', async () => {
    const root = dir();
    const runId = newRunId();
    const file = join(root, `${runId}.jsonl`);
    writeFileSync(file, `${JSON.stringify(run(runId))}\n{"type":"step","act`);
    expect(await readJournal(root, runId)).toHaveLength(1);
    appendFileSync(file, `\n${JSON.stringify({ type: 'end', status: 'completed', at: 'x' })}\n`);
    await expect(readJournal(root, runId)).rejects.toThrow(
      new RegExp(`${runId}\\.jsonl:2: corrupt journal line`),
    );
    await expect(readJournal(root, '20261201T000000Z-abcdef')).rejects.toThrow(InputError);
    await expect(readJournal(root, '../../etc/passwd')).rejects.toThrow(/not a run id/);
  });
});
