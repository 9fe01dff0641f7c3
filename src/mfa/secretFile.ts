import { lstat, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';

// The file an MFA seed (or its QR code) goes to. It is created with O_EXCL ("wx") and mode 0600 before the
// device exists, so an existing file is never overwritten and a path that cannot be written fails before
// anything is created in AWS; if the enrolment fails afterwards the file is removed again, since its seed
// belongs to a device that no longer exists.

const SECRET_FILE_MODE = 0o600;

/** Fails early, before any AWS call, when `path` exists or its directory does not. */
export async function checkSecretFileAvailable(path: string, option: string): Promise<void> {
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new InputError(`${option}: cannot use ${path}: ${error.code ?? error.message}`);
  });
  if (existing) throw new InputError(`${option}: ${path} already exists; it is never overwritten`);
  const directory = await stat(dirname(path)).catch(() => undefined);
  if (!directory?.isDirectory()) throw new InputError(`${option}: the directory of ${path} does not exist`);
}

export interface SecretFile {
  readonly path: string;
  write(data: string | Uint8Array): Promise<void>;
  /** Removes the file (after a failed enrolment); never throws. */
  discard(): Promise<void>;
}

/** Creates the file empty (O_EXCL, 0600) and keeps it open for the secret. */
export async function reserveSecretFile(path: string, option: string): Promise<SecretFile> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'wx', SECRET_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError(`${option}: ${path} already exists; it is never overwritten`);
    throw new InputError(`${option}: cannot create ${path}: ${code ?? (error as Error).message}`);
  }
  // The umask can only take bits away; this makes the mode exactly 0600 whatever it is.
  await handle.chmod(SECRET_FILE_MODE);
  const file = handle;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await file.close();
  };
  return {
    path,
    async write(data) {
      try {
        await file.writeFile(data);
        await file.sync();
      } catch (error) {
        throw new InputError(
          `${option}: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      } finally {
        await close();
      }
    },
    async discard() {
      await close().catch(() => undefined);
      await rm(path, { force: true }).catch(() => undefined);
    },
  };
}
