import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';

// Every change enforcement and undo may make, by IAM operation name. Steps are journaled as data (operation +
// parameters), so a journal written by one version can be undone by the next without replaying our code
// paths, and nothing outside this list can ever be sent.

const OPERATIONS = {
  AddUserToGroup: AddUserToGroupCommand,
  AttachGroupPolicy: AttachGroupPolicyCommand,
  AttachUserPolicy: AttachUserPolicyCommand,
  CreateLoginProfile: CreateLoginProfileCommand,
  CreatePolicy: CreatePolicyCommand,
  CreateUser: CreateUserCommand,
  DeactivateMFADevice: DeactivateMFADeviceCommand,
  DeleteAccessKey: DeleteAccessKeyCommand,
  DeleteLoginProfile: DeleteLoginProfileCommand,
  DeletePolicy: DeletePolicyCommand,
  DeleteServiceSpecificCredential: DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificate: DeleteSigningCertificateCommand,
  DeleteSSHPublicKey: DeleteSSHPublicKeyCommand,
  DeleteUser: DeleteUserCommand,
  DeleteUserPolicy: DeleteUserPolicyCommand,
  DeleteVirtualMFADevice: DeleteVirtualMFADeviceCommand,
  DetachGroupPolicy: DetachGroupPolicyCommand,
  DetachUserPolicy: DetachUserPolicyCommand,
  PutUserPolicy: PutUserPolicyCommand,
  RemoveUserFromGroup: RemoveUserFromGroupCommand,
  UpdateAccessKey: UpdateAccessKeyCommand,
  UploadSigningCertificate: UploadSigningCertificateCommand,
  UploadSSHPublicKey: UploadSSHPublicKeyCommand,
} as const;

type SendArgument = Parameters<IAMClient['send']>[0];

export type IamOperation = keyof typeof OPERATIONS;
export type OperationParams = Readonly<
  Record<string, string | boolean | readonly { Key: string; Value: string }[]>
>;

export function isIamOperation(name: string): name is IamOperation {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/** Sends one change; the caller has journaled it first. Returns the response for the caller to inspect. */
export async function sendOperation(
  iam: IAMClient,
  operation: IamOperation,
  params: OperationParams,
): Promise<unknown> {
  // Each command class takes its own input type; the journal holds plain JSON, so the class is used through
  // one loose constructor type here (the operation name has already selected the SDK's own class).
  const Command = OPERATIONS[operation] as unknown as new (input: OperationParams) => SendArgument;
  return iam.send(new Command(params));
}

/** The error code of an SDK error (NoSuchEntity, EntityAlreadyExists, ...), for tolerant undo. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { name, Code } = error as { name?: unknown; Code?: unknown };
    if (typeof Code === 'string') return Code;
    if (typeof name === 'string') return name;
  }
  return 'Error';
}

export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `${errorCode(error)}: ${message}`;
}
