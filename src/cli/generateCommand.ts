// Argument wiring only: `mfa-warden generate policy|scp|config-rules`; the text comes from src/generate.
// Bad input (an --exempt-arn that is not an IAM ARN, an SCP over the size limit) is an InputError before
// anything is written: exit 2, and --output stays untouched.
import { Command, Option } from 'commander';
import {
  ARTEFACTS,
  generateArtefact,
  GENERATE_FORMATS,
  type Artefact,
  type GenerateFormat,
} from '../generate/index.js';
import { collect } from './commonOptions.js';
import { writeOutput } from './writeOutput.js';

interface GenerateCliOptions {
  format: GenerateFormat;
  exemptArn?: string[];
  output?: string;
}

const DESCRIPTIONS: Record<Artefact, string> = {
  policy:
    'the MFA-enforcing IAM policy (AWS\'s "manage own credentials with MFA" example): users manage their own credentials and MFA; without MFA everything else is denied',
  scp: 'a service control policy: IAM users can do nothing but MFA self-enrolment until they sign in with MFA',
  'config-rules':
    'the AWS Config managed rules for MFA (IAM console users, all IAM users, root, root hardware MFA) with their remediation',
};

function subcommand(artefact: Artefact): Command {
  const command = new Command(artefact)
    .description(DESCRIPTIONS[artefact])
    .addOption(new Option('--format <format>', 'output format').choices(GENERATE_FORMATS).default('json'));
  if (artefact !== 'config-rules') {
    command.option(
      '--exempt-arn <arn>',
      'leave this principal out of the MFA Deny (break-glass user; ArnNotLike aws:PrincipalArn); repeatable',
      collect,
    );
  }
  return command
    .option('--output <file>', 'write to a file instead of stdout (written whole or not at all)')
    .action(async (options: GenerateCliOptions) => {
      const text = generateArtefact(artefact, { format: options.format, exemptArns: options.exemptArn });
      await writeOutput(text, options.output);
    });
}

export function generateCommand(): Command {
  const generate = new Command('generate').description(
    'write MFA enforcement as code: an IAM policy, an SCP or AWS Config rules (JSON, Terraform, CloudFormation)',
  );
  for (const artefact of ARTEFACTS) generate.addCommand(subcommand(artefact));
  return generate;
}
