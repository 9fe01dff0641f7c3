import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError, ScanError } from '../errors.js';
import type { JournalRecord, RunRecord } from './journalRecords.js';

// The journal of changes: one JSON Lines file per run in a directory only the owner can read
// (~/.mfa-warden/journal by default), every record fsync'd before the change it describes is sent. A lock file
// keeps two runs sharing the directory from interleaving (each has its own file, but undo appends to a run's
// file and must not race an apply).

export const DEFAULT_JOURNAL_DIR = join(homedir(), '.mfa-warden', 'journal');
const LOCK_FILE = 'lock';
const RUN_ID = /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$/;

export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}

export interface Journal {
  readonly dir: string;
  readonly runId: string;
  readonly file: string;
  append(record: JournalRecord): Promise<void>;
  close(): Promise<void>;
}

/** Opens the run's file for appending (creating it, mode 0600), holding the directory's lock until close. */
export async function openJournal(
  dir: string,
  runId: string,
  options: { create: boolean },
): Promise<Journal> {
  if (!isRunId(runId)) throw new InputError(`not a run id: "${runId}" (see \`mfa-warden journal list\`)`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const release = await acquireLock(dir, runId);
  const file = join(dir, `${runId}.jsonl`);
  let handle: FileHandle;
  try {
    const flags = options.create
      ? constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL
      : constants.O_WRONLY | constants.O_APPEND;
    handle = await open(file, flags, 0o600);
  } catch (error) {
    await release();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`no journal for run ${runId} in ${dir}`);
    throw new ScanError(`cannot open journal ${file}: ${code ?? String(error)}`);
  }
  return {
    dir,
    runId,
    file,
    async append(record) {
      await handle.write(`${JSON.stringify(record)}\n`);
      // The record must be on disk before the change it describes is sent.
      await handle.sync();
    },
    async close() {
      await handle.close();
      await release();
    },
  };
}

/** Reads a run's records; a torn last line (the process died mid-write) is ignored, anything else is an error. */
export async function readJournal(dir: string, runId: string): Promise<JournalRecord[]> {
  if (!isRunId(runId)) throw new InputError(`not a run id: "${runId}" (see \`mfa-warden journal list\`)`);
  const file = join(dir, `${runId}.jsonl`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`no journal for run ${runId} in ${dir}`);
    throw new InputError(`cannot read journal: ${code ?? String(error)}`, file);
  }
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      const last = index >= lines.length - 2;
      if (!last) throw new InputError('corrupt journal line (not JSON)', `${file}:${index + 1}`);
    }
  });
  if (records[0]?.type !== 'run') throw new InputError('not a journal: no run record on line 1', file);
  return records;
}

/** Every run in the directory, newest first, with its records. */
export async function listJournals(dir: string): Promise<{ run: RunRecord; records: JournalRecord[] }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`cannot read journal directory: ${(error as NodeJS.ErrnoException).code}`, dir);
  }
  const runs = [];
  for (const name of names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .reverse()) {
    const runId = name.slice(0, -'.jsonl'.length);
    if (!isRunId(runId)) continue;
    const records = await readJournal(dir, runId);
    runs.push({ run: records[0] as RunRecord, records });
  }
  return runs;
}

async function acquireLock(dir: string, runId: string): Promise<() => Promise<void>> {
  const lock = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.write(JSON.stringify({ pid: process.pid, runId, since: new Date().toISOString() }));
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readLock(lock);
      // A lock without readable content may be one another process has created and not yet written.
      if (!holder && (await ageMs(lock)) < 10_000)
        throw new ScanError(`journal directory ${dir} is in use by another process; wait for it to finish`);
      if (holder && isAlive(holder.pid)) {
        throw new ScanError(
          `journal directory ${dir} is in use by process ${holder.pid} (run ${holder.runId}, since ${holder.since}); wait for it to finish`,
        );
      }
      // The holder died without releasing the lock: it is stale.
      await rm(lock, { force: true });
    }
  }
  throw new ScanError(`cannot take the journal lock ${lock}`);
}

async function readLock(lock: string): Promise<{ pid: number; runId: string; since: string } | undefined> {
  try {
    const value = JSON.parse(await readFile(lock, 'utf8')) as {
      pid?: unknown;
      runId?: unknown;
      since?: unknown;
    };
    return typeof value.pid === 'number'
      ? { pid: value.pid, runId: String(value.runId), since: String(value.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return Infinity;
  }
}
