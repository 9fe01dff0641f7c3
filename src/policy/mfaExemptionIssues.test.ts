import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { mfaExemptionIssues } from './mfaExemptionIssues.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';

const fixture = (name: string) =>
  parsePolicyDocument(
    readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
    name,
  );

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});
const issuesOf = (name: string) => mfaExemptionIssues(fixture(name), { catalog });

describe('mfaExemptionIssues (mfa-exemptions-minimal)', () => {
  it.each([
    'aws-manage-own-credentials-with-mfa.json',
    'aws-manage-own-mfa-device-with-mfa.json',
    'aws-self-manage-mfa-device.json',
    'deny-bool-and-null.json',
  ])('%s exempts only MFA self-enrolment', (name) => {
    expect(issuesOf(name)).toEqual([]);
  });

  it('judges Action and NotAction with the same patterns apart (exemptions are remembered per element)', () => {
    const deny = (element: 'Action' | 'NotAction') =>
      parsePolicyDocument(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              [element]: ['iam:CreateAccessKey', 'iam:ListMFADevices'],
              Resource: '*',
              Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
            },
          ],
        },
        element,
      );
    const notAction = mfaExemptionIssues(deny('NotAction'), { catalog });
    const action = mfaExemptionIssues(deny('Action'), { catalog });
    expect(notAction.map((issue) => issue.message).join(' ')).toMatch(/create credentials.*CreateAccessKey/);
    expect(action.map((issue) => issue.message).join(' ')).not.toMatch(/CreateAccessKey/);
    expect(action.some((issue) => /other actions/.test(issue.message))).toBe(true);
    // Asked again, the remembered answer is the same.
    expect(mfaExemptionIssues(deny('NotAction'), { catalog })).toEqual(notAction);
  });

  it('names exempted credential-creation actions', () => {
    expect(issuesOf('deny-notaction-create-access-key.json')).toEqual([
      expect.objectContaining({
        code: 'exempts-credential-creation',
        statement: 'DenyAllExceptAccessKeysIfNoMfa',
        actions: ['iam:CreateAccessKey'],
      }),
    ]);
  });

  it('names role assumption for sts:AssumeRole and sts:*', () => {
    expect(issuesOf('deny-notaction-sts-assumerole.json').map((i) => [i.code, i.actions])).toEqual([
      ['exempts-role-assumption', ['sts:AssumeRole']],
    ]);
    const sts = issuesOf('deny-notaction-sts-wildcard.json');
    expect(sts.find((i) => i.code === 'exempts-role-assumption')?.actions).toEqual(
      expect.arrayContaining(['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity']),
    );
    expect(sts.find((i) => i.code === 'exempts-credential-creation')?.actions).toEqual([
      'sts:GetFederationToken',
    ]);
  });

  it('iam:* exempts every kind, by name', () => {
    const issues = issuesOf('deny-notaction-iam-wildcard.json');
    const byCode = Object.fromEntries(issues.map((i) => [i.code, i.actions]));
    expect(byCode['exempts-credential-creation']).toEqual(
      expect.arrayContaining(['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile']),
    );
    expect(byCode['exempts-permission-change']).toEqual(
      expect.arrayContaining([
        'iam:AttachUserPolicy',
        'iam:PutUserPolicy',
        'iam:CreatePolicyVersion',
        'iam:AddUserToGroup',
      ]),
    );
    expect(byCode['exempts-role-assumption']).toEqual(['iam:PassRole']);
    expect(byCode['exempts-mfa-removal']).toEqual(['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice']);
    expect(byCode['exempts-other']?.length).toBeGreaterThan(50);
  });

  it('an Action list exempts everything it leaves out; a resource-limited Deny exempts other resources', () => {
    const s3 = issuesOf('deny-s3-only.json').map((i) => i.code);
    expect(s3).toEqual(
      expect.arrayContaining(['exempts-credential-creation', 'exempts-permission-change', 'exempts-other']),
    );
    expect(issuesOf('deny-own-user-arn-only.json').map((i) => i.code)).toEqual(['exempts-resources']);
    expect(issuesOf('deny-notresource-s3.json')[0]?.message).toContain('NotResource exempts arn:aws:s3:::*');
  });

  it('flags DeleteVirtualMFADevice in the Knowledge Center policy as MFA removal', () => {
    const issues = issuesOf('repost-mfa-cli.json');
    expect(issues.find((i) => i.code === 'exempts-mfa-removal')?.actions).toEqual([
      'iam:DeleteVirtualMFADevice',
    ]);
    // The read-only credential listings are tolerated self-service reads, not exemptions worth a finding.
    expect(issues.find((i) => i.code === 'exempts-other')).toBeUndefined();
  });

  it('ignores statements that do not enforce MFA', () => {
    expect(issuesOf('administrator-access.json')).toEqual([]);
    expect(issuesOf('deny-inverted-boolifexists-true.json')).toEqual([]);
  });
});
