import { Command } from 'commander';

// Placeholder: being written.
export function remediateCommand(): Command {
  return new Command('remediate').description('(not yet available)');
}
