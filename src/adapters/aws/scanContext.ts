import { setMaxListeners } from 'node:events';
import { ScanError } from '../../errors.js';
import { unknownValue, type Maybe } from '../../model/unknown.js';
import { classifyAwsError } from './awsFailure.js';
import type { AwsClients } from './clients.js';
import { interruptionReason } from './scanDeadline.js';

// Shared by every reader of one scan. The first fatal error aborts the signal, so the other parts (a report
// still being polled, a long pagination) stop at once instead of running on after the scan has failed.
// The caller's stop signal (abortSignal, timeoutMs: clients.signal) is different: it cancels every request,
// and each part that had not finished becomes unknown ("did not finish: the scan timed out after 30 s"), so
// the scan still returns what it read.

export interface ScanContext {
  readonly clients: AwsClients;
  /** Aborted by the first fatal error (not by the caller's stop signal, see clients.signal). */
  readonly signal: AbortSignal;
  fail(error: ScanError): void;
}

/** IAM's largest page (MaxItems) for the listings we paginate: fewer round trips at 10,000 users. */
export const MAX_PAGE_SIZE = 1000;

export function createScanContext(clients: AwsClients): ScanContext {
  const controller = new AbortController();
  // Every request in flight listens on this one signal and stops listening when done; their number is bounded
  // by the per-user concurrency, so Node's default warning at 10 listeners is noise, not a leak.
  setMaxListeners(0, controller.signal);
  if (clients.signal) setMaxListeners(0, clients.signal);
  return {
    clients,
    signal: controller.signal,
    fail(error) {
      if (!controller.signal.aborted) controller.abort(error);
    },
  };
}

/** Why the caller stopped the scan, once it has; undefined while it runs. */
export function interruptedBecause(context: ScanContext): string | undefined {
  const signal = context.clients.signal;
  return signal?.aborted ? interruptionReason(signal) : undefined;
}

/**
 * Runs one part of the collection: a service error makes the part unknown, anything else fails the scan.
 * When the caller stops the scan, the part is unknown at once (its requests are cancelled).
 */
export async function readPart<T>(
  context: ScanContext,
  operation: string,
  read: () => Promise<T>,
): Promise<Maybe<T>> {
  const before = interruptedBecause(context);
  if (before !== undefined && !context.signal.aborted) return notFinished(operation, before);
  try {
    return await untilInterrupted(context, read());
  } catch (error) {
    const failure = classifyFailure(context, operation, error);
    if (failure.kind === 'service') {
      return unknownValue(`${operation} failed: ${failure.code}: ${failure.message}`);
    }
    if (failure.kind === 'interrupted') return notFinished(operation, failure.reason);
    throw failure.error;
  }
}

/** For calls without which the scan means nothing (GetCallerIdentity): every failure is fatal. */
export async function readRequired<T>(
  context: ScanContext,
  operation: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await untilInterrupted(context, read());
  } catch (error) {
    const failure = classifyFailure(context, operation, error);
    if (failure.kind === 'fatal') throw failure.error;
    const scanError =
      failure.kind === 'interrupted'
        ? new ScanError(`${operation} did not finish: ${failure.reason}`, { cause: error })
        : new ScanError(`${operation} failed: ${failure.code}: ${failure.message}`, { cause: error });
    context.fail(scanError);
    throw scanError;
  }
}

function notFinished(operation: string, reason: string): Maybe<never> {
  return unknownValue(`${operation} did not finish: ${reason}`);
}

const INTERRUPTED = Symbol('interrupted');

/**
 * Settles with the read, or rejects as soon as the caller's signal fires: a read may sit in the SDK's retry
 * back-off (up to 20 s when throttled), which no signal cuts short. Its requests are cancelled by then, so
 * nothing is sent; its late result is dropped.
 */
function untilInterrupted<T>(context: ScanContext, read: Promise<T>): Promise<T> {
  const signal = context.clients.signal;
  if (!signal) return read;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(INTERRUPTED);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    read.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

type ClassifiedFailure =
  | { kind: 'service'; code: string; message: string }
  | { kind: 'interrupted'; reason: string }
  | { kind: 'fatal'; error: unknown };

function classifyFailure(context: ScanContext, operation: string, error: unknown): ClassifiedFailure {
  // Once another part has failed, this error is most likely our own abort; report the first failure.
  if (context.signal.aborted) return { kind: 'fatal', error: context.signal.reason };
  const interrupted = interruptedBecause(context);
  if (interrupted !== undefined) return { kind: 'interrupted', reason: interrupted };
  if (error === INTERRUPTED) return { kind: 'interrupted', reason: 'the scan was interrupted' };
  const failure = classifyAwsError(error, operation, context.clients);
  if (failure.kind === 'service') return failure;
  const scanError = new ScanError(failure.message, { cause: error });
  context.fail(scanError);
  return { kind: 'fatal', error: scanError };
}
