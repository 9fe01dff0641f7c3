# mfa-warden continuous enforcement, organization variant (Terraform): a service-managed StackSet of the
# account template (../../cloudformation/mfa-warden.yaml) deployed to every account of the given OUs, in
# us-east-1 only, and automatically to accounts that join them. Service-managed StackSets never deploy to
# the management account: use the account module (..) there if it has IAM users.

locals {
  enforce = {
    EnforceRemoveConsoleAccess  = contains(var.enforce_modes, "remove-console-access")
    EnforceDeactivateAccessKeys = contains(var.enforce_modes, "deactivate-access-keys")
    EnforceAttachMfaPolicy      = contains(var.enforce_modes, "attach-mfa-policy")
    EnforceAddToGroup           = contains(var.enforce_modes, "add-to-group")
    EnforceDeleteUser           = contains(var.enforce_modes, "delete-user")
  }
}

resource "aws_cloudformation_stack_set" "warden" {
  name             = var.stack_set_name
  description      = "mfa-warden - audits and enforces MFA for IAM users in every account of the target OUs"
  permission_model = "SERVICE_MANAGED"
  call_as          = var.call_as
  capabilities     = ["CAPABILITY_IAM"]
  template_body    = file("${path.module}/../../cloudformation/mfa-warden.yaml")

  auto_deployment {
    enabled                          = true
    retain_stacks_on_account_removal = false
  }

  managed_execution {
    active = true
  }

  operation_preferences {
    failure_tolerance_percentage = var.failure_tolerance_percentage
    max_concurrent_percentage    = var.max_concurrent_percentage
    region_concurrency_type      = "PARALLEL"
  }

  parameters = merge(
    {
      CodeS3Bucket           = var.lambda_s3_bucket
      CodeS3Key              = var.lambda_s3_key
      CodeS3ObjectVersion    = var.lambda_s3_object_version == null ? "" : var.lambda_s3_object_version
      Runtime                = var.runtime
      Config                 = var.config
      Apply                  = tostring(var.apply)
      MfaPolicyName          = var.mfa_policy_name
      EnforcementGroupName   = var.enforcement_group_name
      SecurityHub            = tostring(var.security_hub)
      ScheduleExpression     = var.schedule_expression
      NotificationEmail      = var.notification_email == null ? "" : var.notification_email
      PermissionsBoundaryArn = var.permissions_boundary_arn == null ? "" : var.permissions_boundary_arn
    },
    { for key, enabled in local.enforce : key => tostring(enabled) },
  )

  lifecycle {
    # AWS sets the administration role of a service-managed StackSet itself.
    ignore_changes = [administration_role_arn]
  }
}

resource "aws_cloudformation_stack_set_instance" "warden" {
  stack_set_name = aws_cloudformation_stack_set.warden.name
  call_as        = var.call_as

  # IAM is global and its CloudTrail events reach EventBridge in us-east-1: one Region is right.
  stack_set_instance_region = "us-east-1"

  deployment_targets {
    organizational_unit_ids = var.organizational_unit_ids
  }

  operation_preferences {
    failure_tolerance_percentage = var.failure_tolerance_percentage
    max_concurrent_percentage    = var.max_concurrent_percentage
    region_concurrency_type      = "PARALLEL"
  }
}
