import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

const POLICIES = 'test/fixtures/policies';
const REFERENCE = `${POLICIES}/aws-manage-own-credentials-with-mfa.json`;
const BOOL_FALSE = `${POLICIES}/deny-bool-false.json`;
const NOTACTION_IAM = `${POLICIES}/deny-notaction-iam-wildcard.json`;

interface Reason {
  code: string;
  message: string;
}
interface PolicyReport {
  file: string;
  verdict: string;
  witness?: {
    credential: string;
    action: string;
    resource: string;
    context: Record<string, string | null>;
    allowedBy: { policy: string; statement: string };
  };
  replay?: string;
  reasons: Reason[];
  exemptActions: string[];
  exemptActionCount: number;
  byCredential: Record<'console' | 'accessKey', { enforced: boolean; explanation: string }>;
}

async function analyzeJson(...args: string[]): Promise<{ code: number; report: Record<string, unknown> }> {
  const run = await runCli(['analyze', 'policy', '--format', 'json', ...args]);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as Record<string, unknown> };
}

const tempDir = () => mkdtemp(join(tmpdir(), 'mfa-warden-analyze-'));

describe('mfa-warden analyze policy', () => {
  it('finds the AWS reference policy enforced: exit 0, one JSON object', async () => {
    const { code, report } = await analyzeJson(REFERENCE);
    expect(code).toBe(0);
    const policy = report as unknown as PolicyReport & { schemaVersion: number; tool: { name: string } };
    expect(policy.schemaVersion).toBe(1);
    expect(policy.tool.name).toBe('mfa-warden');
    expect(policy.file).toBe(REFERENCE);
    expect(policy.verdict).toBe('enforced');
    expect(policy.exemptActionCount).toBe(0);
    expect(policy.byCredential.console.enforced).toBe(true);
    expect(policy.byCredential.accessKey.enforced).toBe(true);
  });

  it('finds a Deny with plain Bool weak, with a reason about access keys: exit 1', async () => {
    const { code, report } = await analyzeJson(BOOL_FALSE);
    expect(code).toBe(1);
    const policy = report as unknown as PolicyReport;
    expect(policy.verdict).toBe('weak');
    expect(policy.reasons.map((r) => r.code)).toContain('access-key-bypass');
    expect(policy.reasons.some((r) => /access key/.test(r.message))).toBe(true);
    expect(policy.byCredential.console.enforced).toBe(true);
    expect(policy.byCredential.accessKey.enforced).toBe(false);
    expect(policy.exemptActions).toContain('iam:CreateAccessKey');
  });

  it('carries a witness and its replay beside the verdict when not enforced, and neither when enforced', async () => {
    const weak = (await analyzeJson(BOOL_FALSE)).report as unknown as PolicyReport;
    expect(Object.keys(weak).slice(3, 7)).toEqual(['file', 'verdict', 'witness', 'replay']);
    expect(weak.witness).toEqual({
      credential: 'access-key',
      action: 'iam:CreateAccessKey',
      resource: 'arn:aws:iam::123456789012:user/example-user',
      context: {
        'aws:MultiFactorAuthPresent': null,
        'aws:username': 'example-user',
        'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/example-user',
      },
      allowedBy: { policy: 'other attached policies', statement: 'Statement[0]' },
    });
    expect(weak.replay).toBe(
      `aws iam simulate-custom-policy --policy-input-list "$(cat ${BOOL_FALSE})" ` +
        `'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' ` +
        '--action-names iam:CreateAccessKey --resource-arns arn:aws:iam::123456789012:user/example-user ' +
        '--context-entries ContextKeyName=aws:username,ContextKeyValues=example-user,ContextKeyType=string ' +
        'ContextKeyName=aws:PrincipalArn,ContextKeyValues=arn:aws:iam::123456789012:user/example-user,ContextKeyType=string',
    );
    const enforced = (await analyzeJson(REFERENCE)).report;
    expect(enforced).not.toHaveProperty('witness');
    expect(enforced).not.toHaveProperty('replay');
    const several = (await analyzeJson(NOTACTION_IAM, REFERENCE)).report.policies as PolicyReport[];
    expect(several.map((p) => p.witness?.action)).toEqual(['iam:CreateAccessKey', undefined]);
    expect(several[0]?.witness?.context['aws:MultiFactorAuthPresent']).toBe('false');
  });

  it('finds NotAction iam:* partial, naming the bypass', async () => {
    const { code, report } = await analyzeJson(NOTACTION_IAM);
    expect(code).toBe(1);
    const policy = report as unknown as PolicyReport;
    expect(policy.verdict).toBe('partial');
    const exemption = policy.reasons.find((r) => r.code === 'notaction-exemption');
    expect(exemption?.message).toMatch(/DenyAllExceptIamIfNoMfa.*NotAction exempts "iam:\*"/);
    expect(policy.exemptActions).toContain('iam:CreateAccessKey');
  });

  it('reports several files as a policies array in the order given; exit 1 when any is not enforced', async () => {
    const { code, report } = await analyzeJson(NOTACTION_IAM, REFERENCE, BOOL_FALSE);
    expect(code).toBe(1);
    expect(report).not.toHaveProperty('verdict');
    const policies = report.policies as PolicyReport[];
    expect(policies.map((p) => [p.file, p.verdict])).toEqual([
      [NOTACTION_IAM, 'partial'],
      [REFERENCE, 'enforced'],
      [BOOL_FALSE, 'weak'],
    ]);
  });

  it('exits 0 for several files only when every one is enforced', async () => {
    const run = await runCli([
      'analyze',
      'policy',
      REFERENCE,
      `${POLICIES}/aws-self-manage-mfa-device.json`,
      `${POLICIES}/deny-bool-and-null.json`,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('3 policies: 3 enforced, 0 partial, 0 weak, 0 none');
  });

  it('prints a plain table when piped: header, reasons, exempt actions, one line per credential', async () => {
    const run = await runCli(['analyze', 'policy', BOOL_FALSE]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('\u001b[');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`${BOOL_FALSE}: WEAK`);
    expect(lines[1]).toBe(
      '  witness: access-key can iam:CreateAccessKey on arn:aws:iam::123456789012:user/example-user (allowed by other attached policies Statement[0])',
    );
    expect(run.stdout).toMatch(
      /\n {2}- requests signed with a long-term access key .*\[access-key-bypass\]\n/,
    );
    expect(run.stdout).toMatch(/\n {4}iam:CreateAccessKey\n/);
    expect(run.stdout).toMatch(/\n {4}and [\d,]+ more\n/);
    expect(lines.filter((line) => /^ {4}\S+:\S+$/.test(line))).toHaveLength(20);
    expect(run.stdout).toMatch(/\n {2}console: MFA enforced/);
    expect(run.stdout).toMatch(/\n {2}access key: [\d,]+ actions/);
  });

  it('reads `aws iam get-policy-version` output, with the Document as an object or URL-encoded text', async () => {
    const dir = await tempDir();
    const document = JSON.parse(await readFile(REFERENCE, 'utf8')) as unknown;
    const asObject = join(dir, 'version.json');
    const asText = join(dir, 'version-encoded.json');
    const version = (doc: unknown) =>
      JSON.stringify({ PolicyVersion: { Document: doc, VersionId: 'v1', IsDefaultVersion: true } });
    await writeFile(asObject, version(document));
    await writeFile(asText, version(encodeURIComponent(JSON.stringify(document))));
    const { code, report } = await analyzeJson(asObject, asText);
    expect(code).toBe(0);
    expect((report.policies as PolicyReport[]).map((p) => p.verdict)).toEqual(['enforced', 'enforced']);
  });

  it('writes --output whole, and nothing to stdout', async () => {
    const dir = await tempDir();
    const out = join(dir, 'verdict.json');
    const run = await runCli(['analyze', 'policy', REFERENCE, '--format', 'json', '--output', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(await readFile(out, 'utf8')).verdict).toBe('enforced');
  });
});

describe('analyze policy: bad input exits 2, names the problem, writes nothing', () => {
  it('names the file and the statement of an invalid Effect', async () => {
    const file = `${POLICIES}/invalid-effect.json`;
    const run = await runCli(['analyze', 'policy', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^mfa-warden: error: test\/fixtures\/policies\/invalid-effect\.json: Statement\[2\] \(Sid "DenyNoMfa"\): Effect must be "Allow" or "Deny", got "Denied"\n$/,
    );
    expect(run.stdout).toBe('');
  });

  it('names file:line of truncated JSON, without a stack trace', async () => {
    const dir = await tempDir();
    const file = join(dir, 'truncated.json');
    const text = await readFile(REFERENCE, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    const run = await runCli(['analyze', 'policy', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`mfa-warden: error: ${file}:`);
    expect(run.stderr).toMatch(/truncated\.json:\d+: invalid JSON \(.*the file ends before the JSON does/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('names a missing file; --debug adds the stack', async () => {
    const run = await runCli(['analyze', 'policy', 'no/such/policy.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('mfa-warden: error: no/such/policy.json: no such file\n');
    const debug = await runCli(['--debug', 'analyze', 'policy', 'no/such/policy.json']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('rejects JSON that is not a policy document, and get-policy-version output without a Document', async () => {
    const dir = await tempDir();
    const list = join(dir, 'list.json');
    const noDocument = join(dir, 'no-document.json');
    await writeFile(list, '[]');
    await writeFile(noDocument, JSON.stringify({ PolicyVersion: { VersionId: 'v1' } }));
    const notObject = await runCli(['analyze', 'policy', list]);
    expect(notObject.code).toBe(2);
    expect(notObject.stderr).toMatch(/list\.json: expected a policy document/);
    const missing = await runCli(['analyze', 'policy', noDocument]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-document\.json: PolicyVersion has no Document/);
  });

  it('writes no --output when any file is bad, even if the others are fine', async () => {
    const dir = await tempDir();
    const out = join(dir, 'verdicts.json');
    const run = await runCli([
      'analyze',
      'policy',
      REFERENCE,
      `${POLICIES}/invalid-effect.json`,
      '--format',
      'json',
      '--output',
      out,
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects a bad --format and a missing FILE argument with exit 2', async () => {
    const format = await runCli(['analyze', 'policy', REFERENCE, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/xml/);
    const none = await runCli(['analyze', 'policy']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument/);
  });
});

describe('mfa-warden analyze policy on the seed guide (004) policies', () => {
  it('rates the Deny on ec2:* and s3:* partial, and the region-conditioned SCP enforced but locking users out', async () => {
    const dir = await tempDir();
    const denyTwo = join(dir, 'deny-ec2-s3.json');
    await writeFile(
      denyTwo,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: ['ec2:*', 's3:*'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      }),
    );
    const scp = join(dir, 'scp-region.json');
    await writeFile(
      scp,
      JSON.stringify({
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
      }),
    );
    const { code, report } = await analyzeJson(denyTwo, scp);
    expect(code).toBe(1);
    const [first, second] = (report as unknown as { policies: PolicyReport[] }).policies;
    expect(first?.verdict).toBe('partial');
    expect(first?.reasons.map((r) => r.code)).toEqual(['action-scope']);
    expect(second?.verdict).toBe('enforced');
    expect(second?.reasons.map((r) => r.code)).toEqual(['enforced', 'denies-self-enrolment']);
    const table = await runCli(['analyze', 'policy', denyTwo]);
    expect(table.stdout).toMatch(/deny-ec2-s3.json: PARTIAL/);
  });
});
