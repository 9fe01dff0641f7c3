import type { Account, User } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import type { CheckResult } from './check.js';
import { accountResource, result } from './resource.js';

/** Runs a per-user rule; when the user list itself could not be read, says so once instead of passing. */
export function forEachUser(account: Account, rule: (user: User) => CheckResult): CheckResult[] {
  if (isUnknown(account.users)) {
    return [
      result('error', accountResource(account), `IAM users could not be listed: ${account.users.reason}`),
    ];
  }
  return account.users.map(rule);
}
