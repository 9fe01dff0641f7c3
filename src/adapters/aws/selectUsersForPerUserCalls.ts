import { InputError } from '../../errors.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import {
  parseCredentialReport,
  rowDescribesUser,
  type CredentialReportRow,
} from '../snapshot/credentialReport.js';
import type { RawAuthorizationDetails, RawCredentialReport } from '../snapshot/iamSnapshot.js';

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

  let rowsByArn: Map<string, CredentialReportRow>;
  try {
    rowsByArn = new Map(parseCredentialReport(report).map((row) => [row.arn, row]));
  } catch (error) {
    if (error instanceof InputError) return names(users);
    throw error;
  }
  return names(
    users.filter((user) => {
      const row = user.Arn ? rowsByArn.get(user.Arn) : undefined;
      return row === undefined || !rowDescribesUser(row, user.CreateDate);
    }),
  );
}
