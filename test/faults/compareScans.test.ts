import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../../src/checks/check.js';
import { compareScans } from './compareScans.js';

// The comparator is what makes the differential test able to fail: each rule it enforces, shown once.

function finding(check: string, name: string, status: Status, message = 'as it is'): Finding {
  const account = '123456789012';
  const type = name === account ? 'AWS::::Account' : 'AWS::IAM::User';
  const arn = name === account ? `arn:aws:iam::${account}:root` : `arn:aws:iam::${account}:user/${name}`;
  return {
    check,
    status,
    severity: 'high',
    resource: { type, name, arn, account, source: { kind: 'aws', arn } },
    message,
    compliance: [],
  };
}

const baseline = [
  finding('console-user-mfa', 'alice', 'pass'),
  finding('console-user-mfa', 'bob', 'fail'),
  finding('root-mfa', '123456789012', 'fail'),
];

describe('compareScans', () => {
  it('the same verdicts (messages may differ)', () => {
    const same = baseline.map((f) => ({ ...f, message: 'worded otherwise' }));
    expect(compareScans(baseline, same)).toEqual({ outcome: 'same', violations: [], changed: 0 });
  });

  it('a verdict degraded to unknown with a reason naming the call', () => {
    const faulted = [
      baseline[0] as Finding,
      finding('console-user-mfa', 'bob', 'unknown', 'MFA state unknown: ListMFADevices failed: Throttling'),
      baseline[2] as Finding,
    ];
    expect(compareScans(baseline, faulted)).toEqual({ outcome: 'degraded', violations: [], changed: 1 });
  });

  it('a fail that became a pass', () => {
    const faulted = [
      baseline[0] as Finding,
      finding('console-user-mfa', 'bob', 'pass'),
      baseline[2] as Finding,
    ];
    expect(compareScans(baseline, faulted).violations).toEqual([
      expect.stringMatching(/^fail became pass: console-user-mfa AWS::IAM::User bob/),
      expect.stringMatching(/^changed verdict: console-user-mfa AWS::IAM::User bob: pass/),
    ]);
  });

  it('an unknown whose reason does not say what was lost', () => {
    const faulted = [
      baseline[0] as Finding,
      finding('console-user-mfa', 'bob', 'unknown', 'could not be determined'),
      baseline[2] as Finding,
    ];
    expect(compareScans(baseline, faulted).violations).toEqual([
      expect.stringMatching(/^reason does not name what was lost: console-user-mfa AWS::IAM::User bob/),
    ]);
  });

  it('a user that disappears without an error saying the listing was lost', () => {
    const faulted = [baseline[0] as Finding, baseline[2] as Finding];
    const { violations } = compareScans(baseline, faulted);
    expect(violations).toContainEqual(
      expect.stringMatching(/^disappeared silently: console-user-mfa .* bob/),
    );
    expect(violations).toContainEqual(
      expect.stringMatching(/^resource gone without a reason: AWS::IAM::User/),
    );
  });

  it('users that are gone behind an account-level error naming the call', () => {
    const faulted = [
      finding(
        'console-user-mfa',
        '123456789012',
        'error',
        'IAM users could not be listed: GetAccountAuthorizationDetails failed: PaginationLoop',
      ),
      baseline[2] as Finding,
    ];
    expect(compareScans(baseline, faulted)).toMatchObject({ outcome: 'degraded', violations: [] });
  });

  it('a verdict that was not there before', () => {
    const faulted = [...baseline, finding('console-user-mfa', 'mallory', 'pass')];
    expect(compareScans(baseline, faulted).violations).toEqual([
      expect.stringMatching(/^new verdict: console-user-mfa AWS::IAM::User mallory: pass/),
    ]);
  });
});
