import { describe, expect, it } from 'vitest';
import {
  groupDetail,
  managedPolicy,
  snapshot,
  userDetail,
  type ReportUser,
} from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { parseConfig } from '../config/config.js';
import { runSettings } from '../config/runSettings.js';
import { mfaEnforcingPolicyDocument } from '../generate/mfaPolicy.js';
import { planEnforcement, type PlannedAction } from './plan.js';

// planEnforcement is pure: these tests build models in the API's own shapes and read the plan.

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const adminPolicy = managedPolicy(ADMIN, {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const NOW = new Date('2026-12-01T12:00:00Z');
// Every user of rawSnapshot is created 2026-01-01 unless its detail says otherwise.
const console = (name: string, extra: Partial<ReportUser> = {}): ReportUser => ({
  name,
  password: true,
  mfa: false,
  ...extra,
});

function plan(config: unknown, parts: Parameters<typeof snapshot>[0]) {
  const settings = runSettings(parseConfig(config, 'test.yaml'));
  return planEnforcement(buildAccount(snapshot(parts)), settings, {
    now: NOW,
    runId: '20261201T120000Z-000000',
  });
}
const byResource = (actions: readonly PlannedAction[], name: string) =>
  actions.filter((action) => action.resource.name === name);

describe('planEnforcement', () => {
  it('plans one action per failing finding of a check with a mode, and nothing for other checks', () => {
    const result = plan(
      { enforce: { 'console-user-mfa': { mode: 'remove-console-access' } } },
      {
        users: [userDetail('alice'), userDetail('bob'), userDetail('carol')],
        report: [
          console('alice'),
          console('bob', { mfa: true }),
          { name: 'carol', password: false, mfa: false },
        ],
        virtual: [
          { serial: 'arn:aws:iam::123456789012:mfa/bob', userArn: 'arn:aws:iam::123456789012:user/bob' },
        ],
      },
    );
    expect(result.actions.map((a) => [a.mode, a.resource.name, a.status])).toEqual([
      ['remove-console-access', 'alice', 'planned'],
    ]);
    expect(result.actions[0]?.reason).toMatch(/console-user-mfa fails .*remove-console-access/);
    expect(result.actions[0]?.recheckDevices).toBe(true);
  });

  it('never plans for exempt principals: by name, by path, by tag, in their grace period', () => {
    const result = plan(
      {
        exemptions: [
          { resource: 'breakglass-*', reason: 'sealed in the safe' },
          { path: '/service-accounts/', reason: 'workloads' },
        ],
        enforce: { 'console-user-mfa': { mode: 'remove-console-access', graceDays: 7 } },
      },
      {
        users: [
          userDetail('breakglass-1'),
          userDetail('svc', '/service-accounts/'),
          userDetail('kiosk', '/', { Tags: [{ Key: 'mfa-warden:exempt', Value: 'shared kiosk' }] }),
          userDetail('newbie', '/', { CreateDate: '2026-11-29T09:00:00Z' }),
          userDetail('old'),
        ],
        report: [
          ...['breakglass-1', 'svc', 'kiosk', 'old'].map((name) => console(name)),
          console('newbie', { created: '2026-11-29T09:00:00Z' }),
        ],
      },
    );
    expect(result.actions.map((a) => a.resource.name)).toEqual(['old']);
    const exempt = result.findings.filter((f) => f.check === 'console-user-mfa' && f.status === 'exempt');
    expect(exempt.map((f) => f.resource.name).sort()).toEqual(['breakglass-1', 'kiosk', 'newbie', 'svc']);
    expect(exempt.find((f) => f.resource.name === 'newbie')?.message).toMatch(
      /until 2026-12-06: grace period .*\(finding: console password without MFA\)/,
    );
  });

  it('onlyNew limits an action to users created within the window', () => {
    const result = plan(
      { enforce: { 'user-mfa': { mode: 'delete-user', onlyNew: '60m' } } },
      {
        users: [
          userDetail('fresh', '/', { CreateDate: '2026-12-01T11:30:00Z' }),
          userDetail('older', '/', { CreateDate: '2026-12-01T10:59:00Z' }),
        ],
        report: [
          console('fresh', { created: '2026-12-01T11:30:00Z' }),
          console('older', { created: '2026-12-01T10:59:00Z' }),
        ],
      },
    );
    expect(byResource(result.actions, 'fresh')[0]).toMatchObject({ status: 'planned', onlyNewMs: 3_600_000 });
    expect(byResource(result.actions, 'older')[0]).toMatchObject({ status: 'skipped' });
    expect(byResource(result.actions, 'older')[0]?.reason).toMatch(
      /onlyNew 60m: created .*before the window/,
    );
  });

  it('lets delete-user supersede other actions on the same user, and plans a mode once per user', () => {
    const result = plan(
      {
        enforce: {
          'console-user-mfa': { mode: 'remove-console-access' },
          'user-mfa': { mode: 'remove-console-access' },
          'console-user-mfa-enforced': { mode: 'delete-user' },
        },
      },
      {
        users: [userDetail('alice', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })],
        report: [console('alice')],
        policies: [adminPolicy],
      },
    );
    const alice = byResource(result.actions, 'alice');
    expect(alice.filter((a) => a.status === 'planned').map((a) => a.mode)).toEqual(['delete-user']);
    expect(alice.filter((a) => a.status === 'skipped').every((a) => /superseded/.test(a.reason))).toBe(true);
  });

  it('attach-mfa-policy creates the policy when absent, reuses it when it enforces, refuses it when not', () => {
    const groups = [groupDetail('devs', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })];
    const config = {
      enforce: { 'group-mfa-enforced': { mode: 'attach-mfa-policy', policyName: 'require-mfa' } },
    };
    const absent = plan(config, { groups, policies: [adminPolicy] });
    expect(absent.actions[0]).toMatchObject({
      status: 'planned',
      policyArn: 'arn:aws:iam::123456789012:policy/require-mfa',
    });
    expect(absent.actions[0]?.reason).toMatch(/creates policy require-mfa first/);
    const good = plan(config, {
      groups,
      policies: [adminPolicy, managedPolicy('require-mfa', mfaEnforcingPolicyDocument())],
    });
    expect(good.actions[0]?.reason).toMatch(/reuses policy/);
    const weak = plan(config, {
      groups,
      policies: [
        adminPolicy,
        managedPolicy('require-mfa', {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: 's3:*',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
            },
          ],
        }),
      ],
    });
    expect(weak.actions[0]).toMatchObject({ status: 'skipped' });
    expect(weak.actions[0]?.reason).toMatch(
      /refused: .*require-mfa exists but does not enforce MFA \((weak|partial)\)/,
    );
  });

  it('add-to-group refuses a group that does not itself pass group-mfa-enforced', () => {
    const users = [userDetail('alice', '/', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] })];
    const config = {
      enforce: { 'console-user-mfa-enforced': { mode: 'add-to-group', group: 'mfa-required' } },
    };
    const weak = plan(config, {
      users,
      report: [console('alice')],
      groups: [groupDetail('mfa-required')],
      policies: [adminPolicy],
    });
    expect(weak.actions[0]?.status).toBe('skipped');
    expect(weak.actions[0]?.reason).toMatch(/refused: group mfa-required does not pass group-mfa-enforced/);
    const missing = plan(config, { users, report: [console('alice')], policies: [adminPolicy] });
    expect(missing.actions[0]?.reason).toMatch(/group mfa-required does not exist/);
    const enforcing = plan(config, {
      users,
      report: [console('alice')],
      groups: [
        groupDetail('mfa-required', {
          AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::123456789012:policy/req' }],
        }),
      ],
      policies: [adminPolicy, managedPolicy('req', mfaEnforcingPolicyDocument())],
    });
    expect(enforcing.actions[0]).toMatchObject({ status: 'planned', group: 'mfa-required' });
  });

  it('takes the parsed config file as well as run settings', () => {
    const config = parseConfig(
      { enforce: { 'console-user-mfa': { mode: 'remove-console-access', graceDays: 30 } } },
      'c',
    );
    const account = buildAccount(snapshot({ users: [userDetail('alice')], report: [console('alice')] }));
    const fromConfig = planEnforcement(account, config, { now: new Date('2026-01-15T00:00:00Z') });
    expect(fromConfig.actions).toEqual([]);
    expect(fromConfig.findings.find((f) => f.check === 'console-user-mfa')?.status).toBe('exempt');
    expect(fromConfig.runId).toMatch(/^20260115T000000Z-[0-9a-f]{6}$/);
  });

  it('never lets the IAM user running enforce lock itself out', () => {
    const settings = runSettings(
      parseConfig(
        {
          enforce: {
            'user-mfa': { mode: 'delete-user' },
            'group-mfa-enforced': { mode: 'attach-mfa-policy' },
          },
        },
        'c',
      ),
    );
    const account = buildAccount(
      snapshot({
        users: [userDetail('operator', '/', { GroupList: ['admins'] }), userDetail('other')],
        groups: [
          groupDetail('admins', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
          groupDetail('devs', { AttachedManagedPolicies: [{ PolicyArn: ADMIN }] }),
        ],
        policies: [adminPolicy],
        report: [console('operator'), console('other')],
      }),
    );
    const callerArn = 'arn:aws:iam::123456789012:user/operator';
    const result = planEnforcement(account, settings, { now: NOW, callerArn });
    const status = (name: string) => byResource(result.actions, name).map((a) => a.status);
    expect(status('operator')).toEqual(['skipped']);
    expect(byResource(result.actions, 'operator')[0]?.reason).toMatch(
      /refused: this is the IAM user running mfa-warden/,
    );
    expect(status('admins')).toEqual(['skipped']);
    expect(byResource(result.actions, 'admins')[0]?.reason).toMatch(/is a member of admins/);
    expect(status('devs')).toEqual(['planned']);
    expect(status('other')).toEqual(['planned']);
    // A role (or federated) caller is not an IAM user: nothing to spare.
    const asRole = planEnforcement(account, settings, {
      now: NOW,
      callerArn: 'arn:aws:sts::123456789012:assumed-role/admin/session',
    });
    expect(byResource(asRole.actions, 'operator').map((a) => a.status)).toEqual(['planned']);
  });

  it('plans nothing for unknown or error findings', () => {
    const result = plan(
      { enforce: { 'console-user-mfa': { mode: 'remove-console-access' } } },
      { users: [userDetail('alice')], report: null },
    );
    expect(result.findings.find((f) => f.check === 'console-user-mfa')?.status).not.toBe('fail');
    expect(result.actions).toEqual([]);
  });
});
