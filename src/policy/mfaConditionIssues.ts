import { compileDocument, type CompiledStatement } from './compiledStatement.js';
import { mfaGate } from './mfaGate.js';
import type { PolicyDocument } from './policyDocument.js';
import { issueFor, type PolicyIssue } from './policyIssue.js';
import {
  accessKeyWithoutMfa,
  consoleWithoutMfa,
  isMfaKey,
  MFA_PRESENT_KEY,
  type RequestContext,
} from './requestContext.js';

// Check "mfa-condition-sound": a policy that uses an MFA condition key uses it so that it means what it says.
// The classic mistakes, each a way in without MFA:
// - "Bool": {"aws:MultiFactorAuthPresent": "false"} in a Deny: long-term access keys carry no such key, a
//   missing key never matches, the Deny never applies to them (use BoolIfExists, or add a Null guard);
// - the same missing-key trap with other operators (NumericGreaterThan on aws:MultiFactorAuthAge);
// - a lone "Null" guard in a Deny: console sessions without MFA have the key (= "false") and pass;
// - inverted values (a Deny that fires WITH MFA, an Allow that applies only WITHOUT it);
// - ForAnyValue/ForAllValues on the single-valued MFA keys (their missing-key rules are the opposite of what
//   the author expects or work by accident);
// - "Null" together with "...IfExists" in one statement (AND'd: the statement only covers one credential kind);
// - an Allow whose MFA condition is true without MFA (BoolIfExists "true": access keys get it).
// A problem one statement has is not reported when another Deny in the same policy covers that credential kind
// for the same actions (the documented Bool + Null pair).

export function mfaConditionIssues(document: PolicyDocument): PolicyIssue[] {
  const compiled = compileDocument(document);
  const issues: PolicyIssue[] = [];
  for (const entry of compiled) {
    const gate = mfaGate(entry);
    if (!gate) continue;
    const { statement } = entry;
    const clauses = statement.conditions.filter((clause) => isMfaKey(clause.key));
    const add = (code: string, message: string) => issues.push(issueFor(statement, code, message));
    let explained = false;

    for (const clause of clauses) {
      if (!clause.setOperator) continue;
      explained = true;
      add(
        'set-operator-on-mfa-key',
        `"${clause.writtenOperator}" on ${clause.writtenKey}: MFA keys are single-valued and ${
          clause.setOperator === 'ForAnyValue'
            ? 'ForAnyValue is false when the key is missing, so requests signed with a long-term access key are not covered'
            : 'ForAllValues is true when the key is missing, whatever the value says'
        }; use "Bool"/"BoolIfExists" or "Null"`,
      );
    }
    if (clauses.some((c) => c.operator === 'Null') && clauses.some((c) => c.ifExists)) {
      explained = true;
      add(
        'null-with-ifexists',
        'a "Null" test and an "...IfExists" test on MFA keys in one statement are AND\'d, so the statement covers only requests where the key is missing; put them in separate statements',
      );
    }

    const keys = [...new Set(clauses.map((c) => c.writtenKey))].join(' and ');
    if (statement.effect === 'Deny') {
      if (gate.mfa === 'true') {
        add(
          'inverted-value',
          `this Deny applies to requests made WITH MFA (${keys}); its condition is inverted`,
        );
        continue;
      }
      if (explained) continue;
      const keyBypass = gate.accessKey !== 'true' && !guarded(entry, compiled, accessKeyWithoutMfa);
      const consoleBypass = gate.console !== 'true' && !guarded(entry, compiled, consoleWithoutMfa);
      const plainBool = clauses.some(
        (c) => c.operator === 'Bool' && !c.ifExists && !c.setOperator && c.key === MFA_PRESENT_KEY,
      );
      if (keyBypass && plainBool) {
        add(
          'deny-bool-without-ifexists',
          'plain "Bool" on aws:MultiFactorAuthPresent: the key is absent from requests signed with a long-term access key, so this Deny never applies to them; use "BoolIfExists", or add a Deny with "Null": {"aws:MultiFactorAuthPresent": "true"}',
        );
      } else if (keyBypass) {
        add(
          'deny-missing-key',
          `the condition on ${keys} is false when the key is missing, which it is for requests signed with a long-term access key${
            consoleBypass ? ' and for console sessions without MFA' : ''
          }: they bypass this Deny; use the "...IfExists" operator or add a "Null" guard`,
        );
        continue;
      }
      if (consoleBypass) {
        add(
          'deny-console-bypass',
          `console sessions without MFA carry aws:MultiFactorAuthPresent = "false" (and no aws:MultiFactorAuthAge), which the condition on ${keys} does not match: they bypass this Deny; add a "BoolIfExists" false statement`,
        );
      }
      continue;
    }

    // Allow
    if (gate.mfa !== 'true' && (gate.console === 'true' || gate.accessKey === 'true')) {
      add(
        'inverted-value',
        `this Allow applies only to requests made WITHOUT MFA (${keys}); its condition is inverted`,
      );
      continue;
    }
    if (explained) continue;
    const kinds = [
      ...(gate.console === 'true' ? ['console sessions'] : []),
      ...(gate.accessKey === 'true' ? ['long-term access keys'] : []),
    ];
    if (kinds.length > 0) {
      add(
        'allow-without-mfa',
        `the condition on ${keys} is also true without MFA, so ${kinds.join(' and ')} get this Allow without MFA${
          gate.accessKey === 'true' ? ' ("...IfExists" is true when the key is missing)' : ''
        }; use "Bool" without IfExists in an Allow`,
      );
    }
  }
  return issues;
}

/** Does another Deny in the same policy cover this statement's actions for requests of this kind? */
function guarded(
  entry: CompiledStatement,
  all: readonly CompiledStatement[],
  context: RequestContext,
): boolean {
  return all.some((other) => {
    if (other === entry || other.statement.effect !== 'Deny') return false;
    const gate = mfaGate(other);
    if (!gate || gate.mfa === 'true' || other.condition(context) !== 'true') return false;
    // A guard on other resources leaves this statement's resources unguarded.
    if (other.scope !== 'all' && !sameResources(other, entry)) return false;
    return coversActionsOf(other, entry);
  });
}

function sameResources(a: CompiledStatement, b: CompiledStatement): boolean {
  const key = (statement: CompiledStatement) => {
    const resource = statement.statement.resource;
    return resource ? `${resource.kind}:${[...resource.patterns].sort().join('\n')}` : '';
  };
  return key(a) === key(b);
}

function coversActionsOf(guard: CompiledStatement, entry: CompiledStatement): boolean {
  const g = guard.statement.action;
  const e = entry.statement.action;
  if (g.kind === 'Action' && g.patterns.some((p) => /^\*+$/.test(p))) return true;
  if (g.kind !== e.kind) return false;
  const contains = (outer: readonly string[], inner: readonly string[]) =>
    inner.every((p) => outer.includes(p));
  return g.kind === 'NotAction' ? contains(e.patterns, g.patterns) : contains(g.patterns, e.patterns);
}
