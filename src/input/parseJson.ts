import { InputError } from '../errors.js';
import { findJsonSyntaxError, jsonErrorOffset, lineAt } from './jsonErrorOffset.js';

// A truncated or hand-edited file must fail with the file and line to look at and what was expected there;
// a bare "Unexpected end of JSON input" leaves the user guessing which file it was.

export function parseJson(text: string, file: string, expected = 'a complete JSON document'): unknown {
  if (text.trim() === '') {
    // The shell creates the file before the command runs, so a failed command leaves it empty.
    throw new InputError(`is empty; expected ${expected}`, file);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = lineAt(text, jsonErrorOffset(text, message));
    // The common case is an interrupted download or redirection, which deserves saying in plain words.
    const cutOff = findJsonSyntaxError(text) === text.length ? '; the file ends before the JSON does' : '';
    throw new InputError(
      `invalid JSON (${conciseReason(message)}${cutOff}); expected ${expected}`,
      `${file}:${line}`,
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
