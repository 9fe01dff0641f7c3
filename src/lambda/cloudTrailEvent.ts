// The CloudTrail record of an IAM call as EventBridge delivers it, and which principals the call touched: the
// only part of the account the Lambda handler reads again. Calls that failed (errorCode) changed nothing.

/** The EventBridge envelope (`detail-type: AWS API Call via CloudTrail`, `source: aws.iam`). */
export interface EventBridgeEvent<Detail = unknown> {
  readonly version?: string;
  readonly id?: string;
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly account?: string;
  readonly time?: string;
  readonly region?: string;
  readonly resources?: readonly string[];
  readonly detail?: Detail;
}

export interface CloudTrailUserIdentity {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
}

export interface CloudTrailDetail {
  readonly eventVersion?: string;
  readonly userIdentity?: CloudTrailUserIdentity;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly awsRegion?: string;
  readonly requestParameters?: Readonly<Record<string, unknown>> | null;
  readonly responseElements?: Readonly<Record<string, unknown>> | null;
  readonly errorCode?: string;
  readonly eventID?: string;
  readonly recipientAccountId?: string;
}

export type CloudTrailEvent = EventBridgeEvent<CloudTrailDetail>;

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** Calls about one user: `requestParameters.userName` (or the calling IAM user, when it acts on itself). */
const USER_EVENTS = [
  'CreateUser',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'DeleteLoginProfile',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeactivateMFADevice',
  'EnableMFADevice',
  'AddUserToGroup',
  'RemoveUserFromGroup',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'PutUserPolicy',
  'DeleteUserPolicy',
  'PutUserPermissionsBoundary',
  'DeleteUserPermissionsBoundary',
  // The exempt tag: removing it must bring enforcement back at once.
  'TagUser',
  'UntagUser',
] as const;

/** Calls that change a group's policies: the group (group-mfa-enforced) and every member. */
const GROUP_EVENTS = [
  'AttachGroupPolicy',
  'DetachGroupPolicy',
  'PutGroupPolicy',
  'DeleteGroupPolicy',
] as const;

/** Calls that change a managed policy's default version: the policy and whoever it is attached to. */
const POLICY_EVENTS = ['CreatePolicyVersion', 'SetDefaultPolicyVersion'] as const;

/** Every eventName the handler acts on; an EventBridge rule can be generated from it. */
export const WATCHED_EVENT_NAMES: readonly string[] = [
  ...USER_EVENTS,
  'DeleteVirtualMFADevice',
  ...GROUP_EVENTS,
  ...POLICY_EVENTS,
];

const USER_SET: ReadonlySet<string> = new Set(USER_EVENTS);
const GROUP_SET: ReadonlySet<string> = new Set(GROUP_EVENTS);
const POLICY_SET: ReadonlySet<string> = new Set(POLICY_EVENTS);

/** What one event touched, before groups and policies are expanded to their members. */
export interface Touched {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly policies: readonly string[];
}

export type TouchedOrIgnored = Touched | { readonly ignored: string };

/** The principals a CloudTrail IAM event touched, or why it needs nothing (a failed call, another event). */
export function touchedBy(detail: CloudTrailDetail): TouchedOrIgnored {
  const name = detail.eventName ?? '';
  if (detail.eventSource !== undefined && detail.eventSource !== 'iam.amazonaws.com')
    return { ignored: `not an IAM event (${detail.eventSource})` };
  if (detail.errorCode) return { ignored: `the call failed (${detail.errorCode}): nothing changed` };
  const request = detail.requestParameters ?? {};
  const none = { users: [], groups: [], policies: [] };
  if (USER_SET.has(name)) {
    const user = stringAt(request, 'userName') ?? createdUser(detail) ?? callingUser(detail);
    return user ? { ...none, users: [user] } : { ignored: `${name} without a user name (not an IAM user)` };
  }
  if (name === 'DeleteVirtualMFADevice') {
    // The device is gone and CloudTrail does not say whose it was; it was deactivated first (that event
    // names the user). Re-evaluate the user named like the device (the console's default) and the caller.
    const serial = stringAt(request, 'serialNumber') ?? '';
    const named = /:mfa\/(?:.*\/)?([\w+=,.@-]+)$/.exec(serial)?.[1];
    const users = [...new Set([named, callingUser(detail)].filter((u): u is string => Boolean(u)))];
    return users.length > 0 ? { ...none, users } : { ignored: 'DeleteVirtualMFADevice of an unknown user' };
  }
  if (GROUP_SET.has(name)) {
    const group = stringAt(request, 'groupName');
    return group ? { ...none, groups: [group] } : { ignored: `${name} without a group name` };
  }
  if (POLICY_SET.has(name)) {
    const policy = stringAt(request, 'policyArn');
    return policy ? { ...none, policies: [policy] } : { ignored: `${name} without a policy ARN` };
  }
  return { ignored: `${name || 'an event without eventName'} is not one the handler acts on` };
}

function stringAt(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function createdUser(detail: CloudTrailDetail): string | undefined {
  const user = detail.responseElements?.user;
  return typeof user === 'object' && user !== null
    ? stringAt(user as Record<string, unknown>, 'userName')
    : undefined;
}

/** An IAM user calling without `userName` acts on itself (CreateAccessKey, for instance). */
function callingUser(detail: CloudTrailDetail): string | undefined {
  const identity = detail.userIdentity;
  return identity?.type === 'IAMUser' && identity.userName ? identity.userName : undefined;
}
