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

/** Steps whose marks the rules have already set (stepsOf on a remediation built here): not judged again. */
const judged = new WeakSet<CommandStep>();
/** Remediations built by `remediation`: every mark the rules call for is set. */
const built = new WeakSet<Remediation>();

/**
 * Steps judged by the rules now, once, for commands many remediations share (the same two commands for
 * every user of an account): a remediation built from them reads their marks instead of judging again.
 */
export function judgedSteps(commands: readonly string[]): readonly CommandStep[] {
  return commands.map((command) => {
    const step: CommandStep = {
      command,
      ...(isDestructiveCommand(command) ? { destructive: true } : {}),
      ...(placeholdersIn(command).length > 0 ? { needsInput: true } : {}),
    };
    judged.add(step);
    return step;
  });
}

export function remediation(parts: RemediationParts): Remediation {
  const steps = (parts.steps ?? []).map((step) => (typeof step === 'string' ? { command: step } : step));
  const destructive = steps.map(
    (step) => step.destructive === true || (!judged.has(step) && isDestructiveCommand(step.command)),
  );
  const needsInput = steps.map(
    (step) => step.needsInput === true || (!judged.has(step) && placeholdersIn(step.command).length > 0),
  );
  const fix: Remediation = {
    text: parts.text,
    ...(steps.length > 0 ? { cli: steps.map((step) => step.command) } : {}),
    ...(destructive.some(Boolean) ? { destructive } : {}),
    ...(needsInput.some(Boolean) ? { needsInput } : {}),
    ...(parts.terraform ? { terraform: parts.terraform } : {}),
    ...(parts.cloudformation ? { cloudformation: parts.cloudformation } : {}),
  };
  built.add(fix);
  return fix;
}

/** The commands of a remediation with their marks, as the builder or an older report left them. */
export function stepsOf(fix: Remediation): Required<CommandStep>[] {
  // Built here: its marks are the rules' (and the hand's); from elsewhere (a report read back): judged anew.
  const trusted = built.has(fix);
  return (fix.cli ?? []).map((command, i) => {
    const step = {
      command,
      destructive: fix.destructive?.[i] === true || (!trusted && isDestructiveCommand(command)),
      needsInput: fix.needsInput?.[i] === true || (!trusted && placeholdersIn(command).length > 0),
    };
    if (trusted) judged.add(step);
    return step;
  });
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
