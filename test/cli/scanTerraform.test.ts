import { mkdtemp, readFile, writeFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, statusOf, type JsonReport } from '../support/runCli.js';

const EXAMPLES = 'examples/terraform';

interface IacJsonReport extends JsonReport {
  findings: (JsonReport['findings'][number] & {
    resource: { source: { kind: string; file?: string; line?: number; address?: string } };
  })[];
  summary: JsonReport['summary'] & { notApplicable: string[]; inputErrors?: string[] };
}

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-cli-tf-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('mfa-warden scan terraform', () => {
  it('scans the bundled examples: the seed verdicts, file:line in the table, exit 1', async () => {
    const run = await runCli(['scan', 'terraform', EXAMPLES]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /FAIL +developers +the group has no policies.*\(examples\/terraform\/seed-insecure\/main\.tf:9\)/,
    );
    expect(run.stdout).toMatch(/FAIL +interns/);
    expect(run.stdout).toMatch(
      /not applicable to this input \(live device state\): root-mfa, root-hardware-mfa, console-user-mfa, user-mfa/,
    );
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(
      /^terraform examples\/terraform\/realistic, .*: \d+ results:/,
    );
  });

  it('writes the JSON report with file, line and address on every IaC finding', async () => {
    const run = await runCli([
      'scan',
      'terraform',
      `${EXAMPLES}/seed-secure`,
      `${EXAMPLES}/seed-insecure`,
      '--format',
      'json',
    ]);
    const report = JSON.parse(run.stdout) as IacJsonReport;
    expect(run.code).toBe(1);
    const groups = report.findings.filter((f) => f.check === 'group-mfa-enforced');
    expect(groups.map((f) => `${f.resource.name}:${f.status}`).sort()).toEqual([
      'developers:fail',
      'support:fail',
      'support:pass',
    ]);
    for (const finding of report.findings) {
      expect(finding.resource.source.kind).toBe('iac');
      expect(finding.resource.source.file).toMatch(/\.tf$/);
      expect(finding.resource.source.line).toBeGreaterThan(0);
      expect(finding.resource.source.address).toBeTruthy();
    }
    expect(report.summary.notApplicable).toContain('root-mfa');
    expect(statusOf(report, 'root-mfa')).toBeUndefined();
  });

  it('writes SARIF with physical locations for code', async () => {
    const run = await runCli(['scan', 'terraform', `${EXAMPLES}/seed-insecure`, '--format', 'sarif']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
          partialFingerprints: Record<string, string>;
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(['group-mfa-enforced', 'group-mfa-enforced']);
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'examples/terraform/seed-insecure/main.tf',
    );
    expect(results.map((r) => r.locations[0]?.physicalLocation.region.startLine).sort()).toEqual([5, 9]);
    expect(Object.keys(results[0]?.partialFingerprints ?? {})).not.toHaveLength(0);
  });

  it('a syntax error exits 2 naming file:line:column, and the other paths are still reported', async () => {
    const broken = await tree({ 'main.tf': 'resource "aws_iam_group" "x" {\n  name = "x"\n' });
    const run = await runCli(['scan', 'terraform', broken, `${EXAMPLES}/seed-insecure`, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `mfa-warden: error: ${join(broken, 'main.tf').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: syntax error`,
      ),
    );
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    const report = JSON.parse(run.stdout) as IacJsonReport;
    expect(statusOf(report, 'group-mfa-enforced', 'developers')).toBe('fail');
    expect(report.summary.inputErrors?.[0]).toMatch(/syntax error/);
  });

  it('when nothing can be read: exit 2 and no output file', async () => {
    const broken = await tree({ 'main.tf': 'resource "aws_iam_group" {\n' });
    const out = join(broken, 'report.json');
    const run = await runCli(['scan', 'terraform', broken, '--output', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/main\.tf:\d+:\d+: syntax error/);
    await expect(access(out)).rejects.toThrow();
  });

  it('--var resolves a variable; unset it is unknown and fails the run', async () => {
    const dir = await tree({
      'main.tf': `variable "group" {\n  type = string\n}\n\nresource "aws_iam_group" "g" {\n  name = var.group\n}\n\nresource "aws_iam_group_policy" "p" {\n  group  = var.group\n  policy = file("\${path.module}/mfa.json")\n}\n`,
      'mfa.json': await readFile('test/fixtures/policies/aws-self-manage-mfa-device.json', 'utf8'),
    });
    const set = await runCli([
      'scan',
      'terraform',
      dir,
      '--var',
      'group=ops',
      '--format',
      'json',
      '--checks',
      'group-mfa-enforced',
    ]);
    expect(statusOf(JSON.parse(set.stdout) as JsonReport, 'group-mfa-enforced', 'ops')).toBe('pass');
    expect(set.code).toBe(0);
    const unset = await runCli([
      'scan',
      'terraform',
      dir,
      '--format',
      'json',
      '--checks',
      'group-mfa-enforced',
    ]);
    expect(unset.code).toBe(1);
    expect(JSON.stringify(JSON.parse(unset.stdout))).toMatch(/variable \\"group\\" has no value/);
  });

  it('a suppression without a reason, or a file that is not Terraform, is an input error (exit 2)', async () => {
    const dir = await tree({
      'main.tf': '# mfa-warden:ignore group-mfa-enforced\nresource "aws_iam_group" "g" {\n  name = "g"\n}\n',
    });
    const run = await runCli(['scan', 'terraform', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/main\.tf:1: mfa-warden:ignore group-mfa-enforced has no reason/);
    const other = await runCli(['scan', 'terraform', 'README.md']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/README\.md: not Terraform/);
  });

  it('--version names the AWS managed policy snapshot', async () => {
    const run = await runCli(['--version']);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+ \(AWS managed policies snapshot \d{4}-\d{2}-\d{2}/);
  });
});
