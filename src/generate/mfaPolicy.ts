// The MFA-enforcing identity policy mfa-warden generates (and enforcement attaches to groups): AWS's example
// "Allows MFA-authenticated IAM users to manage their own credentials on the Security credentials page".
// Users may view account information and manage their own password, access keys, signing certificates, SSH
// keys, Git credentials and MFA devices; without MFA, everything except MFA self-enrolment is denied, for
// console sessions and access keys alike (BoolIfExists: a long-term key carries no MFA key at all).
import { checkedExemptArns, exemptCondition } from './exemptArns.js';

export const DEFAULT_MFA_POLICY_NAME = 'mfa-warden-require-mfa';

/**
 * What the Deny leaves reachable without MFA: AWS's NotAction list for this example, all of it inside
 * MFA_SELF_ENROLMENT_ACTIONS (src/policy/mfaActionLists.ts), so our own engine says "enforced". Nothing had
 * to be dropped. Left out on purpose, as AWS advises: iam:ChangePassword and iam:GetAccountPasswordPolicy
 * (a forced reset at first sign-in then needs MFA first), and iam:DeleteVirtualMFADevice, which the older
 * version of the example allowed on `mfa/${aws:username}`; with `mfa/*` it would reach other users' devices.
 */
export const MFA_POLICY_NOT_ACTIONS: readonly string[] = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];

const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

export interface MfaPolicyOptions {
  /** Principals (break-glass users) the Deny does not apply to: `ArnNotLike aws:PrincipalArn`. */
  readonly exemptArns?: readonly string[];
}

/** The policy document as plain JSON; a fresh object on every call, the same for the same options. */
export function mfaEnforcingPolicyDocument(options: MfaPolicyOptions = {}): Record<string, unknown> {
  const exempt = checkedExemptArns(options.exemptArns);
  const allowOwn = (sid: string, actions: readonly string[]) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: [...actions],
    Resource: OWN_USER,
  });
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowViewAccountInfo',
        Effect: 'Allow',
        Action: ['iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
        Resource: '*',
      },
      allowOwn('AllowManageOwnPasswords', ['iam:ChangePassword', 'iam:GetUser']),
      allowOwn('AllowManageOwnAccessKeys', [
        'iam:CreateAccessKey',
        'iam:DeleteAccessKey',
        'iam:GetAccessKeyLastUsed',
        'iam:ListAccessKeys',
        'iam:UpdateAccessKey',
      ]),
      allowOwn('AllowManageOwnSigningCertificates', [
        'iam:DeleteSigningCertificate',
        'iam:ListSigningCertificates',
        'iam:UpdateSigningCertificate',
        'iam:UploadSigningCertificate',
      ]),
      allowOwn('AllowManageOwnSSHPublicKeys', [
        'iam:DeleteSSHPublicKey',
        'iam:GetSSHPublicKey',
        'iam:ListSSHPublicKeys',
        'iam:UpdateSSHPublicKey',
        'iam:UploadSSHPublicKey',
      ]),
      allowOwn('AllowManageOwnGitCredentials', [
        'iam:CreateServiceSpecificCredential',
        'iam:DeleteServiceSpecificCredential',
        'iam:ListServiceSpecificCredentials',
        'iam:ResetServiceSpecificCredential',
        'iam:UpdateServiceSpecificCredential',
      ]),
      {
        // Device names are free (a user may have several), so creating one is allowed on any name; the
        // device is useless until EnableMFADevice attaches it to the caller's own user below.
        Sid: 'AllowManageOwnVirtualMFADevice',
        Effect: 'Allow',
        Action: ['iam:CreateVirtualMFADevice'],
        Resource: 'arn:aws:iam::*:mfa/*',
      },
      allowOwn('AllowManageOwnUserMFA', [
        'iam:DeactivateMFADevice',
        'iam:EnableMFADevice',
        'iam:GetMFADevice',
        'iam:ListMFADevices',
        'iam:ResyncMFADevice',
      ]),
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: [...MFA_POLICY_NOT_ACTIONS],
        Resource: '*',
        Condition: {
          BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
          ...exemptCondition(exempt),
        },
      },
    ],
  };
}
