import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

// Reports are written whole or not at all: a temp file beside the target, renamed over it once complete.

/** Temp files being written, removed if the process is stopped before their rename. */
const pending = new Set<string>();

export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const temp = `${file}.${process.pid}.tmp`;
  pending.add(temp);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    // The temp file may not exist, or its directory may not be one (ENOTDIR): nothing to remove then.
    await rm(temp, { force: true }).catch(() => undefined);
    throw new InputError(`cannot write the report there (${describe(error)})`, file);
  } finally {
    pending.delete(temp);
  }
}

/** For a signal handler about to exit: no temp file outlives the process. */
export function removePendingOutputs(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'ENOENT: its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return `${code}: permission denied`;
    case 'EISDIR':
      return 'EISDIR: it is a directory';
    case 'ENOTDIR':
      return 'ENOTDIR: a part of the path is not a directory';
    case 'EROFS':
      return 'EROFS: read-only file system';
    case 'ENOSPC':
      return 'ENOSPC: no space left on the device';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
