#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { InputError, ScanError } from '../errors.js';
import { versionText } from '../version.js';
import { analyzeCommand } from './analyzeCommand.js';
import { checksCommand } from './checksCommand.js';
import { explainCommand } from './explainCommand.js';
import { enforceCommand, journalCommand, undoCommand } from './enforceCommands.js';
import { generateCommand } from './generateCommand.js';
import { mfaCommand } from './mfaCommand.js';
import { remediateCommand } from './remediateCommand.js';
import { scanCommand } from './scanCommands.js';

// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 could not scan.

const debug = process.argv.includes('--debug');

// The SDK warns on every run that its releases after January 2027 need Node 22; the lockfile pins one that
// runs on Node 20, so the warning is noise in a report on stderr. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command('mfa-warden')
  .description('Make multi-factor authentication real for AWS IAM')
  .version(versionText())
  .option('--debug', 'print stack traces for errors')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) })
  .addCommand(scanCommand())
  .addCommand(analyzeCommand())
  .addCommand(checksCommand())
  .addCommand(explainCommand())
  .addCommand(enforceCommand())
  .addCommand(undoCommand())
  .addCommand(journalCommand())
  .addCommand(remediateCommand())
  .addCommand(generateCommand())
  .addCommand(mfaCommand());

for (const command of program.commands) {
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not errors; commander already printed its usage message.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  if (error instanceof InputError) {
    process.stderr.write(`mfa-warden: error: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Scans are most runs; enforce, undo and mfa say what they could not do in their own words.
  const verb = ['scan', 'remediate'].includes(process.argv[2] ?? '') ? 'could not scan' : 'failed';
  process.stderr.write(`mfa-warden: ${verb}: ${message}\n`);
  if (!(error instanceof ScanError) && !debug) process.stderr.write('(run with --debug for details)\n');
  return 3;
}
