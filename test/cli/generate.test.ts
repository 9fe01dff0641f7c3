// `mfa-warden generate policy|scp|config-rules` as a user runs it: every subcommand and format on stdout,
// --output writing the same text to a file, and bad --exempt-arn values refused with exit 2 and no file.
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/runCli.js';

const BREAK_GLASS = 'arn:aws:iam::123456789012:user/break-glass';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

type Statement = {
  Effect: string;
  NotAction?: string[];
  Condition?: Record<string, Record<string, unknown>>;
};

describe('mfa-warden generate', () => {
  it('policy: the MFA-enforcing policy as pretty JSON by default', async () => {
    const run = await runCli(['generate', 'policy']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\{\n {2}"Version": "2012-10-17",\n {2}"Statement": \[\n/);
    const document = JSON.parse(run.stdout) as { Statement: Statement[] };
    const deny = document.Statement.find((s) => s.Effect === 'Deny');
    expect(deny?.Condition).toEqual({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
  });

  it('policy --exempt-arn (repeatable) adds ArnNotLike aws:PrincipalArn to the Deny', async () => {
    const other = 'arn:aws:iam::123456789012:role/BreakGlass';
    const run = await runCli(['generate', 'policy', '--exempt-arn', BREAK_GLASS, '--exempt-arn', other]);
    expect(run.code).toBe(0);
    const deny = (JSON.parse(run.stdout) as { Statement: Statement[] }).Statement.find(
      (s) => s.Effect === 'Deny',
    );
    expect(deny?.Condition?.ArnNotLike).toEqual({ 'aws:PrincipalArn': [BREAK_GLASS, other] });
  });

  it('the generated policy passes our own analyze policy (exit 0, enforced)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-generate-'));
    const file = join(dir, 'policy.json');
    expect((await runCli(['generate', 'policy', '--output', file])).code).toBe(0);
    const run = await runCli(['analyze', 'policy', file, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"verdict": "enforced"');
  });

  it('scp: scoped to IAM users, within the SCP size limit', async () => {
    const run = await runCli(['generate', 'scp', '--exempt-arn', BREAK_GLASS]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.length).toBeLessThanOrEqual(5120);
    const [statement] = (JSON.parse(run.stdout) as { Statement: Statement[] }).Statement;
    expect(statement?.Condition).toEqual({
      BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' },
      ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS] },
    });
  });

  it('config-rules: a JSON array of put-config-rule requests', async () => {
    const run = await runCli(['generate', 'config-rules']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const rules = JSON.parse(run.stdout) as { ConfigRuleName: string; Source: { Owner: string } }[];
    expect(rules.map((r) => r.ConfigRuleName)).toEqual([
      'mfa-enabled-for-iam-console-access',
      'iam-user-mfa-enabled',
      'root-account-mfa-enabled',
      'root-account-hardware-mfa-enabled',
    ]);
    expect(rules.every((r) => r.Source.Owner === 'AWS')).toBe(true);
  });

  it.each([
    ['policy', /^resource "aws_iam_policy" "mfa_warden_require_mfa" \{$/m],
    ['scp', /^resource "aws_organizations_policy" "mfa_warden_iam_users_require_mfa" \{$/m],
    ['config-rules', /^resource "aws_config_config_rule" "root_account_mfa_enabled" \{$/m],
  ])('%s --format terraform', async (artefact, resource) => {
    const run = await runCli(['generate', artefact, '--format', 'terraform']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(resource);
  });

  it.each([
    ['policy', 'AWS::IAM::ManagedPolicy'],
    ['scp', 'AWS::Organizations::Policy'],
    ['config-rules', 'AWS::Config::ConfigRule'],
  ])('%s --format cloudformation', async (artefact, type) => {
    const run = await runCli(['generate', artefact, '--format', 'cloudformation']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const template = parse(run.stdout) as {
      AWSTemplateFormatVersion: string;
      Resources: Record<string, { Type: string }>;
    };
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.values(template.Resources).every((r) => r.Type === type)).toBe(true);
  });

  it('--output writes exactly what stdout would have shown, and nothing to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-generate-'));
    const file = join(dir, 'scp.tf');
    const written = await runCli(['generate', 'scp', '--format', 'terraform', '--output', file]);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const shown = await runCli(['generate', 'scp', '--format', 'terraform']);
    expect(await readFile(file, 'utf8')).toBe(shown.stdout);
  });

  it.each([['policy'], ['scp']])(
    '%s with a bad --exempt-arn: exit 2, the value named, nothing written',
    async (artefact) => {
      const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-generate-'));
      const file = join(dir, 'out.json');
      const run = await runCli([
        'generate',
        artefact,
        '--exempt-arn',
        BREAK_GLASS,
        '--exempt-arn',
        'break-glass',
        '--output',
        file,
      ]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'mfa-warden: error: --exempt-arn "break-glass" is not an IAM ARN (expected arn:aws:iam::ACCOUNT_ID:user/NAME or :role/NAME)\n',
      );
      expect(await exists(file)).toBe(false);
    },
  );

  it('a bad --exempt-arn leaves an existing --output file as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-generate-'));
    const file = join(dir, 'policy.json');
    await writeFile(file, 'previous\n');
    const run = await runCli(['generate', 'policy', '--exempt-arn', 'arn:aws:s3:::bucket', '--output', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"arn:aws:s3:::bucket" is not an IAM ARN');
    expect(await readFile(file, 'utf8')).toBe('previous\n');
  });

  it('scp with exempt ARNs past the 5,120-character limit: exit 2 saying so', async () => {
    const args = Array.from({ length: 80 }, (_, i) => [
      '--exempt-arn',
      `arn:aws:iam::123456789012:user/emergency/break-glass-${i}`,
    ]).flat();
    const run = await runCli(['generate', 'scp', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^mfa-warden: error: the SCP would be [\d,]+ characters with 80 exempt ARNs, over the 5,120-character limit for service control policies;/,
    );
  });

  it('usage errors exit 2: an unknown format, --exempt-arn on config-rules', async () => {
    const format = await runCli(['generate', 'policy', '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/argument 'yaml' is invalid/);
    const rules = await runCli(['generate', 'config-rules', '--exempt-arn', BREAK_GLASS]);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toMatch(/unknown option '--exempt-arn'/);
  });
});
