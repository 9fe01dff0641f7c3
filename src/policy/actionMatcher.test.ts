import { describe, expect, it } from 'vitest';
import { compileActionMatcher } from './actionMatcher.js';
import { isUniversalResource, resourceScope } from './resourceScope.js';

describe('compileActionMatcher', () => {
  it('classifies services from the prefix alone', () => {
    const matcher = compileActionMatcher({ kind: 'Action', patterns: ['s3:*', 'iam:get*', 'ec?:describe*'] });
    expect(matcher.classify('s3')).toBe('all');
    expect(matcher.classify('iam')).toBe('some');
    expect(matcher.classify('ec2')).toBe('some');
    expect(matcher.classify('lambda')).toBe('none');
    expect(matcher.matches('iam:getuser')).toBe(true);
    expect(matcher.matches('iam:createuser')).toBe(false);
    expect(matcher.matches('ec2:describeinstances')).toBe(true);
    expect(matcher.matches('ec2:runinstances')).toBe(false);
  });

  it('complements NotAction', () => {
    const matcher = compileActionMatcher({ kind: 'NotAction', patterns: ['iam:*', 'sts:getsessiontoken'] });
    expect(matcher.classify('iam')).toBe('none');
    expect(matcher.classify('sts')).toBe('some');
    expect(matcher.classify('s3')).toBe('all');
    expect(matcher.matches('sts:assumerole')).toBe(true);
    expect(matcher.matches('sts:getsessiontoken')).toBe(false);
    expect(matcher.matches('iam:createaccesskey')).toBe(false);
  });

  it('"*" and "*:*" cover everything', () => {
    expect(compileActionMatcher({ kind: 'Action', patterns: ['*'] }).classify('anything')).toBe('all');
    expect(compileActionMatcher({ kind: 'Action', patterns: ['*:*'] }).classify('s3')).toBe('all');
    expect(compileActionMatcher({ kind: 'NotAction', patterns: ['*'] }).classify('s3')).toBe('none');
  });
});

describe('resourceScope', () => {
  it('tells every resource from some', () => {
    expect(resourceScope({ kind: 'Resource', patterns: ['*'] })).toBe('all');
    expect(resourceScope({ kind: 'Resource', patterns: ['arn:aws:s3:::b/*', 'arn:aws:*:*:*:*'] })).toBe(
      'all',
    );
    expect(resourceScope({ kind: 'Resource', patterns: ['arn:aws:iam::*:user/${aws:username}'] })).toBe(
      'some',
    );
    expect(resourceScope({ kind: 'NotResource', patterns: ['arn:aws:s3:::*'] })).toBe('some');
    expect(resourceScope({ kind: 'NotResource', patterns: ['*'] })).toBe('none');
    expect(resourceScope(undefined)).toBe('all');
    expect(isUniversalResource('arn:aws:s3:::*')).toBe(false);
    expect(isUniversalResource('arn:*')).toBe(true);
  });
});
