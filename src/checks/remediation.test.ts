import { describe, expect, it } from 'vitest';
import { alternatives, judgedSteps, remediation, stepsOf } from './remediation.js';

describe('remediation builder', () => {
  it('marks destructive commands and commands with placeholders, by rule as well as by hand', () => {
    const fix = remediation({
      text: 'Do it.',
      steps: [
        'aws iam attach-user-policy --user-name bob --policy-arn arn:aws:iam::1:policy/p',
        'aws iam delete-login-profile --user-name bob',
        'aws iam enable-mfa-device --user-name bob --serial-number s --authentication-code1 CODE1 --authentication-code2 CODE2',
        { command: 'aws iam create-virtual-mfa-device --virtual-mfa-device-name bob-mfa', needsInput: true },
        { command: 'aws iam tag-user --user-name bob --tags Key=a,Value=b', destructive: true },
      ],
    });
    expect(fix.cli).toHaveLength(5);
    expect(fix.destructive).toEqual([false, true, false, false, true]);
    expect(fix.needsInput).toEqual([false, false, true, true, false]);
  });

  it('leaves the marks out when no command needs one, and keeps cli an array of strings', () => {
    const fix = remediation({ text: 'x', steps: ['aws iam get-user'] });
    expect(fix).toEqual({ text: 'x', cli: ['aws iam get-user'] });
    expect(JSON.parse(JSON.stringify(fix)).cli).toEqual(['aws iam get-user']);
  });

  it('re-derives marks for a remediation that lacks them (an older report, a custom check)', () => {
    expect(stepsOf({ text: 'x', cli: ['aws iam delete-user --user-name u'] })).toEqual([
      { command: 'aws iam delete-user --user-name u', destructive: true, needsInput: false },
    ]);
  });

  it('joins alternatives in order, keeping each command its marks', () => {
    const both = alternatives(
      'A, or B.',
      remediation({ text: 'A', steps: ['x CODE1'], terraform: '# a' }),
      remediation({ text: 'B', steps: ['aws iam delete-login-profile --user-name u'], terraform: '# b' }),
    );
    expect(both).toMatchObject({
      text: 'A, or B.',
      cli: ['x CODE1', 'aws iam delete-login-profile --user-name u'],
      destructive: [false, true],
      needsInput: [true, false],
      terraform: '# a\n\n# b',
    });
  });

  it('steps judged once carry the marks the rules give, into every remediation built from them', () => {
    const commands = [
      'aws iam get-policy --policy-arn p >/dev/null 2>&1 || aws iam create-policy --policy-name p',
      'aws iam get-user >/dev/null || aws iam delete-login-profile --user-name u',
      'aws iam enable-mfa-device --user-name u --serial-number s --authentication-code1 CODE1 --authentication-code2 CODE2',
    ];
    const steps = judgedSteps(commands);
    const once = remediation({ text: 'x', steps: [...steps, 'aws iam delete-user --user-name u'] });
    const fresh = remediation({ text: 'x', steps: [...commands, 'aws iam delete-user --user-name u'] });
    expect(once).toEqual(fresh);
    expect(once.destructive).toEqual([false, true, false, true]);
    expect(once.needsInput).toEqual([false, false, true, false]);
  });
});
