import type { MFADevice } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import type { AwsClients } from '../adapters/aws/clients.js';
import { mfaDeviceKind } from '../adapters/snapshot/mfaDeviceKind.js';
import type { MfaDeviceKind } from '../model/account.js';
import {
  callerAccount,
  existingUserName,
  listUserDevices,
  listUserNames,
  listVirtualDevices,
} from './iamReads.js';

// `mfa status`: who has which MFA devices, read live. The kind comes from the serial number checked against
// ListVirtualMFADevices (virtual), ":u2f/" ARNs (FIDO security keys) and bare serials (hardware tokens).
// The root user's devices are not in any per-user listing; only a virtual one shows, in ListVirtualMFADevices.
// Unassigned virtual devices are listed as well: they are enrolments that never finished, with a seed that
// may still sit in someone's scrollback.

export type MfaStatusKind = MfaDeviceKind | 'none';

export interface MfaStatusEntry {
  /** Whose device: an IAM user, the account's root user, or nobody yet. */
  readonly principal: 'user' | 'root' | 'unassigned';
  /** The user name; null for root and unassigned devices. */
  readonly user: string | null;
  /** null when the user has no device (kind "none"). */
  readonly serial: string | null;
  readonly kind: MfaStatusKind;
  /** ISO 8601; null when not enabled. */
  readonly enableDate: string | null;
}

export interface MfaStatus {
  readonly account: string;
  readonly entries: readonly MfaStatusEntry[];
}

export const STATUS_CONCURRENCY = 8;

export async function collectMfaStatus(
  clients: AwsClients,
  options: { user?: string; concurrency?: number } = {},
): Promise<MfaStatus> {
  const { account } = await callerAccount(clients);

  const userNames =
    options.user !== undefined
      ? [await existingUserName(clients, options.user)]
      : (await listUserNames(clients)).sort((a, b) => a.localeCompare(b));
  const virtualDevices = await listVirtualDevices(clients);
  const virtualSerials = new Set(virtualDevices.flatMap((device) => device.SerialNumber ?? []));
  const devicesByUser = await listDevicesPerUser(
    clients,
    userNames,
    options.concurrency ?? STATUS_CONCURRENCY,
  );

  const entries: MfaStatusEntry[] = [];
  if (options.user === undefined) {
    for (const device of virtualDevices.filter((d) => isRootArn(d.User?.Arn)))
      entries.push({
        principal: 'root',
        user: null,
        serial: device.SerialNumber ?? null,
        kind: 'virtual',
        enableDate: isoDate(device.EnableDate),
      });
  }
  for (const user of userNames) {
    const devices = devicesByUser.get(user) ?? [];
    if (devices.length === 0)
      entries.push({ principal: 'user', user, serial: null, kind: 'none', enableDate: null });
    for (const device of devices) {
      const serial = device.SerialNumber ?? '';
      entries.push({
        principal: 'user',
        user,
        serial,
        kind: mfaDeviceKind(serial, virtualSerials),
        enableDate: isoDate(device.EnableDate),
      });
    }
  }
  if (options.user === undefined) {
    for (const device of virtualDevices.filter((d) => d.User === undefined && d.EnableDate === undefined))
      entries.push({
        principal: 'unassigned',
        user: null,
        serial: device.SerialNumber ?? null,
        kind: 'virtual',
        enableDate: null,
      });
  }
  return { account, entries };
}

async function listDevicesPerUser(
  clients: AwsClients,
  userNames: readonly string[],
  concurrency: number,
): Promise<Map<string, MFADevice[]>> {
  const limit = pLimit(Math.max(1, Math.floor(concurrency)));
  const controller = new AbortController();
  const tasks = userNames.map((user) =>
    limit(async (): Promise<[string, MFADevice[]]> => {
      controller.signal.throwIfAborted();
      const devices = await listUserDevices(clients, user).catch((error: unknown) => {
        // The first failure stops the queue; the tasks still waiting then end at once.
        if (!controller.signal.aborted) controller.abort(error);
        throw error;
      });
      return [user, devices];
    }),
  );
  // allSettled, so no request is still running when the caller destroys the clients.
  const results = await Promise.allSettled(tasks);
  if (controller.signal.aborted) throw controller.signal.reason;
  return new Map(results.map((result) => (result as PromiseFulfilledResult<[string, MFADevice[]]>).value));
}

function isRootArn(arn: string | undefined): boolean {
  return arn !== undefined && /^arn:[^:]+:iam::\d+:root$/.test(arn);
}

function isoDate(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}
