// HCL snippets shared by the Terraform adapter's tests: an MFA-enforcing policy and its near misses, each
// formatted as `terraform fmt` writes it (the tests check that).

/** A jsonencode() document (as an attribute value at indentation 2) denying all but self-enrolment. */
export function enforcingJson(
  operator = 'BoolIfExists',
  key = 'aws:MultiFactorAuthPresent',
  value = 'false',
): string {
  return `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyWithoutMfa"
      Effect = "Deny"
      NotAction = [
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "iam:GetUser",
        "iam:ListMFADevices",
        "iam:ListVirtualMFADevices",
        "iam:ResyncMFADevice",
        "sts:GetSessionToken",
      ]
      Resource  = "*"
      Condition = { ${operator} = { "${key}" = "${value}" } }
    }]
  })`;
}

export function group(name: string): string {
  return `resource "aws_iam_group" "${name}" {
  name = "${name}"
}
`;
}

export function groupWithInlinePolicy(policy: string, name = 'support'): string {
  return `${group(name)}
resource "aws_iam_group_policy" "${name}_mfa" {
${policy.includes('\n') ? '  name  = "require-mfa"\n  group = ' : '  name   = "require-mfa"\n  group  = '}aws_iam_group.${name}.name
  policy = ${policy}
}
`;
}

export function managedPolicy(name: string, policy: string): string {
  // terraform fmt aligns "=" only across single-line attributes: a multi-line value ends the group.
  return `resource "aws_iam_policy" "${name}" {
  name${policy.includes('\n') ? '' : '  '} = "${name}"
  policy = ${policy}
}
`;
}
