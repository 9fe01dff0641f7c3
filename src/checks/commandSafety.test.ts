import fc from 'fast-check';
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

// The rules as first written: each `aws SERVICE OPERATION` found in turn, its operation judged alone.
function readingCallByCall(command: string): boolean {
  const destructive =
    /^(?:(?:delete|deactivate|detach|remove|disable|revoke|untag)-[a-z0-9-]+|put-(?:user|group|role)-policy|create-policy-version|set-default-policy-version|update-assume-role-policy|update-login-profile|put-(?:user|role)-permissions-boundary|reset-service-specific-credential)$/;
  const operations = [...command.matchAll(/(?:^|[\s|&;(`])aws\s+[a-z0-9-]+\s+([a-z0-9-]+)/g)].map(
    (m) => m[1] ?? '',
  );
  if (operations.some((operation) => destructive.test(operation))) return true;
  if (
    operations.some((operation) => operation.startsWith('update-')) &&
    /--status(?:\s+|=)'?Inactive\b/.test(command)
  )
    return true;
  return /(?:^|[\s|&;(`])(?:rm|shred|truncate)\s/.test(command);
}

describe('isDestructiveCommand against the call-by-call reading', () => {
  it('agrees on generated command lines, and is never less strict', () => {
    const word = fc.constantFrom(
      'aws',
      'iam',
      's3',
      'delete-user',
      'deleteuser',
      'put-user-policy',
      'put-user-policy-x',
      'update-access-key',
      'update-login-profile',
      'get-user',
      'untag-role',
      '--status',
      'Inactive',
      "'Inactive'",
      '--status=Inactive',
      'rm',
      'shred',
      '-f',
      'x',
      '||',
      '&&',
      '$(aws',
      ')',
      ';',
      'remove-',
      'detach-group-policy',
      'disable',
    );
    const separator = fc.constantFrom(' ', '  ', '\t', ' | ', '(', '`');
    const command = fc
      .array(fc.tuple(word, separator), { minLength: 1, maxLength: 10 })
      .map((parts) => parts.map(([w, sep]) => `${w}${sep}`).join(''));
    fc.assert(
      fc.property(command, (line) => {
        const before = readingCallByCall(line);
        const now = isDestructiveCommand(line);
        // Call by call, a call's words could hide the `aws` right after it (`aws iam aws iam delete-user`).
        if (before) expect(now).toBe(true);
        else if (!/aws\s+\S+\s+aws/.test(line)) expect(now).toBe(before);
      }),
      { seed: 20261204, numRuns: 3000 },
    );
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
