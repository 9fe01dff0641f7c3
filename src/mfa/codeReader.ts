import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

// Where `mfa enroll` reads the two authenticator codes when --codes is not given: a prompt on stderr when
// stdin is a terminal, otherwise plain lines from stdin (a script, or a test feeding codes). A closed stdin
// answers undefined; an interrupt (Ctrl-C) rejects the pending read with the signal's reason.

export interface CodeReader {
  /** The next line, or undefined once stdin is closed. */
  next(prompt: string, signal: AbortSignal): Promise<string | undefined>;
  close(): void;
}

export interface CodeReaderOptions {
  readonly input: Readable & { isTTY?: boolean };
  readonly prompts: Writable;
  /** Called on Ctrl-C typed into a terminal readline (it does not reach the process as SIGINT). */
  readonly onInterrupt: (signal: string) => void;
}

export function createCodeReader(options: CodeReaderOptions): CodeReader {
  const terminal = options.input.isTTY === true;
  const rl: Interface = createInterface({
    input: options.input,
    ...(terminal ? { output: options.prompts, terminal: true } : { terminal: false }),
  });
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  });
  rl.on('SIGINT', () => {
    // Ends the prompt's line, so what follows does not start after "First code: ".
    options.prompts.write('\n');
    options.onInterrupt('SIGINT');
  });

  return {
    next(prompt, signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      const buffered = lines.shift();
      if (buffered !== undefined) return Promise.resolve(buffered);
      if (closed) return Promise.resolve(undefined);
      if (terminal) {
        rl.setPrompt(prompt);
        rl.prompt();
      }
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const index = waiting.indexOf(waiter);
          if (index >= 0) waiting.splice(index, 1);
          reject(signal.reason);
        };
        const waiter = (line: string | undefined): void => {
          signal.removeEventListener('abort', onAbort);
          resolve(line);
        };
        waiting.push(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      rl.close();
      // A pipe left open by the other side must not keep the process alive once the codes are read.
      if (!terminal) options.input.destroy();
    },
  };
}
