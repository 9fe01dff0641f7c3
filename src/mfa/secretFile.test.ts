import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { checkSecretFileAvailable, reserveSecretFile } from './secretFile.js';

// Secret files: created new with mode 0600 whatever the umask, never over an existing file, removable.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfa-warden-secret-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secret files', () => {
  it('creates the file with mode 0600 even under a permissive umask, and writes the secret', async () => {
    const path = join(dir, 'seed');
    const previous = process.umask(0o000);
    try {
      const file = await reserveSecretFile(path, '--seed-file');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await file.write('SEED\n');
    } finally {
      process.umask(previous);
    }
    expect(await readFile(path, 'utf8')).toBe('SEED\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('never overwrites an existing file', async () => {
    const path = join(dir, 'seed');
    await writeFile(path, 'keep');
    await expect(checkSecretFileAvailable(path, '--seed-file')).rejects.toThrow(/already exists/);
    await expect(reserveSecretFile(path, '--seed-file')).rejects.toThrow(InputError);
    expect(await readFile(path, 'utf8')).toBe('keep');
  });

  it('refuses a path whose directory does not exist', async () => {
    await expect(checkSecretFileAvailable(join(dir, 'missing', 'seed'), '--qr-png')).rejects.toThrow(
      /directory .* does not exist/,
    );
  });

  it('removes the file on discard, written or not', async () => {
    const empty = await reserveSecretFile(join(dir, 'a'), '--seed-file');
    await empty.discard();
    const written = await reserveSecretFile(join(dir, 'b'), '--seed-file');
    await written.write('x');
    await written.discard();
    await expect(stat(join(dir, 'a'))).rejects.toThrow();
    await expect(stat(join(dir, 'b'))).rejects.toThrow();
  });
});
