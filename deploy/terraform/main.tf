# mfa-warden continuous enforcement, Terraform module: the function, its log group and its config. The
# function scans on a schedule (scheduler.tf) and re-checks the users an IAM change touches (events.tf);
# iam.tf holds its least-privilege role, storage.tf the journal bucket, topic and dead-letter queue.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id

  function_name  = var.name
  log_group_name = "/aws/lambda/${var.name}"
  config_ssm     = var.config_in_environment ? null : "/${var.name}/config"

  # The modes the config's enforce key asks for; each must be in enforce_modes (checked on the function).
  config_modes = [
    for check in try(keys(yamldecode(var.config).enforce), []) :
    try(tostring(yamldecode(var.config).enforce[check].mode), "")
  ]

  # Lambda's environment is limited to 4 KB in total; inline config counts against it.
  environment = merge(
    {
      MFA_WARDEN_APPLY          = tostring(var.apply)
      MFA_WARDEN_JOURNAL_BUCKET = aws_s3_bucket.journal.bucket
      MFA_WARDEN_JOURNAL_PREFIX = "journal/"
      MFA_WARDEN_SNS_TOPIC_ARN  = aws_sns_topic.findings.arn
      MFA_WARDEN_SECURITY_HUB   = tostring(var.security_hub)
    },
    var.config_in_environment ? tomap({ MFA_WARDEN_CONFIG = var.config }) : tomap({ MFA_WARDEN_CONFIG_SSM = local.config_ssm }),
  )
}

resource "aws_ssm_parameter" "config" {
  count = var.config_in_environment ? 0 : 1

  name        = local.config_ssm
  description = "mfa-warden config (YAML) read by the ${var.name} function"
  type        = "String"
  tier        = "Intelligent-Tiering" # Standard up to 4 KB, Advanced above
  value       = var.config
  tags        = var.tags
}

resource "aws_cloudwatch_log_group" "function" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "warden" {
  function_name = local.function_name
  description   = "mfa-warden: audits and enforces MFA for IAM users (scheduled scan and IAM change events)"
  role          = aws_iam_role.function.arn
  runtime       = var.runtime
  handler       = "dist/lambda/index.handler"
  memory_size   = var.memory_size
  timeout       = var.timeout

  filename          = var.lambda_zip_path
  source_code_hash  = var.lambda_zip_path == null ? null : filebase64sha256(var.lambda_zip_path)
  s3_bucket         = var.lambda_s3_bucket
  s3_key            = var.lambda_s3_key
  s3_object_version = var.lambda_s3_object_version

  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    variables = local.environment
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dead_letter.arn
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function.name
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = (var.lambda_zip_path != null) != (var.lambda_s3_bucket != null && var.lambda_s3_key != null)
      error_message = "Set either lambda_zip_path or both lambda_s3_bucket and lambda_s3_key."
    }
    precondition {
      condition     = alltrue([for mode in local.config_modes : mode == "" || contains(var.enforce_modes, mode)])
      error_message = "The config's enforce key uses a mode that is not in enforce_modes: the role would not be allowed to carry it out."
    }
  }

  depends_on = [aws_iam_role_policy.function, aws_cloudwatch_log_group.function]
}

resource "aws_lambda_function_event_invoke_config" "warden" {
  function_name                = aws_lambda_function.warden.function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600
}
