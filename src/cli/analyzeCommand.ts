import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { decodeText } from '../adapters/export/readExportText.js';
import { InputError } from '../errors.js';
import { parseJson } from '../input/parseJson.js';
import {
  analyzeEnforcementPolicy,
  loadActionCatalog,
  parsePolicyDocument,
  type EnforcementVerdict,
  type PolicyDocument,
} from '../policy/index.js';
import { renderPolicyVerdictsJson, renderPolicyVerdictsTable } from '../report/policyVerdict.js';
import { writeOutput } from './writeOutput.js';

// Argument wiring only: the verdicts come from src/policy, the text from src/report/policyVerdict.ts.
// Exit codes: 0 every policy is enforced, 1 some policy is not, 2 bad input (nothing is written then).

interface AnalyzePolicyOptions {
  format: 'table' | 'json';
  output?: string;
}

export function analyzeCommand(): Command {
  const analyze = new Command('analyze').description('analyse IAM artefacts without an AWS account');
  const policy = new Command('policy')
    .description(
      'say whether IAM policy documents meant to enforce MFA really do (exit 0 only when every one is enforced)',
    )
    .argument(
      '<file...>',
      'policy document JSON, or the output of `aws iam get-policy-version` ({"PolicyVersion": {"Document": ...}})',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--output <file>', 'write the report to a file instead of stdout (written whole or not at all)')
    .action(async (files: string[], options: AnalyzePolicyOptions) => {
      // Read and parse every file before analysing any: bad input fails fast and leaves --output untouched.
      const documents: PolicyDocument[] = [];
      for (const file of files) documents.push(await readPolicyFile(file));
      const catalog = await loadActionCatalog();
      const verdicts: EnforcementVerdict[] = documents.map((document) =>
        analyzeEnforcementPolicy(document, { catalog }),
      );
      const colour = !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      const text =
        options.format === 'json'
          ? renderPolicyVerdictsJson(verdicts, new Date())
          : renderPolicyVerdictsTable(verdicts, { colour });
      await writeOutput(text, options.output);
      if (verdicts.some((verdict) => verdict.verdict !== 'enforced')) process.exitCode = 1;
    });
  return analyze.addCommand(policy);
}

async function readPolicyFile(file: string): Promise<PolicyDocument> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('no such file', file);
    if (code === 'EISDIR') throw new InputError('is a directory, expected a policy JSON file', file);
    throw new InputError(`cannot be read (${code ?? String(error)})`, file);
  }
  return parsePolicyDocument(policyDocumentOf(parseJson(decodeText(bytes, file), file), file), file);
}

/** A policy document as written, or the `Document` of `aws iam get-policy-version` output. */
function policyDocumentOf(value: unknown, file: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      'expected a policy document (an object with "Statement") or `aws iam get-policy-version` output',
      file,
    );
  }
  if (!('PolicyVersion' in value)) return value;
  const version = (value as { PolicyVersion: unknown }).PolicyVersion;
  const document =
    typeof version === 'object' && version !== null
      ? (version as { Document?: unknown }).Document
      : undefined;
  if (document === undefined || document === null) {
    throw new InputError(
      'PolicyVersion has no Document (expected `aws iam get-policy-version` output)',
      file,
    );
  }
  // The aws CLI decodes the URL-encoded Document into an object; parsePolicyDocument also reads it as text.
  return document;
}
