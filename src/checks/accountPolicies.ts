import {
  inputKindOf,
  type Account,
  type Group,
  type ManagedPolicy,
  type PolicyDocumentRef,
  type Role,
  type User,
} from '../model/account.js';
import type { Source } from '../model/source.js';
import { isUnknown, unknownValue, type Maybe } from '../model/unknown.js';
import {
  createMfaAnalyzer,
  orderedPolicySetKey,
  parsePolicyDocument,
  PRINCIPAL_TAGS_COMPLETE,
  type ContextKeys,
  type MfaAnalyzer,
  type PolicyDocument,
  type PolicySet,
} from '../policy/index.js';
import { matchesWildcard } from '../policy/wildcard.js';
import { scpLevelsOf } from './serviceControlPolicies.js';
import type { ResourceRef } from './check.js';

// Every policy of an account parsed once, and the policy set of each principal resolved from the model.
// Parsing once matters twice: it is the expensive part, and the analyzer memoises by document identity, so
// 10,000 users who share group combinations cost one analysis per distinct combination.

export interface PolicyEntry {
  /** "AdministratorAccess", or "group/developers/BlockMostAccess" for an inline policy. */
  readonly label: string;
  readonly resource: ResourceRef;
  /** Unknown when the document is missing or invalid; the reason says which. */
  readonly document: Maybe<PolicyDocument>;
  readonly awsManaged: boolean;
  /** For an inline policy: whose it is and its name, as the Put*Policy calls that replace it need them. */
  readonly inline?: {
    readonly kind: 'user' | 'group' | 'role';
    readonly owner: string;
    readonly name: string;
  };
}

export interface PrincipalPolicies {
  readonly set: PolicySet;
  readonly entries: readonly PolicyEntry[];
  /** Condition keys known for this principal (aws:PrincipalArn, aws:username, tags, ...). */
  readonly principal?: ContextKeys;
  /** Why the SCPs over this account could not be included (in an organization scan), when they could not. */
  readonly scpsUnknown?: string;
}

export interface AccountPolicies {
  readonly analyzer: MfaAnalyzer;
  /** Why the policy inventory is incomplete (authorization details unreadable), when it is. */
  readonly missing?: string;
  /** Customer managed policies, AWS managed policies attached to a principal, and every inline policy. */
  readonly entries: readonly PolicyEntry[];
  forUser(user: User): Maybe<PrincipalPolicies>;
  forGroup(group: Group): Maybe<PrincipalPolicies>;
  /** A role's own policies (inline, attached, boundary, SCPs) and the keys of its sessions. */
  forRole(role: Role): Maybe<PrincipalPolicies>;
}

const cache = new WeakMap<Account, AccountPolicies>();

export function accountPolicies(account: Account): AccountPolicies {
  let policies = cache.get(account);
  if (!policies) {
    policies = indexPolicies(account);
    cache.set(account, policies);
  }
  return policies;
}

function indexPolicies(account: Account): AccountPolicies {
  const managed = new Map<string, PolicyEntry>();
  const managedList = isUnknown(account.managedPolicies) ? [] : account.managedPolicies;
  for (const policy of managedList) managed.set(policy.arn, managedEntry(account, policy));
  const inlineByOwner = new Map<string, PolicyEntry[]>();
  const owners: { kind: 'user' | 'group' | 'role'; principal: User | Group | Role }[] = [
    ...(isUnknown(account.users)
      ? []
      : account.users.map((principal) => ({ kind: 'user' as const, principal }))),
    ...(isUnknown(account.groups)
      ? []
      : account.groups.map((principal) => ({ kind: 'group' as const, principal }))),
    ...(isUnknown(account.roles)
      ? []
      : account.roles.map((principal) => ({ kind: 'role' as const, principal }))),
  ];
  const attached = new Set<string>();
  for (const { kind, principal } of owners) {
    principal.attachedPolicyArns.forEach((arn) => attached.add(arn));
    inlineByOwner.set(
      principal.arn,
      principal.inlinePolicies.map((policy) => {
        const label = `${kind}/${principal.name}/${policy.name}`;
        const resource: ResourceRef = {
          type: 'AWS::IAM::Policy',
          name: label,
          arn: principal.arn,
          account: account.id,
          source: policy.source,
        };
        return {
          label,
          resource,
          document: parse(policy, label),
          awsManaged: false,
          inline: { kind, owner: principal.name, name: policy.name },
        };
      }),
    );
  }

  const groupsByName = new Map((isUnknown(account.groups) ? [] : account.groups).map((g) => [g.name, g]));
  const resolveManaged = (arn: string, owner: string): Maybe<PolicyEntry> =>
    managed.get(arn) ??
    unknownValue(
      `managed policy ${arn} attached to ${owner} is not in the data (its document was not collected)`,
    );

  const collect = (principal: User | Group | Role, ownerLabel: string): Maybe<PolicyEntry[]> => {
    const gap = principal.incomplete?.[0];
    if (gap) return unknownValue(gap);
    const entries: PolicyEntry[] = [...(inlineByOwner.get(principal.arn) ?? [])];
    for (const arn of principal.attachedPolicyArns) {
      const entry = resolveManaged(arn, ownerLabel);
      if (isUnknown(entry)) return entry;
      entries.push(entry);
    }
    return entries;
  };

  // Principals with the same documents in the same order share one set object, so what is memoised per set
  // (its statements by layer, the witness search's tables) is built once for all of them.
  const sets = new Map<string, PolicySet>();
  const intern = (set: PolicySet): PolicySet => {
    const key = orderedPolicySetKey(set);
    const known = sets.get(key);
    if (known) return known;
    sets.set(key, set);
    return set;
  };

  const toSet = (entries: PolicyEntry[], boundary?: PolicyEntry): Maybe<PrincipalPolicies> => {
    const all = boundary ? [...entries, boundary] : entries;
    const broken = all.find((entry) => isUnknown(entry.document));
    if (broken && isUnknown(broken.document))
      return unknownValue(`${broken.label}: ${broken.document.reason}`);
    const documents = (list: PolicyEntry[]) => list.map((entry) => entry.document as PolicyDocument);
    return {
      set: intern({
        identity: documents(entries),
        ...(boundary ? { boundary: documents([boundary]) } : {}),
      }),
      entries: all,
    };
  };

  const scps = scpLevelsOf(account);
  /** A user's or role's policies: its entries, its permissions boundary, the SCPs over the account, its keys. */
  const principalPolicies = (
    entries: PolicyEntry[],
    principal: User | Role,
    label: string,
    keys: ContextKeys,
  ): Maybe<PrincipalPolicies> => {
    let resolved: Maybe<PrincipalPolicies>;
    if (!principal.permissionsBoundaryArn) resolved = toSet(entries);
    else {
      const boundary = resolveManaged(principal.permissionsBoundaryArn, `${label} (permissions boundary)`);
      resolved = isUnknown(boundary) ? boundary : toSet(entries, boundary);
    }
    if (isUnknown(resolved)) return resolved;
    if (!scps) return { ...resolved, principal: keys };
    if (isUnknown(scps)) return { ...resolved, principal: keys, scpsUnknown: scps.reason };
    return { ...resolved, principal: keys, set: intern({ ...resolved.set, scpLevels: scps }) };
  };

  const unreadable = [account.managedPolicies, account.users, account.groups, account.roles].find(isUnknown);
  return {
    analyzer: createMfaAnalyzer(),
    ...(unreadable ? { missing: unreadable.reason } : {}),
    entries: [
      ...[...managed.values()].filter((entry) => !entry.awsManaged || attached.has(entry.resource.arn)),
      ...[...inlineByOwner.values()].flat(),
    ],
    forGroup(group) {
      const entries = collect(group, `group ${group.name}`);
      return isUnknown(entries) ? entries : toSet(entries);
    },
    forRole(role) {
      const entries = collect(role, `role ${role.name}`);
      if (isUnknown(entries)) return entries;
      return principalPolicies(entries, role, `role ${role.name}`, roleContextKeys(account, role));
    },
    forUser(user) {
      const own = collect(user, `user ${user.name}`);
      if (isUnknown(own)) return own;
      const entries = [...own];
      for (const name of user.groups) {
        const group = groupsByName.get(name);
        if (!group) {
          return unknownValue(
            isUnknown(account.groups)
              ? `groups could not be read: ${account.groups.reason}`
              : `group ${name} of user ${user.name} is not in the data`,
          );
        }
        const groupEntries = collect(group, `group ${group.name}`);
        if (isUnknown(groupEntries)) return groupEntries;
        entries.push(...groupEntries);
      }
      return principalPolicies(entries, user, `user ${user.name}`, userContextKeys(account, user));
    },
  };
}

function managedEntry(account: Account, policy: ManagedPolicy): PolicyEntry {
  const resource: ResourceRef = {
    type: 'AWS::IAM::Policy',
    name: policy.name,
    arn: policy.arn,
    account: account.id,
    source: policy.source,
  };
  return {
    label: policy.name,
    resource,
    document: parse(policy, policy.name),
    awsManaged: policy.awsManaged,
  };
}

function parse(ref: PolicyDocumentRef, label: string): Maybe<PolicyDocument> {
  if (isUnknown(ref.document)) return ref.document;
  try {
    return parsePolicyDocument(ref.document, originOf(ref.source, label));
  } catch (error) {
    return unknownValue(`invalid policy document: ${(error as Error).message}`);
  }
}

function originOf(source: Source, label: string): string {
  return source.kind === 'iac' ? `${source.file}:${source.line} (${label})` : label;
}

/** What a request from a session of this role carries about its principal. */
function roleContextKeys(account: Account, role: Role): ContextKeys {
  const keys: Record<string, string | readonly string[] | null> = {
    'aws:PrincipalArn': role.arn,
    'aws:PrincipalAccount': account.id,
    'aws:PrincipalType': 'AssumedRole',
  };
  Object.assign(keys, organizationKeys(account));
  // A caller the trust policy lets pass session tags (sts:TagSession) can override or add any tag of the
  // session, so then no principal tag is known; otherwise the session carries the role's tags, and IAM lists
  // them in full (code may hold unresolved ones).
  if (trustAllowsTagSession(role)) return keys;
  for (const [tag, value] of Object.entries(role.tags ?? {})) keys[`aws:PrincipalTag/${tag}`] = value;
  if (inputKindOf(account) !== 'iac' && role.tags !== undefined) keys[PRINCIPAL_TAGS_COMPLETE] = null;
  return keys;
}

/** Does any Allow of the role's trust policy grant sts:TagSession (or is the trust policy unreadable)? */
function trustAllowsTagSession(role: Role): boolean {
  const document = role.assumeRolePolicy?.document;
  if (document === undefined) return false;
  if (isUnknown(document)) return true;
  let trust: PolicyDocument;
  try {
    trust = parsePolicyDocument(document, `${role.name} trust policy`);
  } catch {
    return true;
  }
  return trust.statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      statement.action.patterns.some((pattern) => matchesWildcard('sts:tagsession', pattern)) !==
        (statement.action.kind === 'NotAction'),
  );
}

/**
 * aws:PrincipalOrgID and aws:PrincipalOrgPaths (one path, `o-id/r-root/ou-.../`, from the root down to the
 * account's parent) for an account scanned as part of an organization.
 */
function organizationKeys(account: Account): Record<string, string | readonly string[]> {
  const organization = account.organization;
  if (!organization) return {};
  const parents = organization.path.slice(0, -1);
  return {
    'aws:PrincipalOrgID': organization.organizationId,
    'aws:PrincipalOrgPaths': [`${organization.organizationId}/${parents.join('/')}/`],
  };
}

/** What a request by this user carries about its principal (IAM docs, "AWS global condition context keys"). */
function userContextKeys(account: Account, user: User): ContextKeys {
  const keys: Record<string, string | readonly string[] | null> = {
    'aws:PrincipalArn': user.arn,
    'aws:PrincipalAccount': account.id,
    'aws:PrincipalType': 'User',
    'aws:username': user.name,
  };
  if (user.id) keys['aws:userid'] = user.id;
  Object.assign(keys, organizationKeys(account));
  for (const [tag, value] of Object.entries(user.tags)) keys[`aws:PrincipalTag/${tag}`] = value;
  // IAM lists a live or exported user's tags in full, so a tag it lacks is absent; code may hold unresolved
  // tags, so there a missing one stays unknown.
  if (inputKindOf(account) !== 'iac') keys[PRINCIPAL_TAGS_COMPLETE] = null;
  return keys;
}
