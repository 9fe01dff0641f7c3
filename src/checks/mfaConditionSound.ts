// An MFA condition that looks right can do nothing: Bool in a Deny lets access keys through (the key is
// absent), an inverted value denies the MFA sessions instead, ForAnyValue on a single-valued key never
// matches. Every policy that mentions an MFA key is checked for these mistakes.
import { isMfaKey, mfaConditionIssues } from '../policy/index.js';
import type { Check } from './check.js';
import { forEachPolicy, policyIssueResult } from './policyIssueResult.js';
import { conditionRemedy } from './policyRemedy.js';

export const mfaConditionSound: Check = {
  id: 'mfa-condition-sound',
  title: 'Policies use MFA condition keys soundly',
  helpUri:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent',
  severity: 'medium',
  rationale:
    'A Deny with Bool, an inverted value or a set operator on aws:MultiFactorAuthPresent looks like enforcement but lets requests without MFA through.',
  compliance: ['AWS-IAM-docs:reference_policies_condition-keys#condition-keys-multifactorauthpresent'],
  run: (account) =>
    forEachPolicy(account, (entry, document) => {
      const usesMfa = document.statements.some((statement) =>
        statement.conditions.some((c) => isMfaKey(c.key)),
      );
      if (!usesMfa) return undefined;
      return policyIssueResult(entry, mfaConditionIssues(document), 'MFA conditions are sound', (issues) =>
        conditionRemedy(account, entry, document, issues),
      );
    }),
};
