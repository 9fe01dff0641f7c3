// Errors the CLI maps to exit codes: bad input is the user's to fix (exit 2); a scan that could not run is 3.

/** Bad input: a malformed file, an unknown option or check id. `location` is "file:line" when known. */
export class InputError extends Error {
  readonly location?: string;
  constructor(message: string, location?: string) {
    super(location ? `${location}: ${message}` : message);
    this.name = 'InputError';
    this.location = location;
  }
}

/** The scan could not be carried out: unreachable endpoint, no credentials, retries exhausted. */
export class ScanError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanError';
  }
}
