import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCatalogSync } from './actionCatalog.js';
import { compileActionMatcher } from './actionMatcher.js';
import { isUniversalResource, resourceScope } from './resourceScope.js';

describe('compileActionMatcher', () => {
  it('gives per-service masks that agree with matches() action by action', () => {
    const catalog = actionCatalogSync();
    const services = ['iam', 'sts', 'ec2', 's3', 'ecr', 'ecs', 'kms'];
    const piece = fc.constantFrom('*', '?', 'get', 'describe', 'list', 'create', 'e', 's', 'c', 'r');
    const name = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const service = fc.oneof(fc.constantFrom(...services), fc.constantFrom('*', 'ec?', 'e*', 's*'));
    const pattern = fc.oneof(
      fc.constant('*'),
      fc.tuple(service, name).map(([s, n]) => `${s}:${n}`),
    );
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 5 }), fc.boolean(), (patterns, not) => {
        const matcher = compileActionMatcher({ kind: not ? 'NotAction' : 'Action', patterns });
        for (const s of services) {
          const actions = catalog.actionsOf(s);
          const mask = matcher.mask(s, actions);
          // Twice: the second is built from the shared per-pattern masks.
          const again = compileActionMatcher({ kind: not ? 'NotAction' : 'Action', patterns }).mask(
            s,
            actions,
          );
          actions.forEach((action, i) => {
            expect(mask[i] === 1).toBe(matcher.matches(action));
            expect(again[i]).toBe(mask[i]);
          });
        }
      }),
      { seed: 17, numRuns: 150 },
    );
  });

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
