variable "name" {
  type = string
}

variable "members" {
  type    = list(string)
  default = []
}

variable "mfa_policy_arn" {
  description = "The MFA-enforcing policy to attach, or null for none."
  type        = string
  default     = null
}
