import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { setTimeout as sleep } from 'node:timers/promises';

// Small building blocks to put an account into moto. Each does what its name says with the real API, so a
// test reads as the account it builds.

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const IAM_USER_CHANGE_PASSWORD_ARN = 'arn:aws:iam::aws:policy/IAMUserChangePassword';
const PASSWORD = 'Correct-Horse-Battery-9';
/** moto accepts any pair of codes when enabling an MFA device. */
const MFA_CODES = { AuthenticationCode1: '123456', AuthenticationCode2: '654321' } as const;

export type PolicyDocumentInput = string | Record<string, unknown>;

export interface SeededUser {
  readonly name: string;
  readonly arn: string;
}

export async function createUser(
  iam: IAMClient,
  name: string,
  options: { path?: string; consolePassword?: boolean; tags?: Record<string, string> } = {},
): Promise<SeededUser> {
  const response = await iam.send(
    new CreateUserCommand({
      UserName: name,
      ...(options.path ? { Path: options.path } : {}),
      ...(options.tags ? { Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    }),
  );
  if (options.consolePassword) await createLoginProfile(iam, name);
  const arn = response.User?.Arn;
  if (!arn) throw new Error(`CreateUser ${name} returned no ARN`);
  return { name, arn };
}

/** Creates `count` users named prefix-000, prefix-001, ... */
export async function createUsers(
  iam: IAMClient,
  count: number,
  options: { prefix?: string; path?: string; consolePassword?: boolean } = {},
): Promise<SeededUser[]> {
  const prefix = options.prefix ?? 'user';
  const users: SeededUser[] = [];
  for (let i = 0; i < count; i++) {
    users.push(await createUser(iam, `${prefix}-${String(i).padStart(3, '0')}`, options));
  }
  return users;
}

export async function createLoginProfile(iam: IAMClient, userName: string): Promise<void> {
  await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: PASSWORD }));
}

export async function createAccessKey(iam: IAMClient, userName: string): Promise<string> {
  const response = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return response.AccessKey?.AccessKeyId ?? '';
}

/** An unassigned virtual MFA device; returns its serial number (an ARN). */
export async function createVirtualMfaDevice(
  iam: IAMClient,
  deviceName: string,
  path?: string,
): Promise<string> {
  const response = await iam.send(
    new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName, ...(path ? { Path: path } : {}) }),
  );
  const serial = response.VirtualMFADevice?.SerialNumber;
  if (!serial) throw new Error(`CreateVirtualMFADevice ${deviceName} returned no serial number`);
  return serial;
}

/** Creates a virtual MFA device and enables it for the user; returns its serial number. */
export async function enableVirtualMfa(
  iam: IAMClient,
  userName: string,
  deviceName = `${userName}-mfa`,
): Promise<string> {
  const serial = await createVirtualMfaDevice(iam, deviceName);
  await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, ...MFA_CODES }));
  return serial;
}

/** Enables a hardware TOTP token by its serial (it never shows up in ListVirtualMFADevices). */
export async function enableHardwareMfa(iam: IAMClient, userName: string, serial: string): Promise<void> {
  await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, ...MFA_CODES }));
}

export async function deactivateMfaDevice(iam: IAMClient, userName: string, serial: string): Promise<void> {
  await iam.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: serial }));
}

/** Creates an access key and sets it Inactive; returns its id. */
export async function createInactiveAccessKey(iam: IAMClient, userName: string): Promise<string> {
  const id = await createAccessKey(iam, userName);
  await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: id, Status: 'Inactive' }));
  return id;
}

export async function createGroup(iam: IAMClient, groupName: string, path?: string): Promise<string> {
  const response = await iam.send(
    new CreateGroupCommand({ GroupName: groupName, ...(path ? { Path: path } : {}) }),
  );
  return response.Group?.Arn ?? '';
}

export async function createGroupWithInlinePolicy(
  iam: IAMClient,
  groupName: string,
  policyName: string,
  document: PolicyDocumentInput,
): Promise<string> {
  const arn = await createGroup(iam, groupName);
  await putGroupPolicy(iam, groupName, policyName, document);
  return arn;
}

export async function putGroupPolicy(
  iam: IAMClient,
  groupName: string,
  policyName: string,
  document: PolicyDocumentInput,
): Promise<void> {
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: groupName,
      PolicyName: policyName,
      PolicyDocument: toJson(document),
    }),
  );
}

export async function putUserPolicy(
  iam: IAMClient,
  userName: string,
  policyName: string,
  document: PolicyDocumentInput,
): Promise<void> {
  await iam.send(
    new PutUserPolicyCommand({
      UserName: userName,
      PolicyName: policyName,
      PolicyDocument: toJson(document),
    }),
  );
}

export async function addUserToGroup(iam: IAMClient, userName: string, groupName: string): Promise<void> {
  await iam.send(new AddUserToGroupCommand({ UserName: userName, GroupName: groupName }));
}

/** A customer managed policy; returns its ARN. */
export async function createManagedPolicy(
  iam: IAMClient,
  policyName: string,
  document: PolicyDocumentInput,
  path?: string,
): Promise<string> {
  const response = await iam.send(
    new CreatePolicyCommand({
      PolicyName: policyName,
      PolicyDocument: toJson(document),
      ...(path ? { Path: path } : {}),
    }),
  );
  const arn = response.Policy?.Arn;
  if (!arn) throw new Error(`CreatePolicy ${policyName} returned no ARN`);
  return arn;
}

export async function attachUserPolicy(iam: IAMClient, userName: string, policyArn: string): Promise<void> {
  await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
}

export async function attachGroupPolicy(iam: IAMClient, groupName: string, policyArn: string): Promise<void> {
  await iam.send(new AttachGroupPolicyCommand({ GroupName: groupName, PolicyArn: policyArn }));
}

export async function attachRolePolicy(iam: IAMClient, roleName: string, policyArn: string): Promise<void> {
  await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
}

/** A role assumable by EC2 unless another trust policy is given; returns its ARN. */
export async function createRole(
  iam: IAMClient,
  roleName: string,
  trustPolicy: PolicyDocumentInput = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  path?: string,
): Promise<string> {
  const response = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: toJson(trustPolicy),
      ...(path ? { Path: path } : {}),
    }),
  );
  return response.Role?.Arn ?? '';
}

/** Asks for a credential report and waits until moto says it is complete. */
export async function generateCredentialReport(iam: IAMClient): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const response = await iam.send(new GenerateCredentialReportCommand({}));
    if (response.State === 'COMPLETE') return;
    await sleep(100);
  }
  throw new Error('credential report did not complete');
}

function toJson(document: PolicyDocumentInput): string {
  return typeof document === 'string' ? document : JSON.stringify(document);
}
