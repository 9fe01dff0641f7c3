# mfa-warden continuous enforcement, Terraform module: the function's least-privilege role. The scan reads
# IAM; everything else is scoped to this module's own log group, parameter, bucket, topic and queue; each
# enforcement mode adds exactly the IAM changes it makes, and only when listed in var.enforce_modes.

locals {
  iam_arn        = "arn:${local.partition}:iam::${local.account_id}"
  user_arns      = ["${local.iam_arn}:user/*"]
  mfa_policy_arn = "${local.iam_arn}:policy/${var.mfa_policy_name}"
  enforcement_groups = flatten([
    for group in var.enforcement_group_names :
    group == "*" ? ["${local.iam_arn}:group/*"] : ["${local.iam_arn}:group/${group}", "${local.iam_arn}:group/*/${group}"]
  ])

  # What each enforcement mode changes in IAM. A statement: sid, actions, resources and conditions.
  mode_statements = {
    "remove-console-access" = [
      { sid = "RemoveConsoleAccess", actions = ["iam:DeleteLoginProfile"], resources = local.user_arns, conditions = [] },
    ]
    "deactivate-access-keys" = [
      { sid = "DeactivateAccessKeys", actions = ["iam:UpdateAccessKey"], resources = local.user_arns, conditions = [] },
    ]
    "attach-mfa-policy" = [
      { sid = "CreateMfaPolicy", actions = ["iam:CreatePolicy"], resources = [local.mfa_policy_arn], conditions = [] },
      {
        sid       = "AttachMfaPolicy"
        actions   = ["iam:AttachGroupPolicy", "iam:AttachUserPolicy"]
        resources = concat(["${local.iam_arn}:group/*"], local.user_arns)
        conditions = [
          { test = "ArnEquals", variable = "iam:PolicyARN", values = [local.mfa_policy_arn] },
        ]
      },
    ]
    "add-to-group" = [
      { sid = "AddToGroup", actions = ["iam:AddUserToGroup"], resources = local.enforcement_groups, conditions = [] },
    ]
    "delete-user" = [
      {
        sid = "DeleteUser"
        actions = [
          "iam:DeleteLoginProfile",
          "iam:DeleteAccessKey",
          "iam:ListSigningCertificates",
          "iam:DeleteSigningCertificate",
          "iam:ListSSHPublicKeys",
          "iam:GetSSHPublicKey",
          "iam:DeleteSSHPublicKey",
          "iam:ListServiceSpecificCredentials",
          "iam:DeleteServiceSpecificCredential",
          "iam:DeactivateMFADevice",
          "iam:DeleteVirtualMFADevice",
          "iam:RemoveUserFromGroup",
          "iam:DeleteUserPolicy",
          "iam:DetachUserPolicy",
          "iam:DeleteUser",
        ]
        # DeleteVirtualMFADevice acts on the device (mfa/...), RemoveUserFromGroup on the group.
        resources  = concat(local.user_arns, ["${local.iam_arn}:mfa/*", "${local.iam_arn}:group/*"])
        conditions = []
      },
    ]
  }

  enforcement_statements = flatten([for mode in distinct(var.enforce_modes) : local.mode_statements[mode]])
}

data "aws_iam_policy_document" "function_trust" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "function" {
  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }

  # Account-wide reads: these IAM operations take no resource.
  statement {
    sid = "ScanAccount"
    actions = [
      "iam:GenerateCredentialReport",
      "iam:GetCredentialReport",
      "iam:GetAccountAuthorizationDetails",
      "iam:ListVirtualMFADevices",
      "iam:GetAccountSummary",
    ]
    resources = ["*"]
  }

  # Reads of single users, groups and policies: the scheduled scan and the re-check after an IAM event.
  statement {
    sid = "ReadUsers"
    actions = [
      "iam:GetLoginProfile",
      "iam:ListMFADevices",
      "iam:GetUser",
      "iam:ListGroupsForUser",
      "iam:ListUserPolicies",
      "iam:GetUserPolicy",
      "iam:ListAttachedUserPolicies",
      "iam:ListAccessKeys",
    ]
    resources = local.user_arns
  }

  statement {
    sid = "ReadGroups"
    actions = [
      "iam:GetGroup",
      "iam:GetGroupPolicy",
      "iam:ListGroupPolicies",
      "iam:ListAttachedGroupPolicies",
    ]
    resources = ["${local.iam_arn}:group/*"]
  }

  # The scan reads each AWS managed policy a principal uses (GetPolicy, then GetPolicyVersion of its default
  # version): GetAccountAuthorizationDetails is asked without AWSManagedPolicy.
  statement {
    sid       = "ReadPolicies"
    actions   = ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListEntitiesForPolicy"]
    resources = ["${local.iam_arn}:policy/*", "arn:${local.partition}:iam::aws:policy/*"]
  }

  dynamic "statement" {
    for_each = var.config_in_environment ? [] : [1]
    content {
      sid       = "ReadConfig"
      actions   = ["ssm:GetParameter"]
      resources = [aws_ssm_parameter.config[0].arn]
    }
  }

  statement {
    sid       = "WriteJournal"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${aws_s3_bucket.journal.arn}/journal/*"]
  }

  statement {
    sid       = "ListJournal"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.journal.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["journal/", "journal/*"]
    }
  }

  statement {
    sid       = "PublishFindings"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.findings.arn]
  }

  # Findings go to Security Hub only when enabled; GetFindings lists this product's earlier findings, so those a
  # complete scan no longer produces are archived.
  dynamic "statement" {
    for_each = var.security_hub ? [1] : []
    content {
      sid       = "ImportFindings"
      actions   = ["securityhub:BatchImportFindings"]
      resources = ["arn:${local.partition}:securityhub:${local.region}:${local.account_id}:product/${local.account_id}/default"]
    }
  }

  dynamic "statement" {
    for_each = var.security_hub ? [1] : []
    content {
      sid       = "ReadOwnFindings"
      actions   = ["securityhub:GetFindings"]
      resources = ["arn:${local.partition}:securityhub:${local.region}:${local.account_id}:hub/default"]
    }
  }

  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }

  dynamic "statement" {
    for_each = local.enforcement_statements
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role" "function" {
  name                 = "${var.name}-function"
  description          = "mfa-warden function: reads IAM, enforces only the modes ${jsonencode(var.enforce_modes)}"
  assume_role_policy   = data.aws_iam_policy_document.function_trust.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "function" {
  name   = "${var.name}-function"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}
