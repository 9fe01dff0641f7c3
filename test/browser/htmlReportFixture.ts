// Findings and summaries for the HTML report's tests: a factory for findings, and a two-account organization
// scan with a witness, a replay command, a hostile resource name and enough passes to need a second page.

import type { Finding, Severity, Status } from '../../src/checks/check.js';
import { allChecks } from '../../src/checks/index.js';
import { describeWitness, type Witness } from '../../src/policy/witness.js';
import type { Summary } from '../../src/scan/evaluate.js';
import { countFindings } from '../../src/scan/evaluate.js';
import type { ReportInput } from '../../src/report/render.js';

export const PROD = '111111111111';
export const DEV = '222222222222';
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

export function finding(
  check: string,
  status: Status,
  name: string,
  overrides: Partial<Omit<Finding, 'resource'>> & { account?: string } = {},
): Finding {
  const { account = PROD, ...rest } = overrides;
  const known = allChecks.find((candidate) => candidate.id === check);
  const arn = `arn:aws:iam::${account}:user/${name}`;
  return {
    check,
    status,
    severity: known?.severity ?? ('medium' satisfies Severity),
    resource: { type: 'AWS::IAM::User', name, arn, account, source: { kind: 'aws', arn } },
    message: `${name}: ${status}`,
    compliance: known?.compliance ?? [],
    ...rest,
  };
}

export function summaryOf(findings: readonly Finding[], extra: Partial<Summary> = {}): Summary {
  const checks = [...new Set(findings.map((item) => item.check))];
  return {
    account: PROD,
    checks,
    notApplicable: [],
    ...countFindings(findings),
    collectionIssues: [],
    ...extra,
  };
}

export const WITNESS: Witness = {
  credential: 'access-key',
  action: 'iam:CreateAccessKey',
  resource: `arn:aws:iam::${PROD}:user/bob`,
  context: { 'aws:username': 'bob', 'aws:MultiFactorAuthPresent': null },
  allowedBy: { policy: 'AdminAccess', statement: 'AllowEverything' },
};
/** What the report says of it: the one line every format uses. */
export const WITNESS_SENTENCE = describeWitness(WITNESS);
export const REPLAY = `aws iam create-access-key --user-name bob --profile prod # replays the witness`;

/** An organization scan of two accounts: what the browser test filters, sorts and expands. */
export function organizationReport(passes = 150): ReportInput {
  const findings: Finding[] = [
    finding('root-mfa', 'fail', PROD, { message: 'root user has no MFA' }),
    finding('root-mfa', 'pass', DEV, { account: DEV, message: 'root user has MFA enabled' }),
    finding('console-user-mfa', 'fail', 'bob', {
      message: 'console password without MFA',
      details: { witness: WITNESS, replay: REPLAY, evidence: ['credential-report'] },
      remediation: {
        text: 'Enable an MFA device for bob.',
        cli: [
          'aws iam enable-mfa-device --user-name bob --serial-number arn:aws:iam::111111111111:mfa/bob --authentication-code1 CODE1 --authentication-code2 CODE2',
          'aws iam delete-login-profile --user-name bob',
        ],
        destructive: [false, true],
        needsInput: [true, false],
        terraform: 'resource "aws_iam_virtual_mfa_device" "bob" {\n  virtual_mfa_device_name = "bob"\n}',
      },
      baseline: 'new',
    }),
    finding('console-user-mfa', 'fail', 'carol', { account: DEV, message: 'console password without MFA' }),
    finding('console-user-mfa', 'unknown', 'alice', { message: 'credential report missing' }),
    finding('console-user-mfa', 'fail', HOSTILE_NAME, {
      message: '</script><script>alert(2)</script> & "quoted"',
    }),
    finding('console-user-mfa', 'pass', 'dave', { message: 'console password with MFA enabled' }),
    ...Array.from({ length: passes }, (_, index) =>
      finding('user-mfa', 'pass', `svc-${String(index).padStart(3, '0')}`, {
        account: index % 2 === 0 ? PROD : DEV,
        message: 'MFA device enrolled',
      }),
    ),
    finding('user-mfa', 'fail', 'erin', { account: DEV, message: 'no MFA device' }),
  ];
  const summary = summaryOf(findings, {
    organization: { id: 'o-abc123', managementAccountId: PROD },
    accounts: [
      { id: PROD, name: 'prod', status: 'scanned' },
      { id: DEV, name: 'dev', status: 'scanned' },
      { id: '333333333333', name: 'sandbox', status: 'skipped', reason: 'in --exclude-accounts' },
    ],
  });
  return { findings, summary };
}
