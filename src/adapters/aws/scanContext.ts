import { setMaxListeners } from 'node:events';
import { ScanError } from '../../errors.js';
import { unknownValue, type Maybe } from '../../model/unknown.js';
import { classifyAwsError } from './awsFailure.js';
import type { AwsClients } from './clients.js';

// Shared by every reader of one scan. The first fatal error aborts the signal, so the other parts (a report
// still being polled, a long pagination) stop at once instead of running on after the scan has failed.

export interface ScanContext {
  readonly clients: AwsClients;
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
  return {
    clients,
    signal: controller.signal,
    fail(error) {
      if (!controller.signal.aborted) controller.abort(error);
    },
  };
}

/** Runs one part of the collection: a service error makes the part unknown, anything else fails the scan. */
export async function readPart<T>(
  context: ScanContext,
  operation: string,
  read: () => Promise<T>,
): Promise<Maybe<T>> {
  try {
    return await read();
  } catch (error) {
    const failure = classifyFailure(context, operation, error);
    if (failure.kind === 'service') {
      return unknownValue(`${operation} failed: ${failure.code}: ${failure.message}`);
    }
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
    return await read();
  } catch (error) {
    const failure = classifyFailure(context, operation, error);
    if (failure.kind === 'fatal') throw failure.error;
    const scanError = new ScanError(`${operation} failed: ${failure.code}: ${failure.message}`, {
      cause: error,
    });
    context.fail(scanError);
    throw scanError;
  }
}

type ClassifiedFailure =
  { kind: 'service'; code: string; message: string } | { kind: 'fatal'; error: unknown };

function classifyFailure(context: ScanContext, operation: string, error: unknown): ClassifiedFailure {
  // Once another part has failed, this error is most likely our own abort; report the first failure.
  if (context.signal.aborted) return { kind: 'fatal', error: context.signal.reason };
  const failure = classifyAwsError(error, operation, context.clients);
  if (failure.kind === 'service') return failure;
  const scanError = new ScanError(failure.message, { cause: error });
  context.fail(scanError);
  return { kind: 'fatal', error: scanError };
}
