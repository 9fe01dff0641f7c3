import { describe, expect, it } from 'vitest';
import { compileDocument } from './compiledStatement.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import { layersOf } from './reachability.js';
import { requestContext } from './requestContext.js';
import { evaluateRequest, resourceApplies } from './witnessRequest.js';

const statement = (resource: Record<string, unknown>, version = '2012-10-17') =>
  compileDocument(
    parsePolicyDocument(
      { Version: version, Statement: [{ Effect: 'Deny', Action: '*', ...resource }] },
      'p.json',
    ),
  )[0]!;
const alice = requestContext('t', { 'aws:username': 'alice' }, 'absent');
const unknownUser = requestContext('t', {});

describe('resourceApplies', () => {
  it('matches ARN patterns, "*" only by a universal pattern, NotResource inverted', () => {
    const own = statement({ Resource: 'arn:aws:iam::*:user/alice' });
    expect(resourceApplies(own, 'arn:aws:iam::123456789012:user/alice', alice)).toBe('true');
    expect(resourceApplies(own, 'arn:aws:iam::123456789012:user/bob', alice)).toBe('false');
    expect(resourceApplies(own, '*', alice)).toBe('false');
    expect(resourceApplies(statement({ Resource: '*' }), '*', alice)).toBe('true');
    const notS3 = statement({ NotResource: 'arn:aws:s3:::*' });
    expect(resourceApplies(notS3, 'arn:aws:s3:::bucket', alice)).toBe('false');
    expect(resourceApplies(notS3, 'arn:aws:iam::123456789012:user/alice', alice)).toBe('true');
  });

  it('substitutes policy variables (2012-10-17 only): absent key matches nothing, unknown key is unknown', () => {
    const self = statement({ Resource: 'arn:aws:iam::*:user/${aws:username}' });
    expect(resourceApplies(self, 'arn:aws:iam::1:user/alice', alice)).toBe('true');
    expect(resourceApplies(self, 'arn:aws:iam::1:user/alice', requestContext('t', {}, 'absent'))).toBe(
      'false',
    );
    expect(resourceApplies(self, 'arn:aws:iam::1:user/alice', unknownUser)).toBe('unknown');
    const literal = statement({ Resource: 'arn:aws:iam::*:user/${aws:username}' }, '2008-10-17');
    expect(resourceApplies(literal, 'arn:aws:iam::1:user/${aws:username}', alice)).toBe('true');
  });
});

describe('evaluateRequest', () => {
  const layers = layersOf({
    identity: [
      parsePolicyDocument(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::*:user/${aws:username}' },
          ],
        },
        'p.json',
      ),
    ],
  });
  const request = (resource: string, context = alice) => ({
    action: 'iam:CreateAccessKey',
    resource,
    context,
  });

  it('a Deny that covers the one resource denies; elsewhere the Allow decides, definitely', () => {
    expect(evaluateRequest(layers, request('arn:aws:iam::1:user/alice')).deniedBy?.statement.index).toBe(1);
    const other = evaluateRequest(layers, request('arn:aws:iam::1:user/bob'));
    expect(other).toMatchObject({ reachable: true, conditional: false, partialResources: false });
    expect(other.allowedBy?.statement.index).toBe(0);
  });

  it('a Deny whose resource depends on an undecided variable may not apply: reachable in part', () => {
    expect(evaluateRequest(layers, request('arn:aws:iam::1:user/alice', unknownUser))).toMatchObject({
      reachable: true,
      partialResources: true,
    });
  });
});
