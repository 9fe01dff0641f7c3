// Check "org-scp-mfa": in an AWS Organization, an SCP is the one control an account's own administrators
// cannot remove. Every member account should sit under an SCP that denies IAM users everything but MFA
// self-enrolment without MFA (break-glass exclusions through aws:PrincipalArn are fine). Judged by the
// policy engine over each account's SCP levels, for a probe IAM user of that account, not by string match.
import type { Account } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import { allowEverything, createMfaAnalyzer } from '../policy/index.js';
import type { Check, CheckResult, ResourceRef } from './check.js';
import { scpLevelsOf } from './serviceControlPolicies.js';

export const orgScpMfa: Check = {
  id: 'org-scp-mfa',
  title: 'Every member account is under an SCP that denies IAM users without MFA',
  helpUri:
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html',
  severity: 'medium',
  rationale:
    'An SCP applies whatever the account itself allows: a new user without MFA is contained from its first request.',
  compliance: ['AWS-Organizations:SCP', 'seed-004:service-control-policies'],
  // Judged over a whole organization (scan aws --org): see judgeOrganizationScps.
  appliesTo: ['organization'],
  run: () => [],
};

/** The probe principal: any IAM user of the account not named in a break-glass exclusion. */
const PROBE_USER = 'mfa-warden-probe';

export interface OrganizationView {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly partition: string;
  /** Every member account scanned or read, with its SCP levels. */
  readonly accounts: readonly Account[];
}

export function judgeOrganizationScps(view: OrganizationView): CheckResult {
  const analyzer = createMfaAnalyzer();
  const uncovered: string[] = [];
  const unreadable: string[] = [];
  const covered: string[] = [];
  for (const account of view.accounts) {
    if (account.organization?.isManagementAccount) continue;
    const levels = scpLevelsOf(account);
    if (levels === undefined) continue;
    if (isUnknown(levels)) {
      unreadable.push(`${account.id} (${levels.reason})`);
      continue;
    }
    const arn = `arn:${account.partition}:iam::${account.id}:user/${PROBE_USER}`;
    const analysis = analyzer.analyze(
      { identity: [allowEverything], scpLevels: levels },
      {
        'aws:PrincipalArn': arn,
        'aws:PrincipalAccount': account.id,
        'aws:PrincipalType': 'User',
        'aws:username': PROBE_USER,
      },
    );
    (analysis.enforced ? covered : uncovered).push(account.id);
  }
  const resource: ResourceRef = {
    type: 'AWS::Organizations::Organization',
    name: view.organizationId,
    arn: `arn:${view.partition}:organizations::${view.managementAccountId}:organization/${view.organizationId}`,
    account: view.managementAccountId,
    source: {
      kind: 'aws',
      arn: `arn:${view.partition}:organizations::${view.managementAccountId}:organization/${view.organizationId}`,
    },
  };
  const details = { covered, uncovered, unreadable };
  const total = covered.length + uncovered.length + unreadable.length;
  if (uncovered.length > 0)
    return {
      status: 'fail',
      resource,
      message: `${uncovered.length} of ${total} member accounts are not under an SCP that denies IAM users without MFA: ${uncovered.join(', ')}`,
      remediation: {
        text: 'Attach an SCP that denies IAM users everything but MFA self-enrolment without MFA (mfa-warden generate scp) to the root or to the OUs of these accounts.',
        cli: [
          'mfa-warden generate scp --output mfa-warden-scp.json',
          'aws organizations create-policy --type SERVICE_CONTROL_POLICY --name mfa-warden-iam-users-require-mfa --description "IAM users need MFA" --content file://mfa-warden-scp.json',
          'aws organizations attach-policy --policy-id POLICY_ID --target-id ROOT_OR_OU_ID',
        ],
        needsInput: [false, false, true],
        terraform: [
          'resource "aws_organizations_policy" "iam_users_require_mfa" {',
          '  name    = "mfa-warden-iam-users-require-mfa"',
          '  type    = "SERVICE_CONTROL_POLICY"',
          '  content = file("mfa-warden-scp.json") # mfa-warden generate scp --output mfa-warden-scp.json',
          '}',
          '',
          'resource "aws_organizations_policy_attachment" "iam_users_require_mfa" {',
          '  policy_id = aws_organizations_policy.iam_users_require_mfa.id',
          '  target_id = "ROOT_OR_OU_ID"',
          '}',
        ].join('\n'),
      },
      details,
    };
  if (unreadable.length > 0)
    return {
      status: 'unknown',
      resource,
      message: `the SCPs over ${unreadable.length} member accounts could not be read: ${unreadable.join('; ')}`,
      details,
    };
  return {
    status: 'pass',
    resource,
    message:
      total === 0
        ? 'no member account was scanned'
        : `all ${total} member accounts are under an SCP that denies IAM users without MFA`,
    details,
  };
}
