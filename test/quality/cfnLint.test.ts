import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Every CloudFormation fixture and example is a template CloudFormation accepts: cfn-lint (installed on
// every machine of this project) reports nothing for them.

const run = promisify(execFile);

function templates(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => join(dir, name));
}

describe('CloudFormation fixtures', () => {
  it('pass cfn-lint', async () => {
    const files = [...templates('test/fixtures/cloudformation'), ...templates('examples/cloudformation')];
    expect(files.length).toBeGreaterThan(10);
    const result = await run('cfn-lint', files).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
