import { describe, expect, it } from 'vitest';
import type { Finding } from '../checks/check.js';
import type { Source } from '../model/source.js';
import type { Summary } from '../scan/evaluate.js';
import { CSV_COLUMNS, csvField, renderCsv } from './csv.js';

// The CSV report against RFC 4180 (parsed back by a strict parser written here) and against formula
// injection.

/** RFC 4180, strictly: CRLF after every record, quotes only around whole fields, `""` inside them. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r')
        throw new Error(`text after a closing quote at ${i}`);
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === '\n' || text[i] === '"') {
      throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
    } else field += text[i++];
  }
  if (field !== '' || record.length > 0) throw new Error('last record has no CRLF');
  return records;
}

const summary: Summary = {
  account: '123456789012',
  checks: ['user-mfa'],
  notApplicable: [],
  total: 0,
  byStatus: { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0 },
  failedBySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
  unknownBySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
  collectionIssues: [],
};

function finding(name: string, overrides: Partial<Finding> = {}, source?: Source): Finding {
  const arn = `arn:aws:iam::123456789012:user/${name}`;
  return {
    check: 'user-mfa',
    status: 'fail',
    severity: 'medium',
    resource: {
      type: 'AWS::IAM::User',
      name,
      arn,
      account: '123456789012',
      source: source ?? { kind: 'aws', arn },
    },
    message: 'no MFA device',
    compliance: ['CIS-AWS-5.0:1.10', 'SecurityHub:IAM.19'],
    ...overrides,
  };
}

function rows(findings: Finding[]): Record<string, string>[] {
  const [header, ...records] = parseCsv(renderCsv({ findings, summary }));
  expect(header).toEqual([...CSV_COLUMNS]);
  return records.map((record) => {
    expect(record).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, record[index] as string]));
  });
}

describe('csv report', () => {
  it('writes the documented columns, one row per finding, passes included', () => {
    const [alice, bob] = rows([finding('alice'), finding('bob', { status: 'pass', message: 'has MFA' })]);
    expect(alice).toEqual({
      check: 'user-mfa',
      status: 'fail',
      severity: 'medium',
      account: '123456789012',
      type: 'AWS::IAM::User',
      name: 'alice',
      arn: 'arn:aws:iam::123456789012:user/alice',
      file: '',
      line: '',
      message: 'no MFA device',
      compliance: 'CIS-AWS-5.0:1.10; SecurityHub:IAM.19',
      baseline: '',
    });
    expect(bob).toMatchObject({ name: 'bob', status: 'pass', message: 'has MFA' });
  });

  it('keeps the column order stable: new columns only ever come last', () => {
    expect(CSV_COLUMNS.slice(0, 11)).toEqual([
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
    ]);
  });

  it('gives the file and line of IaC findings, the export file of exported ones, and the baseline', () => {
    const [iac, exported] = rows([
      finding(
        'developers',
        { baseline: 'new' },
        { kind: 'iac', file: 'infra/main.tf', line: 42, column: 1, address: 'aws_iam_group.developers' },
      ),
      finding(
        'alice',
        { baseline: 'unchanged' },
        { kind: 'export', file: 'export/authorization-details.json' },
      ),
    ]);
    expect(iac).toMatchObject({ file: 'infra/main.tf', line: '42', baseline: 'new' });
    expect(exported).toMatchObject({
      file: 'export/authorization-details.json',
      line: '',
      baseline: 'unchanged',
    });
  });

  it('round-trips quotes, commas, line breaks and non-ASCII text through an RFC 4180 parser', () => {
    const awkward = [
      'say "hi", then leave',
      'line one\nline two',
      'windows\r\nline',
      'zoë.müller',
      'trailing comma,',
      '""',
      ' leading space',
    ];
    const parsed = rows(awkward.map((message, index) => finding(`user${index}`, { message })));
    expect(parsed.map((row) => row.message)).toEqual(awkward);
  });

  it('ends every record, the last one too, with CRLF, and writes no byte order mark', () => {
    const text = renderCsv({ findings: [finding('alice'), finding('bob')], summary });
    expect(text.startsWith('check,status,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('writes the header alone when there are no findings', () => {
    expect(renderCsv({ findings: [], summary })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('neutralises cells a spreadsheet would run as a formula, in every column', () => {
    const [row] = rows([
      finding('=HYPERLINK("http://evil.example","x")', {
        message: '-5 days since the key was last rotated',
        check: '+cmd',
        compliance: ['@SUM(A1)'],
      }),
    ]);
    expect(row).toMatchObject({
      name: `'=HYPERLINK("http://evil.example","x")`,
      message: "'-5 days since the key was last rotated",
      check: "'+cmd",
      compliance: "'@SUM(A1)",
    });
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(rows([finding(`${start}1+1`)])[0]?.name).toBe(`'${start}1+1`);
  });

  it('leaves alone what only contains those characters, or starts with something else', () => {
    for (const safe of ['a=b', 'x-1', 'deploy+ci@example.com', "'quoted", ' -1', '5-3', ''])
      expect(csvField(safe)).toBe(safe);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('-1,5')).toBe(`"'-1,5"`);
  });
});
