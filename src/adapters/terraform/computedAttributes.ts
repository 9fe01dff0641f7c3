import { createHash } from 'node:crypto';
import { awsManagedPolicy } from '../iac/awsManagedPolicies.js';
import { IAC_ACCOUNT_ID, IAC_PARTITION, iamArn } from '../iac/iacAccountBuilder.js';
import { renderPolicyDocument } from './policyDocument.js';
import { widenPolicyDocumentStatements } from './soundPolicyDocument.js';
import { isTfUnknown, tfToString, tfUnknown, TfUnknown, type TfObject, type TfValue } from './value.js';

// Attributes Terraform knows only after apply (arn, id, generated names) are computed here the way AWS forms
// them for IAM: an ARN from path and name in the placeholder account, so `aws_iam_policy.x.arn` in one
// resource and the policy declared in another are the same string. Data sources we model answer from code
// or from the bundled AWS managed policy snapshot; any other computed attribute is unknown with the reason.

const PRINCIPAL_TYPES: Record<string, 'user' | 'group' | 'role'> = {
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
};

function generatedName(address: string, prefix: string): string {
  const digest = createHash('sha256').update(address).digest('hex').slice(0, 12);
  return `${prefix}${digest}`;
}

/** The name a resource will have: `name`, else `name_prefix` + a generated suffix, as the provider does. */
export function resourceName(attrs: TfObject, address: string): TfValue {
  const name = attrs.name;
  if (name !== undefined && name !== null) return isTfUnknown(name) ? name : tfToString(name);
  const prefix = attrs.name_prefix;
  if (isTfUnknown(prefix)) return prefix;
  return generatedName(address, typeof prefix === 'string' ? prefix : 'terraform-');
}

export function computedAttributes(
  mode: 'managed' | 'data',
  type: string,
  attrs: TfObject,
  address: string,
  account = IAC_ACCOUNT_ID,
): TfObject {
  return mode === 'data'
    ? dataAttributes(type, attrs, account)
    : managedAttributes(type, attrs, address, account);
}

function managedAttributes(type: string, attrs: TfObject, address: string, account: string): TfObject {
  const principal = PRINCIPAL_TYPES[type];
  if (principal) {
    const name = resourceName(attrs, address);
    const arn = arnOf(principal, attrs.path, name, account);
    return {
      name,
      id: name,
      arn,
      unique_id: tfUnknown(`${address}.unique_id is known only after apply`),
      ...(type === 'aws_iam_role' ? { create_date: tfUnknown('known only after apply') } : {}),
    };
  }
  if (type === 'aws_iam_policy') {
    const name = resourceName(attrs, address);
    const arn = arnOf('policy', attrs.path, name, account);
    return { name, arn, id: arn, policy_id: tfUnknown(`${address}.policy_id is known only after apply`) };
  }
  if (type === 'aws_iam_group_policy' || type === 'aws_iam_user_policy' || type === 'aws_iam_role_policy') {
    return { id: tfUnknown(`${address}.id is known only after apply`) };
  }
  if (type === 'aws_s3_bucket' && typeof attrs.bucket === 'string') {
    // S3 bucket ARNs have no account or region: known from the name, and common in IAM policies.
    return { id: attrs.bucket, arn: `arn:${IAC_PARTITION}:s3:::${attrs.bucket}` };
  }
  return { id: attrs.id ?? tfUnknown(`${address}.id is known only after apply`) };
}

function arnOf(
  kind: 'user' | 'group' | 'role' | 'policy',
  path: TfValue | undefined,
  name: TfValue,
  account: string,
): TfValue {
  if (isTfUnknown(name)) return name;
  if (isTfUnknown(path)) return path;
  const pathText = typeof path === 'string' ? path : undefined;
  return iamArn(kind, pathText, String(name), account);
}

function dataAttributes(type: string, attrs: TfObject, account: string): TfObject {
  switch (type) {
    case 'aws_iam_policy_document': {
      const rendered = renderPolicyDocument(widenPolicyDocumentStatements(attrs));
      return {
        json: rendered.json,
        minified_json: rendered.minifiedJson,
        id: tfUnknown('known only after read'),
      };
    }
    case 'aws_caller_identity':
      return {
        account_id: account,
        id: account,
        arn: tfUnknown('the caller ARN is known only when Terraform runs'),
        user_id: tfUnknown('the caller id is known only when Terraform runs'),
      };
    case 'aws_partition':
      return {
        partition: IAC_PARTITION,
        id: IAC_PARTITION,
        dns_suffix: 'amazonaws.com',
        reverse_dns_prefix: 'com.amazonaws',
      };
    case 'aws_iam_policy': {
      const arn = attrs.arn;
      const byName =
        typeof attrs.name === 'string' ? `arn:${IAC_PARTITION}:iam::aws:policy/${attrs.name}` : undefined;
      const candidate = typeof arn === 'string' ? arn : byName;
      const managed = candidate ? awsManagedPolicy(candidate) : undefined;
      if (managed && candidate) {
        return {
          arn: candidate,
          name: managed.name,
          path: managed.path,
          policy: JSON.stringify(managed.document),
          id: candidate,
        };
      }
      if (isTfUnknown(arn)) return { arn, policy: arn };
      const reason = `data.aws_iam_policy reads ${candidate ?? 'a policy'} from the account; it is not in this code or the AWS managed policy snapshot`;
      return { arn: typeof arn === 'string' ? arn : tfUnknown(reason), policy: tfUnknown(reason) };
    }
    case 'aws_iam_group':
    case 'aws_iam_user':
    case 'aws_iam_role': {
      const kind = PRINCIPAL_TYPES[type] as 'user' | 'group' | 'role';
      const nameKey = kind === 'group' ? 'group_name' : kind === 'user' ? 'user_name' : 'name';
      const name = attrs[nameKey] ?? attrs.name ?? tfUnknown(`${type} data source without a name`);
      const nameText = isTfUnknown(name) ? name : tfToString(name);
      if (nameText instanceof TfUnknown) return { arn: nameText };
      return { arn: iamArn(kind, undefined, nameText, account), id: nameText };
    }
    default:
      return {};
  }
}
