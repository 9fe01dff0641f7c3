import { z } from 'zod';

// The shapes of the JSON files the aws CLI writes, checked only as far as the model depends on them: names and
// ARNs must be there, lists must be lists. Everything else passes through untouched (looseObject), including
// policy documents, which the CLI writes as decoded objects and the API as URL-encoded strings; src/policy/
// normalises both.

const policyItem = z.looseObject({ PolicyName: z.string(), PolicyDocument: z.unknown() });
const attachedPolicy = z.looseObject({ PolicyName: z.string().optional(), PolicyArn: z.string() });
const permissionsBoundary = z.looseObject({ PermissionsBoundaryArn: z.string().optional() });
const tag = z.looseObject({ Key: z.string(), Value: z.string() });

const userDetail = z.looseObject({
  UserName: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  UserId: z.string().optional(),
  CreateDate: z.string().optional(),
  UserPolicyList: z.array(policyItem).optional(),
  GroupList: z.array(z.string()).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  PermissionsBoundary: permissionsBoundary.optional(),
  Tags: z.array(tag).optional(),
});

const groupDetail = z.looseObject({
  GroupName: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  GroupId: z.string().optional(),
  CreateDate: z.string().optional(),
  GroupPolicyList: z.array(policyItem).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
});

const roleDetail = z.looseObject({
  RoleName: z.string(),
  Arn: z.string(),
  Path: z.string().optional(),
  RoleId: z.string().optional(),
  CreateDate: z.string().optional(),
  AssumeRolePolicyDocument: z.unknown(),
  RolePolicyList: z.array(policyItem).optional(),
  AttachedManagedPolicies: z.array(attachedPolicy).optional(),
  PermissionsBoundary: permissionsBoundary.optional(),
  Tags: z.array(tag).optional(),
});

// moto omits PolicyName and PolicyId here; the name is also the last segment of the ARN.
const managedPolicyDetail = z.looseObject({
  Arn: z.string(),
  PolicyName: z.string().optional(),
  PolicyId: z.string().optional(),
  Path: z.string().optional(),
  DefaultVersionId: z.string().optional(),
  PolicyVersionList: z
    .array(
      z.looseObject({
        Document: z.unknown(),
        VersionId: z.string().optional(),
        IsDefaultVersion: z.boolean().optional(),
      }),
    )
    .optional(),
});

// All four lists are required: `--filter` drops some, and a missing Policies list would leave every attached
// managed policy unresolved, a GroupDetailList every group's enforcement unseen.
export const authorizationDetailsSchema = z.looseObject({
  UserDetailList: z.array(userDetail),
  GroupDetailList: z.array(groupDetail),
  RoleDetailList: z.array(roleDetail),
  Policies: z.array(managedPolicyDetail),
});

export const credentialReportJsonSchema = z.looseObject({
  Content: z.string(),
  ReportFormat: z.string().optional(),
  GeneratedTime: z.string().optional(),
});

export const accountSummarySchema = z.looseObject({
  SummaryMap: z.record(z.string(), z.number()),
});

export const virtualMfaDevicesSchema = z.looseObject({
  VirtualMFADevices: z.array(
    z.looseObject({
      SerialNumber: z.string(),
      // The root user's entry has an Arn ending in :root and no UserName.
      User: z.looseObject({ Arn: z.string().optional(), UserName: z.string().optional() }).optional(),
      EnableDate: z.string().optional(),
    }),
  ),
});
