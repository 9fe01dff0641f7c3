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
});
