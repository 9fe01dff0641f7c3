import { describe, expect, it } from 'vitest';
import type { Source } from '../model/source.js';
import { codeToolOf, logicalIdOf, terraformModuleOf, terraformReference } from './codeSource.js';

const at = (address: string): Source => ({ kind: 'iac', file: 'main.tf', line: 1, address });

describe('code sources in remediation snippets', () => {
  it('refers to root-module Terraform resources, for_each keys included, but not to module internals', () => {
    expect(terraformReference(at('aws_iam_group.devs'), 'name')).toBe('aws_iam_group.devs.name');
    expect(terraformReference(at('aws_iam_user.people["dave"]'), 'name')).toBe(
      'aws_iam_user.people["dave"].name',
    );
    expect(terraformReference(at('aws_iam_user.n[0]'), 'name')).toBe('aws_iam_user.n[0].name');
    expect(terraformReference(at('module.team["ops"].aws_iam_group.this'), 'name')).toBeUndefined();
    expect(terraformReference(at('aws_iam_user.x["${y}"]'), 'name')).toBeUndefined();
    expect(terraformReference({ kind: 'aws', arn: 'arn:aws:iam::1:group/devs' }, 'name')).toBeUndefined();
  });

  it('names the module a resource is declared in', () => {
    expect(terraformModuleOf(at('module.team["ops"].aws_iam_group.this'))).toBe('module.team["ops"]');
    expect(terraformModuleOf(at('module.a.module.b.aws_iam_policy.p'))).toBe('module.a.module.b');
    expect(terraformModuleOf(at('aws_iam_group.devs'))).toBeUndefined();
  });

  it('tells CloudFormation logical ids from Terraform addresses', () => {
    expect(codeToolOf(at('DevGroup'))).toBe('cloudformation');
    expect(logicalIdOf(at('DevGroup'))).toBe('DevGroup');
    expect(codeToolOf(at('aws_iam_group.devs'))).toBe('terraform');
    expect(logicalIdOf(at('aws_iam_group.devs'))).toBeUndefined();
    expect(codeToolOf({ kind: 'export', file: 'x.json' })).toBeUndefined();
  });
});
