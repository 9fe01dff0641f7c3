import type {
  Account,
  CollectionIssue,
  Group,
  InlinePolicy,
  ManagedPolicy,
  PolicyDocumentRef,
  Role,
  Suppression,
  User,
} from '../../model/account.js';
import type { Source } from '../../model/source.js';
import { isUnknown, unknownValue, type Maybe } from '../../model/unknown.js';
import { awsManagedPolicy } from './awsManagedPolicies.js';
import { literalAccountOf, principalAccountsOf, renameAccount, stringsOf } from './literalAccount.js';

// Infrastructure as code declares IAM piecewise: a group here, its policy attachment in another resource, a
// membership in a third. Both IaC adapters (Terraform, CloudFormation) report those declarations to this
// builder, which assembles the one model every check reads. What cannot be resolved stays Unknown with its
// reason: an attachment to a group whose name is unresolved may belong to any group, so every group's policy
// set gets an unknown member and no group can pass on a guess.

/** The account a configuration is deployed to is not in the code; ARNs use this placeholder id. */
export const IAC_ACCOUNT_ID = '000000000000';
export const IAC_PARTITION = 'aws';

export type IacSource = Extract<Source, { kind: 'iac' }>;
export type PrincipalKind = 'user' | 'group' | 'role';

export interface PrincipalRef {
  readonly kind: PrincipalKind;
  readonly name: Maybe<string>;
}

export interface UserDeclaration {
  readonly name: string;
  readonly path?: string;
  readonly source: IacSource;
  readonly tags?: Readonly<Record<string, string>>;
  readonly permissionsBoundaryArn?: Maybe<string>;
}

export interface GroupDeclaration {
  readonly name: string;
  readonly path?: string;
  readonly source: IacSource;
}

export interface RoleDeclaration {
  readonly name: string;
  readonly path?: string;
  readonly source: IacSource;
  readonly assumeRolePolicy?: PolicyDocumentRef;
  readonly permissionsBoundaryArn?: Maybe<string>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ManagedPolicyDeclaration {
  readonly name: string;
  readonly path?: string;
  readonly document: Maybe<unknown>;
  readonly source: IacSource;
}

export function iamArn(
  kind: PrincipalKind | 'policy',
  path: string | undefined,
  name: string,
  account = IAC_ACCOUNT_ID,
): string {
  return `arn:${IAC_PARTITION}:iam::${account}:${kind}${normalisePath(path)}${name}`;
}

export function normalisePath(path: string | undefined): string {
  if (!path) return '/';
  const withLead = path.startsWith('/') ? path : `/${path}`;
  return withLead.endsWith('/') ? withLead : `${withLead}/`;
}

interface MutablePrincipal {
  readonly inline: InlinePolicy[];
  readonly attached: string[];
  /** Reasons the policy set may be incomplete; each reported once. */
  readonly incomplete: Set<string>;
}

export class IacAccountBuilder {
  private readonly users = new Map<string, UserDeclaration & MutablePrincipal>();
  private readonly groups = new Map<string, GroupDeclaration & MutablePrincipal>();
  private readonly roles = new Map<string, RoleDeclaration & MutablePrincipal>();
  private readonly policies = new Map<string, ManagedPolicy>();
  private readonly memberships: { user: Maybe<string>; group: Maybe<string>; source: IacSource }[] = [];
  private readonly loginProfiles: { user: Maybe<string>; source: IacSource }[] = [];
  private readonly accessKeys: { user: Maybe<string>; active: boolean }[] = [];
  private readonly pendingInline: { owner: PrincipalRef; policy: InlinePolicy; source: IacSource }[] = [];
  private readonly pendingAttach: { owner: PrincipalRef; arn: Maybe<string>; source: IacSource }[] = [];
  private readonly taints: { names: ReadonlySet<string>; reason: string; source: IacSource }[] = [];
  private readonly issues: CollectionIssue[] = [];
  private readonly suppressions: Suppression[] = [];

  /**
   * `accountId`: the account the code is deployed into when the input says so (a plan's caller identity);
   * otherwise the placeholder IAC_ACCOUNT_ID.
   */
  constructor(
    private readonly source: IacSource,
    private readonly accountId = IAC_ACCOUNT_ID,
  ) {}

  addUser(user: UserDeclaration): void {
    this.declare('user', user);
  }

  addGroup(group: GroupDeclaration): void {
    this.declare('group', group);
  }

  addRole(role: RoleDeclaration): void {
    this.declare('role', role);
  }

  /** IAM names are unique per account: a second declaration is reported, never silently dropped. */
  private declare(
    kind: PrincipalKind,
    declaration: UserDeclaration | GroupDeclaration | RoleDeclaration,
  ): void {
    const table = this.principals(kind) as Map<
      string,
      MutablePrincipal & { name: string; source: IacSource }
    >;
    const existing = table.get(declaration.name);
    if (existing) {
      this.issues.push({
        what: where(declaration.source),
        reason: `${kind} ${declaration.name} is also declared at ${where(existing.source)}; IAM names are unique per account, so applying both fails`,
      });
      existing.incomplete.add(
        `${kind} ${declaration.name} is declared twice (${where(existing.source)} and ${where(declaration.source)})`,
      );
      return;
    }
    table.set(declaration.name, { ...declaration, inline: [], attached: [], incomplete: new Set<string>() });
  }

  /** Declares a customer managed policy; returns the ARN references to it resolve to. */
  addManagedPolicy(policy: ManagedPolicyDeclaration): string {
    const arn = iamArn('policy', policy.path, policy.name, this.accountId);
    this.policies.set(arn, {
      arn,
      name: policy.name,
      path: normalisePath(policy.path),
      awsManaged: false,
      document: policy.document,
      source: policy.source,
    });
    return arn;
  }

  addInlinePolicy(owner: PrincipalRef, name: string, document: Maybe<unknown>, source: IacSource): void {
    this.pendingInline.push({ owner, policy: { name, document, source }, source });
  }

  attachPolicy(owner: PrincipalRef, arn: Maybe<string>, source: IacSource): void {
    this.pendingAttach.push({ owner, arn, source });
  }

  addMembership(user: Maybe<string>, group: Maybe<string>, source: IacSource): void {
    this.memberships.push({ user, group, source });
  }

  addLoginProfile(user: Maybe<string>, source: IacSource): void {
    this.loginProfiles.push({ user, source });
  }

  addAccessKey(user: Maybe<string>, active: boolean): void {
    this.accessKeys.push({ user, active });
  }

  /**
   * Code we cannot see (a module not on disk) was handed these names or ARNs: whatever it does to those
   * principals is unknown, so their policy sets get an unknown member.
   */
  taintMentioned(names: ReadonlySet<string>, reason: string, source: IacSource): void {
    this.taints.push({ names, reason, source });
  }

  addIssue(issue: CollectionIssue): void {
    this.issues.push(issue);
  }

  addSuppression(suppression: Suppression): void {
    this.suppressions.push(suppression);
  }

  build(): Account {
    this.resolveInline();
    this.resolveAttachments();
    this.resolveTaints();
    if (this.accountId === IAC_ACCOUNT_ID) this.adoptLiteralAccount();
    const userGroups = this.resolveMemberships();
    const consoleUsers = new Set<string>();
    let unresolvedLoginProfile: string | undefined;
    for (const profile of this.loginProfiles) {
      if (isUnknown(profile.user))
        unresolvedLoginProfile ??= `${where(profile.source)}: ${profile.user.reason}`;
      else consoleUsers.add(profile.user);
    }
    const keys = new Map<string, number>();
    let unresolvedKey = false;
    for (const key of this.accessKeys) {
      if (isUnknown(key.user)) unresolvedKey = true;
      else if (key.active) keys.set(key.user, (keys.get(key.user) ?? 0) + 1);
    }

    const users: User[] = [...this.users.values()].map((user) => {
      const arn = iamArn('user', user.path, user.name, this.accountId);
      const consolePassword: Maybe<boolean> = consoleUsers.has(user.name)
        ? true
        : unresolvedLoginProfile
          ? unknownValue(
              `a login profile for an unresolved user may be this user's (${unresolvedLoginProfile})`,
            )
          : false;
      return {
        name: user.name,
        arn,
        path: normalisePath(user.path),
        source: user.source,
        consolePassword,
        mfaActive: unknownValue('MFA devices are enrolled at run time, never declared in code'),
        mfaDevices: [],
        activeAccessKeys: unresolvedKey
          ? unknownValue('an access key belongs to an unresolved user')
          : (keys.get(user.name) ?? 0),
        evidence: ['iac'],
        groups: [...(userGroups.get(user.name) ?? [])],
        inlinePolicies: user.inline,
        attachedPolicyArns: user.attached,
        ...this.boundary(user, user.permissionsBoundaryArn),
        tags: user.tags ?? {},
        ...incompleteOf(user),
      };
    });
    const groups: Group[] = [...this.groups.values()].map((group) => ({
      name: group.name,
      arn: iamArn('group', group.path, group.name, this.accountId),
      path: normalisePath(group.path),
      source: group.source,
      inlinePolicies: group.inline,
      attachedPolicyArns: group.attached,
      ...incompleteOf(group),
    }));
    const roles: Role[] = [...this.roles.values()].map((role) => ({
      name: role.name,
      arn: iamArn('role', role.path, role.name, this.accountId),
      path: normalisePath(role.path),
      source: role.source,
      inlinePolicies: role.inline,
      attachedPolicyArns: role.attached,
      ...(role.assumeRolePolicy ? { assumeRolePolicy: role.assumeRolePolicy } : {}),
      ...this.boundary(role, role.permissionsBoundaryArn),
      tags: role.tags ?? {},
      ...incompleteOf(role),
    }));

    return {
      id: this.accountId,
      partition: IAC_PARTITION,
      source: this.source,
      input: 'iac',
      root: unknownValue('the root user is not declared in code'),
      users,
      groups,
      roles,
      managedPolicies: [...this.policies.values()],
      virtualMfaDevices: [],
      issues: this.issues,
      suppressions: this.suppressions,
    };
  }

  /**
   * The code names its own account by number (literalAccount.ts): that number is written as the
   * placeholder in every document, attachment and boundary, so it means the account the code is in.
   */
  private adoptLiteralAccount(): void {
    const all = [...this.users.values(), ...this.groups.values(), ...this.roles.values()];
    const customer = [...this.policies.values()].filter((policy) => !policy.awsManaged);
    const declared = new Set<string>([
      ...[...this.users.values()].map((u) => iamArn('user', u.path, u.name)),
      ...[...this.groups.values()].map((g) => iamArn('group', g.path, g.name)),
      ...[...this.roles.values()].map((r) => iamArn('role', r.path, r.name)),
      ...customer.map((policy) => policy.arn),
    ]);
    function* texts(): Generator<string> {
      for (const principal of all) {
        for (const policy of principal.inline) yield* stringsOf(policy.document);
        yield* principal.attached;
        const extra = principal as Partial<RoleDeclaration & UserDeclaration>;
        yield* stringsOf(extra.assumeRolePolicy?.document);
        yield* stringsOf(extra.permissionsBoundaryArn);
      }
      for (const policy of customer) yield* stringsOf(policy.document);
    }
    const identityDocuments = [
      ...all.flatMap((principal) => principal.inline.map((policy) => policy.document)),
      ...customer.map((policy) => policy.document),
    ];
    const literal = literalAccountOf(
      texts(),
      declared,
      IAC_ACCOUNT_ID,
      identityDocuments.flatMap((document) => [...principalAccountsOf(document)]),
    );
    if (!literal) return;
    const rename = <T>(value: T): T => renameAccount(value, literal, IAC_ACCOUNT_ID);
    for (const principal of all) {
      principal.inline.splice(
        0,
        principal.inline.length,
        ...principal.inline.map((p) => ({ ...p, document: rename(p.document) })),
      );
      principal.attached.splice(
        0,
        principal.attached.length,
        ...[...new Set(principal.attached.map((arn) => this.resolvePolicyArn(rename(arn))))],
      );
      const mutable = principal as {
        assumeRolePolicy?: PolicyDocumentRef;
        permissionsBoundaryArn?: Maybe<string>;
      };
      if (mutable.assumeRolePolicy)
        mutable.assumeRolePolicy = {
          ...mutable.assumeRolePolicy,
          document: rename(mutable.assumeRolePolicy.document),
        };
      if (mutable.permissionsBoundaryArn !== undefined)
        mutable.permissionsBoundaryArn = rename(mutable.permissionsBoundaryArn);
    }
    for (const [arn, policy] of this.policies)
      if (!policy.awsManaged) this.policies.set(arn, { ...policy, document: rename(policy.document) });
  }

  /** An unresolved boundary names a policy that is in no data, so the principal's verdict becomes unknown. */
  private boundary(
    owner: { source: IacSource },
    arn: Maybe<string> | undefined,
  ): { permissionsBoundaryArn?: string } {
    if (arn === undefined) return {};
    if (isUnknown(arn)) return { permissionsBoundaryArn: `unresolved:${where(owner.source)}` };
    return { permissionsBoundaryArn: this.resolvePolicyArn(arn) };
  }

  private principals(
    kind: PrincipalKind,
  ): Map<string, MutablePrincipal & { name: string; path?: string; source: IacSource }> {
    return kind === 'user' ? this.users : kind === 'group' ? this.groups : this.roles;
  }

  /**
   * A policy for an owner we cannot name may be any principal's of that kind; an owner named but not
   * declared is reported once (it may exist outside this code, so its verdict is not ours to give).
   */
  private forOwner(owner: PrincipalRef, source: IacSource, add: (principal: MutablePrincipal) => void): void {
    const table = this.principals(owner.kind);
    if (isUnknown(owner.name)) {
      const reason = `${where(source)} adds a policy to a ${owner.kind} whose name is unresolved (${owner.name.reason}); it may be this ${owner.kind}`;
      for (const principal of table.values()) principal.incomplete.add(reason);
      return;
    }
    const principal = table.get(owner.name);
    if (principal) add(principal);
    else
      this.issues.push({
        what: where(source),
        reason: `${owner.kind} ${owner.name} is not declared in this code; its policies here were not judged`,
      });
  }

  private resolveInline(): void {
    for (const { owner, policy, source } of this.pendingInline) {
      this.forOwner(owner, source, (principal) => principal.inline.push(policy));
    }
  }

  private resolveAttachments(): void {
    for (const { owner, arn, source } of this.pendingAttach) {
      this.forOwner(owner, source, (principal) => {
        if (isUnknown(arn)) {
          principal.incomplete.add(
            `${where(source)} attaches a policy whose ARN is unresolved: ${arn.reason}`,
          );
          return;
        }
        const resolved = this.resolvePolicyArn(arn, source);
        if (!principal.attached.includes(resolved)) principal.attached.push(resolved);
      });
    }
  }

  /**
   * AWS managed policies come from the bundled snapshot. A customer policy is matched by path and name when
   * the ARN names the real account: IAM attaches only the account's own policies, so the name decides.
   */
  private resolvePolicyArn(arn: string, attachedAt: IacSource = this.source): string {
    if (this.policies.has(arn)) return arn;
    const managed = awsManagedPolicy(arn);
    if (managed) {
      // An AWS managed policy is not declared in code; it is shown where it is first attached.
      this.policies.set(arn, {
        arn,
        name: managed.name,
        path: managed.path,
        awsManaged: true,
        document: managed.document,
        source: attachedAt,
      });
      return arn;
    }
    const match = /^arn:[^:]+:iam::(\d{12}):policy(\/.*)$/.exec(arn);
    if (match) {
      const sameName = `arn:${IAC_PARTITION}:iam::${this.accountId}:policy${match[2] ?? ''}`;
      if (this.policies.has(sameName)) return sameName;
    }
    return arn;
  }

  private resolveTaints(): void {
    for (const { names, reason, source } of this.taints) {
      for (const kind of ['user', 'group', 'role'] as const) {
        for (const principal of this.principals(kind).values()) {
          const declared = principal;
          if (
            !names.has(declared.name) &&
            !names.has(iamArn(kind, declared.path, declared.name, this.accountId))
          )
            continue;
          principal.incomplete.add(`${where(source)}: ${reason}`);
        }
      }
    }
  }

  private resolveMemberships(): Map<string, Set<string>> {
    const byUser = new Map<string, Set<string>>();
    for (const { user, group, source } of this.memberships) {
      if (isUnknown(group)) {
        const reason = `${where(source)} adds a user to an unresolved group: ${group.reason}`;
        const targets = isUnknown(user) ? [...this.users.values()] : [this.users.get(user)].filter(isDefined);
        for (const target of targets) target.incomplete.add(reason);
        continue;
      }
      if (isUnknown(user)) {
        // Some user joins this group: its policies may apply to anyone, so every user is unsure.
        const reason = `${where(source)} adds an unresolved user to group ${group}: ${user.reason}`;
        for (const target of this.users.values()) target.incomplete.add(reason);
        continue;
      }
      const set = byUser.get(user) ?? new Set<string>();
      set.add(group);
      byUser.set(user, set);
    }
    return byUser;
  }
}

function incompleteOf(principal: MutablePrincipal): { incomplete?: string[] } {
  return principal.incomplete.size > 0 ? { incomplete: [...principal.incomplete] } : {};
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

export function where(source: IacSource): string {
  return `${source.file}:${source.line} (${source.address})`;
}
