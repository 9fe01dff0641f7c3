// An MFA condition that looks right can do nothing: Bool in a Deny lets access keys through (the key is
// absent), an inverted value denies the MFA sessions instead, ForAnyValue on a single-valued key never
// matches. Every policy that mentions an MFA key is checked for these mistakes.
import { isUnknown } from '../model/unknown.js';
import { isMfaKey, mfaConditionIssues } from '../policy/index.js';
import type { Check } from './check.js';
import { accountPolicies } from './accountPolicies.js';
import { result } from './resource.js';

export const mfaConditionSound: Check = {
  id: 'mfa-condition-sound',
  title: 'Policies use MFA condition keys soundly',
  severity: 'medium',
  rationale:
    'A Deny with Bool, an inverted value or a set operator on aws:MultiFactorAuthPresent looks like enforcement but lets requests without MFA through.',
  compliance: ['AWS-IAM-docs:reference_policies_condition-keys#condition-keys-multifactorauthpresent'],
  run: (account) =>
    accountPolicies(account).entries.flatMap((entry) => {
      const document = entry.document;
      if (isUnknown(document)) {
        return /multifactorauth/i.test(document.reason) || /invalid policy document/.test(document.reason)
          ? [result('error', entry.resource, document.reason)]
          : [];
      }
      const usesMfa = document.statements.some((statement) =>
        statement.conditions.some((c) => isMfaKey(c.key)),
      );
      if (!usesMfa) return [];
      const issues = mfaConditionIssues(document);
      if (issues.length === 0) return [result('pass', entry.resource, 'MFA conditions are sound')];
      return [
        result(
          'fail',
          entry.resource,
          issues.map((issue) => `${issue.statement}: ${issue.message}`).join('; '),
          {
            remediation: {
              text: 'In a Deny, test "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"} (or add a Null guard) so requests without MFA, console or access key, are denied; in an Allow, MFA conditions do not enforce anything.',
            },
            details: { issues },
          },
        ),
      ];
    }),
};
