import { GetLoginProfileCommand, NoSuchEntityException, paginateListMFADevices } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import type { PerUserState, RawMfaDevice } from '../snapshot/iamSnapshot.js';
import { readPart, type ScanContext } from './scanContext.js';

// The live state of the users the credential report does not cover (or of everyone in --fresh mode).
// Bounded concurrency keeps us under IAM's request rate; adaptive retries absorb the occasional throttle.

export const DEFAULT_CONCURRENCY = 8;

export async function fetchPerUserState(
  context: ScanContext,
  userNames: readonly string[],
  concurrency: number = DEFAULT_CONCURRENCY,
): Promise<Map<string, PerUserState>> {
  const limit = pLimit(Math.max(1, Math.floor(concurrency)));
  const tasks = userNames.map((name) =>
    limit(async (): Promise<[string, PerUserState]> => {
      context.signal.throwIfAborted();
      const [consolePassword, mfaDevices] = await Promise.all([
        readPart(context, 'GetLoginProfile', () => hasLoginProfile(context, name)),
        readPart(context, 'ListMFADevices', () => listMfaDevices(context, name)),
      ]);
      return [name, { consolePassword, mfaDevices }];
    }),
  );
  // allSettled, not all: after a fatal error the queued tasks must drain (they abort at once) before we
  // return, so no request is still running when the caller destroys the clients.
  const results = await Promise.allSettled(tasks);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw context.signal.aborted ? context.signal.reason : failed.reason;
  return new Map(results.map((result) => (result as PromiseFulfilledResult<[string, PerUserState]>).value));
}

async function hasLoginProfile(context: ScanContext, userName: string): Promise<boolean> {
  try {
    await context.clients.iam.send(new GetLoginProfileCommand({ UserName: userName }), {
      abortSignal: context.signal,
    });
    return true;
  } catch (error) {
    // NoSuchEntity is the API's way of saying "this user has no console password".
    if (error instanceof NoSuchEntityException || (error as { name?: unknown }).name === 'NoSuchEntity') {
      return false;
    }
    throw error;
  }
}

async function listMfaDevices(context: ScanContext, userName: string): Promise<RawMfaDevice[]> {
  const devices: RawMfaDevice[] = [];
  const pages = paginateListMFADevices(
    { client: context.clients.iam },
    { UserName: userName },
    { abortSignal: context.signal },
  );
  for await (const page of pages) devices.push(...(page.MFADevices ?? []));
  return devices;
}
