import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, statusOf, type JsonReport } from '../support/runCli.js';

const EXAMPLE = 'examples/cloudformation/mfa-groups.yaml';

describe('mfa-warden scan cloudformation', () => {
  it('scans the bundled template: verdicts, the suppression as exempt, exit 1', async () => {
    const run = await runCli(['scan', 'cloudformation', EXAMPLE, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(statusOf(report, 'group-mfa-enforced', 'acme-auditors')).toBe('fail');
    expect(statusOf(report, 'group-mfa-enforced', 'acme-break-glass')).toBe('exempt');
    expect(statusOf(report, 'console-user-mfa-enforced', 'acme-erin')).toBe('fail');
    expect(statusOf(report, 'root-mfa')).toBeUndefined();
  });

  it('--parameter flips a verdict chosen by !If', async () => {
    const template = 'test/fixtures/cloudformation/if-parameter.yaml';
    const strict = await runCli([
      'scan',
      'cloudformation',
      template,
      '--format',
      'json',
      '--checks',
      'group-mfa-enforced',
    ]);
    const relaxed = await runCli([
      'scan',
      'cloudformation',
      template,
      '--parameter',
      'Mode=relaxed',
      '--format',
      'json',
      '--checks',
      'group-mfa-enforced',
    ]);
    const statuses = (text: string) => (JSON.parse(text) as JsonReport).findings.map((f) => f.status);
    expect(statuses(strict.stdout)).not.toEqual(statuses(relaxed.stdout));
  });

  it('a YAML syntax error exits 2 with file:line:column and no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-cli-cfn-'));
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'Resources:\n  G:\n    Type: AWS::IAM::Group\n   Properties: [\n');
    const run = await runCli(['scan', 'cloudformation', bad, EXAMPLE, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(statusOf(JSON.parse(run.stdout) as JsonReport, 'group-mfa-enforced', 'acme-auditors')).toBe(
      'fail',
    );
  });

  it('a file that is not a template says so (exit 2)', async () => {
    const run = await runCli(['scan', 'cloudformation', 'package.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/package\.json.*not a CloudFormation template/);
  });
});

describe('--format sarif on account scans', () => {
  it('scan export writes SARIF with logical locations (ARNs) and the export file', async () => {
    const run = await runCli(['scan', 'export', 'examples/acme-export', '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      runs: {
        results: {
          ruleId: string;
          logicalLocations?: { fullyQualifiedName: string }[];
          locations?: {
            physicalLocation?: { artifactLocation: { uri: string } };
            logicalLocations?: { fullyQualifiedName: string }[];
          }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(10);
    const names = JSON.stringify(results);
    expect(names).toMatch(/arn:aws:iam::123456789012:user\//);
    expect(names).toMatch(/examples\/acme-export\/authorization-details\.json/);
  });
});
