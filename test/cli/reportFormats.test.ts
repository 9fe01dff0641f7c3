import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';

// The CLI's report formats end to end: CSV and Markdown on stdout, several formats at once with
// --output-dir, and --baseline / --fail-on-new against a previous JSON report.

const EXAMPLE = 'examples/acme-export';

interface Finding {
  check: string;
  status: string;
  message: string;
  resource: { type: string; name: string; arn: string; account: string; source: { line?: number } };
  baseline?: 'new' | 'unchanged';
}

interface Report {
  generatedAt: string;
  findings: Finding[];
  summary: {
    baseline?: {
      file: string;
      new: number;
      unchanged: number;
      resolved: { check: string; resource: { name: string } }[];
    };
  };
}

const PROBLEMS = new Set(['fail', 'error', 'unknown']);

/** RFC 4180 records; throws on anything that is not (a bare LF, a stray quote, no final CRLF). */
function parseCsv(text: string): string[][] {
  const field = /("(?:[^"]|"")*"|[^",\r\n"]*)(,|\r\n)/y;
  const records: string[][] = [];
  let record: string[] = [];
  while (field.lastIndex < text.length) {
    const at = field.lastIndex;
    const match = field.exec(text);
    if (!match) throw new Error(`not RFC 4180 at offset ${at}: ${JSON.stringify(text.slice(at, at + 40))}`);
    const [, raw = '', end] = match;
    record.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (end === '\r\n') {
      records.push(record);
      record = [];
    }
  }
  if (record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mfa-warden-formats-'));
}

async function scan(...args: string[]) {
  return runCli(['scan', 'export', EXAMPLE, ...args]);
}

/** Timestamps are the only thing two runs may differ in. */
function withoutTimestamps(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '<time>');
}

const key = (finding: Pick<Finding, 'check' | 'resource'>) => `${finding.check} ${finding.resource.arn}`;

let acme: Report;
let acmeJson: string;

beforeAll(async () => {
  const run = await scan('--format', 'json');
  expect(run.code).toBe(1);
  acmeJson = run.stdout;
  acme = JSON.parse(acmeJson) as Report;
});

describe('--format csv and markdown', () => {
  it('csv: parses as RFC 4180, one row per finding of the JSON report, in the same order', async () => {
    const run = await scan('--format', 'csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header).toEqual([
      'check',
      'status',
      'severity',
      'account',
      'type',
      'name',
      'arn',
      'file',
      'line',
      'message',
      'compliance',
      'baseline',
    ]);
    expect(rows).toHaveLength(acme.findings.length);
    expect(rows.map((row) => [row[0], row[1], row[5], row[6], row[9]])).toEqual(
      acme.findings.map((f) => [f.check, f.status, f.resource.name, f.resource.arn, f.message]),
    );
    expect(rows.find((row) => row[5] === 'zoë.müller')).toBeDefined(); // UTF-8 intact
  });

  it('markdown: a heading with the account and counts, and the failing findings', async () => {
    const run = await scan('--format', 'markdown');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe(
      '## ❌ mfa-warden: account 123456789012: 25 failed, 0 errors, 3 unknown, 0 exempt, 28 passed',
    );
    expect(run.stdout).toContain('<code>bob.builder</code> user');
    expect(run.stdout).not.toContain('<code>alice.admin</code> user | console password'); // a pass
  });
});

describe('--output-dir', () => {
  it('writes one file per format, each the same as that format on its own', async () => {
    const dir = await tempDir();
    const run = await scan('--format', 'json,sarif,csv,markdown', '--output-dir', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('');
    expect((await readdir(dir)).sort()).toEqual([
      'mfa-warden.csv',
      'mfa-warden.json',
      'mfa-warden.md',
      'mfa-warden.sarif',
    ]);
    for (const [format, file] of [
      ['json', 'mfa-warden.json'],
      ['sarif', 'mfa-warden.sarif'],
      ['csv', 'mfa-warden.csv'],
      ['markdown', 'mfa-warden.md'],
    ] as const) {
      const alone = await scan('--format', format);
      const written = await readFile(join(dir, file), 'utf8');
      expect(written.length, file).toBeGreaterThan(100);
      expect(withoutTimestamps(written), file).toBe(withoutTimestamps(alone.stdout));
    }
  });

  it('several formats without --output-dir are a usage error (exit 2), with no report', async () => {
    const run = await scan('--format', 'json,csv');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('several --format values need --output-dir DIR');
    expect(run.stdout).toBe('');
  });

  it('--output with --output-dir is a usage error (exit 2), and writes nothing', async () => {
    const dir = await tempDir();
    const run = await scan('--format', 'csv', '--output', join(dir, 'x.csv'), '--output-dir', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('use --output or --output-dir, not both');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('--baseline and --fail-on-new', () => {
  let unchangedFile: string;
  let editedFile: string;
  let dropped: Finding;

  beforeAll(async () => {
    const dir = await tempDir();
    unchangedFile = join(dir, 'same.json');
    await writeFile(unchangedFile, acmeJson);
    // A baseline that lacks one of today's problems and has one that is gone today.
    const problem = acme.findings.find((f) => f.check === 'console-user-mfa' && f.status === 'fail');
    if (!problem) throw new Error('the example has no console-user-mfa failure');
    dropped = problem;
    const departed: Finding = {
      ...problem,
      resource: {
        ...problem.resource,
        name: 'departed.user',
        arn: 'arn:aws:iam::123456789012:user/departed.user',
      },
    };
    const edited = { ...acme, findings: [...acme.findings.filter((f) => f !== problem), departed] };
    editedFile = join(dir, 'edited.json');
    await writeFile(editedFile, JSON.stringify(edited));
  });

  it('against the same report: every problem unchanged, none new or resolved', async () => {
    const run = await scan('--format', 'json', '--baseline', unchangedFile);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const problems = report.findings.filter((f) => PROBLEMS.has(f.status));
    expect(problems.length).toBe(28);
    expect(new Set(problems.map((f) => f.baseline))).toEqual(new Set(['unchanged']));
    expect(
      report.findings.filter((f) => !PROBLEMS.has(f.status)).every((f) => f.baseline === undefined),
    ).toBe(true);
    expect(report.summary.baseline).toEqual({ file: unchangedFile, new: 0, unchanged: 28, resolved: [] });
  });

  it('marks a problem the baseline lacks as new, and lists the one only in the baseline as resolved', async () => {
    const run = await scan('--format', 'json', '--baseline', editedFile);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.filter((f) => f.baseline === 'new').map(key)).toEqual([key(dropped)]);
    expect(report.summary.baseline).toMatchObject({ new: 1, unchanged: 27 });
    expect(report.summary.baseline?.resolved).toEqual([
      {
        check: 'console-user-mfa',
        resource: {
          type: 'AWS::IAM::User',
          name: 'departed.user',
          arn: 'arn:aws:iam::123456789012:user/departed.user',
        },
        message: dropped.message,
      },
    ]);
  });

  it('shows new and resolved findings in CSV and Markdown too', async () => {
    const csv = parseCsv((await scan('--format', 'csv', '--baseline', editedFile)).stdout);
    const marks = csv.slice(1).map((row) => row[11]);
    expect(marks.filter((mark) => mark === 'new')).toHaveLength(1);
    expect(marks.filter((mark) => mark === 'unchanged')).toHaveLength(27);
    expect(csv.find((row) => row[11] === 'new')?.[5]).toBe(dropped.resource.name);

    const markdown = (await scan('--format', 'markdown', '--baseline', editedFile)).stdout;
    expect(markdown).toContain('**1 new**, 27 unchanged, 1 resolved');
    expect(markdown).toContain(`❌ fail · 🆕 **new** | <code>${dropped.resource.name}</code>`);
    expect(markdown).toContain('<code>departed.user</code> user');
  });

  it('--fail-on-new: exit 0 when nothing is new, 1 when something is', async () => {
    expect((await scan('--baseline', unchangedFile, '--fail-on-new')).code).toBe(0);
    expect((await scan('--baseline', editedFile, '--fail-on-new')).code).toBe(1);
    // Without --fail-on-new the old problems still fail the run.
    expect((await scan('--baseline', unchangedFile)).code).toBe(1);
  });

  it('--fail-on-new without --baseline is a usage error (exit 2)', async () => {
    const run = await scan('--fail-on-new');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fail-on-new needs --baseline FILE');
    expect(run.stdout).toBe('');
  });

  it('a baseline that is not JSON, not a report, or missing is exit 2 naming the file', async () => {
    const dir = await tempDir();
    const notJson = join(dir, 'truncated.json');
    await writeFile(notJson, acmeJson.slice(0, 500));
    const sarif = join(dir, 'report.sarif');
    await writeFile(sarif, (await scan('--format', 'sarif')).stdout);
    const noArn = join(dir, 'no-arn.json');
    await writeFile(
      noArn,
      JSON.stringify({ schemaVersion: 1, findings: [{ check: 'root-mfa', status: 'fail' }] }),
    );
    for (const [file, why] of [
      [notJson, /: invalid JSON .*the file ends before the JSON does/],
      [sarif, /: not an mfa-warden JSON report/],
      [noArn, /: findings\[0\] has no check, status or resource/],
      [join(dir, 'missing.json'), /: cannot read baseline: ENOENT/],
    ] as const) {
      const run = await scan('--format', 'json', '--baseline', file);
      expect(run.code, file).toBe(2);
      expect(run.stderr, file).toContain(`mfa-warden: error: ${file}`);
      expect(run.stderr, file).toMatch(why);
      expect(run.stdout, file).toBe('');
    }
  });

  it('Terraform findings keep their identity when lines above them move', async () => {
    const dir = await tempDir();
    await cp('examples/terraform', dir, { recursive: true });
    const baseline = join(await tempDir(), 'baseline.json');
    const first = await runCli(['scan', 'terraform', dir, '--format', 'json', '--output', baseline]);
    expect(first.code).toBe(1);
    const before = JSON.parse(await readFile(baseline, 'utf8')) as Report;

    const shifted = join(dir, 'seed-insecure', 'main.tf');
    await writeFile(shifted, `\n\n\n${await readFile(shifted, 'utf8')}`);
    const run = await runCli(['scan', 'terraform', dir, '--format', 'json', '--baseline', baseline]);
    expect(run.code).toBe(1);
    const after = JSON.parse(run.stdout) as Report;

    const moved = after.findings.filter((f) => PROBLEMS.has(f.status) && f.resource.name === 'developers');
    expect(moved).toHaveLength(1);
    const line = (report: Report) =>
      report.findings.find((f) => key(f) === key(moved[0] as Finding))?.resource.source.line;
    expect(line(after)).toBe((line(before) ?? 0) + 3); // the line did move
    const problems = after.findings.filter((f) => PROBLEMS.has(f.status));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((f) => f.baseline)).toEqual(problems.map(() => 'unchanged'));
    expect(after.summary.baseline).toMatchObject({ new: 0, unchanged: problems.length, resolved: [] });
    expect((await runCli(['scan', 'terraform', dir, '--baseline', baseline, '--fail-on-new'])).code).toBe(0);
  });
});
