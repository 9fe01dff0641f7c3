import type { ActionHandler, PreparedStep } from './actionHandler.js';
import { userNameOf } from './actionHandler.js';
import { readWholeUser, type LiveUser } from './liveUser.js';
import { recheckUser } from './recheckUser.js';

// delete-user (Guardrails "Delete unapproved"): the whole user is read and journaled first, then taken apart
// in the order IAM requires (credentials, devices, memberships, policies) and deleted. Undo re-creates the user
// with its path, tags and boundary, groups and policies, a new console password and the public keys and
// certificates; access key secrets, MFA seeds and service-specific passwords cannot come back, and say so.

export const deleteUser: ActionHandler = {
  mode: 'delete-user',
  describe: (action) => `delete user ${userNameOf(action)} with its credentials, devices and policies`,
  async prepare(context, action) {
    const userName = userNameOf(action);
    const skip = await recheckUser(context, action, userName);
    if (skip) return { skip };
    const user = await readWholeUser(context.iam, userName);
    if (!user) return { skip: `user ${userName} no longer exists` };
    return { snapshot: user, steps: deletionSteps(user) };
  },
};

function deletionSteps(user: LiveUser): PreparedStep[] {
  const UserName = user.userName;
  const steps: PreparedStep[] = [];
  if (user.loginProfile)
    steps.push({
      operation: 'DeleteLoginProfile',
      params: { UserName },
      describe: `delete the login profile of ${UserName}`,
      prior: { loginProfile: user.loginProfile },
      undo: [
        {
          operation: 'CreateLoginProfile',
          params: { UserName, PasswordResetRequired: true },
          newPassword: true,
          alreadyDone: ['EntityAlreadyExists'],
          describe: `create a login profile for ${UserName} with a new password (reset at next sign-in)`,
        },
      ],
    });
  for (const key of user.accessKeys)
    steps.push({
      operation: 'DeleteAccessKey',
      params: { UserName, AccessKeyId: key.id },
      describe: `delete access key ${key.id} of ${UserName}`,
      prior: { accessKey: key },
      undo: [
        {
          cannot: `access key ${key.id} (${key.status}) cannot be restored: AWS never returns a secret again; create a new key if ${UserName} needs one`,
        },
      ],
    });
  for (const cert of user.signingCertificates)
    steps.push({
      operation: 'DeleteSigningCertificate',
      params: { UserName, CertificateId: cert.id },
      describe: `delete signing certificate ${cert.id} of ${UserName}`,
      prior: { signingCertificate: cert },
      undo: [
        {
          operation: 'UploadSigningCertificate',
          params: { UserName, CertificateBody: cert.body },
          alreadyDone: ['DuplicateCertificate'],
          describe: `upload signing certificate ${cert.id} of ${UserName} again (Active; it was ${cert.status})`,
        },
      ],
    });
  for (const key of user.sshPublicKeys)
    steps.push({
      operation: 'DeleteSSHPublicKey',
      params: { UserName, SSHPublicKeyId: key.id },
      describe: `delete SSH public key ${key.id} of ${UserName}`,
      prior: { sshPublicKey: key },
      undo: [
        {
          operation: 'UploadSSHPublicKey',
          params: { UserName, SSHPublicKeyBody: key.body },
          alreadyDone: ['DuplicateSSHPublicKey'],
          describe: `upload SSH public key ${key.id} of ${UserName} again (Active; it was ${key.status})`,
        },
      ],
    });
  for (const cred of user.serviceSpecificCredentials)
    steps.push({
      operation: 'DeleteServiceSpecificCredential',
      params: { UserName, ServiceSpecificCredentialId: cred.id },
      describe: `delete the ${cred.service} credential ${cred.id} of ${UserName}`,
      prior: { serviceSpecificCredential: cred },
      undo: [
        {
          cannot: `the ${cred.service} credential ${cred.id} cannot be restored (its password is gone); reset a new one for ${UserName}`,
        },
      ],
    });
  for (const serial of user.mfaDevices) {
    const cannot = {
      cannot: `MFA device ${serial} cannot be re-enabled without its seed: ${UserName} enrols again (mfa-warden mfa enroll --user ${UserName})`,
    };
    steps.push({
      operation: 'DeactivateMFADevice',
      params: { UserName, SerialNumber: serial },
      describe: `deactivate MFA device ${serial} of ${UserName}`,
      prior: { mfaDevice: serial },
      undo: [cannot],
    });
    if (serial.includes(':mfa/'))
      steps.push({
        operation: 'DeleteVirtualMFADevice',
        params: { SerialNumber: serial },
        describe: `delete virtual MFA device ${serial}`,
        prior: { virtualMfaDevice: serial },
        undo: [{ cannot: `virtual MFA device ${serial} is deleted with its seed` }],
      });
  }
  for (const group of user.groups)
    steps.push({
      operation: 'RemoveUserFromGroup',
      params: { UserName, GroupName: group },
      describe: `remove ${UserName} from group ${group}`,
      prior: { group },
      undo: [
        {
          operation: 'AddUserToGroup',
          params: { UserName, GroupName: group },
          describe: `add ${UserName} to group ${group} again`,
        },
      ],
    });
  for (const policy of user.inlinePolicies)
    steps.push({
      operation: 'DeleteUserPolicy',
      params: { UserName, PolicyName: policy.name },
      describe: `delete inline policy ${policy.name} of ${UserName}`,
      prior: { inlinePolicy: policy },
      undo: [
        {
          operation: 'PutUserPolicy',
          params: { UserName, PolicyName: policy.name, PolicyDocument: policy.document },
          describe: `put inline policy ${policy.name} of ${UserName} back`,
        },
      ],
    });
  for (const arn of user.attachedPolicyArns)
    steps.push({
      operation: 'DetachUserPolicy',
      params: { UserName, PolicyArn: arn },
      describe: `detach ${arn} from ${UserName}`,
      prior: { attachedPolicyArn: arn },
      undo: [
        {
          operation: 'AttachUserPolicy',
          params: { UserName, PolicyArn: arn },
          describe: `attach ${arn} to ${UserName} again`,
        },
      ],
    });
  steps.push({
    operation: 'DeleteUser',
    params: { UserName },
    describe: `delete user ${UserName}`,
    prior: {
      path: user.path,
      tags: user.tags,
      createDate: user.createDate,
      permissionsBoundaryArn: user.permissionsBoundaryArn,
    },
    undo: [
      {
        operation: 'CreateUser',
        params: {
          UserName,
          Path: user.path,
          ...(user.permissionsBoundaryArn ? { PermissionsBoundary: user.permissionsBoundaryArn } : {}),
          ...(user.tags.length > 0 ? { Tags: user.tags } : {}),
        },
        alreadyDone: ['EntityAlreadyExists'],
        describe: `create user ${UserName} again (path ${user.path}${user.tags.length ? `, ${user.tags.length} tags` : ''})`,
      },
    ],
  });
  return steps;
}
