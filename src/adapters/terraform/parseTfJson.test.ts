import { describe, expect, it } from 'vitest';
import { parseTfJson } from './parseTfJson.js';

describe('parseTfJson: input that is not Terraform JSON', () => {
  it('reads only strict JSON: YAML (which the position-keeping parser would accept) is refused', async () => {
    for (const text of ['locals:\n  a: 1\n', "{'locals': {}}", '{"locals": {a: 1}}', '{"a": &x [*x]}']) {
      const outcome = await parseTfJson(text, 'x.tf.json');
      expect(outcome.ok, text).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(/^invalid JSON: /);
    }
  });

  it('names the line of a syntax error and says when the file was cut short', async () => {
    const outcome = await parseTfJson('{\n  "locals": {\n    "a": 1,\n', 'cut.tf.json');
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        file: 'cut.tf.json',
        line: 3,
        message: expect.stringMatching(/the file ends before the JSON does$/),
      },
    });
  });

  it('refuses nesting past the limit at the bracket that passes it', async () => {
    const outcome = await parseTfJson(
      `{"locals": {"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
      'deep.tf.json',
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: { line: 1, column: 272, message: expect.stringMatching(/^nested deeper than 256 levels/) },
    });
  });
});
