import { describe, expect, it } from 'vitest';
import { parseYamlTemplate, SHORT_FORMS } from './parseYamlTemplate.js';
import { TemplateSyntaxError, type TemplateMap } from './templateTree.js';

function root(text: string): TemplateMap {
  return parseYamlTemplate(text).root as TemplateMap;
}

function syntaxError(text: string): TemplateSyntaxError {
  try {
    parseYamlTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('parseYamlTemplate: short forms', () => {
  it('rewrites every short form to its long form', () => {
    for (const [tag, longForm] of SHORT_FORMS) {
      expect(root(`v: ${tag} x`).v).toEqual({ [longForm]: 'x' });
      expect(root(`v: ${tag} [a, b]`).v).toEqual({ [longForm]: ['a', 'b'] });
    }
  });

  it('reads both Fn::Sub forms and both Fn::GetAtt forms', () => {
    const value = root(
      [
        'a: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:mfa/*',
        'b: !Sub',
        '  - ${Name}-x',
        '  - Name: !Ref Env',
        'c: !GetAtt Role.Arn',
        'd: !GetAtt [Role, Arn]',
      ].join('\n'),
    );
    expect(value).toEqual({
      a: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:mfa/*' },
      b: { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Env' } }] },
      c: { 'Fn::GetAtt': 'Role.Arn' },
      d: { 'Fn::GetAtt': ['Role', 'Arn'] },
    });
  });

  it('nests short forms inside short forms', () => {
    expect(root('v: !If [C, !Ref A, !Ref "AWS::NoValue"]').v).toEqual({
      'Fn::If': ['C', { Ref: 'A' }, { Ref: 'AWS::NoValue' }],
    });
  });

  it('keeps a tagged scalar as text, whatever it looks like', () => {
    expect(root('v: !Ref 012').v).toEqual({ Ref: '012' });
    expect(root('v: !GetAZs ""').v).toEqual({ 'Fn::GetAZs': '' });
  });

  it('rejects an unknown tag where it is written', () => {
    const error = syntaxError('a: 1\nb: !Reff X\n');
    expect(error.message).toMatch(/^unknown tag !Reff; CloudFormation's short forms are !Ref, /);
    expect(error.position).toEqual({ line: 2, column: 4 });
  });
});

describe('parseYamlTemplate: scalars as CloudFormation reads them', () => {
  it('treats the YAML 1.1 booleans yes/no/on/off as booleans, as CloudFormation does', () => {
    expect(root('a: yes\nb: No\nc: ON\nd: off\ne: "yes"\nf: true\ng: y')).toEqual({
      a: true,
      b: false,
      c: true,
      d: false,
      e: 'yes',
      f: true,
      g: 'y',
    });
  });

  it('keeps keys as written', () => {
    expect(Object.keys(root('on: 1\n012: 2\nnull: 3\n"yes": 4'))).toEqual(['on', '012', 'null', 'yes']);
  });

  it('keeps dates and zero-padded numbers as text', () => {
    expect(root('Version: 2012-10-17\nAccount: 012345678901\nN: 10\nF: 1.50')).toEqual({
      Version: '2012-10-17',
      Account: '012345678901',
      N: 10,
      F: '1.50',
    });
  });

  it('resolves anchors and aliases', () => {
    expect(root('a: &doc {x: 1}\nb: *doc')).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });
});

describe('parseYamlTemplate: positions and comments', () => {
  const text = [
    'Resources:',
    '  # mfa-warden:ignore group-mfa-enforced reason',
    '  Admins: # trailing',
    '    Type: AWS::IAM::Group',
    '    Properties:',
    '      GroupName: "not # a comment"',
    '      Description: |',
    '        # not a comment either',
    '  "Quoted": {Type: AWS::IAM::User}',
  ].join('\n');

  it('records the line and column of every key', () => {
    const parsed = parseYamlTemplate(text);
    const resources = (parsed.root as TemplateMap).Resources as TemplateMap;
    expect(parsed.keyPosition(resources, 'Admins')).toEqual({ line: 3, column: 3 });
    expect(parsed.keyPosition(resources, 'Quoted')).toEqual({ line: 9, column: 3 });
  });

  it('finds comments, not # inside strings or block scalars', () => {
    expect(parseYamlTemplate(text).comments).toEqual([
      { line: 2, column: 3, text: ' mfa-warden:ignore group-mfa-enforced reason', ownLine: true },
      { line: 3, column: 11, text: ' trailing', ownLine: false },
    ]);
  });
});

describe('parseYamlTemplate: errors', () => {
  it.each([
    [
      'a: [1, 2\nb: 3',
      2,
      1,
      /Flow sequence in block collection must be sufficiently indented and end with a \]/,
    ],
    ['a: 1\na: 2', 2, 1, /^duplicate key "a" \(first at line 1, column 1\)$/],
    ['a:\n\t- b', 2, 1, /tab/i],
    ['a: 1\n---\nb: 2', 2, 1, /single YAML document/],
    ['? [a]\n: 1', 1, 3, /a mapping key must be a plain value/],
  ])('reports %j at its position', (source, line, column, message) => {
    const error = syntaxError(source);
    expect(error.message).toMatch(message);
    expect(error.position).toEqual({ line, column });
  });
});
