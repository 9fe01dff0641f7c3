import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parseTemplate.js';
import { collectSuppressions } from './suppressions.js';

function collect(text: string, file = 't.yaml') {
  const parsed = parseTemplate(text, file);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return collectSuppressions(parsed.template, file);
}

describe('collectSuppressions: comments', () => {
  it('takes a comment on the logical id line or directly above it, with the logical id line', () => {
    const result = collect(`Resources:
  # mfa-warden:ignore group-mfa-enforced sealed break-glass group
  BreakGlass:
    Type: AWS::IAM::Group
  Ops: # mfa-warden:ignore console-user-mfa-enforced,group-mfa-enforced on-call rota, reviewed monthly
    Type: AWS::IAM::Group
  # mfa-warden:ignore * legacy account, removed in Q3
  # mfa-warden:ignore mfa-condition-sound reviewed by security
  Legacy:
    Type: AWS::IAM::Group
`);
    expect(result.errors).toEqual([]);
    expect(result.suppressions).toEqual([
      { check: 'group-mfa-enforced', reason: 'sealed break-glass group', file: 't.yaml', line: 3 },
      {
        check: 'console-user-mfa-enforced',
        reason: 'on-call rota, reviewed monthly',
        file: 't.yaml',
        line: 5,
      },
      { check: 'group-mfa-enforced', reason: 'on-call rota, reviewed monthly', file: 't.yaml', line: 5 },
      { check: '*', reason: 'legacy account, removed in Q3', file: 't.yaml', line: 9 },
      { check: 'mfa-condition-sound', reason: 'reviewed by security', file: 't.yaml', line: 9 },
    ]);
  });

  it('rejects a suppression without a reason, with an unknown check, or belonging to no logical id', () => {
    const result = collect(`Resources:
  # mfa-warden:ignore group-mfa-enforced
  A:
    Type: AWS::IAM::Group
  B: # mfa-warden:ignore group-mfa-enforce typo in the id
    Type: AWS::IAM::Group
  C:
    # mfa-warden:ignore group-mfa-enforced one line too low
    Type: AWS::IAM::Group
  # mfa-warden:ignore group-mfa-enforced a blank line breaks the link

  D:
    Type: AWS::IAM::Group
`);
    expect(result.suppressions).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 3, expect.stringMatching(/has no reason/)],
      [5, 6, expect.stringMatching(/unknown check group-mfa-enforce; valid: \*, root-mfa/)],
      [
        8,
        5,
        'a suppression comment must be on the line of a logical id under Resources, or directly above it',
      ],
      [
        10,
        3,
        'a suppression comment must be on the line of a logical id under Resources, or directly above it',
      ],
    ]);
  });

  it('ignores ordinary comments and text that only looks like a suppression', () => {
    const result = collect(`# a template
Resources:
  A: # just a note
    Type: AWS::IAM::Group
    Properties:
      GroupName: "# mfa-warden:ignore group-mfa-enforced not a comment"
`);
    expect(result).toEqual({ suppressions: [], errors: [] });
  });
});

describe('collectSuppressions: Metadata', () => {
  it('reads Metadata mfa-warden ignore entries, in YAML and JSON', () => {
    const yaml = collect(`Resources:
  Svc:
    Type: AWS::IAM::Group
    Metadata:
      mfa-warden:
        ignore:
          - check: group-mfa-enforced
            reason: machine users only
`);
    expect(yaml).toEqual({
      suppressions: [{ check: 'group-mfa-enforced', reason: 'machine users only', file: 't.yaml', line: 2 }],
      errors: [],
    });
    const text =
      '{"Resources":{"Svc":{"Type":"AWS::IAM::Group","Metadata":{"mfa-warden":{"ignore":[{"check":"*","reason":"why"}]}}}}}';
    expect(collect(text, 't.json').suppressions).toEqual([
      { check: '*', reason: 'why', file: 't.json', line: 1 },
    ]);
  });

  it('rejects malformed Metadata suppressions at the mfa-warden key', () => {
    const result = collect(`Resources:
  A:
    Type: AWS::IAM::Group
    Metadata:
      mfa-warden: {ignore: group-mfa-enforced}
  B:
    Type: AWS::IAM::Group
    Metadata:
      mfa-warden:
        ignore: [{check: group-mfa-enforced}, {check: nope, reason: x}, {reason: no check}]
`);
    expect(result.suppressions).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [5, 'Metadata mfa-warden of A must be { ignore: [ { check, reason } ] }'],
      [9, expect.stringMatching(/group-mfa-enforced on B has no reason/)],
      [9, expect.stringMatching(/names unknown check nope/)],
      [9, 'each mfa-warden ignore entry of B needs a check id and a reason (strings)'],
    ]);
  });
});
