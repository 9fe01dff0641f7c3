import { Command, Option } from 'commander';
import { createAwsClients } from '../adapters/aws/clients.js';
import { createCodeReader } from '../mfa/codeReader.js';
import { enrollMfa } from '../mfa/enrollMfa.js';
import { INTERRUPTED_EXIT_CODE, InterruptedError } from '../mfa/interrupts.js';
import { collectMfaStatus } from '../mfa/mfaStatus.js';
import { renderMfaStatusJson, renderMfaStatusTable } from '../mfa/renderMfaStatus.js';
import { addAwsOptions, type AwsOptions } from './commonOptions.js';
import { writeOutput } from './writeOutput.js';

// `mfa-warden mfa enroll` and `mfa-warden mfa status`: argument wiring only; the work is in src/mfa.

interface EnrollCliOptions extends AwsOptions {
  user: string;
  deviceName?: string;
  devicePath: string;
  qrPng?: string;
  seedFile?: string;
  showSeed?: boolean;
  codes?: string;
}

interface StatusCliOptions extends AwsOptions {
  user?: string;
  format: 'table' | 'json';
}

export function mfaCommand(): Command {
  return new Command('mfa')
    .description('enrol and list MFA devices of IAM users')
    .addCommand(enrollCommand())
    .addCommand(statusCommand());
}

function enrollCommand(): Command {
  const command = new Command('enroll')
    .description(
      'create a virtual MFA device for an IAM user and enable it with two codes from the authenticator app ' +
        '(the device is deleted again if enabling fails)',
    )
    .requiredOption('--user <name>', 'the IAM user to enrol')
    .option('--device-name <name>', 'name of the virtual MFA device (default: the user name)')
    .option('--device-path <path>', 'IAM path of the device', '/')
    .addOption(
      new Option('--qr-png <file>', 'write the QR code PNG to a new file (mode 0600)').conflicts('seedFile'),
    )
    .addOption(
      new Option('--seed-file <file>', 'write the Base32 seed to a new file (mode 0600)').conflicts('qrPng'),
    )
    .option('--show-seed', 'print the Base32 seed on stdout (it is a secret)')
    .option('--codes <c1,c2>', 'two consecutive codes instead of reading them from stdin');
  addAwsOptions(command, { fresh: false });
  return command.action(async (options: EnrollCliOptions) => {
    try {
      const result = await enrollMfa(
        {
          user: options.user,
          deviceName: options.deviceName,
          devicePath: options.devicePath,
          qrPng: options.qrPng,
          seedFile: options.seedFile,
          showSeed: options.showSeed,
          codes: options.codes,
          aws: { profile: options.profile, region: options.region, endpointUrl: options.endpointUrl },
        },
        {
          out: (text) => process.stdout.write(text),
          err: (text) => process.stderr.write(text),
          stdoutIsTty: process.stdout.isTTY === true,
          codeReader: (onInterrupt) =>
            createCodeReader({ input: process.stdin, prompts: process.stderr, onInterrupt }),
          now: () => Date.now(),
        },
      );
      process.stdout.write(`enabled ${result.kind} MFA device ${result.serial} for ${result.user}\n`);
    } catch (error) {
      if (!(error instanceof InterruptedError)) throw error;
      process.stderr.write(`mfa-warden: ${error.message}\n`);
      process.exitCode = INTERRUPTED_EXIT_CODE;
    }
  });
}

function statusCommand(): Command {
  const command = new Command('status')
    .description('list the MFA devices of IAM users (every user by default) and their kind')
    .option('--user <name>', 'only this user')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
  addAwsOptions(command, { fresh: false });
  return command.action(async (options: StatusCliOptions) => {
    const clients = createAwsClients({
      profile: options.profile,
      region: options.region,
      endpointUrl: options.endpointUrl,
    });
    try {
      const status = await collectMfaStatus(
        clients,
        options.user === undefined ? {} : { user: options.user },
      );
      await writeOutput(
        options.format === 'json' ? renderMfaStatusJson(status) : renderMfaStatusTable(status),
        undefined,
      );
    } finally {
      clients.destroy();
    }
  });
}
