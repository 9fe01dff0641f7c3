import type { ConditionClause, PolicyDocument } from './policyDocument.js';
import type { LayeredStatement, PolicyLayers } from './reachability.js';
import { ALWAYS_PRESENT_KEYS, lookupKey, MFA_PRESENT_KEY, type RequestContext } from './requestContext.js';

// The condition keys a witness names. The analysis fixes the MFA keys and aws:ViaAWSService and leaves every
// other key undecided; a witness is one fully known request, so it names every key its decision reads:
// aws:MultiFactorAuthPresent always ("false" for a console session, null for an access key), the principal's
// aws:username and aws:PrincipalArn, the other keys the context fixes when a policy tests them, example values
// for keys AWS always sends (aws:RequestedRegion, ...) when a policy tests them, and, for a request the
// analysis could not decide, values taken from the conditions that make it succeed.

const SPELLINGS: Readonly<Record<string, string>> = {
  'aws:multifactorauthpresent': 'aws:MultiFactorAuthPresent',
  'aws:multifactorauthage': 'aws:MultiFactorAuthAge',
  'aws:viaawsservice': 'aws:ViaAWSService',
  'aws:principalarn': 'aws:PrincipalArn',
  'aws:principalaccount': 'aws:PrincipalAccount',
  'aws:principalorgid': 'aws:PrincipalOrgID',
  'aws:principalorgpaths': 'aws:PrincipalOrgPaths',
  'aws:principaltype': 'aws:PrincipalType',
  'aws:requestedregion': 'aws:RequestedRegion',
  'aws:securetransport': 'aws:SecureTransport',
  'aws:currenttime': 'aws:CurrentTime',
  'aws:epochtime': 'aws:EpochTime',
  'aws:sourceip': 'aws:SourceIp',
  'aws:username': 'aws:username',
  'aws:userid': 'aws:userid',
};

/** Keys a witness names whether or not a policy tests them. */
const ALWAYS_NAMED: ReadonlySet<string> = new Set([MFA_PRESENT_KEY, 'aws:username', 'aws:principalarn']);

export interface TestedKeys {
  /** Lower-cased keys that conditions test or that policy variables (conditions, resources) read. */
  readonly keys: ReadonlySet<string>;
  /** How the policies spell them. */
  readonly spelling: ReadonlyMap<string, string>;
}

const perDocument = new WeakMap<PolicyDocument, TestedKeys>();

export function testedKeys(layers: PolicyLayers): TestedKeys {
  const keys = new Set<string>();
  const spelling = new Map<string, string>();
  for (const document of new Set(layers.statements.map((entry) => entry.compiled.document))) {
    const own = documentKeys(document);
    own.keys.forEach((key) => keys.add(key));
    own.spelling.forEach((written, key) => spelling.set(key, written));
  }
  return { keys, spelling };
}

function documentKeys(document: PolicyDocument): TestedKeys {
  let found = perDocument.get(document);
  if (!found) {
    const keys = new Set<string>();
    const spelling = new Map<string, string>();
    const variables = (text: string) => {
      for (const match of text.matchAll(/\$\{([^},]+)/g)) {
        const written = (match[1] ?? '').trim();
        if (written.includes(':')) {
          keys.add(written.toLowerCase());
          spelling.set(written.toLowerCase(), written);
        }
      }
    };
    for (const statement of document.statements) {
      for (const clause of statement.conditions) {
        keys.add(clause.key);
        spelling.set(clause.key, clause.writtenKey.trim());
        clause.values.forEach(variables);
      }
      statement.resource?.patterns.forEach(variables);
    }
    found = { keys, spelling };
    perDocument.set(document, found);
  }
  return found;
}

export function spell(key: string, tested: TestedKeys, principal: ReadonlyMap<string, string>): string {
  return principal.get(key) ?? SPELLINGS[key] ?? tested.spelling.get(key) ?? key;
}

/** Values for keys AWS sends with every request, when a policy tests one the context does not fix. */
export interface AlwaysPresentExamples {
  readonly account: string;
  readonly principalArn?: string;
  readonly now: Date;
}

function exampleValue(key: string, examples: AlwaysPresentExamples): string | undefined {
  switch (key) {
    case 'aws:requestedregion':
      return 'us-east-1';
    case 'aws:securetransport':
      return 'true';
    case 'aws:currenttime':
      return `${examples.now.toISOString().slice(0, 19)}Z`;
    case 'aws:epochtime':
      return String(Math.floor(examples.now.getTime() / 1000));
    case 'aws:principalarn':
      return examples.principalArn;
    case 'aws:principalaccount':
      return examples.account;
    case 'aws:principaltype':
      return 'User';
    case 'aws:userid':
      return 'AIDAEXAMPLEUSERID';
    default:
      return undefined;
  }
}

/** The keys of a search context that the witness names, spelled as AWS writes them. */
export function witnessContext(
  context: RequestContext,
  tested: TestedKeys,
  principal: ReadonlyMap<string, string>,
  examples: AlwaysPresentExamples,
): Record<string, string | readonly string[] | null> {
  const named: Record<string, string | readonly string[] | null> = {};
  for (const [key, values] of Object.entries(context.keys)) {
    if (!ALWAYS_NAMED.has(key) && !tested.keys.has(key)) continue;
    named[spell(key, tested, principal)] = values === null ? null : values.length === 1 ? values[0]! : values;
  }
  for (const key of tested.keys) {
    if (!ALWAYS_PRESENT_KEYS.has(key) || lookupKey(context, key).state !== 'unknown') continue;
    const value = exampleValue(key, examples);
    if (value !== undefined) named[spell(key, tested, principal)] = value;
  }
  return named;
}

/**
 * Keys the statements read that the context leaves undecided (lower-cased, in the order met); `resources`:
 * also those Resource variables read (a witness needs them for its ARN; a decision never depends on them).
 */
export function undecidedKeys(
  matching: readonly Pick<LayeredStatement, 'compiled'>[],
  context: RequestContext,
  { resources = true }: { readonly resources?: boolean } = {},
): string[] {
  const keys = new Set<string>();
  const variables = (text: string) => {
    for (const match of text.matchAll(/\$\{([^},]+)/g)) {
      const key = (match[1] ?? '').trim().toLowerCase();
      if (key.includes(':') && lookupKey(context, key).state === 'unknown') keys.add(key);
    }
  };
  for (const { compiled } of matching) {
    for (const clause of compiled.statement.conditions) {
      if (lookupKey(context, clause.key).state === 'unknown') keys.add(clause.key);
      clause.values.forEach(variables);
    }
    if (resources) compiled.statement.resource?.patterns.forEach(variables);
  }
  return [...keys];
}

const VALUES_PER_KEY = 6;

/**
 * Values worth trying for an undecided key: those the conditions compare it with (an address for a CIDR
 * range, a word for a wildcard, one either side of a number), and absence for keys AWS does not always send.
 */
export function candidateValues(key: string, matching: readonly LayeredStatement[]): (string | null)[] {
  const values: (string | null)[] = [];
  for (const { compiled } of matching)
    for (const clause of compiled.statement.conditions)
      if (clause.key === key) values.push(...valuesOf(clause));
  if (!ALWAYS_PRESENT_KEYS.has(key)) values.push(null);
  return [...new Set(values)].slice(0, VALUES_PER_KEY);
}

function valuesOf(clause: ConditionClause): string[] {
  const plain = clause.values.filter((value) => !value.includes('${'));
  switch (clause.operator) {
    case 'IpAddress':
    case 'NotIpAddress':
      return plain.map((value) => value.replace(/\/\d+$/, ''));
    case 'Bool':
      return ['true', 'false'];
    case 'NumericEquals':
    case 'NumericNotEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return plain.flatMap((value) => {
        const n = Number(value);
        return Number.isFinite(n) ? [String(n), String(n - 1), String(n + 1)] : [value];
      });
    default:
      return plain.map((value) => value.replace(/\*+/g, 'example').replace(/\?/g, 'x'));
  }
}
