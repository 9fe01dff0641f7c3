# The secure example of tfsec/Trivy's aws-iam-enforce-mfa check: terraform-module/enforce-mfa/aws 0.12.0
# attaches its MFA-enforcing policy to the support group. mfa-warden models the module by version, so it
# does not need `terraform init` to know what 0.12.0 denies.

data "aws_caller_identity" "current" {}

resource "aws_iam_group" "support" {
  name = "support"
}

module "enforce_mfa" {
  source  = "terraform-module/enforce-mfa/aws"
  version = "0.12.0"

  policy_name                     = "managed-mfa-enforce"
  account_id                      = data.aws_caller_identity.current.id
  groups                          = [aws_iam_group.support.name]
  manage_own_signing_certificates = true
  manage_own_ssh_public_keys      = true
  manage_own_git_credentials      = true
}
