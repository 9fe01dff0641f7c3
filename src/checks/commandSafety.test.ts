import { describe, expect, it } from 'vitest';
import { isDestructiveCommand, placeholdersIn } from './commandSafety.js';

describe('isDestructiveCommand', () => {
  it.each([
    'aws iam delete-login-profile --user-name bob',
    'aws iam deactivate-mfa-device --user-name bob --serial-number arn:aws:iam::1:mfa/bob',
    'aws iam detach-group-policy --group-name g --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
    'aws iam remove-user-from-group --user-name bob --group-name admins',
    'aws iam update-access-key --user-name bob --access-key-id AKIA --status Inactive',
    'aws iam update-access-key --status=Inactive --access-key-id AKIA',
    'aws iam put-group-policy --group-name g --policy-name p --policy-document file://p.json',
    'aws iam create-policy-version --policy-arn arn:aws:iam::1:policy/p --policy-document file://p.json --set-as-default',
    'aws iam get-user --user-name x || aws iam delete-user --user-name x',
    'echo "$(aws iam detach-user-policy --user-name x --policy-arn y)"',
    'rm -f policy.json',
  ])('%s takes access away', (command) => {
    expect(isDestructiveCommand(command)).toBe(true);
  });

  it.each([
    'aws iam attach-group-policy --group-name g --policy-arn arn:aws:iam::1:policy/mfa-warden-require-mfa',
    'aws iam create-policy --policy-name p --policy-document file://p.json',
    'aws iam update-access-key --user-name bob --access-key-id AKIA --status Active',
    'aws iam get-account-summary',
    'mfa-warden generate policy --output mfa-warden-require-mfa.json',
    'aws iam attach-group-policy --group-name remove-me --policy-arn arn:aws:iam::1:policy/delete-later',
    'aws iam get-policy --policy-arn a >/dev/null 2>&1 || aws iam create-policy --policy-name p --policy-document file://p.json',
  ])('%s does not', (command) => {
    expect(isDestructiveCommand(command)).toBe(false);
  });
});

describe('placeholdersIn', () => {
  it('finds each placeholder once, and not inside longer words', () => {
    expect(placeholdersIn('x --authentication-code1 CODE1 --authentication-code2 CODE2 CODE1')).toEqual([
      'CODE1',
      'CODE2',
    ]);
    expect(placeholdersIn('aws iam get-user --user-name CODE10')).toEqual([]);
  });
});
