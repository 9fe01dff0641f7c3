import { describe, expect, it } from 'vitest';
import type { Account, Group, Role, User } from '../../model/account.js';
import { isUnknown } from '../../model/unknown.js';
import { IacAccountBuilder } from '../iac/iacAccountBuilder.js';
import { TemplateResolver } from './intrinsics.js';
import { resolveParameters } from './parameters.js';
import { parseTemplate } from './parseTemplate.js';
import { declareResources } from './templateResources.js';

function model(yaml: string, overrides: Record<string, string> = {}) {
  const parsed = parseTemplate(yaml, 't.yaml');
  if (!parsed.ok) throw new Error(parsed.error.message);
  const root = parsed.template.root;
  const resolver = new TemplateResolver(
    root,
    resolveParameters(root.Parameters, overrides).values,
    overrides,
  );
  const builder = new IacAccountBuilder({ kind: 'iac', file: 't.yaml', line: 1, address: 'template' });
  const errors = declareResources({ file: 't.yaml', template: parsed.template, resolver, builder });
  return { account: builder.build(), errors };
}

const list = <T>(value: readonly T[] | { unknown: true }): readonly T[] => {
  if (!Array.isArray(value)) throw new Error('expected a list');
  return value as readonly T[];
};
const group = (account: Account, name: string): Group => {
  const found = list(account.groups).find((g) => g.name === name);
  if (!found) throw new Error(`no group ${name}`);
  return found;
};
const user = (account: Account, name: string): User => {
  const found = list(account.users).find((u) => u.name === name);
  if (!found) throw new Error(`no user ${name}`);
  return found;
};
const role = (account: Account, name: string): Role => {
  const found = list(account.roles).find((r) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
};

/**
 * Why a principal's policy set is not fully known: unknown documents, and the builder's note of policies it
 * may have but could not place. Either way no check may pass it on what was seen.
 */
const doubts = (principal: Group | User | Role): string[] => [
  ...(principal.incomplete ?? []),
  ...principal.inlinePolicies.flatMap((p) => (isUnknown(p.document) ? [p.document.reason] : [])),
];

const doc = (sid: string) =>
  `{Version: "2012-10-17", Statement: [{Sid: ${sid}, Effect: Allow, Action: "s3:*", Resource: "*"}]}`;

describe('declareResources: principals', () => {
  it('declares a group with its path, inline policies and managed policy ARNs, sourced at its logical id', () => {
    const { account } = model(`Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
      Path: /people/
      Policies:
        - PolicyName: inline
          PolicyDocument: ${doc('One')}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`);
    const admins = group(account, 'admins');
    expect(admins.arn).toBe('arn:aws:iam::000000000000:group/people/admins');
    expect(admins.source).toEqual({ kind: 'iac', file: 't.yaml', line: 2, column: 3, address: 'Admins' });
    expect(admins.inlinePolicies.map((p) => p.name)).toEqual(['inline']);
    expect(admins.inlinePolicies[0]?.document).toMatchObject({ Statement: [{ Sid: 'One' }] });
    expect(admins.attachedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('declares a user: console password from LoginProfile, groups, tags, boundary', () => {
    const { account } = model(`Resources:
  G:
    Type: AWS::IAM::Group
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      LoginProfile: {Password: "{{resolve:secretsmanager:pw}}"}
      Groups: [!Ref G]
      PermissionsBoundary: arn:aws:iam::aws:policy/ReadOnlyAccess
      Tags: [{Key: team, Value: red}, {Key: __proto__, Value: x}]
  Bob:
    Type: AWS::IAM::User
`);
    const alice = user(account, 'alice');
    expect(alice.consolePassword).toBe(true);
    expect(alice.groups).toEqual(['STACK-G-GENERATED']);
    expect(alice.permissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(alice.tags).toEqual({ team: 'red', ['__proto__']: 'x' });
    expect(Object.hasOwn(alice.tags, '__proto__')).toBe(true);
    expect(user(account, 'STACK-Bob-GENERATED').consolePassword).toBe(false);
  });

  it('counts a LoginProfile behind an unknown condition as a console password (the stricter case)', () => {
    const { account } = model(`Parameters:
  Console: {Type: String}
Conditions:
  WithConsole: !Equals [!Ref Console, "yes"]
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      LoginProfile: !If [WithConsole, {Password: "{{resolve:secretsmanager:pw}}"}, !Ref AWS::NoValue]
`);
    expect(user(account, 'STACK-Alice-GENERATED').consolePassword).toBe(true);
    const without = model(
      `Parameters:
  Console: {Type: String}
Conditions:
  WithConsole: !Equals [!Ref Console, "yes"]
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      LoginProfile: !If [WithConsole, {Password: "{{resolve:secretsmanager:pw}}"}, !Ref AWS::NoValue]
`,
      { Console: 'no' },
    );
    expect(user(without.account, 'STACK-Alice-GENERATED').consolePassword).toBe(false);
  });

  it('declares a role with its trust policy, boundary and policies', () => {
    const { account } = model(`Resources:
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deployer
      Path: /ci/
      PermissionsBoundary: !Ref Boundary
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root"}, Action: sts:AssumeRole}]
      Policies: [{PolicyName: deploy, PolicyDocument: ${doc('Deploy')}}]
      Tags: [{Key: mfa-exempt, Value: approved}]
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties: {ManagedPolicyName: boundary, PolicyDocument: ${doc('B')}}
`);
    const deployer = role(account, 'deployer');
    expect(deployer.arn).toBe('arn:aws:iam::000000000000:role/ci/deployer');
    expect(deployer.permissionsBoundaryArn).toBe('arn:aws:iam::000000000000:policy/boundary');
    expect(deployer.assumeRolePolicy?.document).toMatchObject({
      Statement: [{ Principal: { AWS: 'arn:aws:iam::000000000000:root' } }],
    });
    expect(deployer.inlinePolicies.map((p) => p.name)).toEqual(['deploy']);
    expect(deployer.tags).toEqual({ 'mfa-exempt': 'approved' });
  });
});

describe('declareResources: policies and memberships', () => {
  const principals = `  G:
    Type: AWS::IAM::Group
    Properties: {GroupName: g}
  U:
    Type: AWS::IAM::User
    Properties: {UserName: u}
  R:
    Type: AWS::IAM::Role
    Properties: {RoleName: r, AssumeRolePolicyDocument: ${doc('T')}}
`;

  it('attaches a managed policy to the Groups, Users and Roles it names', () => {
    const { account } = model(`Resources:
${principals}  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Path: /sec/
      ManagedPolicyName: p
      Groups: [!Ref G]
      Users: [u]
      Roles: [!Ref R]
      PolicyDocument: ${doc('P')}
`);
    const arn = 'arn:aws:iam::000000000000:policy/sec/p';
    expect(group(account, 'g').attachedPolicyArns).toEqual([arn]);
    expect(user(account, 'u').attachedPolicyArns).toEqual([arn]);
    expect(role(account, 'r').attachedPolicyArns).toEqual([arn]);
    expect(list(account.managedPolicies).find((p) => p.arn === arn)?.source).toMatchObject({
      address: 'P',
      line: 11,
    });
  });

  it('adds an AWS::IAM::Policy inline to each principal it names, and the per-principal policy types', () => {
    const { account } = model(`Resources:
${principals}  P:
    Type: AWS::IAM::Policy
    Properties: {PolicyName: shared, Groups: [!Ref G], Users: [!Ref U], Roles: [!Ref R], PolicyDocument: ${doc('S')}}
  GP:
    Type: AWS::IAM::GroupPolicy
    Properties: {GroupName: !Ref G, PolicyName: own, PolicyDocument: ${doc('G')}}
  UP:
    Type: AWS::IAM::UserPolicy
    Properties: {UserName: !Ref U, PolicyName: own, PolicyDocument: '{"Version": "2012-10-17", "Statement": []}'}
  RP:
    Type: AWS::IAM::RolePolicy
    Properties: {RoleName: !Ref R, PolicyName: own, PolicyDocument: ${doc('R')}}
`);
    expect(group(account, 'g').inlinePolicies.map((p) => p.name)).toEqual(['shared', 'own']);
    expect(user(account, 'u').inlinePolicies.map((p) => p.name)).toEqual(['shared', 'own']);
    expect(user(account, 'u').inlinePolicies[1]?.document).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(role(account, 'r').inlinePolicies.map((p) => p.name)).toEqual(['shared', 'own']);
  });

  it('adds memberships from AWS::IAM::UserToGroupAddition and counts active access keys', () => {
    const { account } = model(`Resources:
${principals}  Add:
    Type: AWS::IAM::UserToGroupAddition
    Properties: {GroupName: !Ref G, Users: [!Ref U]}
  K1:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref U}
  K2:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref U, Status: Active}
  K3:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref U, Status: Inactive}
`);
    expect(user(account, 'u').groups).toEqual(['g']);
    expect(user(account, 'u').activeAccessKeys).toBe(2);
  });

  it('widens an Allow on an unresolved resource to every resource, soundly', () => {
    const { account } = model(`Parameters:
  Bucket: {Type: String}
Resources:
  G:
    Type: AWS::IAM::Group
    Properties:
      GroupName: g
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Deny, NotAction: "iam:*", Resource: "*"}
              - {Effect: Allow, Action: "s3:*", Resource: !Sub "arn:aws:s3:::\${Bucket}/*"}
`);
    expect(group(account, 'g').inlinePolicies[0]?.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      ],
    });
  });

  it('makes a whole policy document unknown when a Deny depends on an unknown', () => {
    const { account } = model(`Parameters:
  Bucket: {Type: String}
Resources:
  G:
    Type: AWS::IAM::Group
    Properties:
      GroupName: g
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Deny, NotAction: "iam:*", Resource: !Sub "arn:aws:s3:::\${Bucket}/*"}
              - {Effect: Allow, Action: "s3:*", Resource: "*"}
        - PolicyName: text
          PolicyDocument: "{not json"
`);
    const [first, second] = group(account, 'g').inlinePolicies;
    expect(first?.document).toEqual({
      unknown: true,
      reason: 'Policies[0] of G: parameter Bucket has no value; pass --parameter Bucket=...',
    });
    expect(isUnknown(second?.document) && second.document.reason).toMatch(/is a string that is not JSON/);
  });
});

describe('declareResources: conditions and what cannot be seen', () => {
  const conditional = `Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  G:
    Type: AWS::IAM::Group
    Properties: {GroupName: g}
  P:
    Type: AWS::IAM::ManagedPolicy
    Condition: IsProd
    Properties: {ManagedPolicyName: p, Groups: [!Ref G], PolicyDocument: ${doc('P')}}
  Maybe:
    Type: AWS::IAM::Group
    Condition: IsProd
    Properties: {GroupName: maybe}
`;

  it('skips resources whose condition is false and keeps those whose condition is true', () => {
    const dev = model(conditional, { Env: 'dev' }).account;
    expect(list(dev.groups).map((g) => g.name)).toEqual(['g']);
    expect(group(dev, 'g').attachedPolicyArns).toEqual([]);
    const prod = model(conditional, { Env: 'prod' }).account;
    expect(list(prod.groups).map((g) => g.name)).toEqual(['g', 'maybe']);
    expect(group(prod, 'g').attachedPolicyArns).toEqual(['arn:aws:iam::000000000000:policy/p']);
  });

  it('makes what an unknown condition governs unknown, never assumed present or absent', () => {
    const { account } = model(conditional);
    const policy = list(account.managedPolicies).find((p) => p.name === 'p');
    expect(isUnknown(policy?.document) && policy.document.reason).toMatch(
      /^P is created only if its condition holds, and that is unknown \(condition IsProd is unknown: parameter Env has no value/,
    );
    expect(doubts(group(account, 'maybe'))).toEqual([
      expect.stringMatching(/^Maybe is created only if its condition holds, and that is unknown/),
    ]);
    expect(doubts(group(account, 'g'))).toEqual([]);
  });

  it('treats unknown Properties as unknown policies, memberships and attachments', () => {
    const { account } = model(`Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  G:
    Type: AWS::IAM::Group
    Properties: !If [IsProd, {GroupName: g}, {GroupName: g}]
  U:
    Type: AWS::IAM::User
    Properties: !If [IsProd, {UserName: u, Groups: [g]}, {UserName: u}]
`);
    expect(user(account, 'U-UNRESOLVED-NAME').consolePassword).toBe(true);
    const u = user(account, 'U-UNRESOLVED-NAME');
    expect(doubts(u).length).toBeGreaterThanOrEqual(3);
    expect(u.inlinePolicies.every((p) => isUnknown(p.document))).toBe(true);
    expect(account.issues.map((i) => i.reason)).toEqual([
      expect.stringMatching(
        /^UserName of U is unresolved .*; it is modelled as arn:aws:iam::000000000000:user\/U-UNRESOLVED-NAME/,
      ),
      expect.stringMatching(/^Path of U is unresolved /),
    ]);
    expect(doubts(group(account, 'g'))).toEqual([]);
  });

  it('makes every principal unknown when Fn::ForEach generates resources, and notes nested stacks', () => {
    const { account } = model(`Transform: AWS::LanguageExtensions
Resources:
  G:
    Type: AWS::IAM::Group
  Fn::ForEach::Users:
    - Name
    - [a, b]
    - User\${Name}:
        Type: AWS::IAM::User
  Child:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: https://example.com/child.yaml}
  Bucket:
    Type: AWS::S3::Bucket
`);
    expect(doubts(group(account, 'STACK-G-GENERATED'))).toEqual([
      expect.stringMatching(/Fn::ForEach::Users generates resources that are not evaluated here/),
    ]);
    expect(account.issues.map((i) => i.reason)).toEqual([expect.stringMatching(/^a nested stack/)]);
  });

  it('makes the principals a nested stack is handed unsure, and only those', () => {
    const { account } = model(`Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties: {GroupName: admins}
  Ops:
    Type: AWS::IAM::Group
    Properties: {GroupName: ops}
  Deployer:
    Type: AWS::IAM::Role
    Properties: {RoleName: deployer, AssumeRolePolicyDocument: ${doc('T')}}
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/child.yaml
      Parameters:
        Groups: !Join [",", [!Ref Admins, other]]
        RoleArn: !GetAtt Deployer.Arn
`);
    expect(doubts(group(account, 'admins'))).toEqual([
      expect.stringMatching(/passed to the nested stack Child/),
    ]);
    expect(doubts(group(account, 'ops'))).toEqual([]);
    expect(doubts(role(account, 'deployer'))).toEqual([
      expect.stringMatching(/passed to the nested stack Child/),
    ]);
  });

  it('reports a resource without a Type', () => {
    const { errors } = model('Resources:\n  G:\n    Properties: {}\n');
    expect(errors).toEqual([
      { file: 't.yaml', line: 2, column: 3, message: 'resource G must be a mapping with a Type' },
    ]);
  });
});
