// Binary or non-UTF-8 input is named as such, instead of being parsed into a confusing syntax error that
// quotes unprintable bytes.

/** Why `text` (decoded as UTF-8) is not a text file, or undefined when it is. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'this is a binary file, not text';
  if (text.includes('\uFFFD')) return 'this file is not valid UTF-8 text';
  return undefined;
}
