locals {
  people = distinct(flatten([for team in values(var.teams) : team.members]))
}

# Deny everything but MFA self-enrolment without MFA, for console sessions and access keys alike.
data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid    = "DenyAllExceptMfaSelfEnrolmentWithoutMfa"
    effect = "Deny"
    not_actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "iam:ChangePassword",
      "sts:GetSessionToken",
    ]
    resources = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "require_mfa" {
  name        = "require-mfa"
  description = "Deny everything but MFA self-enrolment without MFA"
  policy      = data.aws_iam_policy_document.require_mfa.json
}

resource "aws_iam_user" "people" {
  for_each = toset(local.people)
  name     = each.key
  path     = "/people/"
}

resource "aws_iam_user_login_profile" "console" {
  for_each = var.console_users
  user     = aws_iam_user.people[each.key].name
}

module "team" {
  source   = "./modules/team"
  for_each = var.teams

  name           = each.key
  members        = [for member in each.value.members : aws_iam_user.people[member].name]
  mfa_policy_arn = each.value.enforce_mfa ? aws_iam_policy.require_mfa.arn : null
}
