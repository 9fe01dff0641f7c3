// The two lists the MFA verdicts rest on.
//
// MFA SELF-ENROLMENT: what a user who has not used MFA must still be able to do, so that they can set up a
// device and then sign in with it. A policy that leaves only these reachable without MFA enforces MFA.
// - iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:ResyncMFADevice: register and activate a device.
// - iam:ListMFADevices, iam:ListVirtualMFADevices, iam:GetMFADevice, iam:GetUser: the console's Security
//   credentials page reads these to show the user's own device state (AWS's reference policies exempt them).
// - iam:ChangePassword, iam:GetAccountPasswordPolicy: a forced password reset happens at first sign-in, before
//   any MFA device can exist; changing a password needs the current one, so it grants nothing new.
// - iam:ListUsers: exempted by AWS's "IAM: Allows IAM users to self-manage an MFA device" reference policy
//   for the IAM console's Users page; read-only enumeration of user names.
// - sts:GetSessionToken: how CLI/API users present their MFA code; policies cannot deny it anyway.
// - sts:GetCallerIdentity: callable whatever the policies say ("No permissions are required"); it returns
//   only the caller's own identity.
// - iam:GetAccountSummary, iam:ListAccountAliases, iam:ListAccessKeys, iam:ListSSHPublicKeys,
//   iam:ListServiceSpecificCredentials, iam:ListSigningCertificates: read-only, the Security credentials page
//   lists them; AWS's earlier "self-manage MFA device" reference policy (and terraform-module/enforce-mfa
//   v0.x, which copied it) exempted them. They reveal metadata, never a secret, and grant nothing.
// - iam:DeleteVirtualMFADevice: the same reference policy exempted it so that a failed enrolment can be
//   retried. IAM refuses to delete a device that is still enabled ("you must first deactivate"), and
//   deactivating needs MFA, so it cannot remove a working device. mfa-exemptions-minimal still flags it.
// Deliberately NOT here: iam:DeactivateMFADevice (AWS: "Users that are not authenticated using MFA should
// never be allowed to delete their MFA device"), and anything that creates credentials (iam:CreateAccessKey,
// iam:CreateLoginProfile) or changes permissions.
export const MFA_SELF_ENROLMENT_ACTIONS: readonly string[] = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:DeleteVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetAccountSummary',
  'iam:GetMFADevice',
  'iam:GetUser',
  'iam:ListAccessKeys',
  'iam:ListAccountAliases',
  'iam:ListMFADevices',
  'iam:ListServiceSpecificCredentials',
  'iam:ListSigningCertificates',
  'iam:ListSSHPublicKeys',
  'iam:ListUsers',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
];

const selfEnrolment = new Set(MFA_SELF_ENROLMENT_ACTIONS.map((action) => action.toLowerCase()));

export function isSelfEnrolmentAction(action: string): boolean {
  return selfEnrolment.has(action.toLowerCase());
}

const selfEnrolmentServices = new Set(
  [...selfEnrolment].map((action) => action.slice(0, action.indexOf(':'))),
);

/** Has the service (lower-case prefix) any self-enrolment action? Other services need no per-action test. */
export function hasSelfEnrolmentActions(service: string): boolean {
  return selfEnrolmentServices.has(service);
}

// SENSITIVE: reachable without MFA, these let a stolen password or key turn into lasting or wider access.
export type SensitiveCategory =
  'credential-creation' | 'permission-change' | 'role-assumption' | 'mfa-removal';

export const SENSITIVE_ACTION_PATTERNS: readonly {
  readonly pattern: string;
  readonly category: SensitiveCategory;
}[] = [
  { pattern: 'iam:CreateAccessKey', category: 'credential-creation' },
  { pattern: 'iam:CreateLoginProfile', category: 'credential-creation' },
  { pattern: 'iam:UpdateLoginProfile', category: 'credential-creation' },
  { pattern: 'iam:CreateServiceSpecificCredential', category: 'credential-creation' },
  { pattern: 'sts:GetFederationToken', category: 'credential-creation' },
  { pattern: 'iam:Attach*Policy', category: 'permission-change' },
  { pattern: 'iam:Put*Policy', category: 'permission-change' },
  { pattern: 'iam:CreatePolicyVersion', category: 'permission-change' },
  { pattern: 'iam:SetDefaultPolicyVersion', category: 'permission-change' },
  { pattern: 'iam:AddUserToGroup', category: 'permission-change' },
  { pattern: 'iam:UpdateAssumeRolePolicy', category: 'permission-change' },
  { pattern: 'iam:Delete*PermissionsBoundary', category: 'permission-change' },
  { pattern: 'iam:PassRole', category: 'role-assumption' },
  { pattern: 'sts:AssumeRole*', category: 'role-assumption' },
  { pattern: 'sts:AssumeRoot', category: 'role-assumption' },
  { pattern: 'iam:DeactivateMFADevice', category: 'mfa-removal' },
  { pattern: 'iam:DeleteVirtualMFADevice', category: 'mfa-removal' },
];

const sensitiveMatchers = SENSITIVE_ACTION_PATTERNS.map(({ pattern, category }) => ({
  regex: new RegExp(`^${pattern.toLowerCase().replace(/\*/g, '.*')}$`),
  category,
}));

/** The services the patterns name ("iam:", "sts:"): any other action is not sensitive, without a regex. */
const sensitivePrefixes = [
  ...new Set(SENSITIVE_ACTION_PATTERNS.map((p) => p.pattern.split(':')[0] + ':')),
].map((prefix) => prefix.toLowerCase());

export function sensitiveCategory(action: string): SensitiveCategory | undefined {
  const lower = action.toLowerCase();
  if (!sensitivePrefixes.some((prefix) => lower.startsWith(prefix))) return undefined;
  return sensitiveMatchers.find((m) => m.regex.test(lower))?.category;
}

/**
 * Can temporary credentials from GetSessionToken WITHOUT MFA call this action? IAM documents that they
 * "cannot call IAM API operations unless MFA information is included" nor STS operations "except AssumeRole
 * or GetCallerIdentity".
 */
export function callableWithSessionTokenWithoutMfa(action: string): boolean {
  const lower = action.toLowerCase();
  if (lower.startsWith('iam:')) return false;
  if (lower.startsWith('sts:')) return lower === 'sts:assumerole' || lower === 'sts:getcalleridentity';
  return true;
}
