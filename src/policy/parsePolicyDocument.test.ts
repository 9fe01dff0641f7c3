import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import { PolicyParseError } from './policyParseError.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8');

describe('parsePolicyDocument: normalisation', () => {
  it('accepts an object, JSON text and URL-encoded JSON text alike', () => {
    const text = fixture('deny-bool-false.json');
    const fromObject = parsePolicyDocument(JSON.parse(text), 'a');
    const fromText = parsePolicyDocument(text, 'a');
    const fromEncoded = parsePolicyDocument(encodeURIComponent(text), 'a');
    expect(fromText).toEqual(fromObject);
    expect(fromEncoded).toEqual(fromObject);
    expect(encodeURIComponent(text).startsWith('%7B')).toBe(true);
  });

  it('decodes documents that are only partly encoded (contain %22)', () => {
    const doc = parsePolicyDocument(
      '{%22Version%22:%222012-10-17%22,%22Statement%22:{%22Effect%22:%22Allow%22,%22Action%22:%22s3:GetObject%22,%22Resource%22:%22*%22}}',
      'p',
    );
    expect(doc.statements[0]?.action.patterns).toEqual(['s3:getobject']);
  });

  it('turns a single-object Statement and scalar elements into lists', () => {
    const doc = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      },
      'p',
    );
    expect(doc.statements).toHaveLength(1);
    expect(doc.statements[0]?.action).toEqual({ kind: 'Action', patterns: ['s3:getobject'] });
    expect(doc.statements[0]?.resource).toEqual({ kind: 'Resource', patterns: ['arn:aws:s3:::b/*'] });
  });

  it('lower-cases actions, condition keys and accepts any case of operators; JSON booleans and numbers become strings', () => {
    const doc = parsePolicyDocument(fixture('terraform-lowercase-variables.json'), 'tf');
    const deny = doc.statements[1];
    expect(deny?.action.kind).toBe('NotAction');
    expect(deny?.action.patterns).toContain('iam:getuser');
    expect(deny?.conditions).toEqual([
      {
        operator: 'Bool',
        ifExists: true,
        key: 'aws:multifactorauthpresent',
        values: ['false'],
        writtenOperator: 'boolifexists',
        writtenKey: 'aws:multifactorauthpresent',
      },
    ]);
    const numeric = parsePolicyDocument(fixture('deny-mfa-age-greater-than.json'), 'n');
    expect(numeric.statements[0]?.conditions[0]?.values).toEqual(['3600']);
  });

  it("treats Terraform's &{aws:username} as the policy variable ${aws:username}", () => {
    const doc = parsePolicyDocument(fixture('terraform-lowercase-variables.json'), 'tf');
    expect(doc.statements[0]?.resource?.patterns).toEqual(['arn:aws:iam::*:user/${aws:username}']);
    const cond = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: '*',
            Condition: { StringLike: { 's3:prefix': ['home/&{aws:username}/*'] } },
          },
        ],
      },
      'c',
    );
    expect(cond.statements[0]?.conditions[0]?.values).toEqual(['home/${aws:username}/*']);
  });

  it('reads NotAction, NotResource, Principal, set operators and IfExists', () => {
    const doc = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Trust',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root', Service: ['ec2.amazonaws.com'] },
            NotAction: ['iam:*'],
            NotResource: 'arn:aws:s3:::secret/*',
            Condition: { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['env', 'team-*'] } },
          },
          { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        ],
      },
      'trust.json',
    );
    const first = doc.statements[0];
    expect(first?.sid).toBe('Trust');
    expect(first?.principal).toEqual({
      kind: 'Principal',
      value: { AWS: ['arn:aws:iam::111122223333:root'], Service: ['ec2.amazonaws.com'] },
    });
    expect(first?.resource).toEqual({ kind: 'NotResource', patterns: ['arn:aws:s3:::secret/*'] });
    expect(first?.conditions[0]).toMatchObject({
      operator: 'StringLike',
      ifExists: true,
      setOperator: 'ForAllValues',
      key: 'aws:tagkeys',
      values: ['env', 'team-*'],
    });
    expect(doc.statements[1]?.principal).toEqual({ kind: 'Principal', value: '*' });
    expect(doc.statements[1]?.resource).toBeUndefined();
  });
});

describe('parsePolicyDocument: invalid documents', () => {
  const parseError = (input: unknown, origin = 'policy.json'): PolicyParseError => {
    try {
      parsePolicyDocument(input, origin);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyParseError);
      expect(error).toBeInstanceOf(InputError);
      return error as PolicyParseError;
    }
    throw new Error('expected a PolicyParseError');
  };
  const statement = (body: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [body] });

  it('names the origin, the statement index and its Sid', () => {
    const error = parseError(fixture('invalid-effect.json'));
    expect(error.message).toBe(
      'policy.json: Statement[2] (Sid "DenyNoMfa"): Effect must be "Allow" or "Deny", got "Denied"',
    );
    expect(error.statementIndex).toBe(2);
    expect(error.sid).toBe('DenyNoMfa');
    expect(error.location).toBe('policy.json');
  });

  it('rejects a document without Statement', () => {
    expect(parseError({ Version: '2012-10-17' }).message).toBe(
      'policy.json: the policy document has no Statement',
    );
  });

  it('rejects both Action and NotAction, and neither', () => {
    expect(
      parseError(statement({ Effect: 'Deny', Action: '*', NotAction: 'iam:*', Resource: '*' })).message,
    ).toBe('policy.json: Statement[0]: a statement cannot have both Action and NotAction');
    expect(parseError(statement({ Effect: 'Deny', Resource: '*' })).message).toContain(
      'needs Action or NotAction',
    );
  });

  it('rejects an unknown condition operator', () => {
    const error = parseError(
      statement({
        Sid: 'X',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringEqual: { 'aws:username': 'a' } },
      }),
    );
    expect(error.message).toBe(
      'policy.json: Statement[0] (Sid "X"): unknown condition operator "StringEqual"',
    );
    expect(
      parseError(
        statement({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NullIfExists: { a: 'true' } } }),
      ).message,
    ).toContain('unknown condition operator "NullIfExists"');
  });

  it('rejects an identity statement without Resource or NotResource, but not a trust statement', () => {
    expect(parseError(statement({ Effect: 'Deny', NotAction: 'iam:GetUser' })).message).toBe(
      'policy.json: Statement[0]: a statement needs Resource or NotResource',
    );
    const trust = parsePolicyDocument(
      statement({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      'trust.json',
    );
    expect(trust.statements).toHaveLength(1);
  });

  it('rejects non-string actions, malformed actions, lower-case effects, bad JSON', () => {
    expect(
      parseError(statement({ Effect: 'Allow', Action: ['s3:GetObject', 3], Resource: '*' })).message,
    ).toBe('policy.json: Statement[0]: Action must be a string or a list of strings, got number 3');
    expect(parseError(statement({ Effect: 'Allow', Action: 's3', Resource: '*' })).message).toContain(
      'Action "s3" is not of the form "service:action"',
    );
    expect(parseError(statement({ Effect: 'allow', Action: '*', Resource: '*' })).message).toContain(
      'got "allow"',
    );
    expect(parseError('{"Statement": [', 'broken.json').message).toMatch(
      /^broken\.json: the policy document is not valid JSON/,
    );
    expect(
      parseError(
        statement({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { k: { a: 1 } } } }),
      ).message,
    ).toContain('must be a string, number or boolean');
  });
});
