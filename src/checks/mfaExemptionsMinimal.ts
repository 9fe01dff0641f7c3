// An MFA-enforcing Deny usually exempts the actions needed to enrol a device. Exempting more (creating
// access keys or login profiles, changing permissions, assuming roles, deactivating MFA) hands the holder
// of a stolen password a way around MFA.
import { isMfaKey, mfaExemptionIssues } from '../policy/index.js';
import type { Check } from './check.js';
import { forEachPolicy, policyIssueResult } from './policyIssueResult.js';
import { exemptionRemedy } from './policyRemedy.js';

export const mfaExemptionsMinimal: Check = {
  id: 'mfa-exemptions-minimal',
  title: 'MFA-enforcing denies exempt only MFA self-enrolment',
  helpUri:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html',
  severity: 'high',
  rationale:
    'Each action exempted from an MFA Deny is reachable with a stolen password; credential and permission management must never be.',
  compliance: ['AWS-IAM-docs:tutorial_users-self-manage-mfa-and-creds'],
  run: (account) =>
    forEachPolicy(account, (entry, document) => {
      const enforcing = document.statements.some(
        (statement) => statement.effect === 'Deny' && statement.conditions.some((c) => isMfaKey(c.key)),
      );
      if (!enforcing) return undefined;
      return policyIssueResult(
        entry,
        mfaExemptionIssues(document),
        'exempts only MFA self-enrolment',
        (issues) => exemptionRemedy(account, entry, document, issues),
      );
    }),
};
