import type { OrgProgress } from '../scan/scanOrganization.js';

// Progress of an organization scan on stderr: only on a terminal, and never when a JSON report goes to the
// same terminal on stdout (the two would interleave). One line, redrawn in place.

export interface ProgressBar {
  update(progress: OrgProgress): void;
  done(): void;
}

const WIDTH = 30;

export function progressBar(jsonToStdout: boolean): ProgressBar {
  const shown = process.stderr.isTTY === true && !(jsonToStdout && process.stdout.isTTY === true);
  let drawn = false;
  return {
    update({ done, failed, total, startedAt }) {
      if (!shown || total === 0) return;
      const filled = Math.round((done / total) * WIDTH);
      const elapsed = Date.now() - startedAt;
      const left = done === 0 ? undefined : (elapsed / done) * (total - done);
      const eta = left === undefined ? '' : `, about ${formatDuration(left)} left`;
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} accounts, ${failed} failed${eta}\u001b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Runs `work` with a signal that the first Ctrl-C (or SIGTERM) aborts: accounts not yet started are skipped. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handler = (): void => {
    if (!controller.signal.aborted)
      process.stderr.write('\nmfa-warden: stopping: accounts in progress finish, the rest are not scanned\n');
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  }
}
