import {
  GetUserCommand,
  paginateListMFADevices,
  paginateListUsers,
  paginateListVirtualMFADevices,
  type MFADevice,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../adapters/aws/clients.js';
import { InputError, ScanError } from '../errors.js';
import { awsCall } from './awsCall.js';

// The read-only IAM and STS calls `mfa enroll` and `mfa status` share, each paginated to the end.

const PAGE_SIZE = 1000;

export async function callerAccount(clients: AwsClients): Promise<{ account: string; partition: string }> {
  const identity = await awsCall(clients, 'GetCallerIdentity', () =>
    clients.sts.send(new GetCallerIdentityCommand({})),
  );
  if (!identity.Account) throw new ScanError('GetCallerIdentity returned no account id');
  return { account: identity.Account, partition: identity.Arn?.split(':')[1] || 'aws' };
}

/** The user's name as IAM spells it; an InputError (exit 2) when there is no such user. */
export async function existingUserName(clients: AwsClients, user: string): Promise<string> {
  const response = await awsCall(
    clients,
    'GetUser',
    () => clients.iam.send(new GetUserCommand({ UserName: user })),
    (code) =>
      code === 'NoSuchEntity' || code === 'NoSuchEntityException'
        ? new InputError(`there is no IAM user named "${user}" in this account`)
        : undefined,
  );
  return response.User?.UserName ?? user;
}

export async function listUserNames(clients: AwsClients): Promise<string[]> {
  return awsCall(clients, 'ListUsers', async () => {
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: clients.iam, pageSize: PAGE_SIZE }, {}))
      names.push(...(page.Users ?? []).flatMap((user) => user.UserName ?? []));
    return names;
  });
}

/** Assigned and unassigned virtual devices alike. */
export async function listVirtualDevices(clients: AwsClients): Promise<VirtualMFADevice[]> {
  return awsCall(clients, 'ListVirtualMFADevices', async () => {
    const devices: VirtualMFADevice[] = [];
    const pages = paginateListVirtualMFADevices(
      { client: clients.iam, pageSize: PAGE_SIZE },
      { AssignmentStatus: 'Any' },
    );
    for await (const page of pages) devices.push(...(page.VirtualMFADevices ?? []));
    return devices;
  });
}

export async function listUserDevices(clients: AwsClients, user: string): Promise<MFADevice[]> {
  return awsCall(clients, 'ListMFADevices', async () => {
    const devices: MFADevice[] = [];
    const pages = paginateListMFADevices({ client: clients.iam, pageSize: PAGE_SIZE }, { UserName: user });
    for await (const page of pages) devices.push(...(page.MFADevices ?? []));
    return devices;
  });
}
