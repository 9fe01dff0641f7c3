import type { Maybe } from '../../model/unknown.js';

// The raw IAM data of one account, in the shape the IAM API returns it (the SDK's objects, or the JSON the aws
// CLI writes). The live adapter and the export adapter both produce an IamSnapshot; buildAccount() turns it
// into the model, so reconciliation rules live in one place.

export type DateLike = Date | string;

export interface RawPolicyItem {
  PolicyName?: string;
  PolicyDocument?: unknown; // URL-encoded JSON string from the API, or an object from the aws CLI
}

export interface RawAttachedPolicy {
  PolicyName?: string;
  PolicyArn?: string;
}

export interface RawTag {
  Key?: string;
  Value?: string;
}

export interface RawUserDetail {
  Path?: string;
  UserName?: string;
  UserId?: string;
  Arn?: string;
  CreateDate?: DateLike;
  UserPolicyList?: RawPolicyItem[];
  GroupList?: string[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
  PermissionsBoundary?: { PermissionsBoundaryArn?: string };
  Tags?: RawTag[];
}

export interface RawGroupDetail {
  Path?: string;
  GroupName?: string;
  GroupId?: string;
  Arn?: string;
  CreateDate?: DateLike;
  GroupPolicyList?: RawPolicyItem[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
}

export interface RawRoleDetail {
  Path?: string;
  RoleName?: string;
  RoleId?: string;
  Arn?: string;
  CreateDate?: DateLike;
  AssumeRolePolicyDocument?: unknown;
  RolePolicyList?: RawPolicyItem[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
  PermissionsBoundary?: { PermissionsBoundaryArn?: string };
  Tags?: RawTag[];
}

export interface RawPolicyVersion {
  Document?: unknown;
  VersionId?: string;
  IsDefaultVersion?: boolean;
}

export interface RawManagedPolicyDetail {
  PolicyName?: string;
  PolicyId?: string;
  Arn?: string;
  Path?: string;
  DefaultVersionId?: string;
  PolicyVersionList?: RawPolicyVersion[];
}

export interface RawAuthorizationDetails {
  UserDetailList?: RawUserDetail[];
  GroupDetailList?: RawGroupDetail[];
  RoleDetailList?: RawRoleDetail[];
  Policies?: RawManagedPolicyDetail[];
}

export interface RawVirtualMfaDevice {
  SerialNumber?: string;
  User?: { Arn?: string; UserName?: string };
  EnableDate?: DateLike;
}

/** ListMFADevices entry. */
export interface RawMfaDevice {
  UserName?: string;
  SerialNumber?: string;
  EnableDate?: DateLike;
}

export interface RawCredentialReport {
  /** The decoded CSV text. */
  csv: string;
  generatedTime?: DateLike;
  /** For error messages: the export file it came from, or "GetCredentialReport". */
  origin: string;
}

/** What per-user calls (GetLoginProfile + ListMFADevices) established for one user. */
export interface PerUserState {
  consolePassword: Maybe<boolean>;
  mfaDevices: Maybe<RawMfaDevice[]>;
}

export type SnapshotOrigin =
  | { kind: 'aws'; endpoint?: string }
  | {
      kind: 'export';
      dir: string;
      /** The file each part was read from, for the Source of every model value. */
      files: Partial<
        Record<'authorizationDetails' | 'credentialReport' | 'accountSummary' | 'virtualMfaDevices', string>
      >;
    };

export interface IamSnapshot {
  origin: SnapshotOrigin;
  /** From STS GetCallerIdentity when live; otherwise derived from ARNs by buildAccount(). */
  accountId?: string;
  authorizationDetails: Maybe<RawAuthorizationDetails>;
  credentialReport: Maybe<RawCredentialReport>;
  /** GetAccountSummary's SummaryMap. */
  accountSummary: Maybe<Record<string, number>>;
  virtualMfaDevices: Maybe<RawVirtualMfaDevice[]>;
  /** Keyed by user name. */
  perUser: ReadonlyMap<string, PerUserState>;
}
