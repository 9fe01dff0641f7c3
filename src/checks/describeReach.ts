import type { Account } from '../model/account.js';
import { inputKindOf } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import {
  actionCatalogSync,
  findWitness,
  policyJson,
  replayCommand,
  summariseCredential,
  type ContextKeys,
  type PolicyDocument,
  type PolicyInput,
  type PolicySet,
  type PrincipalMfaAnalysis,
  type ReplayTarget,
  type Witness,
} from '../policy/index.js';
import { fileStem } from './quoting.js';

// How a finding shows what stays reachable without MFA: a sentence per leaking credential kind, details
// small enough for JSON reports (top services, sensitive actions) while the counts stay exact, and a witness:
// one request that succeeds without MFA, with the aws CLI command that asks AWS's policy simulator about it.

export function reachMessage(analysis: PrincipalMfaAnalysis): string {
  const leaking = [analysis.console, analysis.accessKey].filter((credential) => !credential.enforced);
  const [first, second] = leaking.map((credential) => credential.explanation.replace(/^[^:]+: /, ''));
  // Most often both kinds leak the same way: say it once.
  if (first !== undefined && first === second) return `console sessions and access keys: ${first}`;
  return leaking.map((credential) => credential.explanation).join('; ');
}

const summaries = new WeakMap<PrincipalMfaAnalysis, Readonly<Record<string, unknown>>>();

/**
 * The analysis summarised for a finding's details. Principals that share an analysis share its summary
 * object (thousands of users in a few groups): the findings hold it once, and nothing may change it.
 */
export function reachDetails(analysis: PrincipalMfaAnalysis): Readonly<Record<string, unknown>> {
  let summary = summaries.get(analysis);
  if (!summary) {
    const limits = { services: 10, sensitive: 20, statements: 5 };
    summary = deepFreeze({
      console: summariseCredential(analysis.console, limits),
      accessKey: summariseCredential(analysis.accessKey, limits),
    });
    summaries.set(analysis, summary);
  }
  return summary;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export interface WitnessSubject {
  readonly account: Account;
  /** The policies the analysis judged. */
  readonly set: PolicySet;
  readonly analysis: PrincipalMfaAnalysis;
  /** Condition keys of the user making the request (aws:username, aws:PrincipalArn, ...). */
  readonly principal: ContextKeys;
  /** The principal the live policy simulator reads the policies of: the user, or the group. */
  readonly simulate: { readonly arn: string; readonly added?: readonly PolicyInput[] };
  /** Names for the documents in commands (infrastructure as code): the policy labels. */
  readonly names?: ReadonlyMap<PolicyDocument, string>;
  /** Inline policy text (JSON) to put in the commands as given, e.g. the "Allow everything else" companion. */
  readonly inline?: ReadonlyMap<PolicyDocument, string>;
}

export interface WitnessDetails {
  readonly witness: Witness;
  readonly replay: string;
  /** Infrastructure as code, when the documents are too long for one command: the files it reads. */
  readonly replayFiles?: readonly { readonly file: string; readonly policy: string }[];
}

/** A command line longer than this names files instead of holding the documents. */
const INLINE_LIMIT = 8000;

/** Policy labels by document, for the file names of a replay (entries whose document is unknown left out). */
export function documentNames(
  entries: readonly { readonly label: string; readonly document: unknown }[],
): Map<PolicyDocument, string> {
  const names = new Map<PolicyDocument, string>();
  for (const entry of entries)
    if (!isUnknown(entry.document)) names.set(entry.document as PolicyDocument, entry.label);
  return names;
}

/** The witness of a failing result and its replay command; undefined when none is found. */
export function witnessDetails(subject: WitnessSubject): WitnessDetails | undefined {
  const { account } = subject;
  const witness = findWitness(subject.set, subject.analysis, {
    catalog: actionCatalogSync(),
    principal: { keys: subject.principal, partition: account.partition, account: account.id },
  });
  if (!witness) return undefined;
  // A live account or an export: the principal exists, and the simulator reads its policies itself.
  if (inputKindOf(account) !== 'iac') {
    const target: ReplayTarget = { kind: 'principal', ...subject.simulate };
    return { witness, replay: replayCommand(witness, target) };
  }
  const inlined = (documents: readonly PolicyDocument[]): PolicyInput[] =>
    documents.map((document) => ({ json: subject.inline?.get(document) ?? policyJson(document) }));
  const custom = (input: (documents: readonly PolicyDocument[]) => PolicyInput[]): ReplayTarget => ({
    kind: 'custom',
    policies: input(subject.set.identity),
    ...(subject.set.boundary && subject.set.boundary.length > 0
      ? { boundary: input(subject.set.boundary) }
      : {}),
  });
  const replay = replayCommand(witness, custom(inlined));
  if (replay.length <= INLINE_LIMIT) return { witness, replay };
  const files: { file: string; policy: string }[] = [];
  const named = (documents: readonly PolicyDocument[]): PolicyInput[] =>
    documents.map((document) => {
      const text = subject.inline?.get(document);
      if (text !== undefined) return { json: text };
      const stem = fileStem(subject.names?.get(document) ?? document.origin);
      let file = `${stem}.json`;
      for (let n = 2; files.some((entry) => entry.file === file); n++) file = `${stem}-${n}.json`;
      files.push({ file, policy: document.origin });
      return { file };
    });
  return { witness, replay: replayCommand(witness, custom(named)), replayFiles: files };
}
