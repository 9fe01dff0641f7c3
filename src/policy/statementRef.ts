import type { CompiledStatement } from './compiledStatement.js';
import type { Effect } from './policyDocument.js';

// How results point back at the statements that decided them, for explanations a person can check.

export interface StatementRef {
  readonly origin: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** "Allow *", "Deny NotAction [iam:createvirtualmfadevice, ... 7 actions]", "Deny s3:*". */
  readonly summary: string;
  /** "AdministratorAccess (Allow *)", "mfa.json DenyAllExceptListedIfNoMFA (Deny NotAction [...])". */
  readonly label: string;
  /** How many actions this statement decided in the result it is attached to. */
  readonly actions: number;
}

// One account's memoised analyses cite the same statements thousands of times (123,179 references, 13,073
// distinct in the 10,000-user policy benchmark): the label is made once per statement and each reference
// once per statement and action count.
const refsByStatement = new WeakMap<CompiledStatement, Map<number, StatementRef>>();

export function statementRef(compiled: CompiledStatement, actions: number): StatementRef {
  let byCount = refsByStatement.get(compiled);
  if (!byCount) {
    byCount = new Map();
    refsByStatement.set(compiled, byCount);
  }
  let ref = byCount.get(actions);
  if (!ref) {
    const first = byCount.values().next().value;
    ref = first ? { ...first, actions } : newStatementRef(compiled, actions);
    byCount.set(actions, ref);
  }
  return ref;
}

function newStatementRef(compiled: CompiledStatement, actions: number): StatementRef {
  const { statement, document } = compiled;
  const summary = `${statement.effect} ${actionSummary(compiled)}`;
  const name = statement.sid ?? (document.statements.length > 1 ? `Statement[${statement.index}]` : '');
  return {
    origin: document.origin,
    index: statement.index,
    ...(statement.sid ? { sid: statement.sid } : {}),
    effect: statement.effect,
    summary,
    label: `${document.origin}${name ? ` ${name}` : ''} (${summary})`,
    actions,
  };
}

function actionSummary(compiled: CompiledStatement): string {
  const { kind, patterns } = compiled.statement.action;
  const shown =
    patterns.length <= 3
      ? patterns.join(', ')
      : `${patterns.slice(0, 2).join(', ')}, ... ${patterns.length} patterns`;
  const text = kind === 'NotAction' ? `NotAction [${shown}]` : patterns.length === 1 ? shown : `[${shown}]`;
  const resource = compiled.statement.resource;
  if (!resource || compiled.scope === 'all') return text;
  const resources =
    resource.patterns.length === 1 ? resource.patterns[0] : `${resource.patterns.length} ARNs`;
  return `${text} ${resource.kind === 'NotResource' ? 'NotResource' : 'on'} ${resources}`;
}
