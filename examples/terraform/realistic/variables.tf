variable "teams" {
  description = "Teams, their members and whether their group enforces MFA."
  type = map(object({
    members     = list(string)
    enforce_mfa = bool
  }))
  default = {
    platform = { members = ["alice", "bob"], enforce_mfa = true }
    support  = { members = ["carol"], enforce_mfa = true }
    interns  = { members = ["dave"], enforce_mfa = false }
  }
}

variable "console_users" {
  description = "People who sign in to the console."
  type        = set(string)
  default     = ["alice", "carol", "dave"]
}
