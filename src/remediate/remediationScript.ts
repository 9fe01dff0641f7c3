import type { Finding } from '../checks/check.js';
import { PLACEHOLDERS, isDestructiveCommand, placeholdersIn } from '../checks/commandSafety.js';
import { oneLine, shellQuote } from '../checks/quoting.js';
import { stepsOf } from '../checks/remediation.js';

// The bash script `mfa-warden remediate` writes for review: every failing finding as a comment block, then
// its commands. Only commands that add protection run as written; whatever takes access away or needs a
// person (a placeholder, an MFA seed to hand over, a document to edit) is written commented out with why.
// Nothing from a finding reaches the script outside a comment except its commands, and a command that
// spans lines is held back whole, so no name or message can smuggle in a line that runs.

export interface ScriptContext {
  readonly account: { readonly id: string; readonly partition: string };
  readonly generatedAt: Date;
  /** How the script was made, for its header: the mfa-warden arguments. */
  readonly invocation: readonly string[];
  /** What was scanned: "live account", "export examples/acme-export". */
  readonly scanned: string;
  readonly toolVersion: string;
}

export interface ScriptStats {
  /** Failing findings written. */
  readonly findings: number;
  /** Commands written (a command repeated by a later finding counts once). */
  readonly commands: number;
  /** Of those, the ones written commented out. */
  readonly commentedOut: number;
}

export interface RemediationScript {
  readonly text: string;
  readonly stats: ScriptStats;
}

interface Written {
  readonly finding: number;
  readonly held: boolean;
}

export function renderRemediationScript(
  findings: readonly Finding[],
  context: ScriptContext,
): RemediationScript {
  const failing = findings.filter((finding) => finding.status === 'fail');
  const body: string[] = [];
  const written = new Map<string, Written>();
  let commentedOut = 0;
  failing.forEach((finding, index) => {
    const number = index + 1;
    body.push('', ...findingComment(finding, number, failing.length));
    const steps = finding.remediation ? stepsOf(finding.remediation) : [];
    if (steps.length === 0) body.push('# (no command: this fix is done by hand, as described above)');
    for (const step of steps) {
      const earlier = written.get(step.command);
      if (earlier) {
        body.push(
          `# (${earlier.held ? 'held back' : 'run'} above, for finding ${earlier.finding}): ${oneLine(step.command)}`,
        );
        continue;
      }
      const reasons = holdReasons(step, finding);
      written.set(step.command, { finding: number, held: reasons.length > 0 });
      if (reasons.length === 0) {
        body.push(step.command);
        continue;
      }
      commentedOut++;
      body.push(`# HELD BACK (${reasons.join('; ')}): review, then run by hand`);
      body.push(...step.command.split(/\r\n|\r|\n/).map((line) => `#   ${oneLine(line)}`));
    }
  });
  const stats = { findings: failing.length, commands: written.size, commentedOut };
  const needs = [...written.entries()].filter(([, w]) => !w.held).map(([command]) => command);
  const text = [...header(context, stats), ...preflight(context, needs), ...body, '', ...footer(stats)].join(
    '\n',
  );
  return { text: `${text}\n`, stats };
}

function header(context: ScriptContext, stats: ScriptStats): string[] {
  const { account } = context;
  return [
    '#!/usr/bin/env bash',
    `# MFA remediation for AWS account ${account.id} (partition ${account.partition}), written by mfa-warden ${oneLine(context.toolVersion)}`,
    `# Generated ${context.generatedAt.toISOString()} from a scan of ${oneLine(context.scanned)} by:`,
    `#   mfa-warden ${oneLine(context.invocation.map(shellQuote).join(' '))}`,
    '#',
    '# REVIEW BEFORE RUNNING: it changes IAM in this account. Commands that take access away, or that need a',
    '# person (MFA codes, a device to hand over, a policy document to edit), are commented out as HELD BACK.',
    stats.findings === 0
      ? '# The scan found no failing findings: there is nothing to fix.'
      : `# ${count(stats.findings, 'failing finding')}; ${count(stats.commands, 'command')}, of which ${stats.commands - stats.commentedOut} run and ${stats.commentedOut} ${stats.commentedOut === 1 ? 'is' : 'are'} held back.`,
    'set -euo pipefail',
    'export AWS_PAGER=""',
  ];
}

/** Fails fast, before any change: the tools are there and the credentials belong to the scanned account. */
function preflight(context: ScriptContext, runnable: readonly string[]): string[] {
  if (runnable.length === 0) return [];
  const lines = [''];
  const tools = ['aws', 'mfa-warden'].filter((tool) =>
    runnable.some((command) => new RegExp(`(^|[|&;(]\\s*)${tool}\\s`).test(command)),
  );
  for (const tool of tools) {
    lines.push(
      `command -v ${tool} >/dev/null || { echo "${tool} is not on PATH; it is needed below" >&2; exit 1; }`,
    );
  }
  if (tools.includes('aws')) {
    const id = shellQuote(context.account.id);
    lines.push(
      `account="$(aws sts get-caller-identity --query Account --output text)"`,
      `[ "$account" = ${id} ] || { echo "these credentials are for account $account, not "${id} >&2; exit 1; }`,
    );
  }
  return lines;
}

function findingComment(finding: Finding, number: number, total: number): string[] {
  const lines = [
    `# --- [${number}/${total}] ${oneLine(finding.check)} (${finding.severity}): ${oneLine(finding.resource.arn)}`,
    `# ${oneLine(finding.message)}`,
  ];
  if (finding.remediation) lines.push(`# Fix: ${oneLine(finding.remediation.text)}`);
  return lines;
}

function holdReasons(
  step: { command: string; destructive: boolean; needsInput: boolean },
  finding: Finding,
): string[] {
  const reasons: string[] = [];
  if (step.destructive || isDestructiveCommand(step.command)) reasons.push('takes access away');
  const placeholders = placeholdersIn(step.command);
  if (placeholders.length > 0) {
    const what = [...new Set(placeholders.map((p) => PLACEHOLDERS[p]))].join('; ');
    reasons.push(`needs ${placeholders.join(', ')}: ${what}`);
  } else if (step.needsInput) {
    const later = (finding.remediation?.cli ?? []).flatMap(placeholdersIn);
    reasons.push(
      later.length > 0
        ? `starts a step that needs ${[...new Set(later)].join(', ')}`
        : 'needs a person: see the Fix line',
    );
  }
  // eslint-disable-next-line no-control-regex -- a command must be one line of printable text to run as written
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(step.command)) reasons.push('spans lines');
  return reasons;
}

function footer(stats: ScriptStats): string[] {
  return [
    stats.findings === 0
      ? 'echo "mfa-warden: nothing to remediate" >&2'
      : `echo "mfa-warden: done; ${stats.commentedOut} held-back command(s) above still need review" >&2`,
  ];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
