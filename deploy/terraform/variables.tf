# mfa-warden continuous enforcement, Terraform module: inputs. Every default is the safe one: a dry run
# (apply = false) with a read-only role (enforce_modes = []).

variable "name" {
  description = "Name of the function, and prefix of every other resource this module creates."
  type        = string
  default     = "mfa-warden"

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,40}$", var.name))
    error_message = "name must be 1 to 40 letters, digits or hyphens (it prefixes function, role, queue and topic names)."
  }
}

# ---- code ------------------------------------------------------------------------------------------------

variable "lambda_zip_path" {
  description = "Local path of the deployment zip (dist/, data/, node_modules/, package.json; see deploy/README.md). Set this or lambda_s3_bucket + lambda_s3_key."
  type        = string
  default     = null
}

variable "lambda_s3_bucket" {
  description = "S3 bucket (in us-east-1) holding the deployment zip, instead of lambda_zip_path."
  type        = string
  default     = null
}

variable "lambda_s3_key" {
  description = "Object key of the deployment zip in lambda_s3_bucket."
  type        = string
  default     = null
}

variable "lambda_s3_object_version" {
  description = "Object version of the deployment zip, when the bucket is versioned (makes updates explicit)."
  type        = string
  default     = null
}

variable "runtime" {
  description = "Lambda runtime. nodejs20.x can no longer be created (AWS blocked it on 2026-06-01); the package needs Node.js >= 20.19."
  type        = string
  default     = "nodejs24.x"

  validation {
    condition     = contains(["nodejs24.x", "nodejs22.x"], var.runtime)
    error_message = "runtime must be nodejs24.x or nodejs22.x."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB; 1024 is enough for accounts with a few thousand users."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_size >= 256 && var.memory_size <= 10240
    error_message = "memory_size must be between 256 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of the function in seconds; the scheduled full scan needs the most."
  type        = number
  default     = 300

  validation {
    condition     = var.timeout >= 30 && var.timeout <= 900
    error_message = "timeout must be between 30 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of the function; -1 leaves it unreserved. 1 serialises runs (the journal lock does too, but a locked run is a wasted invocation)."
  type        = number
  default     = -1
}

# ---- behaviour -------------------------------------------------------------------------------------------

variable "config" {
  description = "The mfa-warden config file (YAML text, as in examples/mfa-warden.yaml): checks, exemptions and the enforce key."
  type        = string
  default     = "exemptions: []\n"

  validation {
    condition     = length(trimspace(var.config)) > 0 && length(var.config) <= 8192
    error_message = "config must be non-empty YAML of at most 8192 characters (the SSM Advanced tier limit)."
  }
}

variable "config_in_environment" {
  description = "Pass the config inline in MFA_WARDEN_CONFIG instead of an SSM parameter (MFA_WARDEN_CONFIG_SSM). Lambda environment variables are limited to 4 KB in total."
  type        = bool
  default     = false
}

variable "apply" {
  description = "false (the default): dry run, findings and the planned enforcement are reported and journaled but nothing is changed. true: enforcement is applied."
  type        = bool
  default     = false
}

variable "enforce_modes" {
  description = "Enforcement modes the role is allowed to carry out (remove-console-access, deactivate-access-keys, attach-mfa-policy, add-to-group, delete-user). Modes the config uses must be listed here; the role gets exactly their permissions and no others."
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
  description = "Name of the MFA-enforcing managed policy attach-mfa-policy creates and attaches (the config's policyName); the role may create and attach this policy only."
  type        = string
  default     = "mfa-warden-require-mfa"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,128}$", var.mfa_policy_name))
    error_message = "mfa_policy_name must be an IAM policy name."
  }
}

variable "enforcement_group_names" {
  description = "Groups add-to-group may add users to (the config's group); [\"*\"] allows any group."
  type        = list(string)
  default     = ["*"]

  validation {
    condition     = length(var.enforcement_group_names) > 0
    error_message = "enforcement_group_names needs at least one group name (or \"*\")."
  }
}

variable "security_hub" {
  description = "Send findings to AWS Security Hub (BatchImportFindings); Security Hub must be enabled in us-east-1."
  type        = bool
  default     = false
}

variable "schedule_expression" {
  description = "When the full scan runs (EventBridge Scheduler expression)."
  type        = string
  default     = "rate(1 day)"

  validation {
    condition     = can(regex("^(rate|cron|at)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be rate(...), cron(...) or at(...)."
  }
}

variable "schedule_timezone" {
  description = "Time zone of a cron schedule_expression."
  type        = string
  default     = "UTC"
}

variable "notification_email" {
  description = "An email address subscribed to the findings topic (the address must confirm the subscription); null for none."
  type        = string
  default     = null
}

# ---- storage and logs ------------------------------------------------------------------------------------

variable "journal_bucket_name" {
  description = "Name of the journal bucket; null for <name>-journal-<account id>."
  type        = string
  default     = null
}

variable "journal_sse_algorithm" {
  description = "Server-side encryption of the journal bucket: AES256 (S3 managed keys) or aws:kms (the AWS managed key aws/s3)."
  type        = string
  default     = "AES256"

  validation {
    condition     = contains(["AES256", "aws:kms"], var.journal_sse_algorithm)
    error_message = "journal_sse_algorithm must be AES256 or aws:kms."
  }
}

variable "journal_expiration_days" {
  description = "Delete journal objects after this many days (undo needs the journal, so keep it for as long as you may want to undo); null keeps them."
  type        = number
  default     = null
}

variable "journal_access_log_bucket" {
  description = "Bucket that receives S3 server access logs of the journal bucket; null for no access logging."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of the function's CloudWatch log group, in days."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary for the function's and the scheduler's roles; null for none."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource that takes them."
  type        = map(string)
  default     = {}
}
