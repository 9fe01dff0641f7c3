import { createInterface } from 'node:readline/promises';
import { InputError } from '../errors.js';

// Changes to IAM need a yes: typed on a terminal, or --yes. Without a terminal and without --yes nothing is
// changed (exit 2), so a cron job or pipeline never applies by accident.

export function canConfirm(yes: boolean | undefined): void {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new InputError('--apply changes IAM: confirm with --yes when not running in a terminal');
}

export async function confirm(question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  canConfirm(yes);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} Type "yes" to continue: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
