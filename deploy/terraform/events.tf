# mfa-warden continuous enforcement, Terraform module: what invokes the function. An EventBridge rule on
# the IAM changes that can leave a user without MFA (delivered only in us-east-1, and only when a CloudTrail
# trail records management events), and an EventBridge Scheduler schedule for the full scan.

locals {
  # Each of these can give a user a console password or access key, take away an MFA device, or change
  # which policies (and so which MFA enforcement) apply to a user.
  iam_event_names = [
    "CreateUser",
    "CreateLoginProfile",
    "UpdateLoginProfile",
    "DeleteLoginProfile",
    "CreateAccessKey",
    "DeactivateMFADevice",
    "DeleteVirtualMFADevice",
    "EnableMFADevice",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
    "PutGroupPolicy",
    "DeleteGroupPolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "PutUserPolicy",
    "DeleteUserPolicy",
    "CreatePolicyVersion",
    "SetDefaultPolicyVersion",
    # Reactivated keys, boundaries, and the exempt tag (tagging a user exempts it: see the README).
    "UpdateAccessKey",
    "PutUserPermissionsBoundary",
    "DeleteUserPermissionsBoundary",
    "TagUser",
    "UntagUser",
  ]
}

resource "aws_cloudwatch_event_rule" "iam" {
  name        = "${var.name}-iam-changes"
  description = "IAM changes that can leave a user without MFA (CloudTrail management events, us-east-1)"
  event_pattern = jsonencode({
    source        = ["aws.iam"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail = {
      eventSource = ["iam.amazonaws.com"]
      eventName   = local.iam_event_names
    }
  })
  tags = var.tags

  lifecycle {
    precondition {
      condition     = local.region == "us-east-1"
      error_message = "Deploy this module with a provider for us-east-1: IAM's CloudTrail events reach EventBridge only there, so a rule elsewhere never fires."
    }
  }
}

resource "aws_cloudwatch_event_target" "iam" {
  rule      = aws_cloudwatch_event_rule.iam.name
  target_id = "mfa-warden"
  arn       = aws_lambda_function.warden.arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 8
  }

  dead_letter_config {
    arn = aws_sqs_queue.dead_letter.arn
  }
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowIamChangeRule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.warden.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.iam.arn
}

# ---- the schedule ----------------------------------------------------------------------------------------

data "aws_iam_policy_document" "scheduler_trust" {
  statement {
    sid     = "SchedulerAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeWarden"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_function.warden.arn]
  }
}

resource "aws_iam_role" "scheduler" {
  name                 = "${var.name}-scheduler"
  description          = "Lets EventBridge Scheduler start the mfa-warden scan"
  assume_role_policy   = data.aws_iam_policy_document.scheduler_trust.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "${var.name}-scheduler"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "scan" {
  name                         = "${var.name}-scan"
  description                  = "mfa-warden full scan"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.warden.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ mfaWarden = "scan" })

    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 3
    }
  }
}
