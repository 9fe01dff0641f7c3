import { removePendingOutputs } from './writeOutput.js';

// Process-wide behaviour of the CLI that no single command owns: a closed pipe on stdout ends quietly, and a
// signal that no command handles stops the process without leaving a half-written file behind.

/**
 * `mfa-warden ... | head`: once the reader has gone, writes fail with EPIPE, which Node raises as an unhandled
 * 'error' event (a stack trace). The report is nobody's any more: drop further output and let the run end
 * with the exit code it computes.
 */
export function quietBrokenPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT and SIGTERM. A command that can stop cleanly (enforce between actions, an organization scan between
 * accounts, MFA enrolment) installs its own listener, and the first signal is its to handle; otherwise, and on
 * a second signal, the process exits at once (130 or 143) after removing the temporary file of an output
 * being written, so no report is ever half-written and the journal, appended whole lines at a time, stays
 * readable.
 */
export function exitOnSignals(): void {
  let seen = 0;
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]) {
    process.on(signal, () => {
      seen += 1;
      const othersHandle = process.listenerCount(signal) > 1;
      if (othersHandle && seen === 1) return;
      removePendingOutputs();
      process.stderr.write(`\nmfa-warden: stopped (${signal})\n`);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    });
  }
}
