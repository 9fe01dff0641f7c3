// The floor: fetch the data an MFA audit needs, once, with the SDK, and do nothing with it.
// No scanner that reads these APIs can be faster than this, so it is the yardstick for mfa-warden.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createClients, createRequestCounter } from './clients.mjs';

// The largest page each API allows: the fewest requests a client can get away with.
const PAGE_SIZE = 1000;
const REPORT_POLL_MS = 250;

async function drain(pages) {
  let count = 0;
  for await (const _page of pages) count += 1;
  return count;
}

async function fetchCredentialReport(iam) {
  // GenerateCredentialReport until COMPLETE, as a real client must (AWS needs a few seconds on a new report).
  for (;;) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') break;
    await sleep(REPORT_POLL_MS);
  }
  return iam.send(new GetCredentialReportCommand({}));
}

/**
 * Runs the floor against an endpoint. The independent fetches run concurrently (pages of one listing are
 * necessarily sequential), which is the fastest a straightforward client can be.
 * @param {{ endpointUrl: string }} options
 * @returns {Promise<{ requests: { total: number, byOperation: Record<string, number> } }>}
 */
export async function runFloor({ endpointUrl }) {
  const counter = createRequestCounter();
  const { iam, sts, destroy } = createClients({ endpoint: endpointUrl, counter });
  try {
    await Promise.all([
      sts.send(new GetCallerIdentityCommand({})),
      fetchCredentialReport(iam),
      drain(paginateGetAccountAuthorizationDetails({ client: iam, pageSize: PAGE_SIZE }, {})),
      drain(paginateListVirtualMFADevices({ client: iam, pageSize: PAGE_SIZE }, {})),
      iam.send(new GetAccountSummaryCommand({})),
    ]);
  } finally {
    destroy();
  }
  return { requests: counter };
}
