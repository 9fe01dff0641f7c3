import { describe, expect, it } from 'vitest';
import { snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { userMfa } from './userMfa.js';

describe('user-mfa', () => {
  it('fails API-only users without MFA too, and passes users with a device', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('api'), userDetail('ok')],
        report: [
          { name: 'api', password: false, mfa: false, keys: 1 },
          { name: 'ok', password: false, mfa: true },
        ],
      }),
    );
    const statuses = Object.fromEntries(userMfa.run(account).map((r) => [r.resource.name, r.status]));
    expect(statuses).toEqual({ api: 'fail', ok: 'pass' });
  });

  it('is unknown, with the reason, when the report was denied', () => {
    const [finding] = userMfa.run(buildAccount(snapshot({ users: [userDetail('x')], report: null })));
    expect(finding?.status).toBe('unknown');
    expect(finding?.message).toMatch(/AccessDenied/);
  });

  it('offers the enrolment commands for that user and serial, without touching the console password', () => {
    const account = buildAccount(
      snapshot({
        users: [userDetail('ci+deploy@x')],
        report: [{ name: 'ci+deploy@x', password: false, mfa: false, keys: 1 }],
      }),
    );
    const fix = userMfa.run(account)[0]?.remediation;
    expect(fix?.cli).toEqual([
      'aws iam create-virtual-mfa-device --virtual-mfa-device-name ci+deploy@x-mfa --outfile ci+deploy@x-mfa.png --bootstrap-method QRCodePNG',
      'aws iam enable-mfa-device --user-name ci+deploy@x --serial-number arn:aws:iam::123456789012:mfa/ci+deploy@x-mfa --authentication-code1 CODE1 --authentication-code2 CODE2',
    ]);
    expect(fix?.destructive).toBeUndefined();
    expect(fix?.text).toMatch(/^Enable an MFA device for ci\+deploy@x \(/);
    expect(fix?.terraform).toMatch(
      /not enrol it[\s\S]*resource "aws_iam_virtual_mfa_device" "ci_deploy_x_mfa"/,
    );
  });
});
