import { describe, expect, it } from 'vitest';
import { describeWitness, type Witness } from '../../policy/witness.js';
import { isWitness, otherDetails, replayCommand, replayFiles, witnessView } from './witness.js';

const witness: Witness = {
  credential: 'console-session',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::bucket/key',
  context: {
    'aws:MultiFactorAuthPresent': 'false',
    'aws:SourceIp': ['10.0.0.1', '10.0.0.2'],
    'aws:TokenIssueTime': null,
  },
  allowedBy: { policy: 'AmazonS3ReadOnlyAccess', statement: 'Statement[0]' },
};

describe('witnessView', () => {
  it('says it in the line every report uses, with the request context as key and value', () => {
    expect(witnessView({ witness })).toEqual({
      sentence: describeWitness(witness),
      context: [
        ['aws:MultiFactorAuthPresent', 'false'],
        ['aws:SourceIp', '10.0.0.1, 10.0.0.2'],
        ['aws:TokenIssueTime', '(absent)'],
      ],
    });
    expect(describeWitness(witness)).toContain('s3:GetObject on arn:aws:s3:::bucket/key');
  });

  it('ignores a witness of another shape, which then stays in the details JSON', () => {
    const odd = [
      'iam:*',
      ['iam:*'],
      { ...witness, action: 3 },
      { ...witness, context: { key: 1 } },
      { ...witness, allowedBy: 'Admin' },
      { ...witness, allowedBy: { policy: 'Admin' } },
      { ...witness, undecided: 'aws:SourceIp' },
    ];
    for (const value of odd) {
      expect(isWitness(value)).toBe(false);
      expect(witnessView({ witness: value })).toBeUndefined();
      expect(otherDetails({ witness: value })).toEqual({ witness: value });
    }
    expect(witnessView(undefined)).toBeUndefined();
    expect(witnessView({})).toBeUndefined();
  });
});

describe('replayCommand, replayFiles and otherDetails', () => {
  it('takes the replay command only when it is a non-empty string', () => {
    expect(replayCommand({ replay: 'aws iam simulate-principal-policy' })).toBe(
      'aws iam simulate-principal-policy',
    );
    expect(replayCommand({ replay: '  ' })).toBeUndefined();
    expect(replayCommand({ replay: ['aws'] })).toBeUndefined();
  });

  it('takes the replay files only when every one names a file and a policy', () => {
    const files = [{ file: 'admin.json', policy: 'main.tf:3 (aws_iam_policy.admin)' }];
    expect(replayFiles({ replayFiles: files })).toEqual(files);
    expect(replayFiles({ replayFiles: [...files, { file: 'x.json' }] })).toBeUndefined();
    expect(replayFiles({ replayFiles: [] })).toBeUndefined();
  });

  it('leaves the rest of the details for the JSON block', () => {
    const replayFilesValue = [{ file: 'a.json', policy: 'a' }];
    expect(otherDetails({ witness, replay: 'x', replayFiles: replayFilesValue, evidence: ['a'] })).toEqual({
      evidence: ['a'],
    });
    expect(otherDetails({ witness, replay: 'x' })).toBeUndefined();
    expect(otherDetails(undefined)).toBeUndefined();
  });
});
