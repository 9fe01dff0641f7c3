import { InputError } from '../../errors.js';

// A scan's stop signal: the caller's AbortSignal (Ctrl-C, a Lambda about to time out) and/or a deadline in
// milliseconds, combined into one signal. When it fires the scan cancels its requests and reports what it had
// finished; the reason it gives is the one built here.

export interface DeadlineOptions {
  /** Aborting it stops the scan: requests in flight are cancelled, parts not yet read become unknown. */
  abortSignal?: AbortSignal;
  /** The whole scan's time limit in milliseconds; when it passes, the same happens as on abortSignal. */
  timeoutMs?: number;
}

export interface Deadline {
  /** Undefined when neither a signal nor a timeout was given. */
  readonly signal: AbortSignal | undefined;
  /** Clears the timer (the scan finished first). */
  dispose(): void;
}

/** The reason an elapsed deadline aborts with, so the message can say how long the limit was. */
export class ScanTimeoutError extends Error {
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`the scan timed out after ${formatMs(timeoutMs)}`);
    this.name = 'ScanTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

export function startDeadline(options: DeadlineOptions): Deadline {
  const signals: AbortSignal[] = options.abortSignal ? [options.abortSignal] : [];
  let timer: NodeJS.Timeout | undefined;
  if (options.timeoutMs !== undefined) {
    const ms = options.timeoutMs;
    if (!Number.isFinite(ms) || ms <= 0)
      throw new InputError(`timeoutMs must be a positive number of milliseconds, got ${String(ms)}`);
    const controller = new AbortController();
    timer = setTimeout(() => controller.abort(new ScanTimeoutError(ms)), ms);
    // The deadline alone must not keep a finished process alive.
    timer.unref();
    signals.push(controller.signal);
  }
  const signal = signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
  return {
    signal,
    dispose: () => clearTimeout(timer),
  };
}

/** Why the signal fired, as a phrase: "the scan timed out after 30 s", or the caller's own reason. */
export function interruptionReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason.trim() !== '') return reason.trim();
  // A bare controller.abort() gives a DOMException AbortError ("This operation was aborted"): say it plainly.
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return reason.message;
  return 'the scan was interrupted';
}

function formatMs(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  const seconds = ms / 1_000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
