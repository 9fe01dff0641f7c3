import {
  describeWitness,
  summariseCredential,
  type CredentialSummary,
  type EnforcementVerdict,
  type EnforcementVerdictKind,
  type Witness,
} from '../policy/index.js';
import { reportHeader } from './reportHeader.js';

// Reports for `analyze policy`: does a policy meant to enforce MFA really do it? Pure functions from the
// engine's verdicts to text; nothing here recomputes a verdict. The JSON keeps what a person or a pipeline
// reads (counts, names, statement labels) and leaves out the engine's internals (statement indexes, origins).

const COLOURS: Record<EnforcementVerdictKind, string> = {
  enforced: '32',
  partial: '33',
  weak: '31',
  none: '31',
};

/** Exempt actions the table lists before "and N more". */
export const TABLE_EXEMPT_LISTED = 20;

export interface PolicyVerdictReport {
  readonly file: string;
  readonly verdict: EnforcementVerdictKind;
  /** Not enforced: one request that succeeds without MFA, and the simulator command that asks AWS about it. */
  readonly witness?: Witness;
  readonly replay?: string;
  readonly reasons: readonly { readonly code: string; readonly message: string }[];
  readonly exemptActions: readonly string[];
  readonly exemptActionCount: number;
  readonly byCredential: { readonly console: CredentialSummary; readonly accessKey: CredentialSummary };
}

/** One verdict as the JSON report shows it; `file` is the verdict's origin (the path as given). */
export function policyVerdictReport(verdict: EnforcementVerdict): PolicyVerdictReport {
  return {
    file: verdict.origin,
    verdict: verdict.verdict,
    ...(verdict.witness ? { witness: verdict.witness } : {}),
    ...(verdict.replay ? { replay: verdict.replay } : {}),
    reasons: verdict.reasons.map(({ code, message }) => ({ code, message })),
    exemptActions: [...verdict.exemptActions],
    exemptActionCount: verdict.exemptActionCount,
    byCredential: {
      console: summariseCredential(verdict.byCredential.console),
      accessKey: summariseCredential(verdict.byCredential.accessKey),
    },
  };
}

/** One file: the verdict's fields at the top level. Several files: a `policies` array in the order given. */
export function renderPolicyVerdictsJson(verdicts: readonly EnforcementVerdict[], generatedAt: Date): string {
  const header = reportHeader(generatedAt);
  const report =
    verdicts.length === 1
      ? { ...header, ...policyVerdictReport(verdicts[0]!) }
      : { ...header, policies: verdicts.map(policyVerdictReport) };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface PolicyTableOptions {
  /** ANSI colour for the verdicts; the CLI asks for it on a TTY without NO_COLOR. */
  readonly colour: boolean;
}

/**
 * Per file: "FILE: VERDICT", the witness in one line, the reasons, the exempt actions (first 20), one line per
 * credential kind.
 */
export function renderPolicyVerdictsTable(
  verdicts: readonly EnforcementVerdict[],
  options: PolicyTableOptions,
): string {
  const paint = (kind: EnforcementVerdictKind, text: string): string =>
    options.colour ? `\u001b[${COLOURS[kind]}m${text}\u001b[0m` : text;
  const count = (n: number) => n.toLocaleString('en-US');
  const lines: string[] = [];
  for (const verdict of verdicts) {
    lines.push(`${verdict.origin}: ${paint(verdict.verdict, verdict.verdict.toUpperCase())}`);
    if (verdict.witness) lines.push(`  witness: ${describeWitness(verdict.witness)}`);
    for (const reason of verdict.reasons) lines.push(`  - ${reason.message} [${reason.code}]`);
    if (verdict.exemptActionCount > 0) {
      lines.push(
        `  reachable without MFA beyond self-enrolment (${count(verdict.exemptActionCount)} action${verdict.exemptActionCount === 1 ? '' : 's'}):`,
      );
      const shown = verdict.exemptActions.slice(0, TABLE_EXEMPT_LISTED);
      for (const action of shown) lines.push(`    ${action}`);
      const more = verdict.exemptActionCount - shown.length;
      if (more > 0) lines.push(`    and ${count(more)} more`);
    }
    lines.push(`  ${verdict.byCredential.console.explanation}`);
    lines.push(`  ${verdict.byCredential.accessKey.explanation}`);
    lines.push('');
  }
  if (verdicts.length > 1) {
    const kinds: readonly EnforcementVerdictKind[] = ['enforced', 'partial', 'weak', 'none'];
    const tally = kinds
      .map((kind) => `${verdicts.filter((v) => v.verdict === kind).length} ${kind}`)
      .join(', ');
    lines.push(`${verdicts.length} policies: ${tally}`);
  } else if (lines.at(-1) === '') {
    lines.pop();
  }
  return `${lines.join('\n')}\n`;
}
