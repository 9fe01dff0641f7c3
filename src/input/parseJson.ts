import { InputError } from '../errors.js';

/** JSON.parse with an error that names the file, line and column instead of a character offset. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const truncated = offset >= text.trimEnd().length;
    const what = truncated
      ? 'unexpected end of input: the file looks truncated'
      : message.replace(/ in JSON at position \d+.*$/, '');
    throw new InputError(
      `invalid JSON (${what}); expected a complete JSON document`,
      `${file}:${line}:${column}`,
    );
  }
}
