import { z } from 'zod';
import { parseDuration } from './duration.js';

// The `enforce` key of the config file: per check, what `mfa-warden enforce` does to the resources that fail
// it. A mode is only accepted for the checks whose failing resources it can fix (a group cannot lose its
// console password), so a mistake is caught when the file is read, not half-way through an apply.

export const ENFORCE_MODES = [
  'remove-console-access',
  'deactivate-access-keys',
  'attach-mfa-policy',
  'add-to-group',
  'delete-user',
] as const;
export type EnforceMode = (typeof ENFORCE_MODES)[number];

/** Checks whose failing resource is an IAM user. */
const USER_CHECKS = ['console-user-mfa', 'user-mfa', 'console-user-mfa-enforced'] as const;

/** Which modes each check accepts; checks not listed (root, policy wording) have no enforcement mode. */
export const MODES_BY_CHECK: Readonly<Record<string, readonly EnforceMode[]>> = {
  ...Object.fromEntries(USER_CHECKS.map((id) => [id, ENFORCE_MODES])),
  'group-mfa-enforced': ['attach-mfa-policy'],
};

export const DEFAULT_POLICY_NAME = 'mfa-warden-require-mfa';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'expected a duration such as 60m, 12h or 7d',
});

const iamName = z.string().regex(/^[\w+=,.@-]{1,128}$/, 'expected an IAM name (letters, digits, +=,.@_-)');

export const enforceEntrySchema = z
  .strictObject({
    mode: z.enum(ENFORCE_MODES),
    /** Spare users created less than N days ago (onboarding); they are reported `exempt` with the deadline. */
    graceDays: z.number().int().min(0).max(3650).optional(),
    /** Act only on users created within this window (Guardrails "Delete unapproved if new"). */
    onlyNew: duration.optional(),
    /** attach-mfa-policy: the customer managed policy to create or reuse. */
    policyName: iamName.optional(),
    /** add-to-group: the group (which must itself pass group-mfa-enforced). */
    group: iamName.optional(),
  })
  .superRefine((entry, context) => {
    if (entry.mode === 'add-to-group' && !entry.group)
      context.addIssue({ code: 'custom', path: ['group'], message: 'add-to-group needs `group`' });
    if (entry.group && entry.mode !== 'add-to-group')
      context.addIssue({ code: 'custom', path: ['group'], message: 'only add-to-group takes `group`' });
    if (entry.policyName && entry.mode !== 'attach-mfa-policy')
      context.addIssue({
        code: 'custom',
        path: ['policyName'],
        message: 'only attach-mfa-policy takes `policyName`',
      });
  });

export type EnforceEntry = z.infer<typeof enforceEntrySchema>;

export const enforceSchema = z.record(z.string(), enforceEntrySchema).superRefine((entries, context) => {
  for (const [check, entry] of Object.entries(entries)) {
    const modes = MODES_BY_CHECK[check];
    if (!modes) {
      context.addIssue({
        code: 'custom',
        path: [check],
        message: `no enforcement mode for this check; checks with one: ${Object.keys(MODES_BY_CHECK).join(', ')}`,
      });
    } else if (check === 'group-mfa-enforced' && (entry.onlyNew ?? entry.graceDays) !== undefined) {
      context.addIssue({
        code: 'custom',
        path: [check, entry.onlyNew ? 'onlyNew' : 'graceDays'],
        message: 'onlyNew and graceDays are about users; group-mfa-enforced acts on groups',
      });
    } else if (!modes.includes(entry.mode)) {
      context.addIssue({
        code: 'custom',
        path: [check, 'mode'],
        message: `${entry.mode} cannot fix ${check}; valid: ${modes.join(', ')}`,
      });
    }
  }
});

export type EnforceConfig = z.infer<typeof enforceSchema>;
