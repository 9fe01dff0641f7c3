// The findings as the HTML report's script receives them: JSON in a <script type="application/json">,
// never markup. Every string goes through one table, so text repeated across findings (reach details shared
// by the members of a group, remediation sentences) is stored once and a 10,000-finding file stays small.
// The witness, evidence and issues are turned into display text here, where they are typed and tested.

import type { Finding, Remediation } from '../../checks/check.js';
import { severities } from '../../checks/check.js';
import { describeSource } from '../../model/source.js';
import { STATUS_LABEL, STATUS_ORDER } from './labels.js';
import { otherDetails, replayCommand, replayFiles, witnessView } from './witness.js';

/** Free-form details are shown as JSON, cut at this many characters (the JSON report has them whole). */
export const DETAILS_LIMIT = 4000;

/** A command: its string index, then 1 when it takes access away, then 1 when it needs a person's input. */
export type ClientCommand = readonly [command: number, destructive: 0 | 1, needsInput: 0 | 1];

/** One finding; numbers are indexes into `strings` unless said otherwise, absent keys mean "none". */
export interface ClientFinding {
  /** Index into `checks`. */
  readonly k: number;
  /** Index into `statuses`. */
  readonly s: number;
  /** Index into `severities`. */
  readonly v: number;
  /** Account id. */
  readonly a: number;
  /** Resource name, short type, full type, ARN. */
  readonly n: number;
  readonly t: number;
  readonly T: number;
  readonly r: number;
  /** Where it came from, when that says more than the ARN. */
  readonly o?: number;
  /** Message. */
  readonly m: number;
  /** Baseline: 1 new, 2 unchanged. */
  readonly b?: 1 | 2;
  /** Evidence, joined. */
  readonly e?: number;
  /** Issues: [statement or -1, message]. */
  readonly i?: readonly (readonly [number, number])[];
  /** Witness sentence, its request context as [key, value], replay command, files it reads as [file, policy]. */
  readonly w?: number;
  readonly C?: readonly (readonly [number, number])[];
  readonly p?: number;
  readonly P?: readonly (readonly [number, number])[];
  /** Remediation text, commands, Terraform, CloudFormation. */
  readonly x?: number;
  readonly c?: readonly ClientCommand[];
  readonly f?: number;
  readonly g?: number;
  /** The remaining details as JSON, cut at DETAILS_LIMIT. */
  readonly d?: number;
}

export interface ClientData {
  readonly strings: readonly string[];
  readonly statuses: readonly { readonly id: string; readonly icon: string; readonly word: string }[];
  readonly severities: readonly string[];
  readonly checks: readonly string[];
  /** Account id to what the account column shows (the id, with the organization's name for it). */
  readonly accountLabels: Readonly<Record<string, string>>;
  /** In each check's initial order (problems first, then by name). */
  readonly findings: readonly ClientFinding[];
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  add(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(text);
      this.index.set(text, at);
    }
    return at;
  }
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** `details.issues`: policy problems, each with a message and the statement it is about. */
function issueList(value: unknown): { statement?: string; message: string }[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const issues = value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) return undefined;
    const { message, statement } = item as Record<string, unknown>;
    if (typeof message !== 'string') return undefined;
    return typeof statement === 'string' || typeof statement === 'number'
      ? { statement: String(statement), message }
      : { message };
  });
  return issues.every((issue) => issue !== undefined) ? issues : undefined;
}

export function detailsJson(details: Readonly<Record<string, unknown>>): string {
  const json = JSON.stringify(details, null, 2) ?? '';
  return json.length > DETAILS_LIMIT
    ? `${json.slice(0, DETAILS_LIMIT)}\n\u2026 (cut here: --format json has all of it)`
    : json;
}

function shortType(type: string): string {
  return type.split('::').filter(Boolean).pop() ?? type;
}

function remediationFields(remediation: Remediation | undefined, table: StringTable) {
  if (!remediation) return {};
  const commands = (remediation.cli ?? []).map((command, index): ClientCommand => [
    table.add(command),
    remediation.destructive?.[index] === true ? 1 : 0,
    remediation.needsInput?.[index] === true ? 1 : 0,
  ]);
  return {
    x: table.add(remediation.text),
    ...(commands.length > 0 ? { c: commands } : {}),
    ...(remediation.terraform !== undefined ? { f: table.add(remediation.terraform) } : {}),
    ...(remediation.cloudformation !== undefined ? { g: table.add(remediation.cloudformation) } : {}),
  };
}

function detailFields(finding: Finding, table: StringTable) {
  const witness = witnessView(finding.details);
  const replay = replayCommand(finding.details);
  const files = replayFiles(finding.details);
  const pair = ([a, b]: readonly [string, string]) => [table.add(a), table.add(b)] as const;
  const rest = { ...otherDetails(finding.details) };
  const evidence = stringList(rest['evidence']);
  if (evidence) delete rest['evidence'];
  const issues = issueList(rest['issues']);
  if (issues) delete rest['issues'];
  return {
    ...(evidence && evidence.length > 0 ? { e: table.add(evidence.join(', ')) } : {}),
    ...(issues && issues.length > 0
      ? {
          i: issues.map(
            (issue) =>
              [
                issue.statement === undefined ? -1 : table.add(issue.statement),
                table.add(issue.message),
              ] as const,
          ),
        }
      : {}),
    ...(witness ? { w: table.add(witness.sentence) } : {}),
    ...(witness && witness.context.length > 0 ? { C: witness.context.map(pair) } : {}),
    ...(replay !== undefined ? { p: table.add(replay) } : {}),
    ...(files ? { P: files.map((file) => pair([file.file, file.policy])) } : {}),
    ...(Object.keys(rest).length > 0 ? { d: table.add(detailsJson(rest)) } : {}),
  };
}

/** `checks` in section order; `ordered` are the findings in the order each check's table starts in. */
export function clientData(
  checks: readonly string[],
  ordered: readonly Finding[],
  accountLabels: Readonly<Record<string, string>>,
): ClientData {
  const table = new StringTable();
  const checkIndex = new Map(checks.map((id, index) => [id, index]));
  const findings = ordered.map((finding): ClientFinding => {
    const resource = finding.resource;
    const source = describeSource(resource.source);
    return {
      k: checkIndex.get(finding.check) ?? -1,
      s: STATUS_ORDER.indexOf(finding.status),
      v: severities.indexOf(finding.severity),
      a: table.add(resource.account),
      n: table.add(resource.name),
      t: table.add(shortType(resource.type)),
      T: table.add(resource.type),
      r: table.add(resource.arn),
      ...(source !== resource.arn ? { o: table.add(source) } : {}),
      m: table.add(finding.message),
      ...(finding.baseline ? { b: finding.baseline === 'new' ? 1 : 2 } : {}),
      ...detailFields(finding, table),
      ...remediationFields(finding.remediation, table),
    };
  });
  return {
    strings: table.strings,
    statuses: STATUS_ORDER.map((id) => ({ id, ...STATUS_LABEL[id] })),
    severities,
    checks,
    accountLabels,
    findings,
  };
}

/**
 * JSON that cannot end its <script> element or be read as markup: `<`, `>` and `&` become \u escapes, as do
 * U+2028 and U+2029 (JSON allows them raw; older JavaScript string literals did not).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
