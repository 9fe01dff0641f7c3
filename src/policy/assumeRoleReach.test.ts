import { describe, expect, it } from 'vitest';
import { roleGraph, type AssumableRole, type ReachStart } from './assumeRoleReach.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicyDocument } from './policyDocument.js';

const ACCOUNT = '111111111111';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const MFA_TRUE = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

let counter = 0;
function doc(...statements: Record<string, unknown>[]): PolicyDocument {
  return parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, `doc${++counter}`);
}
const trusts = (principal: unknown, extra: Record<string, unknown> = {}) =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
const allowAssume = (resource: string | string[] = '*') =>
  doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource });

function role(name: string, trust: PolicyDocument, identity: PolicyDocument[] = []): AssumableRole {
  return { arn: roleArn(name), name, account: ACCOUNT, trust, set: { identity } };
}
function user(name: string, identity: PolicyDocument[]): ReachStart {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    account: ACCOUNT,
    set: { identity },
    keys: { 'aws:username': name },
  };
}
const chains = (graph: ReturnType<typeof roleGraph>, start: ReachStart) =>
  Object.fromEntries(
    graph.reachableFrom(start).map((r) => [r.role.name, r.chain.map((c) => c.name).join(' -> ')]),
  );

describe('roles reachable without MFA through sts:AssumeRole', () => {
  it('follows a chain, reports it shortest first, and ends cycles', () => {
    const deploy = role('deploy', trusts(ROOT), [allowAssume(roleArn('admin'))]);
    const admin = role('admin', trusts([roleArn('deploy'), roleArn('ops')]), [allowAssume()]);
    const ops = role('ops', trusts(roleArn('admin')), [allowAssume()]);
    const graph = roleGraph([deploy, admin, ops]);
    expect(chains(graph, user('alice', [allowAssume()]))).toEqual({
      deploy: 'deploy',
      admin: 'deploy -> admin',
      ops: 'deploy -> admin -> ops',
    });
    const [first] = graph.reachableFrom(user('alice', [allowAssume()]));
    expect(first?.credentials).toEqual(['access-key', 'console-session']);
  });

  it('a trust policy that requires MFA stops the chain at that role', () => {
    const deploy = role('deploy', trusts(ROOT), [allowAssume()]);
    const admin = role('admin', trusts(roleArn('deploy'), { Condition: MFA_TRUE }));
    // deploy's session has no MFA (aws:MultiFactorAuthPresent is "false" there): admin stays closed.
    expect(chains(roleGraph([deploy, admin]), user('alice', [allowAssume()]))).toEqual({ deploy: 'deploy' });
  });

  it('the user’s own MFA Deny (the reference NotAction policy) keeps every role closed without MFA', () => {
    const mfaDeny = doc({
      Effect: 'Deny',
      NotAction: [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:ListMFADevices',
        'sts:GetSessionToken',
      ],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    });
    const deploy = role('deploy', trusts(ROOT));
    expect(chains(roleGraph([deploy]), user('alice', [allowAssume(), mfaDeny]))).toEqual({});
  });

  it('an Allow of sts:AssumeRole with BoolIfExists true lets an access key through, not a console session', () => {
    const deploy = role('deploy', trusts(ROOT));
    const weak = doc({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    const [reach] = roleGraph([deploy]).reachableFrom(user('alice', [weak]));
    expect(reach?.credentials).toEqual(['access-key']);
  });

  it('trusting the account delegates to the user’s policies; naming the user grants on its own', () => {
    const byAccount = role('by-account', trusts(ROOT));
    const byName = role('by-name', trusts(`arn:aws:iam::${ACCOUNT}:user/alice`));
    const graph = roleGraph([byAccount, byName]);
    // alice has no policy allowing sts:AssumeRole: only the role that names her is open.
    expect(chains(graph, user('alice', []))).toEqual({ 'by-name': 'by-name' });
    // An explicit Deny in her own policies still wins.
    const deny = doc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' });
    expect(chains(graph, user('alice', [deny]))).toEqual({});
    // bob is not named: nothing.
    expect(chains(graph, user('bob', []))).toEqual({});
  });

  it('roles trusted only by services or by other accounts are no first hop', () => {
    const ec2 = role(
      'ec2',
      doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    );
    const partner = role('partner', trusts('arn:aws:iam::999999999999:root'));
    expect(chains(roleGraph([ec2, partner]), user('alice', [allowAssume()]))).toEqual({});
  });

  it('a resource-limited Allow reaches only the roles it names', () => {
    const a = role('a', trusts(ROOT));
    const b = role('b', trusts(ROOT));
    expect(chains(roleGraph([a, b]), user('alice', [allowAssume(roleArn('b'))]))).toEqual({ b: 'b' });
  });

  it('starts that share decisions share first hops only with the same sts:AssumeRole statements', () => {
    const a = role('a', trusts(ROOT));
    const named = role('named', trusts(`arn:aws:iam::${ACCOUNT}:user/carol`));
    const graph = roleGraph([a, named]);
    const reach = (name: string, policies: PolicyDocument[]) =>
      graph
        .reachableFrom({ ...user(name, policies), sharesDecisions: true })
        .map((r) => r.role.name)
        .sort();
    expect(reach('alice', [allowAssume()])).toEqual(['a']);
    // No sts:AssumeRole statement: another key, nothing reached.
    expect(reach('bob', [])).toEqual([]);
    // The same statements: the memo answers for the role trusting everyone alike; the role naming carol is
    // judged for carol herself (her own policies need not allow the call: the trust names her).
    expect(reach('carol', [allowAssume()])).toEqual(['a', 'named']);
    expect(reach('dave', [allowAssume()])).toEqual(['a']);
  });
});
