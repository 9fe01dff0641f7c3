#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { InputError, ScanError } from '../errors.js';
import { versionText } from '../version.js';
import { exitOnSignals, quietBrokenPipes } from './processGuards.js';

// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 could not scan.

quietBrokenPipes();
exitOnSignals();

const debug = process.argv.includes('--debug');

// The SDK warns on every run that its releases after January 2027 need Node 22; the lockfile pins one that
// runs on Node 20, so the warning is noise in a report on stderr. Set the variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Each command's module, loaded only when it runs: the AWS SDK and the policy engine take a few hundred
 * milliseconds to load, which `--version`, `checks` and `explain` should not pay for.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scanCommands.js')).scanCommand(),
  analyze: async () => (await import('./analyzeCommand.js')).analyzeCommand(),
  checks: async () => (await import('./checksCommand.js')).checksCommand(),
  explain: async () => (await import('./explainCommand.js')).explainCommand(),
  enforce: async () => (await import('./enforceCommands.js')).enforceCommand(),
  undo: async () => (await import('./enforceCommands.js')).undoCommand(),
  journal: async () => (await import('./enforceCommands.js')).journalCommand(),
  remediate: async () => (await import('./remediateCommand.js')).remediateCommand(),
  generate: async () => (await import('./generateCommand.js')).generateCommand(),
  mfa: async () => (await import('./mfaCommand.js')).mfaCommand(),
};

/** The commands this run needs: the one named, none for a bare --version, all for help or a typo. */
function commandsFor(argv: readonly string[]): string[] {
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (name !== undefined && name in COMMANDS) return [name];
  if (name === undefined && argv.some((arg) => arg === '--version' || arg === '-V')) return [];
  return Object.keys(COMMANDS);
}

const program = new Command('mfa-warden')
  .description('Make multi-factor authentication real for AWS IAM')
  .version(versionText())
  .option('--debug', 'print stack traces for errors')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

try {
  for (const name of commandsFor(process.argv)) {
    const command = await (COMMANDS[name] as () => Promise<Command>)();
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
    program.addCommand(command);
  }
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
