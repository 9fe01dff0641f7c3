import {
  paginateGetGroup,
  paginateListEntitiesForPolicy,
  type Group,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { LimitFunction } from 'p-limit';
import { errorCode } from '../enforce/iamOperations.js';
import type { Touched } from './cloudTrailEvent.js';

// From what the events named to every principal whose verdict may have changed: a group's policies decide
// for each member (GetGroup), a managed policy's new default version for every user, group (and so every
// member) and role it is attached to (ListEntitiesForPolicy). Each group and policy is asked once, however
// many events name it. What no longer exists is reported as missing, not an error: CloudTrail is minutes
// behind, and a user created and deleted since needs nothing.

export interface ResolvedScope {
  /** Every user to re-read and re-judge: named by an event, a member of a named group, or attached. */
  readonly users: ReadonlySet<string>;
  /** Groups whose own verdict is re-judged (group-mfa-enforced), with what GetGroup said of them. */
  readonly groups: ReadonlyMap<string, Group>;
  /** Managed policies named by an event (mfa-condition-sound, mfa-exemptions-minimal). */
  readonly policies: ReadonlySet<string>;
  /** Roles a named policy is attached to: nothing user-facing to re-judge, listed for the log. */
  readonly roles: ReadonlySet<string>;
  /** "group/NAME" or "policy/ARN" -> what it stands for ("user/NAME", "group/NAME"), for the journal. */
  readonly expansions: ReadonlyMap<string, readonly string[]>;
  /** "user/NAME", "group/NAME", "policy/ARN" that no longer exist. */
  readonly missing: readonly string[];
}

export async function resolveTouched(
  iam: IAMClient,
  touched: readonly Touched[],
  limit: LimitFunction,
): Promise<ResolvedScope> {
  const users = new Set(touched.flatMap((t) => t.users));
  const groupNames = new Set(touched.flatMap((t) => t.groups));
  const policyArns = new Set(touched.flatMap((t) => t.policies));
  const groups = new Map<string, Group>();
  const roles = new Set<string>();
  const policies = new Set<string>();
  const expansions = new Map<string, string[]>();
  const missing: string[] = [];

  const attachments = await Promise.all(
    [...policyArns].map(async (arn) => ({ arn, entities: await entitiesForPolicy(iam, arn, limit) })),
  );
  for (const { arn, entities } of attachments) {
    if (!entities) {
      missing.push(`policy/${arn}`);
      continue;
    }
    policies.add(arn);
    entities.users.forEach((name) => users.add(name));
    entities.groups.forEach((name) => groupNames.add(name));
    entities.roles.forEach((name) => roles.add(name));
    expansions.set(`policy/${arn}`, [
      ...entities.users.map((name) => `user/${name}`),
      ...entities.groups.map((name) => `group/${name}`),
    ]);
  }

  const read = await Promise.all(
    [...groupNames].map(async (name) => ({ name, group: await groupWithMembers(iam, name, limit) })),
  );
  for (const { name, group } of read) {
    if (!group) {
      missing.push(`group/${name}`);
      continue;
    }
    groups.set(name, group.group);
    group.members.forEach((member) => users.add(member));
    expansions.set(
      `group/${name}`,
      group.members.map((member) => `user/${member}`),
    );
  }
  return { users, groups, policies, roles, expansions, missing };
}

async function entitiesForPolicy(
  iam: IAMClient,
  policyArn: string,
  limit: LimitFunction,
): Promise<{ users: string[]; groups: string[]; roles: string[] } | undefined> {
  return limit(async () => {
    const found = { users: [] as string[], groups: [] as string[], roles: [] as string[] };
    try {
      for await (const page of paginateListEntitiesForPolicy({ client: iam }, { PolicyArn: policyArn })) {
        found.users.push(...names(page.PolicyUsers?.map((u) => u.UserName)));
        found.groups.push(...names(page.PolicyGroups?.map((g) => g.GroupName)));
        found.roles.push(...names(page.PolicyRoles?.map((r) => r.RoleName)));
      }
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw error;
    }
    return found;
  });
}

async function groupWithMembers(
  iam: IAMClient,
  groupName: string,
  limit: LimitFunction,
): Promise<{ group: Group; members: string[] } | undefined> {
  return limit(async () => {
    let group: Group | undefined;
    const members: string[] = [];
    try {
      for await (const page of paginateGetGroup({ client: iam }, { GroupName: groupName })) {
        group ??= page.Group;
        members.push(...names(page.Users?.map((u) => u.UserName)));
      }
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw error;
    }
    return group ? { group, members } : undefined;
  });
}

function names(list: readonly (string | undefined)[] | undefined): string[] {
  return (list ?? []).filter((name): name is string => Boolean(name));
}

export function isNoSuchEntity(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'NoSuchEntity' || code === 'NoSuchEntityException';
}
