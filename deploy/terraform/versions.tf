# mfa-warden continuous enforcement, Terraform module: provider and Terraform versions.
# Deploy with an AWS provider configured for us-east-1: IAM's CloudTrail events are delivered to EventBridge
# there and nowhere else (see the precondition on aws_cloudwatch_event_rule.iam in events.tf).

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0.0, < 7.0.0"
    }
  }
}
