import type { ActionElement } from './policyDocument.js';
import { hasWildcard, isOnlyStars, wildcardRegExp } from './wildcard.js';

// Symbolic action sets. A statement's Action/NotAction is compiled once into a matcher that answers two
// questions: for a whole service, does it cover none, all or only some of its actions (answered from the
// service prefix alone, without listing actions), and does it cover one given action. The analysis asks the
// per-service question first and only looks at single actions in services where the answer is "some".

export type Coverage = 'none' | 'all' | 'some';

export interface ActionMatcher {
  readonly element: ActionElement;
  /** Coverage of one service (lower-case prefix such as "s3"). */
  classify(service: string): Coverage;
  /** Does the element cover this lower-case "service:action"? */
  matches(action: string): boolean;
  /**
   * Which of `actions` (the lower-case actions of `service`, always the same array for a service) the element
   * covers, 1 or 0 each: the same answers as `matches`, built from one mask per pattern and service that every
   * statement with the pattern shares (managed policies repeat patterns such as ec2:Describe* many times).
   */
  mask(service: string, actions: readonly string[]): Uint8Array;
}

/** Per service's action array and name pattern: which actions the pattern's name part matches. */
const patternMasks = new WeakMap<readonly string[], Map<RegExp, Uint8Array>>();

function patternMask(actions: readonly string[], name: RegExp): Uint8Array {
  let byPattern = patternMasks.get(actions);
  if (!byPattern) {
    byPattern = new Map();
    patternMasks.set(actions, byPattern);
  }
  let mask = byPattern.get(name);
  if (!mask) {
    mask = new Uint8Array(actions.length);
    const names = namesOf(actions);
    // Most patterns are a name ("listtagsforresource") or a prefix ("describe*"): no regular expression.
    const plain = /^\^((?:[a-z0-9_]|\\-)*)(\.\*)?\$$/.exec(name.source);
    const text = plain?.[1]?.replaceAll('\\-', '-');
    for (let i = 0; i < names.length; i++) {
      const action = names[i] as string;
      const hit =
        text === undefined ? name.test(action) : plain?.[2] ? action.startsWith(text) : action === text;
      if (hit) mask[i] = 1;
    }
    byPattern.set(name, mask);
  }
  return mask;
}

const namesByActions = new WeakMap<readonly string[], readonly string[]>();

/** The name parts ("getobject" of "s3:getobject") of a service's actions. */
function namesOf(actions: readonly string[]): readonly string[] {
  let names = namesByActions.get(actions);
  if (!names) {
    names = actions.map((action) => action.slice(action.indexOf(':') + 1));
    namesByActions.set(actions, names);
  }
  return names;
}

function orInto(target: Uint8Array, source: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) | (source[i] as number);
}

interface ServicePatterns {
  readonly whole: boolean;
  readonly names: readonly RegExp[];
}

/**
 * Matchers by element content: the same Action element recurs in every copy of a guard and in every account
 * that attaches an AWS managed policy (an organization scan reads hundreds), and ReadOnlyAccess alone has
 * ~2,900 patterns. A matcher is read-only, so equal elements share one (and its per-service masks); the
 * memo is cleared when it is full.
 */
const matchers = new Map<string, ActionMatcher>();
const MAX_MATCHERS = 4096;

export function compileActionMatcher(element: ActionElement): ActionMatcher {
  const key = `${element.kind}\u0000${element.patterns.join('\u0000')}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    if (matchers.size >= MAX_MATCHERS) matchers.clear();
    matcher = buildActionMatcher(element);
    matchers.set(key, matcher);
  }
  return matcher;
}

function buildActionMatcher(element: ActionElement): ActionMatcher {
  let universal = false;
  const byService = new Map<string, { whole: boolean; names: RegExp[] }>();
  const wildcardServices: { service: RegExp; whole: boolean; name: RegExp }[] = [];

  for (const pattern of element.patterns) {
    if (isOnlyStars(pattern)) {
      universal = true;
      continue;
    }
    const colon = pattern.indexOf(':');
    const service = pattern.slice(0, colon);
    const name = pattern.slice(colon + 1);
    const whole = isOnlyStars(name);
    if (hasWildcard(service)) {
      wildcardServices.push({ service: wildcardRegExp(service), whole, name: wildcardRegExp(name) });
      continue;
    }
    const entry = byService.get(service) ?? { whole: false, names: [] };
    if (whole) entry.whole = true;
    else entry.names.push(wildcardRegExp(name));
    byService.set(service, entry);
  }

  const positiveClassify = (service: string): Coverage => {
    if (universal) return 'all';
    let coverage: Coverage = 'none';
    const own: ServicePatterns | undefined = byService.get(service);
    if (own) {
      if (own.whole) return 'all';
      if (own.names.length > 0) coverage = 'some';
    }
    for (const candidate of wildcardServices) {
      if (!candidate.service.test(service)) continue;
      if (candidate.whole) return 'all';
      coverage = 'some';
    }
    return coverage;
  };
  const positiveMatches = (action: string): boolean => {
    if (universal) return true;
    const colon = action.indexOf(':');
    const service = action.slice(0, colon);
    const name = action.slice(colon + 1);
    const own = byService.get(service);
    if (own && (own.whole || own.names.some((re) => re.test(name)))) return true;
    return wildcardServices.some((c) => c.service.test(service) && (c.whole || c.name.test(name)));
  };

  const negated = element.kind === 'NotAction';
  return {
    element,
    // Not memoised here: the analysis keeps one coverage per service and matcher in a byte array
    // (serviceCoverage.ts), and a Map of ~450 services per statement came to ~90 MB in a large account.
    classify(service) {
      const positive = positiveClassify(service);
      return negated ? (positive === 'all' ? 'none' : positive === 'none' ? 'all' : 'some') : positive;
    },
    matches(action) {
      return positiveMatches(action) !== negated;
    },
    mask(service, actions) {
      const mask = new Uint8Array(actions.length);
      const own = byService.get(service);
      const wildcards = wildcardServices.filter((candidate) => candidate.service.test(service));
      if (universal || own?.whole || wildcards.some((candidate) => candidate.whole)) mask.fill(1);
      else
        for (const name of [...(own?.names ?? []), ...wildcards.map((candidate) => candidate.name)])
          orInto(mask, patternMask(actions, name));
      if (negated) for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) ^ 1;
      return mask;
    },
  };
}
