import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/check.js';
import { applyExemptions } from './applyExemptions.js';

const failing: CheckResult = {
  status: 'fail',
  message: 'console password without MFA',
  resource: {
    type: 'AWS::IAM::User',
    name: 'break-glass',
    arn: 'arn:aws:iam::123456789012:user/ops/break-glass',
    account: '123456789012',
    source: { kind: 'aws', arn: 'arn:aws:iam::123456789012:user/ops/break-glass' },
  },
};
const now = new Date('2026-11-26T00:00:00Z');

describe('applyExemptions', () => {
  it('turns a matching failure into exempt with the reason', () => {
    const [res] = applyExemptions(
      'console-user-mfa',
      [failing],
      [{ checks: ['*'], resource: '*:user/ops/*', reason: 'break-glass in safe' }],
      now,
    );
    expect(res?.status).toBe('exempt');
    expect(res?.message).toMatch(/break-glass in safe.*console password without MFA/);
  });

  it('matches by name and by check id only', () => {
    const exemption = { checks: ['user-mfa'], resource: 'break-glass', reason: 'r' };
    expect(applyExemptions('user-mfa', [failing], [exemption], now)[0]?.status).toBe('exempt');
    expect(applyExemptions('console-user-mfa', [failing], [exemption], now)[0]?.status).toBe('fail');
  });

  it('stops applying after expiry and says so', () => {
    const [res] = applyExemptions(
      'x',
      [failing],
      [{ checks: ['*'], resource: 'break-glass', reason: 'r', expires: '2026-11-25' }],
      now,
    );
    expect(res?.status).toBe('fail');
    expect(res?.message).toMatch(/exemption expired on 2026-11-25/);
  });

  it('never exempts an error', () => {
    const error: CheckResult = { ...failing, status: 'error' };
    expect(
      applyExemptions('x', [error], [{ checks: ['*'], resource: '*', reason: 'r' }], now)[0]?.status,
    ).toBe('error');
  });
});
