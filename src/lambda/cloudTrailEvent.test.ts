import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, loadEvent, type FixtureName } from '../../test/fixtures/cloudtrail/loadEvent.js';
import { touchedBy, WATCHED_EVENT_NAMES, type CloudTrailDetail } from './cloudTrailEvent.js';

const detail = (name: FixtureName): CloudTrailDetail => loadEvent(name).detail as CloudTrailDetail;

describe('touchedBy', () => {
  it.each([
    ['create-user', { users: ['Richard'] }],
    ['create-login-profile', { users: ['Mary'] }],
    ['update-login-profile', { users: ['Mary'] }],
    ['delete-login-profile', { users: ['Mary'] }],
    ['create-access-key', { users: ['Richard'] }],
    ['enable-mfa-device', { users: ['Mary'] }],
    ['deactivate-mfa-device', { users: ['Mary'] }],
    ['add-user-to-group', { users: ['Richard'] }],
    ['remove-user-from-group', { users: ['Richard'] }],
    ['attach-user-policy', { users: ['Richard'] }],
    ['detach-user-policy', { users: ['Richard'] }],
    ['put-user-policy', { users: ['Richard'] }],
    ['delete-user-policy', { users: ['Richard'] }],
    ['attach-group-policy', { groups: ['developers'] }],
    ['detach-group-policy', { groups: ['developers'] }],
    ['put-group-policy', { groups: ['developers'] }],
    ['delete-group-policy', { groups: ['developers'] }],
    ['create-policy-version', { policies: ['arn:aws:iam::123456789012:policy/DeveloperAccess'] }],
    ['set-default-policy-version', { policies: ['arn:aws:iam::123456789012:policy/DeveloperAccess'] }],
  ] as const)('%s touches %j', (name, expected) => {
    expect(touchedBy(detail(name))).toEqual({ users: [], groups: [], policies: [], ...expected });
  });

  it('takes the calling IAM user when the request names none (a user creating its own key)', () => {
    expect(touchedBy(detail('create-access-key-self'))).toMatchObject({ users: ['JaneDoe'] });
    const byRole = { ...detail('create-access-key-self'), userIdentity: { type: 'AssumedRole' } };
    expect(touchedBy(byRole)).toEqual({ ignored: 'CreateAccessKey without a user name (not an IAM user)' });
  });

  it('re-evaluates the user a deleted virtual device was named after (CloudTrail does not say whose it was)', () => {
    // The caller is an assumed role, so only the device's name is a candidate.
    expect(touchedBy(detail('delete-virtual-mfa-device'))).toMatchObject({ users: ['Mary'] });
  });

  it('ignores failed calls and events it does not act on', () => {
    expect(touchedBy(detail('create-login-profile-failed'))).toEqual({
      ignored: 'the call failed (EntityAlreadyExistsException): nothing changed',
    });
    expect(touchedBy({ ...detail('create-user'), eventName: 'ListUsers' })).toEqual({
      ignored: 'ListUsers is not one the handler acts on',
    });
    expect(touchedBy({ ...detail('create-user'), eventSource: 's3.amazonaws.com' })).toMatchObject({
      ignored: expect.stringMatching(/not an IAM event/),
    });
  });

  it('watches every event the fixtures record, in their real envelope', () => {
    for (const name of FIXTURE_NAMES.filter((n) => n !== 'scheduled-event')) {
      const event = loadEvent(name) as { 'detail-type': string; source: string; detail: CloudTrailDetail };
      expect(event['detail-type']).toBe('AWS API Call via CloudTrail');
      expect(event.source).toBe('aws.iam');
      expect(event.detail.eventSource).toBe('iam.amazonaws.com');
      expect(WATCHED_EVENT_NAMES).toContain(event.detail.eventName);
      expect(event.detail.userIdentity?.arn).toMatch(/^arn:aws:(iam|sts)::123456789012:/);
    }
  });
});
