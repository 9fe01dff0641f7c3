// Which remediation commands must never run unreviewed: those that take access away (a script for review
// keeps them commented out) and those holding a placeholder only a person can fill in. The remediation
// builder marks them from these rules, and the script writer applies the same rules again, so a command that
// reached it unmarked is still held back.

/** Placeholders a remediation command may hold: what only a person can supply. */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  CODE1: "two consecutive codes from the user's MFA device",
  CODE2: "two consecutive codes from the user's MFA device",
};

const PLACEHOLDER_PATTERN = new RegExp(`\\b(?:${Object.keys(PLACEHOLDERS).join('|')})\\b`, 'g');

/** The placeholders a command holds, each once, in order of appearance. */
export function placeholdersIn(command: string): string[] {
  return [...new Set(command.match(PLACEHOLDER_PATTERN) ?? [])];
}

// Operations that take access away or replace what is in force. Replacing a policy document (a new default
// version, an inline policy written over) is here too: it can remove what others rely on.
const DESTRUCTIVE_OPERATIONS =
  '(?:delete|deactivate|detach|remove|disable|revoke|untag)-[a-z0-9-]+|put-(?:user|group|role)-policy|create-policy-version|set-default-policy-version|update-assume-role-policy|update-login-profile|put-(?:user|role)-permissions-boundary|reset-service-specific-credential';
// An `aws SERVICE OPERATION` call anywhere in a command line, also after `||`, `&&` or inside `$(...)`: with a
// destructive operation, and with any update-* operation.
const AWS_CALL = '(?:^|[\\s|&;(`])aws\\s+[a-z0-9-]+\\s+';
const DESTRUCTIVE_CALL = new RegExp(`${AWS_CALL}(?:${DESTRUCTIVE_OPERATIONS})(?![a-z0-9-])`);
const UPDATE_CALL = new RegExp(`${AWS_CALL}update-`);
const SETS_INACTIVE = /--status(?:\s+|=)'?Inactive\b/;
const REMOVES_FILES = /(?:^|[\s|&;(`])(?:rm|shred|truncate)\s/;

/**
 * Does this command take access away (delete-*, deactivate-*, detach-*, remove-*, a key set Inactive, a policy
 * replaced)? Judged by the operations it calls, so a name like `delete-me` in an argument does not count; a
 * command that calls no aws operation at all (not this tool's) counts only when it removes files.
 */
export function isDestructiveCommand(command: string): boolean {
  if (DESTRUCTIVE_CALL.test(command)) return true;
  if (UPDATE_CALL.test(command) && SETS_INACTIVE.test(command)) return true;
  return REMOVES_FILES.test(command);
}
