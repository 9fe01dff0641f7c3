import { Command } from 'commander';

// Placeholder: being written.
export function enforceCommand(): Command {
  return new Command('enforce').description('(not yet available)');
}
export function undoCommand(): Command {
  return new Command('undo').description('(not yet available)');
}
export function journalCommand(): Command {
  return new Command('journal').description('(not yet available)');
}
