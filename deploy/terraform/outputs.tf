# mfa-warden continuous enforcement, Terraform module: what callers (and the organization variant) need.

output "function_arn" {
  description = "ARN of the mfa-warden function."
  value       = aws_lambda_function.warden.arn
}

output "role_arn" {
  description = "ARN of the function's role (its policy grants exactly the modes in enforce_modes)."
  value       = aws_iam_role.function.arn
}

output "journal_bucket_name" {
  description = "Bucket holding the enforcement journal (under journal/); `mfa-warden undo` reads it."
  value       = aws_s3_bucket.journal.bucket
}

output "topic_arn" {
  description = "SNS topic the function publishes findings to; subscribe to it for notifications."
  value       = aws_sns_topic.findings.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue for invocations that failed after every retry; alarm on its depth."
  value       = aws_sqs_queue.dead_letter.id
}

output "config_parameter_name" {
  description = "SSM parameter holding the config (null when config_in_environment is true)."
  value       = local.config_ssm
}
