import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../checks/check.js';
import { findingId, importFindings, productArn, toAsff } from './securityHubFindings.js';

const ACCOUNT = '123456789012';
const CONTEXT = {
  accountId: ACCOUNT,
  partition: 'aws',
  region: 'eu-west-1',
  now: new Date('2026-12-01T06:00:00Z'),
};

function finding(overrides: Partial<Finding> = {}): Finding {
  const arn = `arn:aws:iam::${ACCOUNT}:user/mary`;
  return {
    check: 'console-user-mfa',
    status: 'fail',
    severity: 'high',
    resource: { type: 'AWS::IAM::User', name: 'mary', arn, account: ACCOUNT, source: { kind: 'aws', arn } },
    message: 'console password without MFA',
    remediation: { text: 'Enable MFA for mary, or remove the console password.' },
    compliance: ['CIS-AWS-4.0:1.10', 'SecurityHub:IAM.5'],
    ...overrides,
  };
}

describe('toAsff', () => {
  it('maps a failing finding to ASFF with the fields Security Hub requires', () => {
    const asff = toAsff(finding(), CONTEXT);
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: findingId(ACCOUNT, finding()),
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'console-user-mfa',
      AwsAccountId: ACCOUNT,
      CreatedAt: '2026-12-01T06:00:00.000Z',
      UpdatedAt: '2026-12-01T06:00:00.000Z',
      Severity: { Label: 'HIGH', Original: 'high' },
      FindingProviderFields: { Severity: { Label: 'HIGH' } },
      Title: 'IAM users with a console password have MFA: mary',
      Description: 'fail: console password without MFA',
      Remediation: { Recommendation: { Text: 'Enable MFA for mary, or remove the console password.' } },
      Resources: [
        {
          Type: 'AwsIamUser',
          Id: `arn:aws:iam::${ACCOUNT}:user/mary`,
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ],
      Compliance: { Status: 'FAILED', RelatedRequirements: ['CIS-AWS-4.0:1.10', 'SecurityHub:IAM.5'] },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    });
    expect(asff.Types).toEqual([
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
      'Software and Configuration Checks/AWS Security Best Practices',
    ]);
  });

  it.each([
    ['pass', 'PASSED', 'INFORMATIONAL', 'RESOLVED'],
    ['exempt', 'NOT_AVAILABLE', 'INFORMATIONAL', 'SUPPRESSED'],
    ['unknown', 'WARNING', 'HIGH', 'NEW'],
    ['error', 'WARNING', 'HIGH', 'NEW'],
  ] as const)('maps %s to %s / %s / %s', (status, compliance, label, workflow) => {
    const asff = toAsff(finding({ status }), CONTEXT);
    expect([asff.Compliance?.Status, asff.Severity?.Label, asff.Workflow?.Status]).toEqual([
      compliance,
      label,
      workflow,
    ]);
  });

  it('keeps the id whatever the status, and tells apart two inline policies of one user', () => {
    expect(findingId(ACCOUNT, finding({ status: 'pass' }))).toBe(findingId(ACCOUNT, finding()));
    expect(findingId(ACCOUNT, finding())).toMatch(
      /^mfa-warden\/123456789012\/console-user-mfa\/[0-9a-f]{64}$/,
    );
    const inline = (name: string) =>
      finding({
        check: 'mfa-condition-sound',
        resource: { ...finding().resource, type: 'AWS::IAM::Policy', name: `user/mary/${name}` },
      });
    expect(findingId(ACCOUNT, inline('a'))).not.toBe(findingId(ACCOUNT, inline('b')));
    const asff = toAsff(inline('a'), CONTEXT);
    expect(asff.Resources?.[0]).toMatchObject({
      Type: 'AwsIamPolicy',
      Details: { Other: { 'mfa-warden/inline-policy': 'user/mary/a' } },
    });
  });

  it('keeps the first-seen dates of a finding imported before, and bounds the text fields', () => {
    const long = finding({ message: 'm'.repeat(5000), remediation: { text: 'r'.repeat(5000) } });
    const asff = toAsff(long, CONTEXT, {
      CreatedAt: '2026-01-01T00:00:00Z',
      FirstObservedAt: '2026-01-01T00:00:00Z',
    });
    expect(asff.CreatedAt).toBe('2026-01-01T00:00:00Z');
    expect(asff.FirstObservedAt).toBe('2026-01-01T00:00:00Z');
    expect(asff.LastObservedAt).toBe('2026-12-01T06:00:00.000Z');
    expect(asff.Description).toHaveLength(1024);
    expect(asff.Remediation?.Recommendation?.Text).toHaveLength(512);
  });
});

describe('importFindings', () => {
  /** A stand-in for the service: no existing findings; every import fails the findings named in `reject`. */
  function fakeHub(reject: ReadonlySet<string>): { client: SecurityHubClient; batches: number[] } {
    const batches: number[] = [];
    const client = {
      send: async (command: unknown) => {
        if (command instanceof GetFindingsCommand) return { Findings: [] };
        if (command instanceof BatchImportFindingsCommand) {
          const findings = command.input.Findings ?? [];
          batches.push(findings.length);
          const failed = findings.filter((f: AwsSecurityFinding) => reject.has(f.Id ?? ''));
          return {
            FailedCount: failed.length,
            SuccessCount: findings.length - failed.length,
            FailedFindings: failed.map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' })),
          };
        }
        throw new Error('unexpected command');
      },
    } as unknown as SecurityHubClient; // only `send` is used by importFindings
    return { client, batches };
  }

  it('sends at most 100 findings per call and reports what failed', async () => {
    const findings = Array.from({ length: 250 }, (_, i) =>
      finding({
        resource: { ...finding().resource, name: `u${i}`, arn: `arn:aws:iam::${ACCOUNT}:user/u${i}` },
      }),
    );
    const rejected = findingId(ACCOUNT, findings[7] as Finding);
    const hub = fakeHub(new Set([rejected]));
    const result = await importFindings(hub.client, findings, CONTEXT, { complete: true });
    expect(hub.batches).toEqual([100, 100, 50]);
    expect(result).toEqual({
      imported: 249,
      failed: 1,
      archived: 0,
      errors: [`${rejected}: InvalidInput bad`],
    });
    expect(productArn(CONTEXT)).toBe(`arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });
});
