import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListUserPolicies,
  type Group,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { LimitFunction } from 'p-limit';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type {
  IamSnapshot,
  PerUserState,
  RawGroupDetail,
  RawManagedPolicyDetail,
  RawPolicyItem,
  RawUserDetail,
} from '../adapters/snapshot/iamSnapshot.js';
import type { Account } from '../model/account.js';
import { isUnknown, unknownValue } from '../model/unknown.js';
import { isNoSuchEntity, type ResolvedScope } from './resolveTouched.js';

// Reads only the principals an event touched, with per-principal calls, into the same IamSnapshot shape a
// full scan collects (GetAccountAuthorizationDetails' entries, per-user GetLoginProfile + ListMFADevices), so
// buildAccount applies the same reconciliation and the checks judge a user exactly as a full scan does.
// Each user, group and managed policy is read once. The groups of a touched user (its policies count) and
// the config's add-to-group groups are read as context; they are not judged. The root user and the
// credential report are not read: nothing an IAM event changes about a user needs them.

export interface PrincipalRead {
  readonly account: Account;
  /** ARNs of what the event touched (users, groups, policies): only their findings count. */
  readonly scope: ReadonlySet<string>;
  /** Users that no longer exist, as "user/NAME". */
  readonly missing: readonly string[];
}

export interface ContextNeeds {
  /** Groups the plan must know (add-to-group targets), read but not judged. */
  readonly groups?: readonly string[];
  /** Managed policies the plan must know (attach-mfa-policy targets), read when they exist. */
  readonly policyArns?: readonly string[];
}

const NOT_READ = 'the Lambda handler re-reads the principals an event touched, not the whole account';

interface UserRead {
  readonly detail: RawUserDetail;
  readonly perUser: PerUserState;
  readonly activeAccessKeys: number;
  readonly groups: readonly Group[];
}

export async function readPrincipals(
  iam: IAMClient,
  resolved: ResolvedScope,
  identity: { accountId: string; partition: string },
  limit: LimitFunction,
  context: ContextNeeds = {},
): Promise<PrincipalRead> {
  const missing: string[] = [];
  const userReads = await Promise.all(
    [...resolved.users].sort().map(async (name) => ({ name, read: await readUser(iam, name, limit) })),
  );
  const users: UserRead[] = [];
  for (const { name, read } of userReads) {
    if (read) users.push(read);
    else missing.push(`user/${name}`);
  }

  // Groups: the touched ones (GetGroup already read them), each user's (ListGroupsForUser gave their
  // identity), and the config's; a group is read once however many users are in it.
  const known = new Map<string, Group>(resolved.groups);
  for (const user of users)
    for (const group of user.groups) if (group.GroupName) known.set(group.GroupName, group);
  const extra = (context.groups ?? []).filter((name) => !known.has(name));
  for (const { name, group } of await Promise.all(
    extra.map(async (name) => ({ name, group: await getGroup(iam, name, limit) })),
  ))
    if (group) known.set(name, group);
  const groupDetails = await Promise.all([...known.values()].map((group) => readGroup(iam, group, limit)));

  const policyArns = new Set<string>(resolved.policies);
  for (const detail of [...users.map((u) => u.detail), ...groupDetails]) {
    for (const attached of detail.AttachedManagedPolicies ?? [])
      if (attached.PolicyArn) policyArns.add(attached.PolicyArn);
  }
  for (const user of users) {
    const boundary = user.detail.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary) policyArns.add(boundary);
  }
  (context.policyArns ?? []).forEach((arn) => policyArns.add(arn));
  const policies = (
    await Promise.all([...policyArns].sort().map((arn) => readManagedPolicy(iam, arn, limit)))
  ).filter((policy): policy is RawManagedPolicyDetail => policy !== undefined);

  const snapshot: IamSnapshot = {
    origin: { kind: 'aws' },
    accountId: identity.accountId,
    authorizationDetails: {
      UserDetailList: users.map((user) => user.detail),
      GroupDetailList: groupDetails,
      RoleDetailList: [],
      Policies: policies,
    },
    credentialReport: unknownValue(NOT_READ),
    accountSummary: unknownValue(NOT_READ),
    // Device kinds are told by their serial numbers; the per-user listing has every device.
    virtualMfaDevices: [],
    perUser: new Map(users.map((user) => [user.detail.UserName as string, user.perUser])),
  };
  const built = buildAccount(snapshot);
  const keys = new Map(users.map((user) => [user.detail.UserName as string, user.activeAccessKeys]));
  const account: Account = {
    ...built,
    partition: identity.partition,
    root: unknownValue(NOT_READ),
    users: isUnknown(built.users)
      ? built.users
      : built.users.map((user) => ({ ...user, activeAccessKeys: keys.get(user.name) ?? 0 })),
    // The report and summary were left out on purpose: not collection failures.
    issues: [],
  };
  const scope = new Set<string>([
    ...users.map((user) => user.detail.Arn as string),
    ...[...resolved.groups.values()].map((group) => group.Arn ?? ''),
    ...resolved.policies,
  ]);
  scope.delete('');
  return { account, scope, missing };
}

async function readUser(
  iam: IAMClient,
  userName: string,
  limit: LimitFunction,
): Promise<UserRead | undefined> {
  try {
    const user = (await limit(() => iam.send(new GetUserCommand({ UserName: userName })))).User;
    if (!user?.Arn) return undefined;
    const [consolePassword, devices, keys, groups, inline, attached] = await Promise.all([
      limit(() => hasLoginProfile(iam, userName)),
      limit(() =>
        collect(paginateListMFADevices({ client: iam }, { UserName: userName }), (p) => p.MFADevices),
      ),
      limit(() =>
        collect(paginateListAccessKeys({ client: iam }, { UserName: userName }), (p) => p.AccessKeyMetadata),
      ),
      limit(() =>
        collect(paginateListGroupsForUser({ client: iam }, { UserName: userName }), (p) => p.Groups),
      ),
      limit(() =>
        collect(paginateListUserPolicies({ client: iam }, { UserName: userName }), (p) => p.PolicyNames),
      ),
      limit(() =>
        collect(
          paginateListAttachedUserPolicies({ client: iam }, { UserName: userName }),
          (p) => p.AttachedPolicies,
        ),
      ),
    ]);
    const documents = await inlineDocuments(inline, (policyName) =>
      limit(() => iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }))),
    );
    return {
      detail: {
        Path: user.Path,
        UserName: user.UserName ?? userName,
        UserId: user.UserId,
        Arn: user.Arn,
        CreateDate: user.CreateDate,
        UserPolicyList: documents,
        GroupList: groups.map((group) => group.GroupName ?? '').filter(Boolean),
        AttachedManagedPolicies: attached,
        ...(user.PermissionsBoundary ? { PermissionsBoundary: user.PermissionsBoundary } : {}),
        Tags: user.Tags ?? [],
      },
      perUser: { consolePassword, mfaDevices: devices },
      activeAccessKeys: keys.filter((key) => key.Status === 'Active').length,
      groups,
    };
  } catch (error) {
    // Deleted before or while we read it: nothing to judge.
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

async function getGroup(iam: IAMClient, groupName: string, limit: LimitFunction): Promise<Group | undefined> {
  try {
    return (await limit(() => iam.send(new GetGroupCommand({ GroupName: groupName, MaxItems: 1 })))).Group;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

async function readGroup(iam: IAMClient, group: Group, limit: LimitFunction): Promise<RawGroupDetail> {
  const groupName = group.GroupName as string;
  const [inline, attached] = await Promise.all([
    limit(() =>
      collect(paginateListGroupPolicies({ client: iam }, { GroupName: groupName }), (p) => p.PolicyNames),
    ),
    limit(() =>
      collect(
        paginateListAttachedGroupPolicies({ client: iam }, { GroupName: groupName }),
        (p) => p.AttachedPolicies,
      ),
    ),
  ]);
  const documents = await inlineDocuments(inline, (policyName) =>
    limit(() => iam.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: policyName }))),
  );
  return {
    Path: group.Path,
    GroupName: groupName,
    GroupId: group.GroupId,
    Arn: group.Arn,
    CreateDate: group.CreateDate,
    GroupPolicyList: documents,
    AttachedManagedPolicies: attached,
  };
}

/** The policy with its default version's document, or undefined when it does not exist (any more). */
async function readManagedPolicy(
  iam: IAMClient,
  policyArn: string,
  limit: LimitFunction,
): Promise<RawManagedPolicyDetail | undefined> {
  try {
    const policy = (await limit(() => iam.send(new GetPolicyCommand({ PolicyArn: policyArn })))).Policy;
    if (!policy?.DefaultVersionId) return undefined;
    const version = (
      await limit(() =>
        iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: policy.DefaultVersionId })),
      )
    ).PolicyVersion;
    return {
      PolicyName: policy.PolicyName,
      PolicyId: policy.PolicyId,
      Arn: policy.Arn ?? policyArn,
      Path: policy.Path,
      DefaultVersionId: policy.DefaultVersionId,
      PolicyVersionList: [
        { Document: version?.Document, VersionId: policy.DefaultVersionId, IsDefaultVersion: true },
      ],
    };
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/** Each inline policy's document; one deleted between the listing and the read is left out. */
async function inlineDocuments(
  names: readonly string[],
  read: (policyName: string) => Promise<{ PolicyDocument?: string }>,
): Promise<RawPolicyItem[]> {
  const documents = await Promise.all(
    names.map(async (policyName): Promise<RawPolicyItem | undefined> => {
      try {
        return { PolicyName: policyName, PolicyDocument: (await read(policyName)).PolicyDocument };
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined;
        throw error;
      }
    }),
  );
  return documents.filter((document): document is RawPolicyItem => document !== undefined);
}

async function hasLoginProfile(iam: IAMClient, userName: string): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return true;
  } catch (error) {
    // NoSuchEntity is the API's way of saying "this user has no console password".
    if (isNoSuchEntity(error)) return false;
    throw error;
  }
}

async function collect<Page, Item>(
  pages: AsyncIterable<Page>,
  items: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  const out: Item[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}
