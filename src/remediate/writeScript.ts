// Writes the remediation script to disk for `mfa-warden remediate`: atomically, executable by its owner only.
import { chmod, open, rename, rm } from 'node:fs/promises';
import { InputError } from '../errors.js';

/**
 * Writes an executable script whole or not at all: a temp file beside the target (owner-only, 0700), renamed
 * over it once complete, so a reviewer never finds half a script.
 */
export async function writeScript(text: string, file: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o700);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed the mode; the owner must be able to run it, and nobody else to touch it.
    await chmod(temp, 0o700);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new InputError(
      `cannot write script: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      file,
    );
  }
}
