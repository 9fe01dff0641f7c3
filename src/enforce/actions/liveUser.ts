import {
  GetLoginProfileCommand,
  GetSSHPublicKeyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListServiceSpecificCredentialsCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { errorCode } from '../iamOperations.js';

// Read-only views of one user's live state, for the actions: re-checking a finding just before acting on it,
// and the whole-user snapshot delete-user journals first. Policy documents come URL-encoded from IAM.

export interface LiveUser {
  readonly userName: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate?: string;
  readonly permissionsBoundaryArn?: string;
  readonly tags: readonly { Key: string; Value: string }[];
  readonly loginProfile?: { readonly createDate?: string; readonly passwordResetRequired: boolean };
  readonly accessKeys: readonly { readonly id: string; readonly status: string }[];
  readonly signingCertificates: readonly {
    readonly id: string;
    readonly status: string;
    readonly body: string;
  }[];
  readonly sshPublicKeys: readonly { readonly id: string; readonly status: string; readonly body: string }[];
  readonly serviceSpecificCredentials: readonly { readonly id: string; readonly service: string }[];
  readonly mfaDevices: readonly string[];
  readonly groups: readonly string[];
  readonly inlinePolicies: readonly { readonly name: string; readonly document: string }[];
  readonly attachedPolicyArns: readonly string[];
}

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

export async function mfaDevicesOf(iam: IAMClient, userName: string): Promise<string[]> {
  const pages = await all(paginateListMFADevices({ client: iam }, { UserName: userName }));
  return pages.flatMap((page) => (page.MFADevices ?? []).map((device) => device.SerialNumber ?? ''));
}

export async function loginProfileOf(iam: IAMClient, userName: string): Promise<LiveUser['loginProfile']> {
  try {
    const { LoginProfile } = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return {
      ...(LoginProfile?.CreateDate ? { createDate: LoginProfile.CreateDate.toISOString() } : {}),
      passwordResetRequired: LoginProfile?.PasswordResetRequired ?? false,
    };
  } catch (error) {
    if (errorCode(error) === 'NoSuchEntity') return undefined;
    throw error;
  }
}

export async function accessKeysOf(iam: IAMClient, userName: string): Promise<LiveUser['accessKeys']> {
  const pages = await all(paginateListAccessKeys({ client: iam }, { UserName: userName }));
  return pages.flatMap((page) =>
    (page.AccessKeyMetadata ?? []).map((key) => ({ id: key.AccessKeyId ?? '', status: key.Status ?? '' })),
  );
}

export async function groupsOf(iam: IAMClient, userName: string): Promise<string[]> {
  const pages = await all(paginateListGroupsForUser({ client: iam }, { UserName: userName }));
  return pages.flatMap((page) => (page.Groups ?? []).map((group) => group.GroupName ?? ''));
}

export async function attachedPoliciesOf(iam: IAMClient, userName: string): Promise<string[]> {
  const pages = await all(paginateListAttachedUserPolicies({ client: iam }, { UserName: userName }));
  return pages.flatMap((page) => (page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? ''));
}

/** The user's creation date, or undefined when the user no longer exists. */
export async function getUser(
  iam: IAMClient,
  userName: string,
): Promise<
  Pick<LiveUser, 'userName' | 'arn' | 'path' | 'createDate' | 'permissionsBoundaryArn' | 'tags'> | undefined
> {
  try {
    const { User } = await iam.send(new GetUserCommand({ UserName: userName }));
    return {
      userName,
      arn: User?.Arn ?? '',
      path: User?.Path ?? '/',
      ...(User?.CreateDate ? { createDate: User.CreateDate.toISOString() } : {}),
      ...(User?.PermissionsBoundary?.PermissionsBoundaryArn
        ? { permissionsBoundaryArn: User.PermissionsBoundary.PermissionsBoundaryArn }
        : {}),
      tags: (User?.Tags ?? []).map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })),
    };
  } catch (error) {
    if (errorCode(error) === 'NoSuchEntity') return undefined;
    throw error;
  }
}

/** Everything delete-user removes, read before anything is removed. */
export async function readWholeUser(iam: IAMClient, userName: string): Promise<LiveUser | undefined> {
  const user = await getUser(iam, userName);
  if (!user) return undefined;
  const [
    loginProfile,
    accessKeys,
    certificatePages,
    sshPages,
    serviceSpecificCredentials,
    mfaDevices,
    groups,
  ] = await Promise.all([
    loginProfileOf(iam, userName),
    accessKeysOf(iam, userName),
    all(paginateListSigningCertificates({ client: iam }, { UserName: userName })),
    all(paginateListSSHPublicKeys({ client: iam }, { UserName: userName })),
    serviceSpecificCredentialsOf(iam, userName),
    mfaDevicesOf(iam, userName),
    groupsOf(iam, userName),
  ]);
  const sshKeys = sshPages.flatMap((page) => page.SSHPublicKeys ?? []);
  const sshPublicKeys = await Promise.all(
    sshKeys.map(async (key) => {
      const { SSHPublicKey } = await iam.send(
        new GetSSHPublicKeyCommand({
          UserName: userName,
          SSHPublicKeyId: key.SSHPublicKeyId,
          Encoding: 'SSH',
        }),
      );
      return {
        id: key.SSHPublicKeyId ?? '',
        status: key.Status ?? '',
        body: SSHPublicKey?.SSHPublicKeyBody ?? '',
      };
    }),
  );
  const inlineNames = (await all(paginateListUserPolicies({ client: iam }, { UserName: userName }))).flatMap(
    (page) => page.PolicyNames ?? [],
  );
  const inlinePolicies = await Promise.all(
    inlineNames.map(async (name) => {
      const { PolicyDocument } = await iam.send(
        new GetUserPolicyCommand({ UserName: userName, PolicyName: name }),
      );
      return { name, document: decodeURIComponent(PolicyDocument ?? '') };
    }),
  );
  return {
    ...user,
    ...(loginProfile ? { loginProfile } : {}),
    accessKeys,
    signingCertificates: certificatePages.flatMap((page) =>
      (page.Certificates ?? []).map((cert) => ({
        id: cert.CertificateId ?? '',
        status: cert.Status ?? '',
        body: cert.CertificateBody ?? '',
      })),
    ),
    sshPublicKeys,
    serviceSpecificCredentials,
    mfaDevices,
    groups,
    inlinePolicies,
    attachedPolicyArns: await attachedPoliciesOf(iam, userName),
  };
}

async function serviceSpecificCredentialsOf(
  iam: IAMClient,
  userName: string,
): Promise<LiveUser['serviceSpecificCredentials']> {
  // Not paginated: a user has at most two per service.
  const { ServiceSpecificCredentials } = await iam.send(
    new ListServiceSpecificCredentialsCommand({ UserName: userName }),
  );
  return (ServiceSpecificCredentials ?? []).map((cred) => ({
    id: cred.ServiceSpecificCredentialId ?? '',
    service: cred.ServiceName ?? '',
  }));
}
