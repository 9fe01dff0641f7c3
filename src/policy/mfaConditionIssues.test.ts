import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mfaConditionIssues } from './mfaConditionIssues.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';

const fixture = (name: string) =>
  parsePolicyDocument(
    readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
    name,
  );
const codes = (name: string) => mfaConditionIssues(fixture(name)).map((issue) => issue.code);
const single = (statement: Record<string, unknown>) =>
  mfaConditionIssues(parsePolicyDocument({ Version: '2012-10-17', Statement: [statement] }, 'inline'));

describe('mfaConditionIssues (mfa-condition-sound)', () => {
  it.each([
    'aws-manage-own-credentials-with-mfa.json',
    'aws-manage-own-mfa-device-with-mfa.json',
    'aws-self-manage-mfa-device.json',
    'deny-bool-and-null.json',
    'deny-bool-json-false-and-null.json',
    'deny-mfa-age-greater-than-ifexists.json',
    'deny-mfa-age-with-null-guard.json',
    'allow-bool-true.json',
    'terraform-lowercase-variables.json',
    'administrator-access.json',
  ])('%s uses MFA conditions soundly', (name) => {
    expect(mfaConditionIssues(fixture(name))).toEqual([]);
  });

  it('flags a plain Bool in a Deny, naming the statement', () => {
    expect(mfaConditionIssues(fixture('deny-bool-false.json'))).toEqual([
      expect.objectContaining({
        code: 'deny-bool-without-ifexists',
        statement: 'DenyNoMfa',
        statementIndex: 0,
      }),
    ]);
  });

  it('flags a lone Null guard (console sessions pass) and a missing-key Numeric test', () => {
    expect(codes('deny-null-true.json')).toEqual(['deny-console-bypass']);
    expect(codes('deny-mfa-age-greater-than.json')).toEqual(['deny-missing-key']);
  });

  it('flags set operators on MFA keys and inverted values', () => {
    expect(codes('deny-foranyvalue-bool.json')).toEqual(['set-operator-on-mfa-key']);
    expect(codes('deny-inverted-boolifexists-true.json')).toEqual(['inverted-value']);
    expect(
      single({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      }).map((i) => i.code),
    ).toEqual(['inverted-value']);
    expect(
      single({
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { 'ForAllValues:Bool': { 'aws:MultiFactorAuthPresent': 'false' } },
      }).map((i) => i.code),
    ).toEqual(['set-operator-on-mfa-key']);
  });

  it('flags Null combined with IfExists in one statement', () => {
    const issues = single({
      Sid: 'Both',
      Effect: 'Deny',
      NotAction: 'iam:EnableMFADevice',
      Resource: '*',
      Condition: {
        Null: { 'aws:MultiFactorAuthPresent': 'true' },
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
      },
    });
    expect(issues.map((i) => i.code)).toEqual(['null-with-ifexists']);
    expect(issues[0]?.statement).toBe('Both');
  });

  it('flags an Allow that access keys get without MFA', () => {
    const issues = mfaConditionIssues(fixture('allow-boolifexists-true.json'));
    expect(issues.map((i) => i.code)).toEqual(['allow-without-mfa']);
    expect(issues[0]?.message).toContain('long-term access keys');
  });

  it('finds MFA keys in any case', () => {
    expect(
      single({
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { bool: { 'AWS:MULTIFACTORAUTHPRESENT': false } },
      }).map((i) => i.code),
    ).toEqual(['deny-bool-without-ifexists']);
  });

  it('a guard only counts when it covers the same actions', () => {
    const issues = mfaConditionIssues(
      parsePolicyDocument(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'All',
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
            },
            {
              Sid: 'OnlyS3',
              Effect: 'Deny',
              Action: 's3:*',
              Resource: '*',
              Condition: { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        },
        'guard',
      ),
    );
    expect(issues.map((i) => `${i.statement}:${i.code}`)).toEqual(['All:deny-bool-without-ifexists']);
  });

  it('a guard only counts when it covers the same resources', () => {
    const deny = (sid: string, resource: string, condition: Record<string, unknown>) => ({
      Sid: sid,
      Effect: 'Deny',
      Action: 's3:*',
      Resource: resource,
      Condition: condition,
    });
    const policy = (guardResource: string) =>
      mfaConditionIssues(
        parsePolicyDocument(
          {
            Version: '2012-10-17',
            Statement: [
              deny('BucketA', 'arn:aws:s3:::a/*', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }),
              deny('Guard', guardResource, { Null: { 'aws:MultiFactorAuthPresent': 'true' } }),
            ],
          },
          'guard',
        ),
      ).map((i) => `${i.statement}:${i.code}`);
    // Each statement now stands alone: access keys pass the Bool on a, console sessions the Null on b.
    expect(policy('arn:aws:s3:::b/*')).toEqual([
      'BucketA:deny-bool-without-ifexists',
      'Guard:deny-console-bypass',
    ]);
    expect(policy('arn:aws:s3:::a/*')).toEqual([]);
  });
});
