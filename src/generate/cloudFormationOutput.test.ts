// Every CloudFormation template `generate` writes passes cfn-lint and our own CloudFormation scanner without
// an input error or a failing finding; the policy, attached to a group, enforces MFA there.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeTree } from '../../test/support/iacFixture.js';
import { scanCloudFormation, type IacScanResult } from '../scan/scan.js';
import { generateArtefact, type Artefact } from './generateArtefact.js';

const run = promisify(execFile);
const EXEMPT = ['arn:aws:iam::123456789012:user/break-glass', 'arn:aws:iam::*:user/emergency/*'];

async function cfnLint(files: readonly string[]): Promise<{ code: number; stdout: string }> {
  return run('cfn-lint', [...files]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
}

const file = (text: string) => join(writeTree({ 'template.yaml': text }), 'template.yaml');

const bad = (result: IacScanResult) =>
  result.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'unknown');

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** The generated policy template plus a group with AdministratorAccess and a console user in it. */
function withGroup(policyTemplate: string, attach: boolean): string {
  const template = parse(policyTemplate) as Template;
  const policy = template.Resources.MfaWardenRequireMfa;
  if (!policy) throw new Error('the template has no MfaWardenRequireMfa');
  if (attach) policy.Properties.Groups = [{ Ref: 'Developers' }];
  template.Resources.Developers = {
    Type: 'AWS::IAM::Group',
    Properties: {
      GroupName: 'developers',
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    },
  };
  template.Resources.Alice = {
    Type: 'AWS::IAM::User',
    Properties: {
      UserName: 'alice',
      Groups: [{ Ref: 'Developers' }],
      LoginProfile: {
        Password: '{{resolve:secretsmanager:alice-initial-password}}',
        PasswordResetRequired: true,
      },
    },
  };
  return stringify(template, { version: '1.1', lineWidth: 0 });
}

describe('generate --format cloudformation', () => {
  const cases: [Artefact, readonly string[]][] = [
    ['policy', []],
    ['policy', EXEMPT],
    ['scp', []],
    ['scp', EXEMPT],
    ['config-rules', []],
  ];

  it('every template passes cfn-lint', async () => {
    const files = cases.map(([artefact, exemptArns]) =>
      file(generateArtefact(artefact, { format: 'cloudformation', exemptArns })),
    );
    const result = await cfnLint(files);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it.each(cases)(
    '%s (exempt ARNs: %j) scans without input errors or failing findings',
    async (artefact, exemptArns) => {
      const result = await scanCloudFormation([
        file(generateArtefact(artefact, { format: 'cloudformation', exemptArns })),
      ]);
      expect(result.inputErrors).toEqual([]);
      expect(bad(result)).toEqual([]);
      if (artefact === 'policy') {
        expect(result.findings.map((f) => `${f.check}:${f.status}`).sort()).toEqual([
          'mfa-condition-sound:pass',
          'mfa-exemptions-minimal:pass',
        ]);
      }
    },
  );

  it('writes the resource types the spec names, with the documents as generated', () => {
    const policy = parse(generateArtefact('policy', { format: 'cloudformation' })) as Template;
    expect(policy.Resources.MfaWardenRequireMfa?.Type).toBe('AWS::IAM::ManagedPolicy');
    expect(policy.Resources.MfaWardenRequireMfa?.Properties.ManagedPolicyName).toBe('mfa-warden-require-mfa');
    expect(policy.Resources.MfaWardenRequireMfa?.Properties.PolicyDocument).toEqual(
      JSON.parse(generateArtefact('policy')),
    );
    const scp = parse(generateArtefact('scp', { format: 'cloudformation', exemptArns: EXEMPT })) as Template;
    const [scpResource] = Object.values(scp.Resources);
    expect(scpResource?.Type).toBe('AWS::Organizations::Policy');
    expect(scpResource?.Properties.Type).toBe('SERVICE_CONTROL_POLICY');
    expect(scpResource?.Properties.Content).toEqual(
      JSON.parse(generateArtefact('scp', { exemptArns: EXEMPT })),
    );
    const rulesText = generateArtefact('config-rules', { format: 'cloudformation' });
    const rules = parse(rulesText) as Template;
    expect(
      Object.values(rules.Resources).map((r) => [r.Type, r.Properties.MaximumExecutionFrequency]),
    ).toEqual(Array(4).fill(['AWS::Config::ConfigRule', 'TwentyFour_Hours']));
    expect(rulesText).toMatch(
      /# root-account-mfa-enabled \(periodic\)\. Remediation:\n\s+# {3}Check: mfa-warden scan aws --checks root-mfa/,
    );
  });

  it('attached to a group with AdministratorAccess, the policy makes the group and its console user enforce MFA', async () => {
    const policy = generateArtefact('policy', { format: 'cloudformation' });
    const attachedFile = file(withGroup(policy, true));
    const detachedFile = file(withGroup(policy, false));
    expect(await cfnLint([attachedFile, detachedFile])).toEqual({ code: 0, stdout: '' });

    const status = (result: IacScanResult, check: string) =>
      result.findings.find((f) => f.check === check)?.status;
    const attached = await scanCloudFormation([attachedFile]);
    expect(attached.inputErrors).toEqual([]);
    expect(status(attached, 'group-mfa-enforced')).toBe('pass');
    expect(status(attached, 'console-user-mfa-enforced')).toBe('pass');
    expect(bad(attached)).toEqual([]);

    // Without the Groups property both fail: the pass above is the policy's doing.
    const detached = await scanCloudFormation([detachedFile]);
    expect(status(detached, 'group-mfa-enforced')).toBe('fail');
    expect(status(detached, 'console-user-mfa-enforced')).toBe('fail');
  }, 120_000);
});
