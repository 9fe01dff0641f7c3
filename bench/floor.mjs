// The floor: fetch the data an MFA audit needs, once, with the SDK, and do nothing with it.
// No scanner that reads these APIs can be faster than this, so it is the yardstick for mfa-warden.
// "What an audit needs" is the principals and their customer managed policies, plus the AWS managed policies
// they actually use (GetPolicy for the default version, GetPolicyVersion for its document), not all ~1,400
// AWS managed policies that GetAccountAuthorizationDetails returns with the AWSManagedPolicy filter.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createClients, createRequestCounter } from './clients.mjs';

// The largest page each API allows: the fewest requests a client can get away with.
const PAGE_SIZE = 1000;
const REPORT_POLL_MS = 250;
// Requests in flight for the AWS managed policies: mfa-warden's default concurrency. IAM's request rate is
// account-wide, so a real client bounds it too; both contenders then pay the same number of round trips.
const POLICY_CONCURRENCY = 8;
const FILTER = ['User', 'Group', 'Role', 'LocalManagedPolicy'];
const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//;

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

/** The distinct AWS managed policies attached to a principal or set as a user's or role's boundary. */
function attachedAwsManagedArns(pages) {
  const arns = new Set();
  const add = (arn) => {
    if (arn && AWS_MANAGED_ARN.test(arn)) arns.add(arn);
  };
  for (const page of pages) {
    const principals = [
      ...(page.UserDetailList ?? []),
      ...(page.GroupDetailList ?? []),
      ...(page.RoleDetailList ?? []),
    ];
    for (const principal of principals) {
      for (const attached of principal.AttachedManagedPolicies ?? []) add(attached.PolicyArn);
      add(principal.PermissionsBoundary?.PermissionsBoundaryArn);
    }
  }
  return [...arns];
}

async function fetchPermissionGraph(iam) {
  const pages = [];
  for await (const page of paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: PAGE_SIZE },
    { Filter: FILTER },
  ))
    pages.push(page);
  const limit = pLimit(POLICY_CONCURRENCY);
  const arns = attachedAwsManagedArns(pages);
  await Promise.all(
    arns.map((arn) =>
      limit(async () => {
        const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
        await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy.DefaultVersionId }));
      }),
    ),
  );
  return arns.length;
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
      fetchPermissionGraph(iam),
      drain(paginateListVirtualMFADevices({ client: iam, pageSize: PAGE_SIZE }, {})),
      iam.send(new GetAccountSummaryCommand({})),
    ]);
  } finally {
    destroy();
  }
  return { requests: counter };
}
