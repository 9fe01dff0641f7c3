import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ScanError } from '../../errors.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import type { IamSnapshot, RawAuthorizationDetails } from '../snapshot/iamSnapshot.js';
import { createAwsClients, type AwsClientOptions } from './clients.js';
import { fetchAccountSummary } from './fetchAccountSummary.js';
import { fetchAuthorizationDetails } from './fetchAuthorizationDetails.js';
import { addAttachedAwsManagedPolicies } from './fetchAwsManagedPolicies.js';
import { DEFAULT_CREDENTIAL_REPORT_TIMEOUT_MS, fetchCredentialReport } from './fetchCredentialReport.js';
import { DEFAULT_CONCURRENCY, fetchPerUserState } from './fetchPerUserState.js';
import { fetchVirtualMfaDevices } from './fetchVirtualMfaDevices.js';
import type { RequestCounter } from './requestCounter.js';
import { createScanContext, readRequired, type ScanContext } from './scanContext.js';
import { selectUsersForPerUserCalls } from './selectUsersForPerUserCalls.js';

// Reads one live account into an IamSnapshot: a constant number of calls plus pages, two calls per distinct
// AWS managed policy the principals use, then per-user calls only for the users the credential report cannot
// vouch for. Deciding pass or fail is left to the checks.

export interface AwsCollectOptions extends AwsClientOptions {
  /** Ask every user's live state (GetLoginProfile + ListMFADevices) instead of trusting the credential report. */
  fresh?: boolean;
  /** Parallel per-user requests (and AWS managed policy reads); default 8. */
  concurrency?: number;
  /** How long to wait for GenerateCredentialReport before the report counts as unknown; default 60 s. */
  credentialReportTimeoutMs?: number;
}

export interface AwsCollection {
  snapshot: IamSnapshot;
  requests: RequestCounter;
}

export async function collectAwsSnapshot(options: AwsCollectOptions = {}): Promise<AwsCollection> {
  const clients = createAwsClients(options);
  const context = createScanContext(clients);
  try {
    // GetCallerIdentity needs no permission, so its failure means the endpoint or the credentials are
    // unusable: that aborts every read started beside it. None of them waits for it, the credential report
    // included (GenerateCredentialReport only asks AWS to build the read-only report; with credentials that
    // cannot call GetCallerIdentity it fails too): the scan's longest path is then the slowest read, not
    // the identity followed by the report's two round trips.
    const [accountId, credentialReport, authorizationDetails, virtualMfaDevices, accountSummary] =
      await settleAll(context, [
        readAccountId(context),
        fetchCredentialReport(
          context,
          options.credentialReportTimeoutMs ?? DEFAULT_CREDENTIAL_REPORT_TIMEOUT_MS,
        ),
        fetchPermissionGraph(context, options.concurrency ?? DEFAULT_CONCURRENCY),
        fetchVirtualMfaDevices(context),
        fetchAccountSummary(context),
      ] as const);
    const perUserNames = selectUsersForPerUserCalls(
      authorizationDetails,
      credentialReport,
      options.fresh ?? false,
    );
    const perUser = await fetchPerUserState(
      context,
      perUserNames,
      options.concurrency ?? DEFAULT_CONCURRENCY,
    );
    const snapshot: IamSnapshot = {
      origin: { kind: 'aws', ...(clients.endpointUrl ? { endpoint: clients.endpointUrl } : {}) },
      ...(accountId ? { accountId } : {}),
      authorizationDetails,
      credentialReport,
      accountSummary,
      virtualMfaDevices,
      perUser,
    };
    return { snapshot, requests: clients.requests };
  } finally {
    clients.destroy();
  }
}

/**
 * Authorization details, then the AWS managed policies they attach; the second step overlaps the wait for
 * the credential report, which takes AWS a few seconds to generate.
 */
async function fetchPermissionGraph(
  context: ScanContext,
  concurrency: number,
): Promise<Maybe<RawAuthorizationDetails>> {
  const details = await fetchAuthorizationDetails(context);
  return isUnknown(details) ? details : addAttachedAwsManagedPolicies(context, details, { concurrency });
}

async function readAccountId(context: ScanContext): Promise<string | undefined> {
  const identity = await readRequired(context, 'GetCallerIdentity', () =>
    context.clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: context.signal }),
  );
  return identity.Account;
}

/**
 * Like Promise.all, but on failure waits for the other parts to stop (the first fatal error aborts them) and
 * rethrows that first error, so no request outlives the scan.
 */
async function settleAll<T extends readonly unknown[]>(
  context: ScanContext,
  parts: { readonly [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(parts);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    const reason: unknown = context.signal.aborted ? context.signal.reason : failed.reason;
    throw reason instanceof ScanError ? reason : new ScanError(messageOf(reason), { cause: reason });
  }
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
