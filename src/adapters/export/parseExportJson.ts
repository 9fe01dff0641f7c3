import { InputError } from '../../errors.js';
import type { ExportFile } from './exportFiles.js';
import { findJsonSyntaxError, jsonErrorOffset, lineAt } from './jsonErrorOffset.js';

// A truncated or hand-edited export must fail with the file and line to look at, and with the command that
// writes a good one; a bare "Unexpected end of JSON input" leaves the user guessing which file it was.

export function parseExportJson(text: string, path: string, file: ExportFile): unknown {
  if (text.trim() === '') {
    // The shell creates the file before the command runs, so a failed aws call leaves it empty.
    throw new InputError(`is empty; expected the JSON written by: ${file.command}`, path);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = lineAt(text, jsonErrorOffset(text, message));
    // The common case is an interrupted download or redirection, which deserves saying in plain words.
    const cutOff = findJsonSyntaxError(text) === text.length ? '; the file ends before the JSON does' : '';
    throw new InputError(
      `invalid JSON (${conciseReason(message)}${cutOff}); expected the complete output of: ${file.command}`,
      `${path}:${line}`,
    );
  }
}

/** V8 adds a character position or a slice of the input; the file:line we report says more, in less. */
function conciseReason(message: string): string {
  return message
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ of JSON input$/, ' of input');
}
