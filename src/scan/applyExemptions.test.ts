import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/check.js';
import type { Exemption } from '../config/config.js';
import { applyExemptions, type ExemptionPolicy, type PrincipalIndex } from './applyExemptions.js';

const ARN = 'arn:aws:iam::123456789012:user/ops/break-glass';
const failing: CheckResult = {
  status: 'fail',
  message: 'console password without MFA',
  resource: {
    type: 'AWS::IAM::User',
    name: 'break-glass',
    arn: ARN,
    account: '123456789012',
    source: { kind: 'aws', arn: ARN },
  },
};
const now = new Date('2026-11-26T00:00:00Z');
const principals = (facts: { path?: string; tags?: Record<string, string>; createDate?: string } = {}) =>
  new Map([[ARN, { path: '/ops/', tags: {}, ...facts }]]) as PrincipalIndex;

function statusWith(
  policy: Partial<ExemptionPolicy>,
  index: PrincipalIndex = principals(),
  result: CheckResult = failing,
  check = 'console-user-mfa',
): CheckResult {
  return applyExemptions(check, [result], { exemptions: [], ...policy }, index, now)[0] as CheckResult;
}
const exemption = (fields: Partial<Exemption>): Exemption => ({ checks: ['*'], reason: 'r', ...fields });

describe('applyExemptions', () => {
  it('turns a matching failure into exempt with the reason', () => {
    const res = statusWith({
      exemptions: [exemption({ resource: '*:user/ops/*', reason: 'break-glass in safe' })],
    });
    expect(res.status).toBe('exempt');
    expect(res.message).toMatch(/break-glass in safe.*console password without MFA/);
  });

  it('matches by name and by check id only', () => {
    const byName = [exemption({ checks: ['user-mfa'], resource: 'break-glass' })];
    expect(statusWith({ exemptions: byName }, principals(), failing, 'user-mfa').status).toBe('exempt');
    expect(statusWith({ exemptions: byName }).status).toBe('fail');
  });

  it('matches an IAM path prefix, and only a prefix', () => {
    expect(statusWith({ exemptions: [exemption({ path: '/ops/' })] }).status).toBe('exempt');
    expect(statusWith({ exemptions: [exemption({ path: '/' })] }).status).toBe('exempt');
    expect(statusWith({ exemptions: [exemption({ path: '/op/' })] }).status).toBe('fail');
    expect(statusWith({ exemptions: [exemption({ path: '/service-accounts/' })] }).status).toBe('fail');
    // A principal the model does not describe has no path: never exempt by path.
    expect(statusWith({ exemptions: [exemption({ path: '/' })] }, new Map()).status).toBe('fail');
  });

  it('matches a tag key, or a key and its exact value', () => {
    const tagged = principals({ tags: { team: 'sre' } });
    expect(statusWith({ exemptions: [exemption({ tag: 'team' })] }, tagged).status).toBe('exempt');
    expect(statusWith({ exemptions: [exemption({ tag: 'team=sre' })] }, tagged).status).toBe('exempt');
    expect(statusWith({ exemptions: [exemption({ tag: 'team=dev' })] }, tagged).status).toBe('fail');
    expect(statusWith({ exemptions: [exemption({ tag: 'owner' })] }, tagged).status).toBe('fail');
  });

  it('exempts principals carrying the exempt tag, its value being the reason', () => {
    const tagged = principals({ tags: { 'mfa-warden:exempt': 'kiosk account, no phone' } });
    const res = statusWith({ exemptTag: 'mfa-warden:exempt' }, tagged);
    expect(res.status).toBe('exempt');
    expect(res.message).toMatch(/exempt by tag mfa-warden:exempt: kiosk account, no phone/);
    expect(statusWith({ exemptTag: false }, tagged).status).toBe('fail');
    expect(statusWith({ exemptTag: 'other' }, tagged).status).toBe('fail');
    const empty = statusWith({ exemptTag: 'x' }, principals({ tags: { x: '' } }));
    expect(empty.status).toBe('exempt');
    expect(empty.message).toMatch(/gives no reason/);
  });

  it('spares users inside their grace period, naming the deadline, and no one else', () => {
    const young = principals({ createDate: '2026-11-22T10:00:00Z' });
    const res = statusWith({ graceDays: 7 }, young);
    expect(res.status).toBe('exempt');
    expect(res.message).toMatch(/exempt until 2026-11-29: grace period of 7 days/);
    expect(statusWith({ graceDays: 3 }, young).status).toBe('fail');
    expect(statusWith({ graceDays: 0 }, young).status).toBe('fail');
    expect(statusWith({ graceDays: 7 }, principals()).status).toBe('fail');
  });

  it('stops applying after expiry and says so', () => {
    const res = statusWith({ exemptions: [exemption({ resource: 'break-glass', expires: '2026-11-25' })] });
    expect(res.status).toBe('fail');
    expect(res.message).toMatch(/exemption expired on 2026-11-25/);
  });

  it('never exempts an error or a pass', () => {
    const all = { exemptions: [exemption({ resource: '*' })], exemptTag: 't' };
    expect(statusWith(all, principals(), { ...failing, status: 'error' }).status).toBe('error');
    expect(statusWith(all, principals(), { ...failing, status: 'pass' }).status).toBe('pass');
  });
});
