import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { analyzeWithoutMfa } from './analyzeWithoutMfa.js';
import { createMfaAnalyzer, policySetKey } from './createMfaAnalyzer.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicyDocument } from './policyDocument.js';
import type { PolicySet } from './reachability.js';
import type { ContextKeys } from './requestContext.js';

const fixture = (name: string) =>
  parsePolicyDocument(
    readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
    name,
  );

/** Deny without MFA for everyone but alice: decided by the principal's own keys. */
const denyWithoutMfaExceptAlice = () =>
  parsePolicyDocument(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: 'iam:*',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            StringNotEquals: { 'aws:username': 'alice' },
          },
        },
      ],
    },
    'except-alice',
  );

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe('createMfaAnalyzer', () => {
  it('keys a policy set by its documents, ignoring order and duplicates', () => {
    const a = fixture('administrator-access.json');
    const b = fixture('aws-self-manage-mfa-device.json');
    expect(policySetKey({ identity: [a, b] })).toBe(policySetKey({ identity: [b, a, a] }));
    expect(policySetKey({ identity: [a] })).not.toBe(policySetKey({ identity: [a], boundary: [b] }));
    // Equal text parsed twice is a different document object: callers parse each distinct document once.
    expect(policySetKey({ identity: [a] })).not.toBe(
      policySetKey({ identity: [fixture('administrator-access.json')] }),
    );
  });

  it('analyses each distinct set once and returns the same answer as analyzeWithoutMfa', () => {
    const analyzer = createMfaAnalyzer({ catalog });
    const admin = fixture('administrator-access.json');
    const mfa = fixture('aws-manage-own-credentials-with-mfa.json');
    const first = analyzer.analyze({ identity: [admin, mfa] });
    const again = analyzer.analyze({ identity: [mfa, admin] });
    expect(again).toBe(first);
    expect(analyzer.cacheSize).toBe(1);
    expect(first).toEqual(analyzeWithoutMfa({ identity: [admin, mfa] }, { catalog }));
    analyzer.analyze({ identity: [admin] });
    expect(analyzer.cacheSize).toBe(2);
    analyzer.clear();
    expect(analyzer.cacheSize).toBe(0);
  });

  it('keep: false answers from the memo but does not add to it, and counts every analysis', () => {
    const analyzer = createMfaAnalyzer({ catalog });
    const admin = fixture('administrator-access.json');
    const mfa = fixture('aws-manage-own-credentials-with-mfa.json');
    const kept = analyzer.analyze({ identity: [admin] });
    expect(analyzer.analyze({ identity: [admin] }, undefined, { keep: false })).toBe(kept);
    const once = analyzer.analyze({ identity: [mfa] }, undefined, { keep: false });
    expect(analyzer.cacheSize).toBe(1);
    expect(analyzer.analyze({ identity: [mfa] })).not.toBe(once);
    expect(analyzer.analyze({ identity: [mfa] })).toEqual(once);
    expect(analyzer.analysedCount).toBe(3);
    expect(analyzer.keyOf({ identity: [mfa, admin] })).toBe(analyzer.keyOf({ identity: [admin, mfa] }));
  });

  it('keys made for every principal first, then analysed one by one, answer for each principal and set', () => {
    const analyzer = createMfaAnalyzer({ catalog });
    const admin = fixture('administrator-access.json');
    const exceptAlice = denyWithoutMfaExceptAlice();
    const guarded: PolicySet = { identity: [admin, exceptAlice] };
    const open: PolicySet = { identity: [admin] };
    const alice: ContextKeys = { 'aws:username': 'alice' };
    const bob: ContextKeys = { 'aws:username': 'bob' };
    // As console-user-mfa-enforced asks: every key first, then each principal's analysis.
    const keys = [analyzer.keyOf(guarded, alice), analyzer.keyOf(guarded, bob)];
    expect(keys[0]).not.toBe(keys[1]);
    const forAlice = analyzer.analyze(guarded, alice);
    const forBob = analyzer.analyze(guarded, bob);
    expect(forAlice).toEqual(analyzeWithoutMfa(guarded, { catalog, context: alice }));
    expect(forBob).toEqual(analyzeWithoutMfa(guarded, { catalog, context: bob }));
    expect(forAlice.console.total).toBeGreaterThan(forBob.console.total);
    // The same principal object with another set (or shapes) gets that set's key, not the last one made.
    expect(analyzer.keyOf(open, alice)).not.toBe(keys[0]);
    expect(analyzer.analyze(open, alice)).toEqual(analyzeWithoutMfa(open, { catalog, context: alice }));
    expect(analyzer.keyOf(guarded, alice)).toBe(keys[0]);
    expect(analyzer.keyOf(guarded, alice, { 'aws:PrincipalArn': 'arn:aws:iam::1:user/*' })).toBe(keys[0]);
  });

  it('memoised analyses of different sets share equal per-service reaches and statement references', () => {
    const analyzer = createMfaAnalyzer({ catalog });
    const admin = fixture('administrator-access.json');
    const first = analyzer.analyze({ identity: [admin] });
    const second = analyzer.analyze({ identity: [admin, fixture('deny-notaction-iam-wildcard.json')] });
    expect(second).not.toBe(first);
    const reach = (analysis: typeof first, service: string) =>
      analysis.console.services.find((entry) => entry.service === service);
    // IAM stays wholly reachable in both (only the other services are denied in the second).
    expect(reach(second, 'iam')).toEqual(reach(first, 'iam'));
    expect(reach(second, 'iam')).toBe(reach(first, 'iam'));
    // Allow * decides every action for both credential kinds: one reference.
    expect(first.accessKey.allowedBy[0]).toBe(first.console.allowedBy[0]);
    expect(second).toEqual(
      analyzeWithoutMfa({ identity: [admin, fixture('deny-notaction-iam-wildcard.json')] }, { catalog }),
    );
  });

  it('answers every set as a fresh analysis would (random sets, layers and principals, in sequence)', () => {
    // Documents that decide services wholly, partly, conditionally, by resource and by principal key.
    const pool = [
      'administrator-access.json',
      'aws-manage-own-credentials-with-mfa.json',
      'deny-bool-false.json',
      'deny-null-true.json',
      'deny-notaction-iam-wildcard.json',
      'deny-notaction-sts-assumerole.json',
      'deny-notresource-s3.json',
      'deny-own-user-arn-only.json',
      'deny-s3-only.json',
      'deny-with-source-ip.json',
      'allow-bool-true.json',
      's3-read-only-boundary.json',
      'terraform-lowercase-variables.json',
    ].map(fixture);
    const exceptAlice = denyWithoutMfaExceptAlice();
    pool.push(exceptAlice);
    const [admin, , , , , , , , , , , boundary] = pool as [PolicyDocument, ...PolicyDocument[]];
    // The same statements under another layer shape, or for another principal: different answers.
    const sequences: [PolicySet, ContextKeys | undefined][][] = [
      [
        [{ identity: [admin] }, undefined],
        [{ identity: [admin], boundary: [boundary as PolicyDocument] }, undefined],
        // An SCP level with no Allow: nothing is reachable.
        [{ identity: [admin], scpLevels: [[exceptAlice]] }, undefined],
      ],
      [
        [{ identity: [admin, exceptAlice] }, { 'aws:username': 'alice' }],
        [{ identity: [admin, exceptAlice] }, { 'aws:username': 'bob' }],
        [{ identity: [admin, exceptAlice] }, undefined],
      ],
    ];
    for (const sequence of sequences) {
      const analyzer = createMfaAnalyzer({ catalog });
      const answers = sequence.map(([policySet, keys]) => {
        const answer = analyzer.analyze(policySet, keys);
        expect(answer).toEqual(analyzeWithoutMfa(policySet, { catalog, ...(keys ? { context: keys } : {}) }));
        return `${answer.console.total}/${answer.console.conditional}`;
      });
      // The cases differ, so an answer carried over from an earlier set would have shown.
      expect(new Set(answers).size).toBe(answers.length);
    }
    const pick = fc.subarray(pool, { minLength: 1, maxLength: 4 });
    const set = fc.record({
      identity: pick,
      boundary: fc.option(pick, { nil: undefined }),
      scpLevels: fc.option(fc.array(pick, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    });
    const principal = fc.option(
      fc.constantFrom('alice', 'bob').map((name) => ({
        'aws:username': name,
        'aws:PrincipalArn': `arn:aws:iam::111122223333:user/${name}`,
      })),
      { nil: undefined },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(set, principal), { minLength: 2, maxLength: 6 }), (cases) => {
        const analyzer = createMfaAnalyzer({ catalog });
        for (const [raw, keys] of cases) {
          const policySet = {
            identity: raw.identity,
            ...(raw.boundary ? { boundary: raw.boundary } : {}),
            ...(raw.scpLevels ? { scpLevels: raw.scpLevels } : {}),
          };
          const fresh = analyzeWithoutMfa(policySet, { catalog, ...(keys ? { context: keys } : {}) });
          expect(analyzer.analyze(policySet, keys)).toEqual(fresh);
        }
      }),
      { seed: 23, numRuns: 25 },
    );
  });

  it('sets that share their documents come to share one memo of decisions, and answer as fresh analyses', () => {
    const pool = [
      'administrator-access.json',
      'aws-manage-own-credentials-with-mfa.json',
      'deny-bool-false.json',
      'deny-notaction-iam-wildcard.json',
      'deny-s3-only.json',
      'deny-with-source-ip.json',
      'terraform-lowercase-variables.json',
    ].map(fixture);
    const boundary = fixture('s3-read-only-boundary.json');
    const sets: PolicySet[] = [];
    // Each pair once: the memo key ignores document order, and of two MFA Denies the first is credited.
    for (let a = 0; a < pool.length; a++)
      for (let b = a + 1; b < pool.length; b++) {
        const identity = [pool[a], pool[b]] as PolicyDocument[];
        sets.push(
          { identity },
          { identity, boundary: [boundary] },
          { identity, scpLevels: [[pool[a] as PolicyDocument]] },
        );
      }
    // Probing a few sets decides: shared (they share statements) or not (a bar no set can reach).
    for (const min of [0.5, 1.01]) {
      const analyzer = createMfaAnalyzer({ catalog }, { trial: 20, min });
      for (const set of sets) expect(analyzer.analyze(set)).toEqual(analyzeWithoutMfa(set, { catalog }));
      expect(analyzer.sharing).toBe(min < 1);
    }
  });

  it('10,000 users in 3 groups over 2,000 managed policies take seconds, not minutes', () => {
    // A deterministic synthetic account: 2,000 policies of random service patterns, 60 groups of up to 8
    // policies, each user in 3 groups. Distinct group combinations are analysed once.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const verbs = ['Get*', 'List*', 'Describe*', 'Put*', '*', 'Create*', 'Delete*'];
    const policies: PolicyDocument[] = Array.from({ length: 2000 }, (_, i) =>
      parsePolicyDocument(
        {
          Version: '2012-10-17',
          Statement: Array.from({ length: 1 + random(4) }, () => ({
            Effect: random(10) === 0 ? 'Deny' : 'Allow',
            Action: Array.from(
              { length: 1 + random(30) },
              () => `${catalog.services[random(catalog.services.length)]}:${verbs[random(verbs.length)]}`,
            ),
            Resource: '*',
          })),
        },
        `policy-${i}`,
      ),
    );
    const groups = Array.from({ length: 60 }, () =>
      Array.from({ length: 1 + random(8) }, () => policies[random(2000)]!),
    );
    const combos = Array.from({ length: 300 }, () => [random(60), random(60), random(60)]);
    const analyzer = createMfaAnalyzer({ catalog });
    const started = performance.now();
    for (let user = 0; user < 10_000; user++) {
      const combo = combos[random(combos.length)]!;
      analyzer.analyze({ identity: combo.flatMap((g) => groups[g]!) });
    }
    const seconds = (performance.now() - started) / 1000;
    expect(analyzer.cacheSize).toBeLessThanOrEqual(300);
    expect(seconds).toBeLessThan(20);
  });
});
