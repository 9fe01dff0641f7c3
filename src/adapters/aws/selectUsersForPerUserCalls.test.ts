import { describe, expect, it } from 'vitest';
import { unknownValue } from '../../model/unknown.js';
import type { RawAuthorizationDetails, RawCredentialReport } from '../snapshot/iamSnapshot.js';
import { selectUsersForPerUserCalls } from './selectUsersForPerUserCalls.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_2_active';

function report(...rows: [user: string, created: string][]): RawCredentialReport {
  const lines = rows.map(
    ([user, created]) =>
      `${user},arn:aws:iam::111122223333:user/${user},${created},true,N/A,N/A,N/A,false,false,false`,
  );
  return { csv: [HEADER, ...lines].join('\n'), origin: 'GetCredentialReport' };
}

function details(...users: [name: string, created: Date | string | undefined][]): RawAuthorizationDetails {
  return {
    UserDetailList: users.map(([name, created]) => ({
      UserName: name,
      Arn: `arn:aws:iam::111122223333:user/${name}`,
      ...(created ? { CreateDate: created } : {}),
    })),
  };
}

describe('selectUsersForPerUserCalls', () => {
  it('selects nobody when every user is in the report', () => {
    expect(
      selectUsersForPerUserCalls(
        details(['alice', new Date('2024-05-01T10:00:00.123Z')], ['bob', '2024-05-02T11:00:00Z']),
        report(['alice', '2024-05-01T10:00:00+00:00'], ['bob', '2024-05-02T11:00:00+00:00']),
        false,
      ),
    ).toEqual([]);
  });

  it('trusts the report when the SDK rounded CreateDate into the next second', () => {
    // 10:00:00.9996 truncates to :00 in the report and rounds to :01.000 in the SDK.
    expect(
      selectUsersForPerUserCalls(
        details(['carol', new Date('2024-05-01T10:00:01.000Z')]),
        report(['carol', '2024-05-01T10:00:00+00:00']),
        false,
      ),
    ).toEqual([]);
  });

  it('selects users the report does not list', () => {
    expect(
      selectUsersForPerUserCalls(
        details(['alice', '2024-05-01T10:00:00Z'], ['new', '2024-06-01T00:00:00Z']),
        report(['alice', '2024-05-01T10:00:00+00:00']),
        false,
      ),
    ).toEqual(['new']);
  });

  it('selects a user deleted and re-created under the same name since the report', () => {
    expect(
      selectUsersForPerUserCalls(
        details(['alice', '2024-07-01T09:00:00Z']),
        report(['alice', '2024-05-01T10:00:00+00:00']),
        false,
      ),
    ).toEqual(['alice']);
  });

  it('selects a user whose creation time is unknown rather than trust the report blindly', () => {
    expect(
      selectUsersForPerUserCalls(
        details(['alice', undefined]),
        report(['alice', '2024-05-01T10:00:00+00:00']),
        false,
      ),
    ).toEqual(['alice']);
  });

  it('selects everyone in fresh mode', () => {
    expect(
      selectUsersForPerUserCalls(
        details(['alice', '2024-05-01T10:00:00Z'], ['bob', '2024-05-02T11:00:00Z']),
        report(['alice', '2024-05-01T10:00:00+00:00'], ['bob', '2024-05-02T11:00:00+00:00']),
        true,
      ),
    ).toEqual(['alice', 'bob']);
  });

  it('selects everyone when the report is unknown or unreadable', () => {
    const users = details(['alice', '2024-05-01T10:00:00Z'], ['bob', '2024-05-02T11:00:00Z']);
    expect(selectUsersForPerUserCalls(users, unknownValue('GetCredentialReport failed'), false)).toEqual([
      'alice',
      'bob',
    ]);
    expect(
      selectUsersForPerUserCalls(users, { csv: 'name\nalice', origin: 'GetCredentialReport' }, false),
    ).toEqual(['alice', 'bob']);
  });

  it('selects nobody when the users themselves are unknown', () => {
    expect(selectUsersForPerUserCalls(unknownValue('denied'), unknownValue('denied'), true)).toEqual([]);
  });
});
