import { InputError } from '../../errors.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { parseCredentialReport } from '../snapshot/credentialReport.js';
import type { DateLike, RawAuthorizationDetails, RawCredentialReport } from '../snapshot/iamSnapshot.js';

// The credential report can be up to 4 hours old. A user it does not describe (created since, or deleted and
// re-created under the same name) needs GetLoginProfile + ListMFADevices; everyone else is covered by the
// report, so a normal scan costs a constant number of calls instead of one or more per user.

export function selectUsersForPerUserCalls(
  details: Maybe<RawAuthorizationDetails>,
  report: Maybe<RawCredentialReport>,
  fresh: boolean,
): string[] {
  // Without the authorization details we do not know which users exist, so there is no one to ask about.
  if (isUnknown(details)) return [];
  const users = (details.UserDetailList ?? []).filter((user) => user.UserName);
  const names = (list: typeof users): string[] => [...new Set(list.map((user) => user.UserName as string))];
  if (fresh || isUnknown(report)) return names(users);

  let creationByArn: Map<string, string>;
  try {
    creationByArn = new Map(parseCredentialReport(report).map((row) => [row.arn, row.userCreationTime]));
  } catch (error) {
    if (error instanceof InputError) return names(users);
    throw error;
  }
  return names(
    users.filter((user) => {
      const reported = user.Arn ? creationByArn.get(user.Arn) : undefined;
      return reported === undefined || !sameSecond(reported, user.CreateDate);
    }),
  );
}

/**
 * The report truncates to the second; the SDK rounds CreateDate to the millisecond, which can carry it into
 * the next second (.9996 s becomes 1.000 s). Within a second counts as the same user; unparseable as different.
 */
function sameSecond(reported: string, created: DateLike | undefined): boolean {
  if (created === undefined) return false;
  const a = Date.parse(reported);
  const b = created instanceof Date ? created.getTime() : Date.parse(created);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return Math.abs(a - b) <= 1000;
}
