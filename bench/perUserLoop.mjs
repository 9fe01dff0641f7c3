// The per-user loop from the naive guide (boto3 `check_mfa_compliance`), in JavaScript: list the users,
// then one ListMFADevices call per user, one after the other. Unlike the guide it paginates ListUsers, so
// it at least sees every user; it is the approach whose cost grows with the number of users.
import { ListMFADevicesCommand, paginateListUsers } from '@aws-sdk/client-iam';
import { createClients, createRequestCounter } from './clients.mjs';

/**
 * @param {{ endpointUrl: string }} options
 * @returns {Promise<{ requests: { total: number, byOperation: Record<string, number> }, users: number, nonCompliant: string[] }>}
 */
export async function runPerUserLoop({ endpointUrl }) {
  const counter = createRequestCounter();
  const { iam, destroy } = createClients({ endpoint: endpointUrl, counter });
  const nonCompliant = [];
  let users = 0;
  try {
    for await (const page of paginateListUsers({ client: iam }, {})) {
      for (const user of page.Users ?? []) {
        users += 1;
        // Sequential on purpose: this is what the guide's loop does.
        const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: user.UserName }));
        if (!MFADevices?.length) nonCompliant.push(user.UserName);
      }
    }
  } finally {
    destroy();
  }
  return { requests: counter, users, nonCompliant };
}
