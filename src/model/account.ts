import type { Maybe } from './unknown.js';
import type { Source } from './source.js';

// One provider-agnostic model of IAM. Every adapter (live AWS, aws CLI export, Terraform, CloudFormation)
// fills it; every check reads only it.

/** A policy document as found (parsed JSON, or a string still to be parsed); src/policy/ normalises it. */
export interface PolicyDocumentRef {
  readonly document: Maybe<unknown>;
  readonly source: Source;
}

export interface InlinePolicy extends PolicyDocumentRef {
  readonly name: string;
}

export interface ManagedPolicy extends PolicyDocumentRef {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly awsManaged: boolean;
}

export type MfaDeviceKind = 'virtual' | 'hardware' | 'fido' | 'unknown';

export interface MfaDevice {
  readonly serial: string;
  readonly kind: MfaDeviceKind;
  readonly enableDate?: string;
  readonly source: Source;
}

/** How the MFA and console state of a user was established; shown in findings so a verdict can be checked. */
export type Evidence = 'credential-report' | 'virtual-mfa-listing' | 'per-user-calls' | 'iac';

export interface User {
  readonly name: string;
  readonly arn: string;
  readonly id?: string;
  readonly path: string;
  readonly createDate?: string;
  readonly source: Source;
  /** The user has a console password (a login profile). */
  readonly consolePassword: Maybe<boolean>;
  /** The user has at least one enabled MFA device of any kind. */
  readonly mfaActive: Maybe<boolean>;
  /** The devices we know of; may be fewer than the user has when only the credential report was read. */
  readonly mfaDevices: readonly MfaDevice[];
  readonly activeAccessKeys: Maybe<number>;
  readonly evidence: readonly Evidence[];
  readonly groups: readonly string[];
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicyArns: readonly string[];
  readonly permissionsBoundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Why the policies listed may not be all the user has (IaC: an attachment to an unresolved name). */
  readonly incomplete?: readonly string[];
}

export interface Group {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly source: Source;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicyArns: readonly string[];
  /** Why the policies listed may not be all the group has (IaC: an attachment to an unresolved name). */
  readonly incomplete?: readonly string[];
}

export interface Role {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly source: Source;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicyArns: readonly string[];
  readonly assumeRolePolicy?: PolicyDocumentRef;
  readonly permissionsBoundaryArn?: string;
  /** The role's tags: its sessions' aws:PrincipalTag/... unless the caller passes session tags. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly incomplete?: readonly string[];
}

export interface RootUser {
  readonly arn: string;
  readonly source: Source;
  readonly mfaEnabled: Maybe<boolean>;
  readonly passwordPresent: Maybe<boolean>;
  readonly accessKeysPresent: Maybe<boolean>;
}

export interface VirtualMfaDevice {
  readonly serial: string;
  /** ARN of the user (or root) the device is assigned to; absent when unassigned. */
  readonly userArn?: string;
  readonly enableDate?: string;
  readonly source: Source;
}

/**
 * An inline suppression written in code (`# mfa-warden:ignore CHECK REASON`, or CloudFormation Metadata): the
 * findings of `check` whose resource was declared at `file:line` become `exempt` with the reason.
 */
export interface Suppression {
  readonly check: string;
  readonly reason: string;
  /** The file and line of the resource block (or logical id) the suppression belongs to. */
  readonly file: string;
  readonly line: number;
}

/** Which kind of input an account model came from; checks say which kinds they apply to. */
export type InputKind = 'aws' | 'export' | 'iac' | 'organization';

/** A service control policy as read from AWS Organizations. */
export interface ServiceControlPolicy {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly document: Maybe<unknown>;
  /** Where it is attached: the root, an OU or the account. */
  readonly target: string;
}

/** The account's place in an AWS Organization, when it was scanned as part of one. */
export interface OrganizationMembership {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** SCPs never apply to the management account. */
  readonly isManagementAccount: boolean;
  /** The path from the root: root id, OU ids, then the account id. */
  readonly path: readonly string[];
  /** SCPs per level of the path (root first, the account last); unknown when they could not be read. */
  readonly scpLevels: Maybe<readonly (readonly ServiceControlPolicy[])[]>;
}

/** Something an adapter could not read. Checks that need it report `error` or `unknown`, never `pass`. */
export interface CollectionIssue {
  readonly what: string;
  readonly reason: string;
}

export interface Account {
  readonly id: string;
  readonly partition: string;
  readonly source: Source;
  readonly root: Maybe<RootUser>;
  readonly users: Maybe<readonly User[]>;
  readonly groups: Maybe<readonly Group[]>;
  readonly roles: Maybe<readonly Role[]>;
  readonly managedPolicies: Maybe<readonly ManagedPolicy[]>;
  readonly virtualMfaDevices: Maybe<readonly VirtualMfaDevice[]>;
  /** When the credential report the user verdicts rest on was generated (ISO 8601), when known. */
  readonly credentialReportGeneratedAt?: string;
  readonly issues: readonly CollectionIssue[];
  /** Where the model came from; `iac` models hold declarations, not live device state. Default: from source. */
  readonly input?: InputKind;
  /** Inline suppressions found in code (IaC only). */
  readonly suppressions?: readonly Suppression[];
  /** Set when the account was scanned as part of an organization (`scan aws --org`). */
  readonly organization?: OrganizationMembership;
}

export function inputKindOf(account: Account): InputKind {
  return account.input ?? account.source.kind;
}
