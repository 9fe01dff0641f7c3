import { describe, expect, it } from 'vitest';
import { snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { scanModel } from '../scan/scanModel.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';

const result = scanModel(
  buildAccount(
    snapshot({
      users: [userDetail('alice'), userDetail('bob')],
      report: [
        { name: 'alice', password: true, mfa: false },
        { name: 'bob', password: true, mfa: true },
      ],
    }),
  ),
);

describe('json report', () => {
  it('follows schema version 1', () => {
    const report = JSON.parse(renderJson(result, new Date('2026-11-26T00:00:00Z')));
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'mfa-warden' },
      generatedAt: '2026-11-26T00:00:00.000Z',
    });
    expect(report.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    const alice = report.findings.find(
      (f: { check: string; resource: { name: string } }) =>
        f.check === 'console-user-mfa' && f.resource.name === 'alice',
    );
    expect(alice).toMatchObject({
      status: 'fail',
      severity: 'high',
      resource: {
        type: 'AWS::IAM::User',
        arn: 'arn:aws:iam::123456789012:user/alice',
        account: '123456789012',
      },
    });
    expect(alice.compliance).toContain('SecurityHub:IAM.5');
    expect(alice.remediation.cli.length).toBeGreaterThan(0);
    expect(report.summary.byStatus.fail).toBe(result.summary.byStatus.fail);
  });

  it('includes passes so coverage is visible', () => {
    const report = JSON.parse(renderJson(result, new Date()));
    expect(report.findings.filter((f: { status: string }) => f.status === 'pass').length).toBeGreaterThan(0);
  });
});

describe('table report', () => {
  it('groups by check, hides passes by default and ends with a summary line', () => {
    const text = renderTable(result.findings, result.summary, { colour: false });
    expect(text).toMatch(/^root-mfa \[critical\]/m);
    expect(text).toMatch(/console-user-mfa \[high\].*\(1 fail, 1 pass\)/);
    expect(text).toMatch(/ {2}FAIL {4}alice {2}console password without MFA/);
    expect(text).not.toMatch(/PASS +bob/);
    expect(text.trimEnd().split('\n').pop()).toMatch(
      /^account 123456789012: \d+ results: \d+ failed, 0 errors/,
    );
    expect(text).not.toContain('\u001b[');
  });

  it('says when the credential report was generated', () => {
    const dated = scanModel(
      buildAccount({
        ...snapshot({ users: [userDetail('alice')], report: [{ name: 'alice', password: true, mfa: true }] }),
        credentialReport: { csv: 'user,arn', origin: 'x', generatedTime: new Date('2026-11-26T01:00:00Z') },
      }),
      { checks: ['root-mfa'] },
    );
    expect(dated.summary.credentialReportGeneratedAt).toBe('2026-11-26T01:00:00.000Z');
    expect(renderTable(dated.findings, dated.summary, { colour: false })).toContain(
      'note: credential report generated 2026-11-26T01:00:00.000Z',
    );
  });

  it('colours only when asked, and lists passes with showPassed', () => {
    const text = renderTable(result.findings, result.summary, { colour: true, showPassed: true });
    expect(text).toContain('\u001b[31mFAIL');
    expect(text).toMatch(/PASS.*bob/);
  });
});
