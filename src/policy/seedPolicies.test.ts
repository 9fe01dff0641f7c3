// The policies of seed guide 004 ("How to Enforce MFA for AWS IAM Users"), copied here as written, judged by
// analyzeEnforcementPolicy: what a Deny on two services leaves open, and what an extra condition on
// aws:RequestedRegion does to an otherwise complete Deny.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { analyzeEnforcementPolicy, type EnforcementVerdict } from './analyzeEnforcementPolicy.js';
import type { AnalysisOptions } from './analyzeWithoutMfa.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';

// "This JSON policy example demonstrates how to require MFA for specific actions".
const DENY_EC2_S3 = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: ['ec2:*', 's3:*'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

// "this SCP enforces MFA across all member accounts".
const SCP_REQUIRE_MFA = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RequireMFAAccess',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

// "Service Control Policies (SCPs) can enforce MFA requirements across multiple accounts".
const SCP_REQUESTED_REGION = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RequireMFAToUseAWSConsole',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
        StringLike: { 'aws:RequestedRegion': '*' },
      },
    },
  ],
};

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const verdictOf = (document: unknown, origin: string, context?: AnalysisOptions['context']) =>
  analyzeEnforcementPolicy(parsePolicyDocument(document, origin), {
    catalog,
    ...(context ? { context } : {}),
  });
const codes = (verdict: EnforcementVerdict) => verdict.reasons.map((reason) => reason.code);
const servicesOf = (verdict: EnforcementVerdict, credential: 'console' | 'accessKey') =>
  verdict.byCredential[credential].services.map((reach) => reach.service);

describe('seed 004: Deny ec2:* and s3:* without MFA', () => {
  it('is partial: both credential kinds are restricted, but only in EC2 and S3', () => {
    const verdict = verdictOf(DENY_EC2_S3, 'seed-004-deny-ec2-s3');
    expect(verdict.verdict).toBe('partial');
    expect(codes(verdict)).toEqual(['action-scope']);
    expect(verdict.reasons[0]?.message).toMatch(
      /^Statement\[0\] denies only ec2:\*, s3:\* without MFA; [\d,]+ other actions stay reachable, including iam:/,
    );
    for (const credential of ['console', 'accessKey'] as const) {
      const analysis = verdict.byCredential[credential];
      expect(analysis.enforced).toBe(false);
      expect(analysis.deniedBy.map((ref) => ref.label)).toEqual([
        'seed-004-deny-ec2-s3 (Deny [ec2:*, s3:*])',
      ]);
    }
  });

  it('leaves every other service reachable without MFA, IAM and STS included', () => {
    const verdict = verdictOf(DENY_EC2_S3, 'seed-004-deny-ec2-s3');
    const all = catalog.services;
    for (const credential of ['console', 'accessKey'] as const) {
      const reachable = servicesOf(verdict, credential);
      expect(reachable).not.toContain('ec2');
      expect(reachable).not.toContain('s3');
      expect([...reachable].sort()).toEqual(
        all.filter((service) => service !== 'ec2' && service !== 's3').sort(),
      );
      const iam = verdict.byCredential[credential].services.find((reach) => reach.service === 'iam');
      expect(iam && iam.reachable === iam.of).toBe(true);
    }
    // Among them, what turns a stolen password into lasting access.
    expect(verdict.byCredential.console.sensitive).toEqual(
      expect.arrayContaining([
        'iam:CreateAccessKey',
        'iam:AttachUserPolicy',
        'sts:AssumeRole',
        'iam:DeactivateMFADevice',
      ]),
    );
    expect(verdict.exemptActions).toEqual(expect.arrayContaining(['iam:CreateAccessKey', 'sts:AssumeRole']));
    expect(verdict.exemptActionCount).toBeGreaterThan(20_000);
  });
});

describe('seed 004: the SCP with StringLike aws:RequestedRegion "*"', () => {
  it('without the region condition, the same Deny is enforced (and leaves not even self-enrolment)', () => {
    const verdict = verdictOf(SCP_REQUIRE_MFA, 'seed-004-scp');
    expect(verdict.verdict).toBe('enforced');
    // Enforced, but a lockout: users without a device cannot enrol one, and the reasons say so.
    expect(codes(verdict)).toEqual(['enforced', 'denies-self-enrolment']);
    expect(verdict.reasons[1]?.message).toMatch(/denies iam:CreateVirtualMFADevice and iam:EnableMFADevice/);
    expect(verdict.byCredential.console.total).toBe(0);
    expect(verdict.byCredential.accessKey.total).toBe(0);
  });

  it('with it, the same: AWS always sends aws:RequestedRegion, and "*" matches whatever it is', () => {
    const verdict = verdictOf(SCP_REQUESTED_REGION, 'seed-004-scp-region');
    expect(verdict.verdict).toBe('enforced');
    expect(codes(verdict)).toEqual(['enforced', 'denies-self-enrolment']);
    for (const credential of ['console', 'accessKey'] as const) {
      expect(verdict.byCredential[credential].total).toBe(0);
      expect(verdict.byCredential[credential].deniedBy.map((ref) => ref.label)).toEqual([
        'seed-004-scp-region RequireMFAToUseAWSConsole (Deny *)',
      ]);
    }
  });

  it('a pattern that does not match every Region leaves the Deny undecided, and the reasons say so', () => {
    const euOnly = structuredClone(SCP_REQUESTED_REGION) as typeof SCP_REQUESTED_REGION;
    (euOnly.Statement[0] as { Condition: { StringLike: Record<string, string> } }).Condition.StringLike[
      'aws:RequestedRegion'
    ] = 'eu-*';
    const verdict = verdictOf(euOnly, 'seed-004-scp-eu');
    expect(verdict.verdict).toBe('partial');
    expect(codes(verdict)).toEqual(['unknown-condition']);
    expect(verdict.reasons[0]?.message).toBe(
      'Statement[0] (Sid "RequireMFAToUseAWSConsole") also requires aws:RequestedRegion, which cannot be decided here; where it does not hold the Deny does not apply',
    );
    const analysis = verdict.byCredential.console;
    expect(analysis.total).toBe(catalog.size);
    expect(analysis.conditional).toBe(analysis.total);
    expect(analysis.explanation).toContain('only under conditions that cannot be decided here');
    // Once the caller fixes the key, the reason about it goes away.
    const decided = verdictOf(euOnly, 'seed-004-scp-eu', { 'aws:RequestedRegion': 'us-east-1' });
    expect(decided.verdict).toBe('none');
    expect(codes(decided)).not.toContain('unknown-condition');
  });

  it('the region decides it: any Region matches "*" (enforced), a request without the key escapes (none)', () => {
    // IAM documents aws:RequestedRegion as "always included in the request context" (IAM itself is
    // us-east-1), so in AWS this SCP behaves as the one without the condition.
    for (const region of ['us-east-1', 'eu-west-1']) {
      const verdict = verdictOf(SCP_REQUESTED_REGION, 'seed-004-scp-region', {
        'aws:RequestedRegion': region,
      });
      expect(verdict.verdict).toBe('enforced');
      expect(verdict.byCredential.console.total).toBe(0);
    }
    const absent = verdictOf(SCP_REQUESTED_REGION, 'seed-004-scp-region', { 'aws:RequestedRegion': null });
    expect(absent.verdict).toBe('none');
    expect(codes(absent)).toEqual(expect.arrayContaining(['console-bypass', 'access-key-bypass']));
  });
});
