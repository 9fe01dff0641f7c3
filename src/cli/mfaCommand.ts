import { Command } from 'commander';

// Placeholder: being written.
export function mfaCommand(): Command {
  return new Command('mfa').description('(not yet available)');
}
