import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeEnforcementPolicy,
  analyzeWithoutMfa,
  createMfaAnalyzer,
  parsePolicyDocument,
  type PolicyDocument,
  type PolicySet,
} from '../../src/policy/index.js';
import { fuzzParameters, timeoutFor } from './fuzzSettings.js';
import {
  mfaStatement,
  SMALL_CATALOG,
  validPolicy,
  validStatement,
  type JsonPolicy,
  type JsonStatement,
} from './policyArbitraries.js';
import { analysisSignature, reachableActions, verdictSignature } from './policySignature.js';
import {
  insertStatement,
  recaseActions,
  recaseConditionKeys,
  recaseOperators,
  renameSids,
  reorder,
  statementAsObject,
  toggleScalars,
} from './policyTransforms.js';

// Invariants of the engine on valid documents: what IAM evaluates alike gets the same verdict, and the
// verdicts move the right way when statements are added. Reachable sets are compared on a small catalog in
// which the analysis names every reachable action.

const catalog = SMALL_CATALOG;
let documents = 0;
const doc = (policy: unknown): PolicyDocument => parsePolicyDocument(policy, `p${documents++}.json`);

const verdictOf = (policy: unknown) => verdictSignature(analyzeEnforcementPolicy(doc(policy), { catalog }));
const analysisOf = (set: PolicySet) => analysisSignature(analyzeWithoutMfa(set, { catalog }));

/** Both ways the policy is judged: on its own (beside Allow *) and as a principal's only policy. */
function judged(policy: unknown) {
  return { verdict: verdictOf(policy), alone: analysisOf({ identity: [doc(policy)] }) };
}

const bits = fc.integer({ min: 0, max: 0x7fffffff });

describe('verdicts do not depend on how a policy is written', () => {
  it(
    'statement order',
    () => {
      fc.assert(
        fc.property(validPolicy, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (policy, keys) => {
          const reordered = judged(reorder(policy, keys));
          const original = judged(policy);
          // Verdict and reasons included: of several Denies that apply, decide() credits one by kind, not
          // by position (policyRegressions.test.ts).
          const outcome = ({ verdict, alone }: ReturnType<typeof judged>) => ({
            alone,
            verdict: verdict.verdict,
            reasons: verdict.reasons,
          });
          expect(outcome(reordered)).toEqual(outcome(original));
        }),
        fuzzParameters(300),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'the case of condition keys and of action names (both case-insensitive in IAM)',
    () => {
      fc.assert(
        fc.property(validPolicy, bits, (policy, seed) => {
          expect(judged(recaseActions(recaseConditionKeys(policy, seed), seed))).toEqual(judged(policy));
        }),
        fuzzParameters(300),
      );
    },
    timeoutFor(60_000),
  );

  // IAM refuses a miscased operator ("MalformedPolicyDocument: Invalid Condition type : stringEquals" from
  // CreateRole), so such a document never reaches an account; the engine reads operators case-insensitively
  // (parseConditionOperator), which is what lets a Terraform or CloudFormation document with `boolifexists`
  // be judged before IAM refuses it at apply time. This pins the engine's reading.
  it(
    'the case of condition operators, which the engine reads case-insensitively',
    () => {
      fc.assert(
        fc.property(validPolicy, bits, (policy, seed) => {
          expect(judged(recaseOperators(policy, seed))).toEqual(judged(policy));
        }),
        fuzzParameters(200),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'a scalar or a one-element list, and a lone statement as an object or a list',
    () => {
      fc.assert(
        fc.property(validPolicy, (policy) => {
          expect(judged(toggleScalars(policy))).toEqual(judged(policy));
          expect(judged(statementAsObject(policy))).toEqual(judged(policy));
        }),
        fuzzParameters(300),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'Sids: none, others, the same one twice',
    () => {
      fc.assert(
        fc.property(
          validPolicy,
          fc.array(fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { nil: undefined }), { minLength: 1 }),
          (policy, names) => {
            expect(judged(renameSids(policy, names))).toEqual(judged(policy));
          },
        ),
        fuzzParameters(300),
      );
    },
    timeoutFor(60_000),
  );
});

/** Is every action of `smaller` also in `larger`, for both credential kinds? */
function expectSubset(smaller: PolicySet, larger: PolicySet): void {
  const a = analyzeWithoutMfa(smaller, { catalog });
  const b = analyzeWithoutMfa(larger, { catalog });
  for (const kind of ['console', 'accessKey'] as const) {
    const inner = reachableActions(a[kind]);
    const outer = reachableActions(b[kind]);
    expect([...inner].filter((action) => !outer.has(action))).toEqual([]);
    expect(a[kind].total).toBeLessThanOrEqual(b[kind].total);
  }
}

function expectExemptSubset(smaller: JsonPolicy, larger: JsonPolicy): void {
  const a = analyzeEnforcementPolicy(doc(smaller), { catalog });
  const b = analyzeEnforcementPolicy(doc(larger), { catalog });
  const outer = new Set(b.exemptActions);
  expect(a.exemptActions.filter((action) => !outer.has(action))).toEqual([]);
  expect(a.exemptActionCount).toBeLessThanOrEqual(b.exemptActionCount);
}

const deny: fc.Arbitrary<JsonStatement> = fc
  .oneof(validStatement, mfaStatement)
  .map((statement) => ({ ...statement, Effect: 'Deny' }));
const allow: fc.Arbitrary<JsonStatement> = fc
  .oneof(validStatement, mfaStatement)
  .map((statement) => ({ ...statement, Effect: 'Allow' }));

describe('adding statements moves reach the right way', () => {
  it(
    'a Deny never makes more actions reachable without MFA (same document or another one)',
    () => {
      fc.assert(
        fc.property(validPolicy, deny, fc.nat(), (policy, statement, position) => {
          const more = insertStatement(policy, statement, position);
          expectSubset({ identity: [doc(more)] }, { identity: [doc(policy)] });
          const extra = doc({ Version: '2012-10-17', Statement: [statement] });
          expectSubset({ identity: [doc(policy), extra] }, { identity: [doc(policy)] });
          expectExemptSubset(more, policy);
        }),
        fuzzParameters(300),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'an Allow never makes fewer actions reachable without MFA',
    () => {
      fc.assert(
        fc.property(validPolicy, allow, fc.nat(), (policy, statement, position) => {
          const more = insertStatement(policy, statement, position);
          expectSubset({ identity: [doc(policy)] }, { identity: [doc(more)] });
          expectExemptSubset(policy, more);
        }),
        fuzzParameters(300),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'a permissions boundary or an SCP never makes more actions reachable',
    () => {
      fc.assert(
        fc.property(validPolicy, validPolicy, (policy, limit) => {
          const identity = [doc(policy)];
          expectSubset({ identity, boundary: [doc(limit)] }, { identity });
          expectSubset({ identity, scps: [doc(limit)] }, { identity });
        }),
        fuzzParameters(200),
      );
    },
    timeoutFor(60_000),
  );
});

describe('the memoising analyzer', () => {
  it(
    'answers every policy set as a fresh analysis does, whatever was analysed before',
    () => {
      fc.assert(
        fc.property(
          fc.array(validPolicy, { minLength: 1, maxLength: 4 }),
          fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 8 }),
          (policies, picks) => {
            // The same document objects recur across sets, as they do for users sharing groups.
            const documents = policies.map(doc);
            const analyzer = createMfaAnalyzer({ catalog });
            for (const [a, b, withPrincipal] of picks) {
              const set: PolicySet = {
                identity: [documents[a % documents.length], documents[b % documents.length]].filter(
                  (d): d is PolicyDocument => d !== undefined,
                ),
              };
              const principal = withPrincipal
                ? { 'aws:username': 'alice', 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/alice' }
                : undefined;
              const cached = analysisSignature(analyzer.analyze(set, principal));
              const fresh = analysisSignature(
                analyzeWithoutMfa(set, { catalog, ...(principal ? { context: principal } : {}) }),
              );
              expect(cached).toEqual(fresh);
            }
          },
        ),
        fuzzParameters(200),
      );
    },
    timeoutFor(60_000),
  );
});
