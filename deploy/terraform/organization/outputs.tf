# mfa-warden continuous enforcement, organization variant (Terraform): outputs.

output "stack_set_id" {
  description = "Id of the StackSet."
  value       = aws_cloudformation_stack_set.warden.stack_set_id
}

output "stack_set_arn" {
  description = "ARN of the StackSet."
  value       = aws_cloudformation_stack_set.warden.arn
}
