import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { analyzeWithoutMfa } from './analyzeWithoutMfa.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicySet } from './reachability.js';
import { describeWitness } from './witness.js';
import { evaluateWitness } from './witnessRequest.js';
import { findWitness, placeholderPrincipal, type WitnessPrincipal } from './witnessSearch.js';

const ALICE_ARN = 'arn:aws:iam::111122223333:user/alice';
const ALICE: WitnessPrincipal = {
  keys: { 'aws:username': 'alice', 'aws:PrincipalArn': ALICE_ARN },
  partition: 'aws',
  account: '111122223333',
};
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/policies/${name}.json`, import.meta.url), 'utf8'));
const ADMIN = parsePolicyDocument(fixture('administrator-access'), 'AdministratorAccess');
const policy = (origin: string, ...statements: Record<string, unknown>[]) =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, origin);

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const witnessOf = (set: PolicySet, principal: WitnessPrincipal = ALICE) =>
  findWitness(set, analyzeWithoutMfa(set, { catalog }), { catalog, principal });

describe('findWitness', () => {
  it('an unenforced admin: a console session creates an access key for the user itself', () => {
    const witness = witnessOf({ identity: [ADMIN] });
    expect(witness).toEqual({
      credential: 'console-session',
      action: 'iam:CreateAccessKey',
      resource: ALICE_ARN,
      context: {
        'aws:MultiFactorAuthPresent': 'false',
        'aws:username': 'alice',
        'aws:PrincipalArn': ALICE_ARN,
      },
      allowedBy: { policy: 'AdministratorAccess', statement: 'Statement[0]' },
    });
    expect(describeWitness(witness!)).toBe(
      `console-session can iam:CreateAccessKey on ${ALICE_ARN} (allowed by AdministratorAccess Statement[0])`,
    );
  });

  it('in a service reachable in part, an action the policies grant, the most sensitive level first', () => {
    // ec2:Describe* makes ec2 reachable in part; the Write action it also grants outranks every Describe.
    const operator = policy('Ec2Operator', {
      Effect: 'Allow',
      Action: ['ec2:Describe*', 'ec2:StartInstances'],
      Resource: '*',
    });
    const witness = witnessOf({ identity: [operator] });
    expect(witness?.credential).toBe('console-session');
    expect(witness?.action).toBe('ec2:StartInstances');
    expect(evaluateWitness({ identity: [operator] }, witness!).reachable).toBe(true);
  });

  it('the same witness for two principals sharing one analysis (the candidate lists are shared)', () => {
    const operator = policy('Ec2Operator', { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' });
    const set = { identity: [operator] };
    const analysis = analyzeWithoutMfa(set, { catalog });
    const first = findWitness(set, analysis, { catalog, principal: ALICE });
    const second = findWitness(set, analysis, { catalog, principal: placeholderPrincipal('bob') });
    expect(first?.action).toMatch(/^ec2:Describe/);
    expect(second?.action).toBe(first?.action);
    expect(second?.context['aws:username']).toBe('bob');
  });

  it('none for an enforced set', () => {
    const enforcing = parsePolicyDocument(fixture('aws-manage-own-credentials-with-mfa'), 'mfa.json');
    expect(witnessOf({ identity: [ADMIN, enforcing] })).toBeUndefined();
  });

  it('a plain Bool Deny stops console sessions: the witness is an access key, with no MFA key at all', () => {
    const witness = witnessOf({
      identity: [ADMIN, parsePolicyDocument(fixture('deny-bool-false'), 'bool.json')],
    });
    expect(witness?.credential).toBe('access-key');
    expect(witness?.context).toEqual({
      'aws:MultiFactorAuthPresent': null,
      'aws:username': 'alice',
      'aws:PrincipalArn': ALICE_ARN,
    });
  });

  it('credential creation denied: a permission change is next', () => {
    const deny = policy('deny.json', {
      Effect: 'Deny',
      Action: [
        'iam:CreateAccessKey',
        'iam:CreateLoginProfile',
        'iam:UpdateLoginProfile',
        'iam:CreateServiceSpecificCredential',
        'sts:GetFederationToken',
      ],
      Resource: '*',
    });
    const witness = witnessOf({ identity: [ADMIN, deny] });
    expect(witness?.action).toBe('iam:AttachGroupPolicy');
    expect(witness?.resource).toBe('arn:aws:iam::111122223333:group/example-group');
  });

  it('a Deny on the own user only: another user (named so even when the user is the placeholder)', () => {
    const set = { identity: [ADMIN, parsePolicyDocument(fixture('deny-own-user-arn-only'), 'own.json')] };
    const witness = witnessOf(set);
    expect(witness?.action).toBe('iam:CreateAccessKey');
    expect(witness?.resource).toBe('arn:aws:iam::111122223333:user/example-user');
    expect(witnessOf(set, placeholderPrincipal())?.resource).toBe(
      'arn:aws:iam::123456789012:user/another-user',
    );
  });

  it('nothing in IAM or STS: reading data, on an ARN of the action resource type', () => {
    const s3 = policy('s3.json', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    expect(witnessOf({ identity: [s3] })).toMatchObject({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::example-bucket/example-object',
      allowedBy: { policy: 's3.json', statement: 'Statement[0]' },
    });
  });

  it('an Allow limited to some ARNs: an ARN it allows', () => {
    const s3 = policy('s3.json', {
      Sid: 'ReadProd',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::prod-data/*',
    });
    expect(witnessOf({ identity: [s3] })).toMatchObject({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::prod-data/example',
      allowedBy: { policy: 's3.json', statement: 'ReadProd' },
    });
  });

  it('an action that takes no resource: "*"', () => {
    const list = policy('list.json', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' });
    expect(witnessOf({ identity: [list] })?.resource).toBe('*');
  });

  it('a definite request before one that needs undecided keys', () => {
    const set = {
      identity: [
        policy('office.json', {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        }),
        policy('read.json', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      ],
    };
    const witness = witnessOf(set);
    expect(witness).toMatchObject({ action: 's3:GetObject', allowedBy: { policy: 'read.json' } });
    expect(witness?.conditional).toBeUndefined();
  });

  it('only undecided keys: values from the conditions that make the request succeed, named', () => {
    const tagged = policy('team.json', {
      Effect: 'Allow',
      Action: 'iam:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admins' } },
    });
    const witness = witnessOf({ identity: [tagged] });
    expect(witness).toMatchObject({
      action: 'iam:CreateAccessKey',
      conditional: true,
      undecided: ['aws:PrincipalTag/team'],
    });
    expect(witness?.context['aws:PrincipalTag/team']).toBe('admins');
    expect(describeWitness(witness!)).toMatch(/; only when aws:PrincipalTag\/team = admins\)$/);
    // The values are part of the request: without them it is denied.
    const { 'aws:PrincipalTag/team': _team, ...untagged } = witness!.context;
    expect(evaluateWitness({ identity: [tagged] }, { ...witness!, context: untagged }).reachable).toBe(false);
  });

  it('a placeholder principal where none is known, its ARN as the resource of user actions', () => {
    const witness = witnessOf(
      { identity: [ADMIN] },
      placeholderPrincipal('example-member', 'aws-cn', '210987654321'),
    );
    expect(witness?.resource).toBe('arn:aws-cn:iam::210987654321:user/example-member');
    expect(witness?.context['aws:username']).toBe('example-member');
  });
});

describe('findWitness for principals sharing one analysis', () => {
  const NOW = new Date('2026-12-01T00:00:00Z');
  const user = (path: string, name: string, tags: Record<string, string> = {}): WitnessPrincipal => ({
    keys: {
      'aws:username': name,
      'aws:PrincipalArn': `arn:aws:iam::111122223333:user${path}${name}`,
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
    },
    partition: 'aws',
    account: '111122223333',
  });
  const PRINCIPALS = [
    user('/admins/', 'alice', { team: 'admins' }),
    user('/dev/', 'bob'),
    user('/', 'carol', { team: 'dev' }),
    user('/admins/', 'dave'),
  ];
  // Each principal's witness found with an analysis of its own (nothing remembered from another principal).
  const alone = (set: PolicySet, principal: WitnessPrincipal) =>
    findWitness(set, analyzeWithoutMfa(set, { catalog }), { catalog, principal, now: NOW });
  const shared = (set: PolicySet, order: readonly WitnessPrincipal[]) => {
    const analysis = analyzeWithoutMfa(set, { catalog });
    return order.map((principal) => findWitness(set, analysis, { catalog, principal, now: NOW }));
  };

  it('each gets a request of its own: its own ARN, its own name', () => {
    const set = { identity: [ADMIN] };
    const [alice, bob] = shared(set, PRINCIPALS);
    expect(alice?.resource).toBe('arn:aws:iam::111122223333:user/admins/alice');
    expect(bob?.resource).toBe('arn:aws:iam::111122223333:user/dev/bob');
    expect(bob?.context['aws:username']).toBe('bob');
    expect(bob?.context['aws:PrincipalArn']).toBe('arn:aws:iam::111122223333:user/dev/bob');
  });

  it('a Resource element that covers one user ARN and not the other: each its own answer, in any order', () => {
    const set = {
      identity: [
        policy('admins.json', {
          Effect: 'Allow',
          Action: 'iam:CreateAccessKey',
          Resource: 'arn:aws:iam::*:user/admins/*',
        }),
        policy('read.json', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      ],
    };
    for (const order of [PRINCIPALS, [...PRINCIPALS].reverse()]) {
      const witnesses = shared(set, order);
      order.forEach((principal, i) => expect(witnesses[i]).toEqual(alone(set, principal)));
    }
    expect(shared(set, PRINCIPALS)[0]?.action).toBe('iam:CreateAccessKey');
    // bob is not under admins/: a key for one who is.
    expect(shared(set, PRINCIPALS)[1]?.resource).toBe('arn:aws:iam::111122223333:user/admins/example');
  });

  it('the same witness as a search of its own, for random policies and principals (differential)', () => {
    const actions = ['iam:CreateAccessKey', 'iam:*', 's3:GetObject', 'ec2:Describe*', '*'];
    const resources = [
      '*',
      'arn:aws:iam::*:user/admins/*',
      'arn:aws:iam::*:user/${aws:username}',
      'arn:aws:iam::111122223333:user/dev/bob',
      'arn:aws:iam::*:user/${aws:PrincipalTag/team}/*',
      'arn:aws:s3:::prod/*',
    ];
    const conditions = [
      undefined,
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      { StringEquals: { 'aws:username': 'alice' } },
      { StringLike: { 'aws:PrincipalTag/team': 'admin*' } },
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    ];
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      Action: fc.constantFrom(...actions),
      Resource: fc.constantFrom(...resources),
      Condition: fc.constantFrom(...conditions),
    });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 5 }),
        fc.shuffledSubarray(PRINCIPALS, { minLength: 2 }),
        (statements, order) => {
          const document = parsePolicyDocument(
            {
              Version: '2012-10-17',
              Statement: statements.map(({ Condition, ...rest }) =>
                Condition ? { ...rest, Condition } : rest,
              ),
            },
            'random.json',
          );
          const set = { identity: [document] };
          const witnesses = shared(set, order);
          order.forEach((principal, i) => expect(witnesses[i]).toEqual(alone(set, principal)));
        },
      ),
      { seed: 20261204, numRuns: 150 },
    );
  });
});
