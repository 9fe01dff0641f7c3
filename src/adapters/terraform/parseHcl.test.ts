import { describe, expect, it } from 'vitest';
import { MAX_TERRAFORM_FILE_CHARS, parseHcl } from './parseHcl.js';
import type { Expr } from './hclAst.js';

async function attr(source: string, name = 'a'): Promise<Expr> {
  const outcome = await parseHcl(source, 'main.tf');
  if (!outcome.ok) throw new Error(outcome.error.message);
  const found = outcome.file.body.attributes.get(name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found.expr;
}

describe('parseHcl', () => {
  it('keeps the whitespace of template literals and unescapes', async () => {
    const expr = await attr('a = "x \\"y\\" $${aws:username} ${var.b} end"\n');
    expect(expr.k).toBe('template');
    if (expr.k !== 'template') return;
    expect(expr.parts[0]).toEqual({ k: 'text', text: 'x "y" ${aws:username} ' });
    expect(expr.parts[1]?.k).toBe('interp');
    expect(expr.parts[2]).toEqual({ k: 'text', text: ' end' });
  });

  it('dedents <<- heredocs by the least indented line', async () => {
    const expr = await attr('a = <<-EOT\n    {\n      "x": 1\n    }\n    EOT\n');
    if (expr.k !== 'template') throw new Error('not a template');
    expect(expr.parts).toEqual([{ k: 'text', text: '{\n  "x": 1\n}\n' }]);
  });

  it('keeps plain heredoc indentation', async () => {
    const expr = await attr('a = <<EOT\n  x\nEOT\n');
    if (expr.k !== 'template') throw new Error('not a template');
    expect(expr.parts).toEqual([{ k: 'text', text: '  x\n' }]);
  });

  it('applies strip markers', async () => {
    const expr = await attr('a = "%{ for x in ["a", "b"] ~}\n  ${x},\n%{ endfor ~}"\n');
    if (expr.k !== 'template') throw new Error('not a template');
    const loop = expr.parts[0];
    expect(loop?.k).toBe('for');
    if (loop?.k !== 'for') return;
    expect(loop.body.map((p) => (p.k === 'text' ? p.text : p.k))).toEqual(['interp', ',\n']);
  });

  it('reads blocks with labels and positions', async () => {
    const outcome = await parseHcl('\nresource "aws_iam_group" "support" {\n  name = "support"\n}\n', 'x.tf');
    if (!outcome.ok) throw new Error('parse failed');
    const block = outcome.file.body.blocks[0];
    expect(block?.type).toBe('resource');
    expect(block?.labels).toEqual(['aws_iam_group', 'support']);
    expect(block?.pos).toEqual({ line: 2, column: 1 });
  });

  it('reports a syntax error with line, column and what was expected', async () => {
    const outcome = await parseHcl('resource "x" "y" {\n  a = [1, 2\n}\n', 'bad.tf');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.file).toBe('bad.tf');
    expect(outcome.error.line).toBeGreaterThanOrEqual(2);
    expect(outcome.error.column).toBeGreaterThan(0);
    expect(outcome.error.message).toMatch(/syntax error/);
  });

  it('collects comments with their lines when a file has suppressions', async () => {
    const outcome = await parseHcl('# one mfa-warden:ignore x y\nresource "a" "b" {} // two\n', 'x.tf');
    if (!outcome.ok) throw new Error('parse failed');
    expect(outcome.file.comments).toEqual([
      { text: '# one mfa-warden:ignore x y', line: 1 },
      { text: '// two', line: 2 },
    ]);
  });
});

describe('parseHcl: input that is not Terraform', () => {
  it('refuses a lone object, which the grammar reads as a file but Terraform does not', async () => {
    const outcome = await parseHcl('\n{"resource": {}}\n', 'x.tf');
    expect(outcome).toEqual({
      ok: false,
      error: {
        file: 'x.tf',
        line: 2,
        column: 1,
        message:
          'not Terraform: the file holds an object ({ ... }) where arguments (name = value) and blocks belong; JSON configuration goes in a .tf.json file',
      },
    });
  });

  it.each([
    ['blocks', 'b {\n'.repeat(10_000) + '}\n'.repeat(10_000), 257, 1],
    ['lists', `a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 1, 260],
    ['operators', `a = ${Array(10_000).fill('1').join(' + ')}\n`, 1, 5],
    ['calls', `a = ${'max('.repeat(10_000)}1${')'.repeat(10_000)}\n`, 1, 1_025],
  ])(
    'refuses %s nested 10,000 deep at the level past the limit, never a stack overflow',
    async (_kind, text, line, column) => {
      const outcome = await parseHcl(text, 'deep.tf');
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.message).toMatch(/^nested deeper than 256 levels/);
        expect(outcome.error.line).toBe(line);
        if (column !== undefined) expect(outcome.error.column).toBe(column);
      }
    },
  );

  it('reads nesting up to the limit', async () => {
    const outcome = await parseHcl(`a = ${'['.repeat(250)}${']'.repeat(250)}\n`, 'ok.tf');
    expect(outcome.ok).toBe(true);
  });

  it('refuses a file larger than it reads, without parsing it', async () => {
    const outcome = await parseHcl(`# ${'x'.repeat(MAX_TERRAFORM_FILE_CHARS)}\n`, 'big.tf');
    expect(outcome).toEqual({
      ok: false,
      error: {
        file: 'big.tf',
        message:
          'not read: the file is 10.0 MB, larger than the 10.0 MB mfa-warden reads in one Terraform file',
      },
    });
  });
});
