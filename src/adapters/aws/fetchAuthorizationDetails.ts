import { paginateGetAccountAuthorizationDetails, type EntityType } from '@aws-sdk/client-iam';
import type { Maybe } from '../../model/unknown.js';
import type { RawAuthorizationDetails } from '../snapshot/iamSnapshot.js';
import { MAX_PAGE_SIZE, readPart, type ScanContext } from './scanContext.js';

// One paginated call gives every user, group, role and customer managed policy with their inline and
// attached policies: the whole permission graph for a constant number of requests, instead of several List*
// calls per principal. Not AWSManagedPolicy: that would add all ~1,400 AWS managed policies, used or not;
// fetchAwsManagedPolicies reads the few that are attached.

const FILTER: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy'];

export function fetchAuthorizationDetails(context: ScanContext): Promise<Maybe<RawAuthorizationDetails>> {
  return readPart(context, 'GetAccountAuthorizationDetails', async () => {
    const merged: Required<RawAuthorizationDetails> = {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    };
    const pages = paginateGetAccountAuthorizationDetails(
      { client: context.clients.iam, pageSize: MAX_PAGE_SIZE },
      { Filter: FILTER },
      { abortSignal: context.signal },
    );
    for await (const page of pages) {
      merged.UserDetailList.push(...(page.UserDetailList ?? []));
      merged.GroupDetailList.push(...(page.GroupDetailList ?? []));
      merged.RoleDetailList.push(...(page.RoleDetailList ?? []));
      merged.Policies.push(...(page.Policies ?? []));
    }
    return merged;
  });
}
