import { rename, writeFile, rm } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** Writes a report whole or not at all: a temp file beside the target, renamed over it once complete. */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError(
      `cannot write output: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      file,
    );
  }
}
