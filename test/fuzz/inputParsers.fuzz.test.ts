import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { describeInputError } from '../../src/adapters/iac/iacLoadResult.js';
import { loadConfig } from '../../src/config/config.js';
import { InputError } from '../../src/errors.js';
import { readPolicyFile } from '../../src/policy/index.js';
import { scanCloudFormation, scanExport, scanTerraform } from '../../src/scan/scan.js';
import { fuzzParameters, timeoutFor } from './fuzzSettings.js';
import { DEEP, ENCODINGS, mutated, randomBytes, SAMPLES } from './pathologicalInputs.js';

// Every file reader, through the same entry points the CLI uses, on files cut short, mutated, binary, in
// another encoding and nested 10,000 deep: the outcome is a result or an input error that names the file
// (the IaC scans: an input error in the result, and the other files still scanned). Never another exception.

const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-fuzz-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string): string => {
  const sub = join(dir, `case${counter++}`);
  mkdirSync(sub);
  return join(sub, name);
};
const VALID_DETAILS = new URL('../fixtures/export/valid/authorization-details.json', import.meta.url);

type Reader = (content: string | Buffer) => Promise<{ file: string; errors: readonly string[] }>;

/** Readers that throw InputError for bad input (policy files, export directories, config files). */
function throwing(
  name: string,
  read: (file: string) => Promise<unknown>,
  setup?: (file: string) => void,
): Reader {
  return async (content) => {
    const file = fresh(name);
    setup?.(file);
    writeFileSync(file, content);
    try {
      await read(file);
      return { file, errors: [] };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { file, errors: [error.message] };
    }
  };
}

/** IaC readers, which report input errors in their result and never throw for bad input. */
function iac(
  name: string,
  scan: (file: string) => Promise<{ summary: { inputErrors?: readonly string[] } }>,
): Reader {
  return async (content) => {
    const file = fresh(name);
    writeFileSync(file, content);
    const result = await scan(file);
    return { file, errors: result.summary.inputErrors ?? [] };
  };
}

const exportDir = (file: string) => scanExport(join(file, '..'));
const withDetails = (file: string) =>
  copyFileSync(VALID_DETAILS, join(file, '..', 'authorization-details.json'));

const READERS: Record<string, { read: Reader; sample: () => string }> = {
  'analyze policy': { read: throwing('policy.json', readPolicyFile), sample: SAMPLES.policy },
  'export authorization-details.json': {
    read: throwing('authorization-details.json', exportDir),
    sample: SAMPLES.authorizationDetails,
  },
  'export credential-report.json': {
    read: throwing('credential-report.json', exportDir, withDetails),
    sample: SAMPLES.credentialReportJson,
  },
  'export credential-report.csv': {
    read: throwing('credential-report.csv', exportDir, withDetails),
    sample: SAMPLES.credentialReportCsv,
  },
  'terraform .tf': { read: iac('main.tf', (file) => scanTerraform([file])), sample: SAMPLES.hcl },
  'terraform .tf.json': {
    read: iac('main.tf.json', (file) => scanTerraform([file])),
    sample: SAMPLES.tfJson,
  },
  'terraform plan': { read: iac('plan.json', (file) => scanTerraform([file])), sample: SAMPLES.plan },
  'cloudformation yaml': {
    read: iac('template.yaml', (file) => scanCloudFormation([file])),
    sample: SAMPLES.cfnYaml,
  },
  'cloudformation json': {
    read: iac('template.json', (file) => scanCloudFormation([file])),
    sample: SAMPLES.cfnJson,
  },
  'config yaml': { read: throwing('mfa-warden.yaml', loadConfig), sample: SAMPLES.configYaml },
  'config json': { read: throwing('mfa-warden.json', loadConfig), sample: SAMPLES.configJson },
};

function expectClean({ file, errors }: { file: string; errors: readonly string[] }): void {
  for (const message of errors) {
    expect(message, 'the message names the file').toContain(file);
    expect(message).not.toMatch(
      /Maximum call stack|RangeError|TypeError|is not a function|undefined \(reading/,
    );
    expect(message.length).toBeLessThan(2_000);
  }
}

describe.each(Object.entries(READERS))('%s', (_name, { read, sample }) => {
  it(
    'reads a file cut short or mutated anywhere, or refuses it naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated(sample()), async (text) => expectClean(await read(text))),
        fuzzParameters(40, 0.2),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'refuses random bytes naming the file',
    async () => {
      await fc.assert(
        fc.asyncProperty(randomBytes, async (bytes) => {
          const outcome = await read(bytes);
          expectClean(outcome);
        }),
        fuzzParameters(15, 0.1),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'refuses Latin-1, UTF-16 (both byte orders), invalid UTF-8, NUL bytes and binary, and an empty file',
    async () => {
      const text = sample();
      for (const [encoding, encode] of Object.entries(ENCODINGS)) {
        const outcome = await read(encode(text));
        expectClean(outcome);
        // UTF-16 with a byte order mark is what PowerShell writes: the aws CLI output readers decode it.
        if (!(encoding === 'utf16le' && /policy|export|config/.test(_name))) {
          expect(outcome.errors.length, `${encoding} accepted`).toBeGreaterThan(0);
        }
      }
      const empty = await read('');
      expectClean(empty);
    },
    timeoutFor(30_000),
  );

  it(
    'refuses nesting 10,000 levels deep with the nesting limit, never a stack overflow',
    async () => {
      for (const [kind, build] of Object.entries(DEEP)) {
        const outcome = await read(build());
        expectClean(outcome);
        expect(outcome.errors.length, `${kind} accepted`).toBeGreaterThan(0);
      }
    },
    timeoutFor(60_000),
  );
});

describe('the nesting limit names the line and the limit', () => {
  it('in each format that nests', async () => {
    const deep = [
      ['cloudformation yaml', DEEP.yamlBlock(), /template\.yaml:3:\d+: nested deeper than 256 levels/],
      ['cloudformation yaml', DEEP.yamlAliases(), /template\.yaml:\d+:\d+: nested deeper than 256 levels/],
      ['cloudformation yaml', DEEP.yamlBomb(), /aliases expand to more than 100,000 values/],
      ['cloudformation json', DEEP.jsonObjects(), /template\.json:1:1281: nested deeper than 256 levels/],
      ['terraform .tf', DEEP.hclBlocks(), /main\.tf:257:1: nested deeper than 256 levels/],
      ['terraform .tf', DEEP.hclBrackets(), /main\.tf:2:\d+: nested deeper than 256 levels/],
      ['terraform .tf.json', DEEP.jsonArrays(), /main\.tf\.json:1:257: nested deeper than 256 levels/],
      [
        'terraform plan',
        `{"planned_values":${DEEP.jsonObjects()}}`,
        /plan\.json:1:\d+: nested deeper than 256/,
      ],
      ['config yaml', DEEP.yamlBlock(), /mfa-warden\.yaml:3: nested deeper than 256 levels/],
      ['config json', DEEP.jsonArrays(), /mfa-warden\.json:1: nested deeper than 256 levels/],
    ] as const;
    for (const [reader, text, message] of deep) {
      const outcome = await (READERS[reader] as { read: Reader }).read(text);
      expect(outcome.errors.join('\n'), reader).toMatch(message);
    }
  });
});

describe('IaC scans keep going over the other files', () => {
  it(
    'a broken file is an input error; the good one is still scanned',
    async () => {
      const good = fresh('good.tf');
      writeFileSync(good, SAMPLES.hcl());
      const bad = join(good, '..', 'bad.tf.json');
      writeFileSync(bad, DEEP.jsonArrays());
      const result = await scanTerraform([good, bad]);
      expect(result.inputErrors.map(describeInputError)).toEqual([
        expect.stringMatching(/bad\.tf\.json:1:257: nested deeper than 256 levels/),
      ]);
      expect(result.findings.length).toBeGreaterThan(0);

      const template = fresh('good.yaml');
      writeFileSync(template, SAMPLES.cfnYaml());
      const broken = join(template, '..', 'bad.yaml');
      writeFileSync(broken, ENCODINGS.utf16le(SAMPLES.cfnYaml()));
      const cfn = await scanCloudFormation([broken, template]);
      expect(cfn.inputErrors).toEqual([
        expect.objectContaining({ file: broken, message: expect.stringMatching(/UTF-16/) }),
      ]);
      expect(cfn.targets.map((target) => target.label)).toEqual([template]);
    },
    timeoutFor(30_000),
  );
});
