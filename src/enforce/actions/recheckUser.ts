import type { ActionContext } from './actionHandler.js';
import { getUser, mfaDevicesOf } from './liveUser.js';
import type { PlannedAction } from '../plan.js';

// The scan may be minutes (or a credential report hours) old. Before an action touches a user, the facts it
// rests on are read again: a user who enrolled MFA since, or who is no longer new, is left alone.

/** A reason to skip the action, or undefined when it should go ahead. */
export async function recheckUser(
  context: ActionContext,
  action: PlannedAction,
  userName: string,
): Promise<string | undefined> {
  const user = await getUser(context.iam, userName);
  if (!user) return `user ${userName} no longer exists`;
  if (action.recheckDevices) {
    const devices = await mfaDevicesOf(context.iam, userName);
    if (devices.length > 0) return `already fixed: ${userName} has enrolled an MFA device since the scan`;
  }
  if (action.onlyNewMs !== undefined) {
    const created = user.createDate ? Date.parse(user.createDate) : NaN;
    if (!Number.isFinite(created) || context.now.getTime() - created > action.onlyNewMs)
      return `no longer new: created ${user.createDate ?? 'at an unknown date'}`;
  }
  return undefined;
}
