// `mfa-warden explain`: every check has its guide text and a worked example whose remediation comes from the
// check itself; the command prints them (text and JSON) from the same metadata the reports use, lists the ids
// without an argument, and treats an unknown id as a usage error (exit 2) naming the valid ones.
import { describe, expect, it } from 'vitest';
import { checkGuide, exampleFinding } from '../../src/checks/checkGuide.js';
import { allChecks } from '../../src/checks/index.js';
import { runCli } from '../support/runCli.js';

interface Explanation {
  id: string;
  title: string;
  severity: string;
  rationale: string;
  passes: string;
  fails: string;
  appliesTo: { input: string; commands: string }[];
  compliance: string[];
  helpUri: string;
  example?: {
    setting: string;
    resource: { type: string; name: string; account: string };
    message: string;
    remediation: {
      text: string;
      cli?: string[];
      destructive?: boolean[];
      needsInput?: boolean[];
      terraform?: string;
    };
  };
}

async function explainJson(id: string): Promise<Explanation> {
  const run = await runCli(['explain', id, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Explanation;
}

describe('check guide', () => {
  it('has what passes and what fails for exactly the checks there are', () => {
    expect(Object.keys(checkGuide).sort()).toEqual(allChecks.map((check) => check.id).sort());
    for (const guide of Object.values(checkGuide)) {
      expect(guide.passes).toMatch(/^[A-Z].{20,}\.$/s);
      expect(guide.fails).toMatch(/^[A-Z].{20,}\.$/s);
    }
  });

  it.each(allChecks.map((check) => [check.id, check] as const))(
    '%s fails on the example account with a remediation that has commands',
    (_, check) => {
      const example = exampleFinding(check);
      expect(example?.remediation.text).toMatch(/^[^\n]+\.$/);
      expect(example?.remediation.cli?.length).toBeGreaterThan(0);
      expect(example?.message.length).toBeGreaterThan(0);
    },
  );
});

describe('mfa-warden explain', () => {
  it('lists every check id without an argument', async () => {
    const run = await runCli(['explain']);
    expect(run.code).toBe(0);
    for (const check of allChecks) expect(run.stdout).toContain(`  ${check.id} `);
    const json = await runCli(['explain', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((row) => row.id)).toEqual(
      allChecks.map((check) => check.id),
    );
  });

  it('rejects an unknown id with exit 2, naming every valid one, and prints nothing on stdout', async () => {
    const run = await runCli(['explain', 'root-mfaa']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown check id "root-mfaa"');
    for (const check of allChecks) expect(run.stderr).toContain(check.id);
  });

  it('gives the metadata the reports use, in JSON, for every check', async () => {
    const explanations = await Promise.all(allChecks.map((check) => explainJson(check.id)));
    for (const [i, check] of allChecks.entries()) {
      const e = explanations[i];
      expect(e).toMatchObject({
        id: check.id,
        title: check.title,
        severity: check.severity,
        rationale: check.rationale,
        compliance: [...check.compliance],
        helpUri: check.helpUri,
        passes: checkGuide[check.id]?.passes,
        fails: checkGuide[check.id]?.fails,
      });
      expect(e?.example?.remediation.cli?.length).toBeGreaterThan(0);
    }
  });

  it('says which inputs a check judges', async () => {
    const ids = ['console-user-mfa', 'group-mfa-enforced', 'org-scp-mfa'];
    const inputs = await Promise.all(
      ids.map(async (id) => (await explainJson(id)).appliesTo.map((a) => a.input)),
    );
    expect(inputs).toEqual([['aws', 'export'], ['aws', 'export', 'iac'], ['organization']]);
  });

  it('shows the remediation a real finding gets, with the example names and account filled in', async () => {
    const e = await explainJson('console-user-mfa');
    expect(e.example?.resource).toMatchObject({
      type: 'AWS::IAM::User',
      name: 'alice',
      account: '123456789012',
    });
    const cli = e.example?.remediation.cli ?? [];
    const enable = cli.findIndex((command) =>
      command.startsWith('aws iam enable-mfa-device --user-name alice'),
    );
    const remove = cli.indexOf('aws iam delete-login-profile --user-name alice');
    expect(enable).toBeGreaterThanOrEqual(0);
    expect(cli[enable]).toContain('arn:aws:iam::123456789012:mfa/alice-mfa');
    // Taking the password away takes access away: marked, as in every report.
    expect(e.example?.remediation.destructive?.[remove]).toBe(true);
    expect(e.example?.remediation.needsInput?.[enable]).toBe(true);
  });

  it('prints a readable explanation with the example fix', async () => {
    const run = await runCli(['explain', 'root-mfa']);
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text.split('\n')[0]).toBe('root-mfa [critical]: The root user has MFA');
    for (const label of ['Why:', 'Passes:', 'Fails:', 'Runs in:', 'Compliance:', 'Docs:'])
      expect(text).toMatch(new RegExp(`^${label}`, 'm'));
    expect(text).toContain('CIS-AWS-5.0:1.4');
    expect(text).toContain(
      'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9',
    );
    expect(text).toContain('FAIL 123456789012: root user has no MFA');
    expect(text).toMatch(/^ {4}aws iam get-account-summary /m);
    expect(text).toContain('  Terraform:\n    # Terraform cannot manage the root user');
    // Prose is wrapped; commands and snippets are not.
    for (const line of text.split('\n').filter((l) => !l.startsWith('    ')))
      expect(line.length).toBeLessThanOrEqual(100);
  });

  it('marks destructive and person-needing commands in the text', async () => {
    const run = await runCli(['explain', 'mfa-exemptions-minimal']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^ {4}aws iam put-group-policy --group-name developers .*# destructive, needs a person$/m,
    );
    expect(run.stdout).toMatch(/^ {4}aws iam get-group-policy --group-name developers [^#]*$/m);
  });
});
