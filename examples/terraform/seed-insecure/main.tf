# The insecure example of tfsec/Trivy's aws-iam-enforce-mfa check: two groups, nothing enforces MFA.

data "aws_caller_identity" "current" {}

resource "aws_iam_group" "support" {
  name = "support"
}

resource "aws_iam_group" "developers" {
  name = "developers"
}
