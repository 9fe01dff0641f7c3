import { Command, Option } from 'commander';
import {
  analyzeEnforcementPolicy,
  loadActionCatalog,
  readPolicyFile,
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
