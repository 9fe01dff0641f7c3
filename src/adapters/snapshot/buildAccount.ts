import type {
  Account,
  CollectionIssue,
  Evidence,
  Group,
  InlinePolicy,
  ManagedPolicy,
  MfaDevice,
  Role,
  RootUser,
  User,
  VirtualMfaDevice,
} from '../../model/account.js';
import type { Source } from '../../model/source.js';
import { isUnknown, unknownValue, type Maybe } from '../../model/unknown.js';
import { accountFromArn, rootArn } from './arn.js';
import {
  parseCredentialReport,
  rowDescribesUser,
  ROOT_ROW_USER,
  type CredentialReportRow,
} from './credentialReport.js';
import type {
  DateLike,
  IamSnapshot,
  RawAttachedPolicy,
  RawAuthorizationDetails,
  RawPolicyItem,
  RawTag,
  RawUserDetail,
} from './iamSnapshot.js';
import { mfaDeviceKind } from './mfaDeviceKind.js';

// Turns raw IAM data into the model and reconciles the credential report (up to 4 hours old) with what is
// live: per-user calls beat the virtual MFA listing, which beats the report. A user the report does not know
// has unknown console/MFA state unless per-user calls filled it in.

type SourceFor = (
  part: keyof Extract<IamSnapshot['origin'], { kind: 'export' }>['files'],
  arn?: string,
) => Source;

export function buildAccount(snapshot: IamSnapshot): Account {
  const issues: CollectionIssue[] = [];
  const details = snapshot.authorizationDetails;
  const identity = snapshot.accountId
    ? { accountId: snapshot.accountId, partition: accountFromArn(firstArn(snapshot))?.partition ?? 'aws' }
    : accountFromArn(firstArn(snapshot));
  const accountId = identity?.accountId ?? 'unknown';
  const partition = identity?.partition ?? 'aws';
  const sourceFor: SourceFor = (part, arn) => {
    if (snapshot.origin.kind === 'aws') return { kind: 'aws', arn: arn ?? rootArn(partition, accountId) };
    const file = snapshot.origin.files[part] ?? snapshot.origin.dir;
    return arn ? { kind: 'export', file, arn } : { kind: 'export', file };
  };

  const report = readReport(snapshot, issues);
  const virtualDevices = readVirtualDevices(snapshot, sourceFor, issues);
  if (isUnknown(snapshot.accountSummary)) {
    issues.push({ what: 'GetAccountSummary', reason: snapshot.accountSummary.reason });
  }
  if (isUnknown(details)) issues.push({ what: 'GetAccountAuthorizationDetails', reason: details.reason });

  const root = buildRoot(snapshot, report, rootArn(partition, accountId), sourceFor);
  const reportTime = isUnknown(snapshot.credentialReport)
    ? undefined
    : isoDate(snapshot.credentialReport.generatedTime);
  const usersAndGroups = isUnknown(details)
    ? { users: details, groups: details, roles: details, managedPolicies: details }
    : buildPrincipals(details, snapshot, report, virtualDevices, sourceFor, issues);

  return {
    id: accountId,
    partition,
    source: sourceFor('authorizationDetails', rootArn(partition, accountId)),
    root,
    ...usersAndGroups,
    virtualMfaDevices: virtualDevices,
    ...(reportTime ? { credentialReportGeneratedAt: reportTime } : {}),
    issues,
  };
}

function firstArn(snapshot: IamSnapshot): string | undefined {
  const details = snapshot.authorizationDetails;
  if (!isUnknown(details)) {
    const arn =
      details.UserDetailList?.[0]?.Arn ??
      details.GroupDetailList?.[0]?.Arn ??
      details.RoleDetailList?.[0]?.Arn;
    if (arn) return arn;
  }
  if (!isUnknown(snapshot.virtualMfaDevices)) {
    for (const device of snapshot.virtualMfaDevices) {
      if (device.SerialNumber && accountFromArn(device.SerialNumber)) return device.SerialNumber;
    }
  }
  return undefined;
}

interface ReportIndex {
  readonly rows: Maybe<ReadonlyMap<string, CredentialReportRow>>;
  readonly root?: CredentialReportRow;
}

function readReport(snapshot: IamSnapshot, issues: CollectionIssue[]): ReportIndex {
  const report = snapshot.credentialReport;
  if (isUnknown(report)) {
    issues.push({ what: 'credential report', reason: report.reason });
    return { rows: report };
  }
  let rows: CredentialReportRow[];
  try {
    rows = parseCredentialReport(report);
  } catch (error) {
    // Offline, a malformed file is the user's input error; live, AWS sent something we cannot read.
    if (snapshot.origin.kind === 'export') throw error;
    const reason = `credential report could not be read: ${(error as Error).message}`;
    issues.push({ what: 'credential report', reason });
    return { rows: unknownValue(reason) };
  }
  const byArn = new Map<string, CredentialReportRow>();
  let root: CredentialReportRow | undefined;
  for (const row of rows) {
    if (row.user === ROOT_ROW_USER) root = row;
    else byArn.set(row.arn, row);
  }
  return { rows: byArn, root };
}

function readVirtualDevices(
  snapshot: IamSnapshot,
  sourceFor: SourceFor,
  issues: CollectionIssue[],
): Maybe<VirtualMfaDevice[]> {
  const listing = snapshot.virtualMfaDevices;
  if (isUnknown(listing)) {
    issues.push({ what: 'ListVirtualMFADevices', reason: listing.reason });
    return listing;
  }
  return listing
    .filter((device) => device.SerialNumber)
    .map((device) => ({
      serial: device.SerialNumber as string,
      userArn: device.User?.Arn,
      enableDate: isoDate(device.EnableDate),
      source: sourceFor('virtualMfaDevices', device.SerialNumber),
    }));
}

function buildRoot(
  snapshot: IamSnapshot,
  report: ReportIndex,
  arn: string,
  sourceFor: SourceFor,
): Maybe<RootUser> {
  const summary = snapshot.accountSummary;
  const row = report.root;
  if (isUnknown(summary) && !row) {
    const reportReason = isUnknown(report.rows)
      ? report.rows.reason
      : 'the credential report has no <root_account> row';
    return unknownValue(`GetAccountSummary unavailable (${summary.reason}) and ${reportReason}`);
  }
  const fromSummary = (key: string): Maybe<boolean> | undefined =>
    isUnknown(summary) ? undefined : key in summary ? summary[key] === 1 : undefined;
  const rowKeys = row ? row.accessKey1Active || row.accessKey2Active : undefined;
  return {
    arn,
    source: sourceFor(isUnknown(summary) ? 'credentialReport' : 'accountSummary', arn),
    // GetAccountSummary is live; the report row may be hours old, so the summary wins when present.
    mfaEnabled:
      fromSummary('AccountMFAEnabled') ?? row?.mfaActive ?? unknownValue('AccountMFAEnabled not reported'),
    // The report's root row says password_enabled "not_supported": only the summary can tell.
    passwordPresent:
      fromSummary('AccountPasswordPresent') ??
      unknownValue(
        'GetAccountSummary did not report AccountPasswordPresent (the credential report cannot tell)',
      ),
    accessKeysPresent:
      fromSummary('AccountAccessKeysPresent') ??
      rowKeys ??
      unknownValue('AccountAccessKeysPresent not reported'),
  };
}

function buildPrincipals(
  details: RawAuthorizationDetails,
  snapshot: IamSnapshot,
  report: ReportIndex,
  virtualDevices: Maybe<VirtualMfaDevice[]>,
  sourceFor: SourceFor,
  issues: CollectionIssue[],
): Pick<Account, 'users' | 'groups' | 'roles' | 'managedPolicies'> {
  const virtualByUser = new Map<string, VirtualMfaDevice[]>();
  const virtualSerials = new Set<string>();
  if (!isUnknown(virtualDevices)) {
    for (const device of virtualDevices) {
      virtualSerials.add(device.serial);
      if (!device.userArn) continue;
      const list = virtualByUser.get(device.userArn) ?? [];
      list.push(device);
      virtualByUser.set(device.userArn, list);
    }
  }
  const context: UserContext = { snapshot, report, virtualDevices, virtualByUser, virtualSerials, sourceFor };
  const users = (details.UserDetailList ?? [])
    .filter((user) => user.UserName && user.Arn)
    .map((user) => buildUser(user, context));
  const groups: Group[] = (details.GroupDetailList ?? [])
    .filter((group) => group.GroupName && group.Arn)
    .map((group) =>
      principalBase(group.GroupName, group, group.GroupPolicyList, group.AttachedManagedPolicies, sourceFor),
    );
  const roles: Role[] = (details.RoleDetailList ?? [])
    .filter((role) => role.RoleName && role.Arn)
    .map((role) => {
      const base = principalBase(
        role.RoleName,
        role,
        role.RolePolicyList,
        role.AttachedManagedPolicies,
        sourceFor,
      );
      const arn = base.arn;
      return {
        ...base,
        assumeRolePolicy:
          role.AssumeRolePolicyDocument === undefined
            ? undefined
            : { document: role.AssumeRolePolicyDocument, source: sourceFor('authorizationDetails', arn) },
        permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
        tags: tagsOf(role.Tags),
      };
    });
  const managedPolicies: ManagedPolicy[] = (details.Policies ?? [])
    .filter((policy) => policy.Arn)
    .map((policy) => {
      const arn = policy.Arn as string;
      const version =
        policy.PolicyVersionList?.find((v) => v.IsDefaultVersion) ??
        policy.PolicyVersionList?.find((v) => v.VersionId === policy.DefaultVersionId);
      // The live adapter reads attached AWS managed policies one by one; one it could not read has an
      // unknown document (the reason says which call failed), which the checks see and the report lists.
      const name = policy.PolicyName ?? arn.split('/').pop() ?? arn;
      if (isUnknown(version?.Document))
        issues.push({ what: `managed policy ${name}`, reason: version.Document.reason });
      return {
        arn,
        name,
        path: policy.Path ?? '/',
        awsManaged: /^arn:[^:]+:iam::aws:policy\//.test(arn),
        document: version?.Document ?? unknownValue(`no default version document for ${arn}`),
        source: sourceFor('authorizationDetails', arn),
      };
    });
  return { users, groups, roles, managedPolicies };
}

interface UserContext {
  readonly snapshot: IamSnapshot;
  readonly report: ReportIndex;
  readonly virtualDevices: Maybe<VirtualMfaDevice[]>;
  readonly virtualByUser: ReadonlyMap<string, VirtualMfaDevice[]>;
  readonly virtualSerials: ReadonlySet<string>;
  readonly sourceFor: SourceFor;
}

function buildUser(raw: RawUserDetail, context: UserContext): User {
  const name = raw.UserName as string;
  const arn = raw.Arn as string;
  const { report, sourceFor } = context;
  const source = sourceFor('authorizationDetails', arn);
  const reported = isUnknown(report.rows) ? undefined : report.rows.get(arn);
  // A row about an earlier user of the same name (deleted and re-created since the report) says nothing.
  const row = reported && rowDescribesUser(reported, raw.CreateDate) ? reported : undefined;
  const live = context.snapshot.perUser.get(name);
  const evidence: Evidence[] = [];

  const missing = isUnknown(report.rows)
    ? `the credential report is unavailable (${report.rows.reason})`
    : context.snapshot.origin.kind === 'export'
      ? `the credential report does not describe this user (${reported ? 're-created' : 'created'} after it was generated); re-export the report or scan live`
      : 'the user is not in the credential report and per-user calls were not made';

  let consolePassword: Maybe<boolean>;
  if (live && !isUnknown(live.consolePassword)) {
    consolePassword = live.consolePassword;
    evidence.push('per-user-calls');
  } else if (row) {
    consolePassword = row.passwordEnabled === true;
    evidence.push('credential-report');
  } else {
    consolePassword = live ? live.consolePassword : unknownValue(missing);
  }

  const assigned = context.virtualByUser.get(arn) ?? [];
  const devices = new Map<string, MfaDevice>();
  for (const device of assigned) {
    devices.set(device.serial, {
      serial: device.serial,
      kind: 'virtual',
      enableDate: device.enableDate,
      source: device.source,
    });
  }
  let mfaActive: Maybe<boolean>;
  if (live && !isUnknown(live.mfaDevices)) {
    for (const device of live.mfaDevices) {
      if (!device.SerialNumber) continue;
      devices.set(device.SerialNumber, {
        serial: device.SerialNumber,
        kind: mfaDeviceKind(device.SerialNumber, context.virtualSerials),
        enableDate: isoDate(device.EnableDate),
        source: { kind: 'aws', arn },
      });
    }
    mfaActive = live.mfaDevices.length > 0;
    if (!evidence.includes('per-user-calls')) evidence.push('per-user-calls');
  } else if (assigned.length > 0) {
    // A virtual device assigned now is live proof, even when the (older) report still says false.
    mfaActive = true;
    evidence.push('virtual-mfa-listing');
  } else if (row) {
    mfaActive = row.mfaActive;
    if (!evidence.includes('credential-report')) evidence.push('credential-report');
  } else {
    mfaActive = live && isUnknown(live.mfaDevices) ? live.mfaDevices : unknownValue(missing);
  }

  return {
    name,
    arn,
    id: raw.UserId,
    path: raw.Path ?? '/',
    createDate: isoDate(raw.CreateDate),
    source,
    consolePassword,
    mfaActive,
    mfaDevices: [...devices.values()],
    activeAccessKeys: row
      ? Number(row.accessKey1Active) + Number(row.accessKey2Active)
      : unknownValue(isUnknown(report.rows) ? report.rows.reason : missing),
    evidence,
    groups: raw.GroupList ?? [],
    inlinePolicies: inlinePolicies(raw.UserPolicyList, arn, sourceFor),
    attachedPolicyArns: attachedArns(raw.AttachedManagedPolicies),
    permissionsBoundaryArn: raw.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsOf(raw.Tags),
  };
}

function tagsOf(tags: readonly RawTag[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).filter((tag) => tag.Key).map((tag) => [tag.Key as string, tag.Value ?? '']),
  );
}

/** What groups and roles share: identity, source and their own policies. */
function principalBase(
  name: string | undefined,
  raw: { Arn?: string; Path?: string },
  inline: RawPolicyItem[] | undefined,
  attached: RawAttachedPolicy[] | undefined,
  sourceFor: SourceFor,
): Group {
  const arn = raw.Arn as string;
  return {
    name: name as string,
    arn,
    path: raw.Path ?? '/',
    source: sourceFor('authorizationDetails', arn),
    inlinePolicies: inlinePolicies(inline, arn, sourceFor),
    attachedPolicyArns: attachedArns(attached),
  };
}

function inlinePolicies(
  list: RawPolicyItem[] | undefined,
  ownerArn: string,
  sourceFor: SourceFor,
): InlinePolicy[] {
  return (list ?? []).map((policy, index) => ({
    name: policy.PolicyName ?? `inline-${index}`,
    document:
      policy.PolicyDocument ?? unknownValue(`inline policy ${policy.PolicyName ?? index} has no document`),
    source: sourceFor('authorizationDetails', ownerArn),
  }));
}

function attachedArns(list: RawAttachedPolicy[] | undefined): string[] {
  return (list ?? []).map((policy) => policy.PolicyArn).filter((arn): arn is string => Boolean(arn));
}

function isoDate(value: DateLike | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : value;
}
