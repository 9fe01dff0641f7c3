// `mfa-warden explain [CHECK_ID]`: one check in full (why it matters, what passes and fails, where it runs,
// compliance ids, and a worked example with its remediation) from the metadata the reports use and
// src/checks/checkGuide.ts; without an id, the ids. An unknown id is a usage error (exit 2) naming the valid ones.
import { Command, Option } from 'commander';
import type { Check, Remediation } from '../checks/check.js';
import {
  checkGuide,
  exampleFinding,
  inputsOf,
  INPUT_COMMANDS,
  type CheckExample,
} from '../checks/checkGuide.js';
import { allChecks } from '../checks/index.js';
import { stepsOf } from '../checks/remediation.js';
import { InputError } from '../errors.js';

const WIDTH = 100;

export interface CheckExplanation {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly rationale: string;
  readonly passes: string;
  readonly fails: string;
  /** Input kinds (aws, export, iac, organization) and the commands that feed each. */
  readonly appliesTo: readonly { readonly input: string; readonly commands: string }[];
  readonly compliance: readonly string[];
  readonly helpUri: string;
  readonly example?: CheckExample;
}

export function explainCheck(check: Check): CheckExplanation {
  const guide = checkGuide[check.id];
  const example = exampleFinding(check);
  return {
    id: check.id,
    title: check.title,
    severity: check.severity,
    rationale: check.rationale,
    passes: guide?.passes ?? '(not described yet)',
    fails: guide?.fails ?? '(not described yet)',
    appliesTo: inputsOf(check).map((input) => ({ input, commands: INPUT_COMMANDS[input] })),
    compliance: check.compliance,
    helpUri: check.helpUri,
    ...(example ? { example } : {}),
  };
}

export function explainCommand(): Command {
  return new Command('explain')
    .description('explain a check: why it matters, what passes and fails, compliance ids, an example fix')
    .argument('[check-id]', 'the check (see `mfa-warden checks`); without it, list the ids')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((id: string | undefined, options: { format: 'text' | 'json' }) => {
      if (id === undefined) {
        if (options.format === 'json') {
          const rows = allChecks.map(({ id: checkId, title, severity }) => ({
            id: checkId,
            title,
            severity,
          }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        process.stdout.write('mfa-warden explain CHECK_ID, where CHECK_ID is one of:\n');
        for (const check of allChecks) process.stdout.write(`  ${check.id.padEnd(28)} ${check.title}\n`);
        return;
      }
      const check = allChecks.find((candidate) => candidate.id === id);
      if (!check) {
        throw new InputError(
          `unknown check id "${id}"; valid ids: ${allChecks.map((candidate) => candidate.id).join(', ')}`,
        );
      }
      const explanation = explainCheck(check);
      process.stdout.write(
        options.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderText(explanation),
      );
    });
}

function renderText(e: CheckExplanation): string {
  const lines = [
    `${e.id} [${e.severity}]: ${e.title}`,
    '',
    ...field('Why', e.rationale),
    ...field('Passes', e.passes),
    ...field('Fails', e.fails),
    ...field('Runs in', e.appliesTo.map((a) => a.commands).join('; ')),
    ...field('Compliance', e.compliance.join(', ')),
    ...field('Docs', e.helpUri),
  ];
  if (e.example) lines.push('', ...renderExample(e.example));
  else lines.push('', 'No example: this check did not fail on the example account.');
  return `${lines.join('\n')}\n`;
}

function renderExample(example: CheckExample): string[] {
  const fix: Remediation = example.remediation;
  const lines = [
    ...wrap(`Example, from ${example.setting}:`, '', ''),
    ...wrap(`FAIL ${example.resource.name}: ${example.message}`, '  ', '    '),
    '',
    ...wrap(`Fix: ${fix.text}`, '  ', '  '),
  ];
  const steps = stepsOf(fix);
  if (steps.length > 0) {
    lines.push('', '  Commands (never run a destructive one unreviewed):');
    for (const step of steps) {
      const marks = [step.destructive ? 'destructive' : '', step.needsInput ? 'needs a person' : '']
        .filter(Boolean)
        .join(', ');
      lines.push(`    ${step.command}${marks ? `    # ${marks}` : ''}`);
    }
  }
  if (fix.terraform) lines.push('', '  Terraform:', ...indent(fix.terraform, '    '));
  if (fix.cloudformation) lines.push('', '  CloudFormation:', ...indent(fix.cloudformation, '    '));
  return lines;
}

/** "Passes:     text..." with the text wrapped and continued under itself. */
function field(label: string, text: string): string[] {
  const head = `${label}:`.padEnd(12);
  return wrap(text, head, ' '.repeat(head.length));
}

function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line = empty ? line + word : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

function indent(block: string, prefix: string): string[] {
  return block.split('\n').map((line) => (line ? prefix + line : ''));
}
