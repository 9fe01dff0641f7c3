import { describe, expect, it } from 'vitest';
import { MAX_RESOURCES, parseTemplate } from './parseTemplate.js';

describe('parseTemplate', () => {
  it('reads JSON by extension and by a leading brace, YAML otherwise', () => {
    const json = '{"Resources": {"G": {"Type": "AWS::IAM::Group"}}}';
    for (const file of ['t.json', 't.template', 't.yaml']) {
      const result = parseTemplate(json, file);
      expect(result.ok && Object.keys(result.template.resources)).toEqual(['G']);
    }
    const yaml = parseTemplate('Resources:\n  G:\n    Type: AWS::IAM::Group\n', 't.yml');
    expect(yaml.ok && yaml.template.parsed.keyPosition(yaml.template.resources, 'G')).toEqual({
      line: 2,
      column: 3,
    });
  });

  it('falls back to YAML for a flow mapping that is not JSON', () => {
    const result = parseTemplate('{Resources: {G: {Type: AWS::IAM::Group}}}', 't.yaml');
    expect(result.ok).toBe(true);
  });

  it('reports a JSON error as such, with file, line and column', () => {
    expect(
      parseTemplate('{\n  "Resources": {\n    "G": {"Type": "AWS::IAM::Group",}\n  }\n}', 't.json'),
    ).toEqual({
      ok: false,
      error: {
        file: 't.json',
        line: 3,
        column: 37,
        message: 'expected a property name in double quotes, found "}"',
      },
    });
  });

  it('reports a YAML error with file, line and column', () => {
    const result = parseTemplate('Resources:\n  G:\n    Type: [a\n', 't.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.file).toBe('t.yaml');
      expect(result.error.line).toBeGreaterThanOrEqual(3);
      expect(result.error.column).toBeGreaterThanOrEqual(1);
    }
  });

  it.each([
    ['', 'not a CloudFormation template: the top level is empty, not a mapping of sections'],
    ['- a\n- b\n', 'not a CloudFormation template: the top level is a list, not a mapping of sections'],
    [
      'just text\n',
      'not a CloudFormation template: the top level is a string ("just text"), not a mapping of sections',
    ],
    ['name: my-app\nversion: 2\n', 'not a CloudFormation template: it has no Resources section'],
    [
      'Resources:\n  - a\n',
      'not a CloudFormation template: Resources is a list, not a mapping of logical ids',
    ],
  ])('rejects %j as not a template', (text, message) => {
    const result = parseTemplate(text, 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(message);
  });

  it('refuses more resources than a template can hold, at the first one too many', () => {
    const ids = Array.from({ length: MAX_RESOURCES + 1 }, (_, i) => `  U${i}: {Type: AWS::IAM::User}`);
    const result = parseTemplate(`Resources:\n${ids.join('\n')}\n`, 'x.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toEqual({
        file: 'x.yaml',
        line: MAX_RESOURCES + 2,
        column: 3,
        message:
          'not a CloudFormation template: it declares more than 5,000 resources (CloudFormation accepts 500 per template)',
      });
    }
    expect(parseTemplate(`Resources:\n${ids.slice(1).join('\n')}\n`, 'x.yaml').ok).toBe(true);
  });
});
