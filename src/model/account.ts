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
}

export interface Group {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly source: Source;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicyArns: readonly string[];
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
}
