// Ctrl-C (SIGINT) and SIGTERM while a virtual MFA device exists but is not enabled: instead of dying with an
// unassigned device (and a seed file) left behind, the enrolment stops waiting, deletes the device and exits
// 130. Signals before the device exists keep their default meaning; nothing needs undoing then.

export class InterruptedError extends Error {
  constructor(signal: string) {
    super(`interrupted (${signal})`);
    this.name = 'InterruptedError';
  }
}

export const INTERRUPTED_EXIT_CODE = 130;

export interface InterruptWatch {
  readonly signal: AbortSignal;
  /** For a readline on a TTY, which turns Ctrl-C into its own event instead of a signal. */
  interrupt(signal: string): void;
  dispose(): void;
}

export function watchInterrupts(onRepeat: () => void): InterruptWatch {
  const controller = new AbortController();
  const interrupt = (signal: string): void => {
    if (controller.signal.aborted) onRepeat();
    else controller.abort(new InterruptedError(signal));
  };
  const onSignal = (signal: NodeJS.Signals): void => interrupt(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    interrupt,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
