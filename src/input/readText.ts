import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

// Windows PowerShell 5 writes `aws ... > file.json` as UTF-16LE with a byte order mark, and editors may add a
// UTF-8 BOM; both must read as the JSON they hold instead of failing as a syntax error at position 0.

/** The text of `path`, or undefined when the file does not exist. */
export async function readTextIfPresent(path: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new InputError('is a directory, expected a file', path);
    throw new InputError(`cannot be read (${code ?? String(error)})`, path);
  }
  return decodeText(bytes, path);
}

export function decodeText(bytes: Uint8Array, path: string): string {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    }
    // TextDecoder drops a leading UTF-8 BOM by default.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('is not UTF-8 (or UTF-16 with a byte order mark) text', path);
  }
}
