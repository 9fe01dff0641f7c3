import type {
  IamSnapshot,
  PerUserState,
  RawGroupDetail,
  RawManagedPolicyDetail,
  RawRoleDetail,
  RawUserDetail,
} from '../../src/adapters/snapshot/iamSnapshot.js';
import { unknownValue } from '../../src/model/unknown.js';

// Builds raw snapshots in the API's own shapes for unit tests of the model builder and the checks.
// The AWS boundary itself is tested against moto; this only spares each test the boilerplate.

export const ACCOUNT = '123456789012';
/** When every user of these snapshots was created, as the API and the report say it. */
export const REPORTED_CREATION = '2026-01-01T00:00:00Z';
export const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

export function userArn(name: string, path = '/'): string {
  return `arn:aws:iam::${ACCOUNT}:user${path}${name}`;
}

export interface ReportUser {
  name: string;
  path?: string;
  password: boolean | 'not_supported';
  mfa: boolean;
  keys?: number;
  /** user_creation_time; default REPORTED_CREATION (it must match the user's CreateDate). */
  created?: string;
}

export function reportRow(user: ReportUser): string {
  const arn = user.name === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : userArn(user.name, user.path);
  const keys = user.keys ?? 0;
  return [
    user.name,
    arn,
    (user.created ?? REPORTED_CREATION).replace('Z', '+00:00'),
    String(user.password),
    'N/A',
    'N/A',
    'N/A',
    String(user.mfa),
    String(keys >= 1),
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    String(keys >= 2),
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'false',
    'N/A',
    'false',
    'N/A',
  ].join(',');
}

export function userDetail(name: string, path = '/', extra: Partial<RawUserDetail> = {}): RawUserDetail {
  return {
    UserName: name,
    Path: path,
    Arn: userArn(name, path),
    UserId: `AIDA${name.length}`,
    CreateDate: REPORTED_CREATION,
    ...extra,
  };
}

export function groupDetail(name: string, extra: Partial<RawGroupDetail> = {}): RawGroupDetail {
  return { GroupName: name, Path: '/', Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`, ...extra };
}

/** A role trusting what its trust policy (a document, or a string as on the wire) says. */
export function roleDetail(name: string, trust: unknown, extra: Partial<RawRoleDetail> = {}): RawRoleDetail {
  const path = extra.Path ?? '/';
  return {
    RoleName: name,
    Path: path,
    Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    AssumeRolePolicyDocument: trust,
    ...extra,
  };
}

/** A customer managed policy (or an AWS one, when the ARN says so) with its default version's document. */
export function managedPolicy(arnOrName: string, document: unknown): RawManagedPolicyDetail {
  const arn = arnOrName.startsWith('arn:') ? arnOrName : `arn:aws:iam::${ACCOUNT}:policy/${arnOrName}`;
  return {
    Arn: arn,
    PolicyName: arn.split('/').pop(),
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document }],
  };
}

export function snapshot(parts: {
  users?: RawUserDetail[];
  groups?: RawGroupDetail[];
  roles?: RawRoleDetail[];
  policies?: RawManagedPolicyDetail[];
  report?: ReportUser[] | null;
  summary?: Record<string, number> | null;
  virtual?: { serial: string; userArn?: string }[] | null;
  perUser?: Record<string, PerUserState>;
  origin?: IamSnapshot['origin'];
}): IamSnapshot {
  return {
    origin: parts.origin ?? { kind: 'aws' },
    accountId: ACCOUNT,
    authorizationDetails: {
      UserDetailList: parts.users ?? [],
      GroupDetailList: parts.groups ?? [],
      RoleDetailList: parts.roles ?? [],
      Policies: parts.policies ?? [],
    },
    credentialReport:
      parts.report === null
        ? unknownValue('GetCredentialReport failed: AccessDenied: not authorized')
        : { csv: [HEADER, ...(parts.report ?? []).map(reportRow)].join('\n'), origin: 'GetCredentialReport' },
    accountSummary:
      parts.summary === null
        ? unknownValue('GetAccountSummary failed: AccessDenied: not authorized')
        : (parts.summary ?? { AccountMFAEnabled: 1, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 }),
    virtualMfaDevices:
      parts.virtual === null
        ? unknownValue('ListVirtualMFADevices failed: AccessDenied: not authorized')
        : (parts.virtual ?? []).map((device) => ({
            SerialNumber: device.serial,
            ...(device.userArn ? { User: { Arn: device.userArn } } : {}),
          })),
    perUser: new Map(Object.entries(parts.perUser ?? {})),
  };
}
