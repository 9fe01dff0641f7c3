import type { Source } from '../model/source.js';

// Where in code a finding's resource was declared, as a remediation snippet can refer to it: a Terraform
// root-module address becomes a reference (aws_iam_group.devs.name), a CloudFormation logical id a !Ref.

export type CodeTool = 'terraform' | 'cloudformation';

/** Which IaC tool declared the resource; undefined for a live account or an export. */
export function codeToolOf(source: Source): CodeTool | undefined {
  if (source.kind !== 'iac') return undefined;
  // Terraform addresses are TYPE.NAME (maybe in modules); CloudFormation logical ids are alphanumeric.
  return source.address.includes('.') ? 'terraform' : 'cloudformation';
}

/**
 * `aws_iam_group.devs.name` (or `aws_iam_user.people["dave"].name`) for a resource declared in the root module;
 * undefined elsewhere: a module's resources are not in scope of the root module.
 */
export function terraformReference(source: Source, attribute: string): string | undefined {
  if (codeToolOf(source) !== 'terraform' || source.kind !== 'iac') return undefined;
  return /^aws_[a-z0-9_]+\.[A-Za-z_][\w-]*(?:\[(?:"[^"\\$%]*"|\d+)\])?$/.test(source.address)
    ? `${source.address}.${attribute}`
    : undefined;
}

/** The logical id of a CloudFormation resource, for `!Ref`; undefined for anything else. */
export function logicalIdOf(source: Source): string | undefined {
  return codeToolOf(source) === 'cloudformation' && source.kind === 'iac' ? source.address : undefined;
}

/** "infra/iam.tf:12 (aws_iam_group.devs)", for remediation texts about code. */
export function codeLocation(source: Source): string | undefined {
  return source.kind === 'iac' ? `${source.file}:${source.line} (${source.address})` : undefined;
}

/** `module.team["ops"]` for a resource declared inside a module; undefined for the root module and non-code. */
export function terraformModuleOf(source: Source): string | undefined {
  if (codeToolOf(source) !== 'terraform' || source.kind !== 'iac') return undefined;
  return /^(module\.[\w-]+(?:\[[^\]]*\])?(?:\.module\.[\w-]+(?:\[[^\]]*\])?)*)\./.exec(source.address)?.[1];
}
