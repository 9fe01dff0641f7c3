# mfa-warden continuous enforcement, organization variant (Terraform): provider and Terraform versions.
# Run with credentials of the management account or a delegated administrator for CloudFormation StackSets.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0.0, < 7.0.0"
    }
  }
}
