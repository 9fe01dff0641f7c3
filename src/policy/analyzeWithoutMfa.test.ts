import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActionCatalog, loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { analyzeWithoutMfa } from './analyzeWithoutMfa.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicyDocument } from './policyDocument.js';

const fixture = (name: string, origin = name) =>
  parsePolicyDocument(
    readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
    origin,
  );
const policy = (origin: string, ...statements: Record<string, unknown>[]): PolicyDocument =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, origin);

let catalog: ActionCatalog;
let admin: PolicyDocument;
beforeAll(async () => {
  catalog = await loadActionCatalog();
  admin = fixture('administrator-access.json', 'AdministratorAccess');
});

describe('AdministratorAccess', () => {
  it('alone: everything reachable without MFA for both credentials, with "*" first among sensitive actions', () => {
    const result = analyzeWithoutMfa({ identity: [admin] }, { catalog });
    expect(result.enforced).toBe(false);
    for (const credential of [result.console, result.accessKey]) {
      expect(credential.enforced).toBe(false);
      expect(credential.total).toBe(catalog.size);
      expect(credential.serviceCount).toBe(catalog.services.length);
      expect(credential.conditional).toBe(0);
      expect(credential.sensitive[0]).toBe('*');
      expect(credential.sensitive).toEqual(
        expect.arrayContaining([
          'iam:CreateAccessKey',
          'iam:AttachUserPolicy',
          'iam:PassRole',
          'sts:AssumeRole',
        ]),
      );
      expect(credential.allowedBy.map((ref) => ref.label)).toEqual(['AdministratorAccess (Allow *)']);
    }
    const beyond = result.console.beyondSelfEnrolment.toLocaleString('en-US');
    expect(result.console.explanation).toBe(
      `console: ${beyond} actions in ${catalog.services.length} services reachable without MFA via AdministratorAccess (Allow *); no Deny conditioned on MFA covers them`,
    );
    expect(result.accessKey.explanation.startsWith('access key: ')).toBe(true);
  });

  it('with the AWS reference MFA policy: enforced for console sessions and access keys', () => {
    const reference = fixture('aws-manage-own-credentials-with-mfa.json', 'ForceMFA');
    const result = analyzeWithoutMfa({ identity: [admin, reference] }, { catalog });
    expect(result.enforced).toBe(true);
    for (const credential of [result.console, result.accessKey]) {
      expect(credential.enforced).toBe(true);
      expect(credential.beyondSelfEnrolment).toBe(0);
      expect(credential.sensitive).toEqual([]);
      expect(credential.deniedBy[0]?.sid).toBe('DenyAllExceptListedIfNoMFA');
      expect(credential.deniedBy[0]?.actions).toBe(catalog.size - credential.total);
    }
    expect(result.console.explanation).toMatch(
      /^console: MFA enforced, only 7 self-enrolment actions reachable/,
    );
  });

  it('with a plain Bool deny: console enforced, access keys not', () => {
    const result = analyzeWithoutMfa({ identity: [admin, fixture('deny-bool-false.json')] }, { catalog });
    expect(result.console.enforced).toBe(true);
    expect(result.accessKey.enforced).toBe(false);
    expect(result.accessKey.explanation).toContain('no Deny conditioned on MFA applies to them');
  });
});

describe('exact results on a small catalog', () => {
  const small = createActionCatalog([
    'ec2:RunInstances',
    'ec2:DescribeInstances',
    'iam:CreateAccessKey',
    'iam:GetUser',
    'iam:EnableMFADevice',
    's3:GetObject',
    's3:PutObject',
    'sts:AssumeRole',
    'sts:GetSessionToken',
  ]);
  const reachable = (analysis: ReturnType<typeof analyzeWithoutMfa>['console']) =>
    analysis.services.flatMap((s) => s.actions ?? []).sort();

  it('Allow * minus Deny NotAction [list] is exactly the list', () => {
    const result = analyzeWithoutMfa(
      {
        identity: [
          policy('a', { Effect: 'Allow', Action: '*', Resource: '*' }),
          policy('d', {
            Effect: 'Deny',
            NotAction: ['iam:GetUser', 'iam:EnableMFADevice', 'sts:GetSessionToken'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          }),
        ],
      },
      { catalog: small },
    );
    expect(reachable(result.console)).toEqual(['iam:EnableMFADevice', 'iam:GetUser', 'sts:GetSessionToken']);
    expect(reachable(result.accessKey)).toEqual([
      'iam:EnableMFADevice',
      'iam:GetUser',
      'sts:GetSessionToken',
    ]);
    expect(result.enforced).toBe(true);
  });

  it('no Allow is an implicit deny; an Allow on some resources is reachable and flagged', () => {
    const result = analyzeWithoutMfa(
      {
        identity: [policy('s3', { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::reports/*' })],
      },
      { catalog: small },
    );
    expect(result.console.total).toBe(1);
    expect(result.console.partialResources).toBe(1);
    expect(reachable(result.console)).toEqual(['s3:GetObject']);
    expect(result.console.enforced).toBe(false);
  });

  it('an Allow whose condition cannot be decided is reachable but conditional', () => {
    const result = analyzeWithoutMfa(
      {
        identity: [
          policy('office', {
            Effect: 'Allow',
            Action: 'ec2:*',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
          }),
        ],
      },
      { catalog: small },
    );
    expect(result.console.total).toBe(2);
    expect(result.console.conditional).toBe(2);
    expect(result.console.explanation).toContain(
      '2 of them only under conditions that cannot be decided here (aws:SourceIp)',
    );
    expect(result.console.undecidedKeys).toEqual(['aws:SourceIp']);
    expect(result.accessKey.undecidedKeys).toEqual(['aws:SourceIp']);
  });

  it('keys fixed through options.context decide such conditions', () => {
    const office = policy('office', {
      Effect: 'Allow',
      Action: 'ec2:*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });
    const inside = analyzeWithoutMfa(
      { identity: [office] },
      { catalog: small, context: { 'aws:SourceIp': '203.0.113.9' } },
    );
    expect(inside.console.total).toBe(2);
    expect(inside.console.conditional).toBe(0);
    expect(inside.console.undecidedKeys).toEqual([]);
    const outside = analyzeWithoutMfa(
      { identity: [office] },
      { catalog: small, context: { 'aws:SourceIp': '198.51.100.1' } },
    );
    expect(outside.console.total).toBe(0);
  });

  it('a Deny for one user ARN does not cover other resources: partial', () => {
    const result = analyzeWithoutMfa(
      {
        identity: [
          policy('a', { Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
          policy('d', {
            Effect: 'Deny',
            Action: 'iam:*',
            Resource: 'arn:aws:iam::*:user/${aws:username}',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          }),
        ],
      },
      { catalog: small },
    );
    expect(result.console.total).toBe(3);
    expect(result.console.partialResources).toBe(3);
    expect(result.console.possiblyDeniedBy[0]?.origin).toBe('d');
    expect(result.console.sensitive).toEqual(['iam:CreateAccessKey']);
  });
});

describe('permissions boundaries and SCPs intersect', () => {
  it('a boundary limits what the identity policies grant', () => {
    const boundary = fixture('s3-read-only-boundary.json', 'S3ReadBoundary');
    const result = analyzeWithoutMfa({ identity: [admin], boundary: [boundary] }, { catalog });
    const s3 = catalog.actionsOf('s3').filter((a) => a.startsWith('s3:get') || a.startsWith('s3:list'));
    expect(result.console.total).toBe(s3.length);
    expect(result.console.services.map((s) => s.service)).toEqual(['s3']);
    expect(result.console.sensitive).toEqual([]);
    expect(result.console.enforced).toBe(false);
  });

  it('a boundary that is not granted by the identity policies grants nothing', () => {
    const boundary = fixture('s3-read-only-boundary.json');
    const ec2 = policy('ec2', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    expect(analyzeWithoutMfa({ identity: [ec2], boundary: [boundary] }, { catalog }).console.total).toBe(0);
  });

  it('a Deny in the boundary applies like any explicit deny', () => {
    const boundary = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          {
            Effect: 'Deny',
            NotAction: [
              'iam:CreateVirtualMFADevice',
              'iam:EnableMFADevice',
              'iam:ListMFADevices',
              'sts:GetSessionToken',
            ],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      },
      'boundary-with-mfa',
    );
    const result = analyzeWithoutMfa({ identity: [admin], boundary: [boundary] }, { catalog });
    expect(result.enforced).toBe(true);
    expect(result.console.total).toBe(4);
  });

  it('SCPs at one level: any allows, a deny wins; levels intersect', () => {
    const fullAccess = policy('FullAWSAccess', { Effect: 'Allow', Action: '*', Resource: '*' });
    const denyIam = policy('DenyIam', { Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    const oneLevel = analyzeWithoutMfa({ identity: [admin], scps: [fullAccess, denyIam] }, { catalog });
    expect(oneLevel.console.services.some((s) => s.service === 'iam')).toBe(false);
    expect(oneLevel.console.total).toBe(catalog.size - catalog.actionsOf('iam').length);

    const onlyS3 = policy('OnlyS3', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const twoLevels = analyzeWithoutMfa(
      { identity: [admin], scpLevels: [[fullAccess], [onlyS3]] },
      { catalog },
    );
    expect(twoLevels.console.services.map((s) => s.service)).toEqual(['s3']);
  });
});

describe('group policies combine', () => {
  it('an MFA deny in a group policy covers an allow in another document', () => {
    const developer = policy('Developers', {
      Effect: 'Allow',
      Action: ['ec2:*', 's3:*', 'iam:CreateAccessKey'],
      Resource: '*',
    });
    const mfa = fixture('aws-self-manage-mfa-device.json', 'ForceMFA');
    const result = analyzeWithoutMfa({ identity: [developer, mfa] }, { catalog });
    expect(result.enforced).toBe(true);
    // Self-enrolment actions granted by the MFA policy itself.
    expect(result.console.total).toBeGreaterThan(0);
    expect(result.console.beyondSelfEnrolment).toBe(0);
  });

  it('a Deny with NotAction [iam:*] leaves IAM open and names the sensitive actions', () => {
    const result = analyzeWithoutMfa(
      { identity: [admin, fixture('deny-notaction-iam-wildcard.json')] },
      { catalog },
    );
    expect(result.console.services.map((s) => s.service)).toEqual(['iam', 'sts']);
    expect(result.console.sensitive).toEqual(
      expect.arrayContaining([
        'iam:CreateAccessKey',
        'iam:AttachUserPolicy',
        'iam:PutUserPolicy',
        'iam:PassRole',
      ]),
    );
    expect(result.console.sensitive).not.toContain('sts:AssumeRole');
  });
});

describe('actions decided per combination of partial statements', () => {
  it('gives the same reach with 40 one-action statements (a combination too long for a bit set) as with one', () => {
    const actions = catalog.actionsOf('s3').slice(0, 40);
    expect(actions).toHaveLength(40);
    const deny = { Effect: 'Deny', Action: actions.slice(0, 3), Resource: '*' };
    const separate = policy(
      'Separate',
      ...actions.map((action) => ({ Effect: 'Allow', Action: action, Resource: '*' })),
      deny,
    );
    const together = policy('Together', { Effect: 'Allow', Action: actions, Resource: '*' }, deny);
    const s3 = (document: PolicyDocument) =>
      analyzeWithoutMfa({ identity: [document] }, { catalog }).console.services.find(
        (reach) => reach.service === 's3',
      );
    expect(s3(separate)).toEqual({
      service: 's3',
      reachable: 37,
      of: catalog.actionsOf('s3').length,
      conditional: 0,
      partialResources: 0,
    });
    expect(s3(together)).toEqual(s3(separate));
  });
});
