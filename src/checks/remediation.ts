import type { Remediation } from './check.js';
import { isDestructiveCommand, placeholdersIn } from './commandSafety.js';

// Builds a Remediation from its commands, marking each that takes access away or needs a person. Commands
// are marked by the rules of commandSafety.ts as well as by hand, so a destructive one cannot go unmarked.

export interface CommandStep {
  readonly command: string;
  readonly destructive?: boolean;
  /** Needs a person even without a placeholder (it writes an MFA seed to hand over, a file to edit first). */
  readonly needsInput?: boolean;
}

export interface RemediationParts {
  readonly text: string;
  readonly steps?: readonly (string | CommandStep)[];
  readonly terraform?: string;
  readonly cloudformation?: string;
}

export function remediation(parts: RemediationParts): Remediation {
  const steps = (parts.steps ?? []).map((step) => (typeof step === 'string' ? { command: step } : step));
  const destructive = steps.map((step) => step.destructive === true || isDestructiveCommand(step.command));
  const needsInput = steps.map((step) => step.needsInput === true || placeholdersIn(step.command).length > 0);
  return {
    text: parts.text,
    ...(steps.length > 0 ? { cli: steps.map((step) => step.command) } : {}),
    ...(destructive.some(Boolean) ? { destructive } : {}),
    ...(needsInput.some(Boolean) ? { needsInput } : {}),
    ...(parts.terraform ? { terraform: parts.terraform } : {}),
    ...(parts.cloudformation ? { cloudformation: parts.cloudformation } : {}),
  };
}

/** The commands of a remediation with their marks, as the builder or an older report left them. */
export function stepsOf(fix: Remediation): Required<CommandStep>[] {
  return (fix.cli ?? []).map((command, i) => ({
    command,
    destructive: fix.destructive?.[i] === true || isDestructiveCommand(command),
    needsInput: fix.needsInput?.[i] === true || placeholdersIn(command).length > 0,
  }));
}

/** Two alternative fixes as one: the given sentence, the commands of both in order, the first one's snippets. */
export function alternatives(text: string, first: Remediation, second: Remediation): Remediation {
  return remediation({
    text,
    steps: [...stepsOf(first), ...stepsOf(second)],
    terraform: [first.terraform, second.terraform].filter(Boolean).join('\n\n') || undefined,
    cloudformation: first.cloudformation ?? second.cloudformation,
  });
}
