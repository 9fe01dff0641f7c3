import { parseConditionOperator } from './conditionOperators.js';
import type {
  ActionElement,
  ConditionClause,
  Effect,
  PolicyDocument,
  PolicyStatement,
  PrincipalElement,
  ResourceElement,
} from './policyDocument.js';
import { PolicyParseError } from './policyParseError.js';

// Reads a policy document in any of the shapes adapters meet (object, JSON text, URL-encoded JSON text as
// GetAccountAuthorizationDetails returns it) and normalises it; see policyDocument.ts for the normal form.
// A document IAM would reject throws PolicyParseError naming the origin and the statement.

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

// IAM's largest policy documents hold some 20 KB (S3 bucket policies; 6,144 characters for a managed policy,
// 10,240 for a role's inline policies), room for a few hundred statements and a few thousand action, resource
// and condition values. A document past these limits is not one IAM accepts, and its analysis (milliseconds
// per statement) would run for minutes: it is refused, naming the statement where the limit is passed.
export const MAX_STATEMENTS = 1_000;
/** Values (actions, resources, principals, condition keys and values) in one document. */
export const MAX_POLICY_VALUES = 20_000;

export function parsePolicyDocument(input: unknown, origin: string): PolicyDocument {
  const raw = typeof input === 'string' ? parseJsonText(input, origin) : input;
  if (raw === null || raw === undefined) throw new PolicyParseError(origin, 'the policy document is empty');
  if (!isRecord(raw))
    throw new PolicyParseError(origin, `a policy document must be a JSON object, got ${describe(raw)}`);

  const version = optionalString(raw, 'Version', origin);
  if (version !== undefined && !VERSIONS.has(version)) {
    throw new PolicyParseError(origin, `Version must be "2012-10-17" or "2008-10-17", got "${version}"`);
  }
  const id = optionalString(raw, 'Id', origin);
  if (!('Statement' in raw) || raw.Statement === undefined || raw.Statement === null) {
    throw new PolicyParseError(origin, 'the policy document has no Statement');
  }
  const list = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  if (list.length > MAX_STATEMENTS) {
    throw new PolicyParseError(
      origin,
      `the document has ${list.length.toLocaleString('en-US')} statements, more than the ${MAX_STATEMENTS.toLocaleString('en-US')} read in one policy (IAM accepts no policy document that large)`,
      { index: MAX_STATEMENTS },
    );
  }
  const budget = { values: MAX_POLICY_VALUES };
  const statements = list.map((item, index) => parseStatement(item, index, origin, budget));
  const document: PolicyDocument = { origin, statements };
  return {
    ...document,
    ...(version !== undefined ? { version } : {}),
    ...(id !== undefined ? { id } : {}),
  };
}

function parseJsonText(text: string, origin: string): unknown {
  let body = text.replace(/^\uFEFF/, '').trim();
  if (/^%7b/i.test(body) || body.includes('%22')) {
    try {
      body = decodeURIComponent(body);
    } catch {
      throw new PolicyParseError(origin, 'the policy document looks URL-encoded but does not decode');
    }
  }
  if (body === '') throw new PolicyParseError(origin, 'the policy document is empty');
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new PolicyParseError(origin, `the policy document is not valid JSON: ${(error as Error).message}`);
  }
}

interface Budget {
  /** Values the rest of the document may still hold. */
  values: number;
}

function parseStatement(item: unknown, index: number, origin: string, budget: Budget): PolicyStatement {
  if (!isRecord(item)) {
    throw new PolicyParseError(origin, `a statement must be a JSON object, got ${describe(item)}`, { index });
  }
  const sidValue = item.Sid;
  if (sidValue !== undefined && typeof sidValue !== 'string') {
    throw new PolicyParseError(origin, `Sid must be a string, got ${describe(sidValue)}`, { index });
  }
  const where = sidValue ? { index, sid: sidValue } : { index };
  const fail = (problem: string): never => {
    throw new PolicyParseError(origin, problem, where);
  };
  const spend = (values: number): void => {
    budget.values -= values;
    if (budget.values < 0) {
      fail(
        `the document holds more than ${MAX_POLICY_VALUES.toLocaleString('en-US')} action, resource, principal and condition values by this statement (IAM accepts no policy document that large)`,
      );
    }
  };

  const effect = item.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(
      effect === undefined
        ? 'Effect is missing; it must be "Allow" or "Deny"'
        : `Effect must be "Allow" or "Deny", got ${describe(effect)}`,
    );
  }

  const action = parseActionElement(item, fail, spend);
  const resource = parseResourceElement(item, fail, spend);
  const principal = parsePrincipalElement(item, fail, spend);
  // IAM rejects an identity policy statement without Resource or NotResource; only statements that name a
  // Principal (trust and resource policies) may leave it out. Reading it as "all resources" would be a guess.
  if (!resource && !principal) fail('a statement needs Resource or NotResource');
  const conditions = parseConditions(item.Condition, fail, spend);

  return {
    index,
    ...(sidValue ? { sid: sidValue } : {}),
    effect: effect as Effect,
    action,
    ...(resource ? { resource } : {}),
    ...(principal ? { principal } : {}),
    conditions,
  };
}

type Fail = (problem: string) => never;
type Spend = (values: number) => void;

function parseActionElement(item: Record<string, unknown>, fail: Fail, spend: Spend): ActionElement {
  const hasAction = item.Action !== undefined;
  const hasNotAction = item.NotAction !== undefined;
  if (hasAction && hasNotAction) fail('a statement cannot have both Action and NotAction');
  if (!hasAction && !hasNotAction) fail('a statement needs Action or NotAction');
  const kind = hasAction ? 'Action' : 'NotAction';
  const patterns = stringList(item[kind], kind, fail, spend).map((pattern) => {
    const trimmed = pattern.trim().toLowerCase();
    if (!/^\*+$/.test(trimmed) && !/^[^:\s]+:[^:\s]+$/.test(trimmed)) {
      fail(`${kind} ${describe(pattern)} is not of the form "service:action" (or "*")`);
    }
    return trimmed;
  });
  return { kind, patterns };
}

function parseResourceElement(
  item: Record<string, unknown>,
  fail: Fail,
  spend: Spend,
): ResourceElement | undefined {
  const hasResource = item.Resource !== undefined;
  const hasNotResource = item.NotResource !== undefined;
  if (hasResource && hasNotResource) fail('a statement cannot have both Resource and NotResource');
  if (!hasResource && !hasNotResource) return undefined;
  const kind = hasResource ? 'Resource' : 'NotResource';
  return { kind, patterns: stringList(item[kind], kind, fail, spend).map(terraformVariables) };
}

function parsePrincipalElement(
  item: Record<string, unknown>,
  fail: Fail,
  spend: Spend,
): PrincipalElement | undefined {
  const hasPrincipal = item.Principal !== undefined;
  const hasNotPrincipal = item.NotPrincipal !== undefined;
  if (hasPrincipal && hasNotPrincipal) fail('a statement cannot have both Principal and NotPrincipal');
  if (!hasPrincipal && !hasNotPrincipal) return undefined;
  const kind = hasPrincipal ? 'Principal' : 'NotPrincipal';
  const value = item[kind];
  if (value === '*') return { kind, value: '*' };
  if (!isRecord(value))
    return fail(`${kind} must be "*" or an object such as {"AWS": [...]}, got ${describe(value)}`);
  const principals: Record<string, readonly string[]> = {};
  for (const [type, ids] of Object.entries(value)) {
    // defineProperty: a principal type written "__proto__" must stay data, not become the prototype.
    Object.defineProperty(principals, type, {
      value: stringList(ids, `${kind}.${truncated(type)}`, fail, spend),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { kind, value: principals };
}

function parseConditions(condition: unknown, fail: Fail, spend: Spend): ConditionClause[] {
  if (condition === undefined) return [];
  if (!isRecord(condition)) return fail(`Condition must be an object, got ${describe(condition)}`);
  const clauses: ConditionClause[] = [];
  for (const [writtenOperator, block] of Object.entries(condition)) {
    const parsed = parseConditionOperator(writtenOperator);
    if (!parsed) fail(`unknown condition operator ${describe(writtenOperator)}`);
    if (!isRecord(block))
      fail(`the ${describe(writtenOperator)} condition must be an object of keys to values`);
    for (const [writtenKey, rawValues] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(rawValues) ? rawValues : [rawValues];
      spend(1 + list.length);
      const values = list.map((value) => {
        if (typeof value === 'string') return terraformVariables(value);
        if (typeof value === 'boolean' || typeof value === 'number') return String(value);
        return fail(
          `the value of ${describe(writtenKey)} under ${describe(writtenOperator)} must be a string, number or boolean, got ${describe(value)}`,
        );
      });
      clauses.push({
        operator: parsed!.operator,
        ifExists: parsed!.ifExists,
        ...(parsed!.setOperator ? { setOperator: parsed!.setOperator } : {}),
        key: writtenKey.trim().toLowerCase(),
        values,
        writtenOperator,
        writtenKey,
      });
    }
  }
  return clauses;
}

function stringList(value: unknown, element: string, fail: Fail, spend: Spend): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(`${element} is an empty list`);
  spend(list.length);
  return list.map((entry) => {
    if (typeof entry !== 'string')
      return fail(`${element} must be a string or a list of strings, got ${describe(entry)}`);
    return entry;
  });
}

/** Terraform's aws_iam_policy_document writes `&{aws:username}` for the IAM variable `${aws:username}`. */
function terraformVariables(text: string): string {
  return text.replace(/&\{([^}]*)\}/g, '${$1}');
}

function optionalString(record: Record<string, unknown>, key: string, origin: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new PolicyParseError(origin, `${key} must be a string, got ${describe(value)}`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${truncated(value)}"`;
  return `${typeof value} ${String(value)}`;
}

/** A value quoted in a message: a 5 MB string from a broken file must not become a 5 MB message. */
function truncated(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
