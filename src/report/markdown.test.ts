import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../checks/check.js';
import type { Source } from '../model/source.js';
import { countFindings, type Summary } from '../scan/evaluate.js';
import { MARKDOWN_LIMIT, renderMarkdown } from './markdown.js';

// The Markdown report: structure, escaping of every value, baseline and organization views, and the cut
// that keeps it under GitHub's comment limit.

const NOW = new Date('2026-11-26T00:00:00Z');

function finding(name: string, overrides: Partial<Finding> = {}, source?: Source): Finding {
  const arn = `arn:aws:iam::123456789012:user/${name}`;
  return {
    check: 'console-user-mfa',
    status: 'fail',
    severity: 'high',
    resource: {
      type: 'AWS::IAM::User',
      name,
      arn,
      account: '123456789012',
      source: source ?? { kind: 'aws', arn },
    },
    message: 'console password without MFA',
    compliance: [],
    ...overrides,
  };
}

function summaryOf(findings: readonly Finding[], extra: Partial<Summary> = {}): Summary {
  return {
    account: '123456789012',
    checks: [...new Set(findings.map((f) => f.check))],
    notApplicable: [],
    ...countFindings(findings),
    collectionIssues: [],
    ...extra,
  };
}

function render(findings: Finding[], extra: Partial<Summary> = {}, limit?: number): string {
  return renderMarkdown({ findings, summary: summaryOf(findings, extra) }, NOW, limit ? { limit } : {});
}

/** A table row's cells, split on the pipes that Markdown sees (not `\|`). */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') {
      cell += row.slice(i, i + 2);
      i++;
    } else if (row[i] === '|') {
      out.push(cell);
      cell = '';
    } else cell += row[i];
  }
  out.push(cell);
  return out.slice(1, -1).map((c) => c.trim());
}

/** Every table in the text: each row must have as many cells as its header. */
function tables(markdown: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      current ??= [];
      if (current.length === 0) found.push(current);
      current.push(cells(line));
    } else current = undefined;
  }
  return found;
}

function findingRows(markdown: string): string[][] {
  return tables(markdown)
    .filter((table) => table[0]?.[0] === 'Status')
    .flatMap((table) => table.slice(2));
}

describe('markdown report', () => {
  it('opens with what was scanned and the counts, then a table of checks', () => {
    const text = render([
      finding('bob'),
      finding('alice', { status: 'pass' }),
      finding('late', { status: 'unknown' }),
    ]);
    expect(text.split('\n')[0]).toBe(
      '## ❌ mfa-warden: account 123456789012: 1 failed, 0 errors, 1 unknown, 0 exempt, 1 passed',
    );
    const [checkTable] = tables(text);
    expect(checkTable?.[0]).toEqual(['Check', 'Severity', 'Failed', 'Errors', 'Unknown', 'Exempt', 'Passed']);
    expect(checkTable?.[2]).toEqual([
      expect.stringContaining('[console-user-mfa]('),
      '🟠 high',
      '1',
      '0',
      '1',
      '0',
      '1',
    ]);
    expect(text).toContain('2026-11-26T00:00:00.000Z');
  });

  it('uses the scan label when there is one, and a pass icon when nothing is wrong', () => {
    const text = render([finding('alice', { status: 'pass' })], { label: 'terraform infra' });
    expect(text.split('\n')[0]).toBe(
      '## ✅ mfa-warden: terraform infra: 0 failed, 0 errors, 0 unknown, 0 exempt, 1 passed',
    );
    expect(text).not.toContain('<details>');
  });

  it('lists the problems grouped by check in <details>, the most severe check first, no passes', () => {
    const text = render([
      finding('medium-user', { check: 'user-mfa', severity: 'medium', message: 'no MFA device' }),
      finding('alice', { status: 'pass', message: 'has MFA' }),
      finding('bob'),
      finding('late', { status: 'unknown', message: 'console access unknown' }),
      finding('exempt-user', { status: 'exempt', message: 'exempt until 2027' }),
    ]);
    const summaries = [...text.matchAll(/<summary>(.*)<\/summary>/g)].map((match) => match[1]);
    expect(summaries).toEqual([
      '🟠 high · <b>console-user-mfa</b>: 1 failed, 1 unknown · IAM users with a console password have MFA',
      '🟡 medium · <b>user-mfa</b>: 1 failed · IAM users have an MFA device',
    ]);
    expect(findingRows(text).map((row) => row[1])).toEqual([
      '<code>bob</code> user',
      '<code>late</code> user',
      '<code>medium-user</code> user',
    ]);
    expect(text).not.toContain('alice');
    expect(text).not.toContain('exempt-user');
    expect(text.match(/<details>/g)).toHaveLength(2);
    expect(text.match(/<\/details>/g)).toHaveLength(2);
  });

  it('never uses an emoji as the only signal', () => {
    const text = render([
      finding('a', { severity: 'critical', check: 'root-mfa' }),
      finding('b', { severity: 'low', check: 'user-mfa', status: 'error' }),
      finding('c', { status: 'unknown' }),
    ]);
    for (const [emoji, word] of [
      ['🔴', 'critical'],
      ['🟠', 'high'],
      ['🔵', 'low'],
      ['❌', 'fail'],
      ['⚠️', 'error'],
      ['❓', 'unknown'],
    ] as const) {
      const uses = text.split(emoji).slice(1);
      expect(uses.length, emoji).toBeGreaterThan(0);
      for (const after of uses)
        expect(after.startsWith(` ${word}`) || after.startsWith(' mfa-warden')).toBe(true);
    }
  });

  it('escapes every value: a hostile name breaks neither the table nor the HTML', () => {
    const names = [
      '<script>alert(1)</script>',
      '|x|',
      '`rm -rf`',
      '*bold* _it_',
      '[click](https://evil.example)',
      'a\nb',
    ];
    const text = render(
      names.map((name) => finding(name, { message: `message for ${name} & <img src=x>` })),
      { label: 'terraform <b>|path|</b>' },
    );
    for (const table of tables(text))
      for (const row of table) expect(row).toHaveLength(table[0]?.length ?? 0);
    const rows = findingRows(text);
    expect(rows).toHaveLength(names.length);
    expect(text).not.toMatch(/<(script|img|b>\|)/);
    expect(rows.map((row) => row[1])).toEqual([
      '<code>&lt;script&gt;alert(1)&lt;/script&gt;</code> user',
      '<code>\\|x\\|</code> user',
      '<code>\\`rm -rf\\`</code> user',
      '<code>\\*bold\\* \\_it\\_</code> user',
      '<code>\\[click\\](https\\://evil.example)</code> user',
      '<code>a b</code> user',
    ]);
    expect(rows[0]?.[2]).toBe('message for &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x&gt;');
    expect(text.split('\n')[0]).toContain('terraform &lt;b&gt;\\|path\\|&lt;/b&gt;');
  });

  it('shows file:line for IaC findings', () => {
    const text = render([
      finding(
        'developers',
        { check: 'group-mfa-enforced', severity: 'medium' },
        { kind: 'iac', file: 'infra/main.tf', line: 9, column: 1, address: 'aws_iam_group.developers' },
      ),
    ]);
    const [row] = findingRows(text);
    expect(tables(text).find((t) => t[0]?.[0] === 'Status')?.[0]).toEqual([
      'Status',
      'Resource',
      'Location',
      'Message',
    ]);
    expect(row?.[2]).toBe('<code>infra/main.tf:9</code>');
  });

  it('shows a request that gets through without MFA, on the same line as the message', () => {
    const witness = {
      credential: 'access-key',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket|x/*',
      context: {},
      allowedBy: { policy: 'AmazonS3FullAccess', statement: 'Statement[0]' },
    };
    const [row] = findingRows(render([finding('gina', { details: { witness } })]));
    expect(row?.[2]).toBe(
      'console password without MFA<br>witness: access-key can s3:GetObject on arn:aws:s3:::bucket\\|x/\\* ' +
        '(allowed by AmazonS3FullAccess Statement\\[0\\])',
    );
    for (const odd of [
      'not an object',
      { ...witness, action: 3 },
      { ...witness, allowedBy: 'AmazonS3FullAccess' },
    ]) {
      const [plain] = findingRows(render([finding('gina', { details: { witness: odd } })]));
      expect(plain?.[2]).toBe('console password without MFA');
    }
  });

  it('marks new problems and lists the resolved ones against a baseline', () => {
    const findings = [finding('old', { baseline: 'unchanged' }), finding('fresh', { baseline: 'new' })];
    const text = render(findings, {
      baseline: {
        file: 'baseline.json',
        new: 1,
        unchanged: 1,
        resolved: [
          {
            check: 'user-mfa',
            resource: {
              type: 'AWS::IAM::User',
              name: 'gone_user',
              arn: 'arn:aws:iam::123456789012:user/gone_user',
            },
            message: 'no MFA device',
          },
        ],
      },
    });
    expect(text).toContain('Compared with the baseline baseline.json: **1 new**, 1 unchanged, 1 resolved');
    expect(text).toContain('<b>console-user-mfa</b>: 2 failed (1 new)');
    const rows = findingRows(text);
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['❌ fail · 🆕 **new**', '<code>fresh</code> user'],
      ['❌ fail', '<code>old</code> user'],
    ]);
    expect(text).toContain('<summary>✅ 1 resolved since the baseline</summary>');
    const resolved = tables(text).find((t) => t[0]?.[0] === 'Check' && t[0].length === 3);
    expect(resolved?.slice(2)).toEqual([['user-mfa', '<code>gone\\_user</code> user', 'no MFA device']]);
    expect(tables(text)[0]?.[0]).toContain('New');
  });

  it('shows a table of accounts for organization scans, the unscanned ones first', () => {
    const findings = [
      finding('bob'),
      { ...finding('carol'), resource: { ...finding('carol').resource, account: '222222222222' } },
    ];
    const byStatus: Record<Status, number> = { pass: 3, fail: 1, exempt: 0, unknown: 0, error: 0 };
    const text = render(findings, {
      label: 'organization o-abc123',
      organization: { id: 'o-abc123', managementAccountId: '123456789012' },
      accounts: [
        { id: '123456789012', name: 'management', status: 'scanned', byStatus },
        { id: '222222222222', name: 'prod|eu', status: 'scanned', byStatus },
        { id: '333333333333', name: 'sandbox', status: 'failed', reason: 'AccessDenied on sts:AssumeRole' },
      ],
    });
    const accounts = tables(text).find((t) => t[0]?.[0] === 'Account');
    expect(accounts?.slice(2)).toEqual([
      ['333333333333', 'sandbox', 'failed: AccessDenied on sts:AssumeRole', '–', '–', '–', '–', '–'],
      ['123456789012', 'management', 'scanned', '1', '0', '0', '0', '3'],
      ['222222222222', 'prod\\|eu', 'scanned', '1', '0', '0', '0', '3'],
    ]);
    expect(findingRows(text).map((row) => row[2])).toEqual(['123456789012', '222222222222']);
  });

  it('shows everything, with no cut line, when it fits', () => {
    const findings = Array.from({ length: 100 }, (_, i) => finding(`user${i}`));
    const text = render(findings);
    expect(findingRows(text)).toHaveLength(100);
    expect(text).not.toContain('more findings not shown');
  });

  it('stays under GitHub’s 65,535 characters with 5,000 findings, and says how many it left out', () => {
    const findings = Array.from({ length: 5_000 }, (_, i) =>
      finding(`user-${i}-zoë`, {
        check: i % 2 ? 'console-user-mfa' : 'user-mfa',
        message: `console password without MFA 🔴 ${'x'.repeat(i % 300)}`,
        baseline: i % 7 ? 'unchanged' : 'new',
      }),
    );
    const text = render(findings);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text.length).toBeGreaterThan(MARKDOWN_LIMIT - 2_000); // the budget is used, not wasted
    const shown = findingRows(text).length;
    expect(shown).toBeGreaterThan(50);
    const last = text.trimEnd().split('\n').pop();
    expect(last).toBe(
      `… and ${5_000 - shown} more findings not shown (the JSON report, --format json, has them all)`,
    );
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    for (const table of tables(text))
      for (const row of table) expect(row).toHaveLength(table[0]?.length ?? 0);
  });

  it('counts resolved findings it had no room for in the last line', () => {
    const resolved = Array.from({ length: 200 }, (_, i) => ({
      check: 'user-mfa',
      resource: { type: 'AWS::IAM::User', name: `gone${i}`, arn: `arn:aws:iam::123456789012:user/gone${i}` },
      message: 'no MFA device',
    }));
    const text = render(
      [finding('bob', { baseline: 'new' })],
      {
        baseline: { file: 'b.json', new: 1, unchanged: 0, resolved },
      },
      6_000,
    );
    expect(text.length).toBeLessThanOrEqual(6_000);
    expect(findingRows(text)).toHaveLength(1);
    const shownResolved =
      (tables(text).find((t) => t[0]?.join() === 'Check,Resource,Message')?.length ?? 2) - 2;
    expect(shownResolved).toBeGreaterThan(0);
    expect(text.trimEnd().split('\n').pop()).toBe(
      `… and ${200 - shownResolved} more resolved findings not shown (the JSON report, --format json, has them all)`,
    );
  });
});
