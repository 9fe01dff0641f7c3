import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { NO_VALUE, TemplateResolver, type Resolved } from './intrinsics.js';
import { resolveParameters } from './parameters.js';
import { parseYamlTemplate } from './parseYamlTemplate.js';
import type { TemplateMap, TemplateValue } from './templateTree.js';

function resolverFor(yaml: string, overrides: Record<string, string> = {}): TemplateResolver {
  const root = parseYamlTemplate(yaml).root as TemplateMap;
  return new TemplateResolver(root, resolveParameters(root.Parameters, overrides).values, overrides);
}

function resolveIn(resolver: TemplateResolver, yamlValue: string): Resolved {
  return resolver.resolve((parseYamlTemplate(`v: ${yamlValue}`).root as TemplateMap).v ?? null);
}

function reasonOf(value: Resolved): string {
  if (value === NO_VALUE || !isUnknown(value))
    throw new Error(`expected an unknown, got ${JSON.stringify(value)}`);
  return value.reason;
}

const template = `
Parameters:
  Env: {Type: String, Default: prod}
  Owner: {Type: String}
  Teams: {Type: CommaDelimitedList, Default: "red,blue"}
Mappings:
  Names:
    prod: {Prefix: p}
    dev: {Prefix: d}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasOwner: !Not [!Equals [!Ref Owner, ""]]
  Loop: !Condition Loop
  NeverTrue: !Equals [a, b]
Resources:
  Named:
    Type: AWS::IAM::Group
    Properties: {GroupName: admins, Path: /people/}
  Generated:
    Type: AWS::IAM::User
  Unresolved:
    Type: AWS::IAM::Role
    Properties: {RoleName: !Sub "\${Owner}-role"}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties: {ManagedPolicyName: require-mfa, Path: /security/, PolicyDocument: {}}
  GeneratedPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties: {PolicyDocument: {}}
  Bucket:
    Type: AWS::S3::Bucket
  Skipped:
    Type: AWS::IAM::Group
    Condition: NeverTrue
`;

describe('TemplateResolver: Ref', () => {
  const resolver = resolverFor(template);

  it('resolves parameters (lists as lists) and pseudo parameters', () => {
    expect(resolveIn(resolver, '!Ref Env')).toBe('prod');
    expect(resolveIn(resolver, '!Ref Teams')).toEqual(['red', 'blue']);
    expect(resolveIn(resolver, '!Ref AWS::AccountId')).toBe('000000000000');
    expect(resolveIn(resolver, '!Ref AWS::Partition')).toBe('aws');
    expect(resolveIn(resolver, '!Ref AWS::URLSuffix')).toBe('amazonaws.com');
    expect(reasonOf(resolveIn(resolver, '!Ref Owner'))).toBe(
      'parameter Owner has no value; pass --parameter Owner=...',
    );
    expect(reasonOf(resolveIn(resolver, '!Ref AWS::Region'))).toBe(
      'AWS::Region is known only when the stack is deployed; pass --parameter AWS::Region=...',
    );
    expect(resolveIn(resolverFor(template, { 'AWS::Region': 'eu-west-1' }), '!Ref AWS::Region')).toBe(
      'eu-west-1',
    );
  });

  it('removes a property or list element that is AWS::NoValue', () => {
    expect(resolveIn(resolver, '{a: !Ref AWS::NoValue, b: [1, !Ref AWS::NoValue, 2]}')).toEqual({
      a: undefined,
      b: [1, 2],
    });
    expect(Object.keys(resolveIn(resolver, '{a: !Ref AWS::NoValue, c: 1}') as object)).toEqual(['c']);
  });

  it('gives IAM resources their name, a managed policy its ARN', () => {
    expect(resolveIn(resolver, '!Ref Named')).toBe('admins');
    expect(resolveIn(resolver, '!GetAtt Named.Arn')).toBe('arn:aws:iam::000000000000:group/people/admins');
    expect(resolveIn(resolver, '!Ref Policy')).toBe('arn:aws:iam::000000000000:policy/security/require-mfa');
    expect(resolveIn(resolver, '!GetAtt [Policy, PolicyArn]')).toBe(
      'arn:aws:iam::000000000000:policy/security/require-mfa',
    );
  });

  it('names a resource without a name property with one placeholder, the same everywhere', () => {
    expect(resolveIn(resolver, '!Ref Generated')).toBe('STACK-Generated-GENERATED');
    expect(resolveIn(resolver, '!GetAtt Generated.Arn')).toBe(
      'arn:aws:iam::000000000000:user/STACK-Generated-GENERATED',
    );
    expect(resolveIn(resolver, '!Ref GeneratedPolicy')).toBe(
      'arn:aws:iam::000000000000:policy/STACK-GeneratedPolicy-GENERATED',
    );
    expect(resolveIn(resolverFor(template, { 'AWS::StackName': 'iam' }), '!Ref Generated')).toBe(
      'iam-Generated-GENERATED',
    );
  });

  it('gives an unresolved name a placeholder and says why', () => {
    expect(resolver.identity('Unresolved')).toEqual({
      kind: 'role',
      name: 'Unresolved-UNRESOLVED-NAME',
      arn: 'arn:aws:iam::000000000000:role/Unresolved-UNRESOLVED-NAME',
      unresolved: [
        'RoleName of Unresolved is unresolved (parameter Owner has no value; pass --parameter Owner=...)',
      ],
    });
  });

  it('leaves what only a deployment knows unknown', () => {
    expect(reasonOf(resolveIn(resolver, '!Ref Bucket'))).toMatch(/physical id of Bucket \(AWS::S3::Bucket\)/);
    expect(reasonOf(resolveIn(resolver, '!GetAtt Generated.UserId'))).toMatch(
      /known only when the stack is deployed/,
    );
    expect(reasonOf(resolveIn(resolver, '!Ref Skipped'))).toMatch(/not created/);
    expect(reasonOf(resolveIn(resolver, '!Ref Nothing'))).toBe(
      'Ref Nothing: no parameter or resource of that name',
    );
    expect(reasonOf(resolveIn(resolver, '!ImportValue shared-PolicyArn'))).toBe(
      'Fn::ImportValue shared-PolicyArn: the value is exported by another stack',
    );
    expect(reasonOf(resolveIn(resolver, '"{{resolve:ssm:/iam/name}}"'))).toMatch(/dynamic reference/);
    expect(reasonOf(resolveIn(resolver, '!GetAZs ""'))).toMatch(/availability zones/);
  });
});

describe('TemplateResolver: functions', () => {
  const resolver = resolverFor(template);

  it('substitutes Fn::Sub references, variables and ${!literals}', () => {
    expect(
      resolveIn(resolver, '!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${!aws:username}"'),
    ).toBe('arn:aws:iam::000000000000:user/${aws:username}');
    expect(
      resolveIn(resolver, '!Sub ["${P}-${Env}-${Named.Arn}", {P: !FindInMap [Names, !Ref Env, Prefix]}]'),
    ).toBe('p-prod-arn:aws:iam::000000000000:group/people/admins');
  });

  it('makes Fn::Sub unknown when any reference is, and explains a bare policy variable', () => {
    expect(reasonOf(resolveIn(resolver, '!Sub "x-${Owner}"'))).toMatch(/parameter Owner has no value/);
    expect(reasonOf(resolveIn(resolver, '!Sub "user/${aws:username}"'))).toMatch(
      /written \$\{!aws:username\}/,
    );
  });

  it('evaluates Join, Select, Split, FindInMap, Base64, ToJsonString and Length', () => {
    expect(resolveIn(resolver, '!Join [":", [a, !Ref Env, 3]]')).toBe('a:prod:3');
    expect(resolveIn(resolver, '!Join [",", !Ref Teams]')).toBe('red,blue');
    expect(resolveIn(resolver, '!Select [1, !Ref Teams]')).toBe('blue');
    expect(resolveIn(resolver, '!Select ["0", !Split ["/", "a/b"]]')).toBe('a');
    expect(resolveIn(resolver, '!FindInMap [Names, dev, Prefix]')).toBe('d');
    expect(resolveIn(resolver, '!FindInMap [Names, test, Prefix, {DefaultValue: z}]')).toBe('z');
    expect(reasonOf(resolveIn(resolver, '!FindInMap [Names, test, Prefix]'))).toMatch(
      /has no entry test.Prefix/,
    );
    expect(resolveIn(resolver, '!Base64 abc')).toBe('YWJj');
    expect(resolveIn(resolver, '!ToJsonString {a: [1]}')).toBe('{"a":[1]}');
    expect(resolveIn(resolver, '!Length [a, b, c]')).toBe(3);
    expect(reasonOf(resolveIn(resolver, '!Select [5, [a]]'))).toMatch(/past the end/);
    expect(reasonOf(resolveIn(resolver, '{"Fn::Bogus": 1}'))).toMatch(/not an intrinsic function/);
  });

  it('keeps an unknown list element where it is', () => {
    const value = resolveIn(resolver, '[a, !Ref Owner, b]');
    expect(Array.isArray(value) && value.length).toBe(3);
    expect(Array.isArray(value) && isUnknown(value[1])).toBe(true);
  });

  it('chooses an Fn::If branch, or is unknown when the condition is and the branches differ', () => {
    expect(resolveIn(resolver, '!If [IsProd, yes-branch, no-branch]')).toBe('yes-branch');
    expect(resolveIn(resolverFor(template, { Env: 'dev' }), '!If [IsProd, a, b]')).toBe('b');
    expect(resolveIn(resolver, '!If [IsProd, a, !Ref AWS::NoValue]')).toBe('a');
    expect(resolveIn(resolverFor(template, { Env: 'dev' }), '!If [IsProd, a, !Ref AWS::NoValue]')).toBe(
      NO_VALUE,
    );
    expect(reasonOf(resolveIn(resolver, '!If [HasOwner, a, b]'))).toMatch(
      /^Fn::If HasOwner: condition HasOwner is unknown/,
    );
    expect(resolveIn(resolver, '!If [HasOwner, same, same]')).toBe('same');
  });

  it('reports a condition that depends on itself or does not exist as unknown', () => {
    expect(reasonOf(resolveIn(resolver, '!If [Loop, a, b]'))).toMatch(/depends on itself/);
    expect(reasonOf(resolveIn(resolver, '!If [Missing, a, b]'))).toMatch(/not defined in Conditions/);
  });
});

describe('TemplateResolver: conditions follow three-valued logic', () => {
  type Expr = { var: 'A' | 'B' | 'C' } | { not: Expr } | { and: Expr[] } | { or: Expr[] };
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ var: fc.constantFrom('A' as const, 'B' as const, 'C' as const) }),
      fc.record({ not: tie('expr') }),
      fc.record({ and: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ or: fc.array(tie('expr'), { minLength: 1, maxLength: 3 }) }),
    ),
  }));
  type Truth = boolean | 'unknown';
  const toTemplate = (e: Expr): TemplateValue =>
    'var' in e
      ? { 'Fn::Equals': [{ Ref: e.var }, 'on'] }
      : 'not' in e
        ? { 'Fn::Not': [toTemplate(e.not)] }
        : 'and' in e
          ? { 'Fn::And': e.and.map(toTemplate) }
          : { 'Fn::Or': e.or.map(toTemplate) };
  const reference = (e: Expr, env: Record<string, Truth>): Truth => {
    if ('var' in e) return env[e.var] ?? 'unknown';
    if ('not' in e) {
      const inner = reference(e.not, env);
      return inner === 'unknown' ? inner : !inner;
    }
    const values = ('and' in e ? e.and : e.or).map((x) => reference(x, env));
    const decisive = !('and' in e);
    if (values.includes(decisive)) return decisive;
    return values.includes('unknown') ? 'unknown' : !decisive;
  };
  const truth = fc.constantFrom<Truth>(true, false, 'unknown');

  it('agrees with Kleene logic for any And/Or/Not/Equals expression', () => {
    fc.assert(
      fc.property(expr, truth, truth, truth, (e, a, b, c) => {
        const env = { A: a, B: b, C: c };
        const parameters: Record<string, TemplateValue> = {};
        const overrides: Record<string, string> = {};
        for (const [name, value] of Object.entries(env)) {
          parameters[name] = { Type: 'String' };
          if (value !== 'unknown') overrides[name] = value ? 'on' : 'off';
        }
        const root: TemplateMap = {
          Parameters: parameters,
          Conditions: { C0: toTemplate(e) },
          Resources: {},
        };
        const resolver = new TemplateResolver(
          root,
          resolveParameters(root.Parameters, overrides).values,
          overrides,
        );
        const got: Maybe<boolean> = resolver.condition('C0');
        expect(isUnknown(got) ? 'unknown' : got).toBe(reference(e, env));
      }),
    );
  });
});

describe('TemplateResolver: properties', () => {
  const resolver = resolverFor(template);
  const text = fc.string({ maxLength: 12 }).filter((s) => !s.includes('{{resolve:'));

  it('Fn::Join joins known strings as Array.join does', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 5 }), (delimiter, parts) => {
        expect(resolver.resolve({ 'Fn::Join': [delimiter, parts] })).toBe(parts.join(delimiter));
      }),
    );
  });

  it('Fn::Split then Fn::Join with the same delimiter gives back the string', () => {
    fc.assert(
      fc.property(
        text.filter((s) => s !== ''),
        text,
        (delimiter, source) => {
          expect(resolver.resolve({ 'Fn::Join': [delimiter, { 'Fn::Split': [delimiter, source] }] })).toBe(
            source,
          );
        },
      ),
    );
  });

  it('an unknown anywhere in a Fn::Sub, Fn::Join or Fn::Select input makes the result unknown', () => {
    const unknownRef = { Ref: 'Owner' };
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), fc.nat(4), (parts, at) => {
        const withUnknown: TemplateValue[] = [...parts];
        withUnknown.splice(Math.min(at, parts.length), 0, unknownRef);
        expect(isUnknown(resolver.resolve({ 'Fn::Join': ['-', withUnknown] }) as never)).toBe(true);
        expect(
          isUnknown(
            resolver.resolve({ 'Fn::Sub': [`a\${X}b`, { X: { 'Fn::Join': ['', withUnknown] } }] }) as never,
          ),
        ).toBe(true);
      }),
    );
  });
});
