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
  const statements = list.map((item, index) => parseStatement(item, index, origin));
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

function parseStatement(item: unknown, index: number, origin: string): PolicyStatement {
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

  const effect = item.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(
      effect === undefined
        ? 'Effect is missing; it must be "Allow" or "Deny"'
        : `Effect must be "Allow" or "Deny", got ${typeof effect === 'string' ? `"${effect}"` : describe(effect)}`,
    );
  }

  const action = parseActionElement(item, fail);
  const resource = parseResourceElement(item, fail);
  const principal = parsePrincipalElement(item, fail);
  // IAM rejects an identity policy statement without Resource or NotResource; only statements that name a
  // Principal (trust and resource policies) may leave it out. Reading it as "all resources" would be a guess.
  if (!resource && !principal) fail('a statement needs Resource or NotResource');
  const conditions = parseConditions(item.Condition, fail);

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

function parseActionElement(item: Record<string, unknown>, fail: (problem: string) => never): ActionElement {
  const hasAction = item.Action !== undefined;
  const hasNotAction = item.NotAction !== undefined;
  if (hasAction && hasNotAction) fail('a statement cannot have both Action and NotAction');
  if (!hasAction && !hasNotAction) fail('a statement needs Action or NotAction');
  const kind = hasAction ? 'Action' : 'NotAction';
  const patterns = stringList(item[kind], kind, fail).map((pattern) => {
    const trimmed = pattern.trim().toLowerCase();
    if (!/^\*+$/.test(trimmed) && !/^[^:\s]+:[^:\s]+$/.test(trimmed)) {
      fail(`${kind} "${pattern}" is not of the form "service:action" (or "*")`);
    }
    return trimmed;
  });
  return { kind, patterns };
}

function parseResourceElement(
  item: Record<string, unknown>,
  fail: (problem: string) => never,
): ResourceElement | undefined {
  const hasResource = item.Resource !== undefined;
  const hasNotResource = item.NotResource !== undefined;
  if (hasResource && hasNotResource) fail('a statement cannot have both Resource and NotResource');
  if (!hasResource && !hasNotResource) return undefined;
  const kind = hasResource ? 'Resource' : 'NotResource';
  return { kind, patterns: stringList(item[kind], kind, fail).map(terraformVariables) };
}

function parsePrincipalElement(
  item: Record<string, unknown>,
  fail: (problem: string) => never,
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
  for (const [type, ids] of Object.entries(value))
    principals[type] = stringList(ids, `${kind}.${type}`, fail);
  return { kind, value: principals };
}

function parseConditions(condition: unknown, fail: (problem: string) => never): ConditionClause[] {
  if (condition === undefined) return [];
  if (!isRecord(condition)) return fail(`Condition must be an object, got ${describe(condition)}`);
  const clauses: ConditionClause[] = [];
  for (const [writtenOperator, block] of Object.entries(condition)) {
    const parsed = parseConditionOperator(writtenOperator);
    if (!parsed) fail(`unknown condition operator "${writtenOperator}"`);
    if (!isRecord(block)) fail(`the "${writtenOperator}" condition must be an object of keys to values`);
    for (const [writtenKey, rawValues] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(rawValues) ? rawValues : [rawValues];
      const values = list.map((value) => {
        if (typeof value === 'string') return terraformVariables(value);
        if (typeof value === 'boolean' || typeof value === 'number') return String(value);
        return fail(
          `the value of "${writtenKey}" under "${writtenOperator}" must be a string, number or boolean, got ${describe(value)}`,
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

function stringList(value: unknown, element: string, fail: (problem: string) => never): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(`${element} is an empty list`);
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
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}
