import { Command } from 'commander';

// Placeholder: being written.
export function generateCommand(): Command {
  return new Command('generate').description('(not yet available)');
}
