// Reads the witness a finding may carry in `details` (one request that succeeds without MFA), its replay
// command and the files that command reads, without trusting their shape: details are free-form, so a value
// that does not look as expected is left to the JSON block rather than rendered wrongly.

import { describeWitness, type Witness } from '../../policy/witness.js';

export interface WitnessView {
  /** The one line every report uses (describeWitness). */
  readonly sentence: string;
  /** The request's condition keys: [key, value], "(absent)" for a key the request does not carry. */
  readonly context: readonly (readonly [string, string])[];
}

export interface ReplayFile {
  readonly file: string;
  /** Where the policy to write into the file comes from. */
  readonly policy: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

export function isWitness(value: unknown): value is Witness {
  if (!isRecord(value)) return false;
  const { credential, action, resource, context, allowedBy, undecided } = value;
  return (
    isString(credential) &&
    isString(action) &&
    isString(resource) &&
    isRecord(context) &&
    Object.values(context).every((item) => item === null || isString(item) || isStringList(item)) &&
    isRecord(allowedBy) &&
    isString(allowedBy['policy']) &&
    isString(allowedBy['statement']) &&
    (undecided === undefined || isStringList(undecided))
  );
}

export function witnessView(details: Readonly<Record<string, unknown>> | undefined): WitnessView | undefined {
  const witness = details?.['witness'];
  if (!isWitness(witness)) return undefined;
  const context = Object.entries(witness.context).map(
    ([key, value]) =>
      [key, value === null ? '(absent)' : isString(value) ? value : value.join(', ')] as const,
  );
  return { sentence: describeWitness(witness), context };
}

/** The command that replays the witness request, when the finding has one. */
export function replayCommand(details: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const replay = details?.['replay'];
  return isString(replay) && replay.trim() !== '' ? replay : undefined;
}

/** Infrastructure as code: the policy files the replay command reads, when it names files. */
export function replayFiles(
  details: Readonly<Record<string, unknown>> | undefined,
): ReplayFile[] | undefined {
  const files = details?.['replayFiles'];
  if (!Array.isArray(files) || files.length === 0) return undefined;
  const read = files.map((entry: unknown) =>
    isRecord(entry) && isString(entry['file']) && isString(entry['policy'])
      ? { file: entry['file'], policy: entry['policy'] }
      : undefined,
  );
  return read.every((entry) => entry !== undefined) ? read : undefined;
}

/** Details left once the witness, replay and replay files have their own blocks; undefined when none are. */
export function otherDetails(
  details: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (!details) return undefined;
  const shown = new Set<string>();
  if (witnessView(details)) shown.add('witness');
  if (replayCommand(details) !== undefined) shown.add('replay');
  if (replayFiles(details)) shown.add('replayFiles');
  const rest = Object.fromEntries(Object.entries(details).filter(([key]) => !shown.has(key)));
  return Object.keys(rest).length > 0 ? rest : undefined;
}
