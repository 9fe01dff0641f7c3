# mfa-warden continuous enforcement, organization variant (Terraform): inputs. The account settings mean the
# same as in the account module (../variables.tf) and are passed to every account's stack.

variable "organizational_unit_ids" {
  description = "OUs (ou-xxxx-yyyyyyyy) or the root (r-xxxx) whose accounts get mfa-warden, now and when they join."
  type        = list(string)

  validation {
    condition     = length(var.organizational_unit_ids) > 0 && alltrue([for id in var.organizational_unit_ids : can(regex("^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$", id))])
    error_message = "organizational_unit_ids needs at least one OU id (ou-...) or root id (r-...)."
  }
}

variable "call_as" {
  description = "SELF in the management account, DELEGATED_ADMIN in a delegated administrator account."
  type        = string
  default     = "SELF"

  validation {
    condition     = contains(["SELF", "DELEGATED_ADMIN"], var.call_as)
    error_message = "call_as must be SELF or DELEGATED_ADMIN."
  }
}

variable "stack_set_name" {
  description = "Name of the StackSet."
  type        = string
  default     = "mfa-warden"
}

variable "failure_tolerance_percentage" {
  description = "Percentage of accounts that may fail before a StackSet operation stops."
  type        = number
  default     = 10
}

variable "max_concurrent_percentage" {
  description = "Percentage of accounts deployed at the same time."
  type        = number
  default     = 25
}

# ---- passed to every account ----------------------------------------------------------------------------

variable "lambda_s3_bucket" {
  description = "Bucket in us-east-1 holding the deployment zip; its bucket policy must let the member accounts read it (aws:PrincipalOrgID)."
  type        = string
}

variable "lambda_s3_key" {
  description = "Object key of the deployment zip."
  type        = string
}

variable "lambda_s3_object_version" {
  description = "Object version of the zip; null for the latest."
  type        = string
  default     = null
}

variable "runtime" {
  description = "Lambda runtime (nodejs24.x or nodejs22.x)."
  type        = string
  default     = "nodejs24.x"

  validation {
    condition     = contains(["nodejs24.x", "nodejs22.x"], var.runtime)
    error_message = "runtime must be nodejs24.x or nodejs22.x."
  }
}

variable "config" {
  description = "The mfa-warden config (YAML text), the same in every account. At most 4096 characters (a CloudFormation parameter)."
  type        = string
  default     = "exemptions: []\n"

  validation {
    condition     = length(trimspace(var.config)) > 0 && length(var.config) <= 4096
    error_message = "config must be non-empty and at most 4096 characters."
  }
}

variable "apply" {
  description = "false (the default): dry run in every account; true: enforcement is applied."
  type        = bool
  default     = false
}

variable "enforce_modes" {
  description = "Enforcement modes the role in every account may carry out, as in the account module."
  type        = list(string)
  default     = []

  validation {
    condition = alltrue([
      for mode in var.enforce_modes :
      contains(["remove-console-access", "deactivate-access-keys", "attach-mfa-policy", "add-to-group", "delete-user"], mode)
    ])
    error_message = "enforce_modes may only contain remove-console-access, deactivate-access-keys, attach-mfa-policy, add-to-group and delete-user."
  }
}

variable "mfa_policy_name" {
  description = "Name of the MFA-enforcing policy attach-mfa-policy creates and attaches."
  type        = string
  default     = "mfa-warden-require-mfa"
}

variable "enforcement_group_name" {
  description = "The group add-to-group adds users to; \"*\" for any group."
  type        = string
  default     = "*"
}

variable "security_hub" {
  description = "Send findings to Security Hub in every account."
  type        = bool
  default     = false
}

variable "schedule_expression" {
  description = "When the full scan runs in every account."
  type        = string
  default     = "rate(1 day)"
}

variable "notification_email" {
  description = "Email address subscribed to every account's findings topic (one confirmation per account); null for none."
  type        = string
  default     = null
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary ARN for the roles, the same in every account (so an AWS managed policy); null for none."
  type        = string
  default     = null
}
