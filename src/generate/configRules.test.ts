// The AWS Config rules as `aws configservice put-config-rule --config-rule` takes them.
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { CONFIG_RULE_FREQUENCY, MFA_CONFIG_RULES, configRuleRequests } from './configRules.js';

describe('configRuleRequests', () => {
  it('are the four MFA managed rules, named and identified as AWS documents them', () => {
    expect(
      configRuleRequests().map((r) => [
        r.ConfigRuleName,
        (r.Source as { SourceIdentifier: string }).SourceIdentifier,
      ]),
    ).toEqual([
      ['mfa-enabled-for-iam-console-access', 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS'],
      ['iam-user-mfa-enabled', 'IAM_USER_MFA_ENABLED'],
      ['root-account-mfa-enabled', 'ROOT_ACCOUNT_MFA_ENABLED'],
      ['root-account-hardware-mfa-enabled', 'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED'],
    ]);
  });

  it('are AWS-owned periodic rules without parameters or scope (none of the four takes any)', () => {
    for (const request of configRuleRequests()) {
      expect(Object.keys(request).sort()).toEqual([
        'ConfigRuleName',
        'Description',
        'MaximumExecutionFrequency',
        'Source',
      ]);
      expect(request.Source).toEqual({ Owner: 'AWS', SourceIdentifier: expect.stringMatching(/^[A-Z_]+$/) });
      expect(request.MaximumExecutionFrequency).toBe(CONFIG_RULE_FREQUENCY);
    }
    expect(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours']).toContain(
      CONFIG_RULE_FREQUENCY,
    );
  });

  it('describe the fix within the 256 characters Config allows, naming a check that exists', () => {
    const ids = new Set(allChecks.map((check) => check.id));
    for (const rule of MFA_CONFIG_RULES) {
      expect(rule.description.length).toBeLessThanOrEqual(256);
      expect(rule.description).toMatch(/Fix: /);
      const check = /--checks ([a-z-]+)/.exec(rule.description)?.[1];
      expect(check && ids.has(check)).toBe(true);
      expect(rule.remediation.some((step) => step.includes(`--checks ${check}`))).toBe(true);
    }
  });
});
