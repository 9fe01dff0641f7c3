// The witness property over every policy fixture: each verdict other than enforced carries a witness that
// our own engine allows as one fully known request (one action, one resource, every key not in the witness's
// context absent), that the catalog-wide analysis also finds reachable for that credential, and that rests on
// the statement it names: without that statement, the witness changes or nothing is reachable any more.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { allowEverything } from './allowEverything.js';
import { analyzeEnforcementPolicy } from './analyzeEnforcementPolicy.js';
import { analyzeWithoutMfa, credentialContexts, type PrincipalMfaAnalysis } from './analyzeWithoutMfa.js';
import { evaluateCredential } from './credentialOutcomes.js';
import { isSelfEnrolmentAction } from './mfaActionLists.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import type { PolicyDocument } from './policyDocument.js';
import { decisionOf, layersOf, type PolicySet } from './reachability.js';
import { describeWitness, witnessStatement, type Witness, type WitnessStatement } from './witness.js';
import { evaluateWitness } from './witnessRequest.js';
import { findWitness, type WitnessPrincipal } from './witnessSearch.js';

const DIR = new URL('../../test/fixtures/policies/', import.meta.url);
const FIXTURES = readdirSync(DIR).filter((name) => name.endsWith('.json') && name !== 'invalid-effect.json');
const fixture = (name: string): PolicyDocument =>
  parsePolicyDocument(JSON.parse(readFileSync(new URL(name, DIR), 'utf8')), name);
const ADMIN = parsePolicyDocument(
  JSON.parse(readFileSync(new URL('administrator-access.json', DIR), 'utf8')),
  'AdministratorAccess',
);

const ALICE: WitnessPrincipal = {
  keys: { 'aws:username': 'alice', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' },
  partition: 'aws',
  account: '111122223333',
};

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

/** The witness holds: allowed as a single request, reachable in the catalog analysis, by the named Allow. */
function expectWitnessHolds(set: PolicySet, analysis: PrincipalMfaAnalysis, witness: Witness | undefined) {
  expect(witness === undefined).toBe(analysis.enforced);
  if (!witness) return;
  const decision = evaluateWitness(set, witness);
  expect(decision.reachable, describeWitness(witness)).toBe(true);
  expect(decision.conditional).toBe(false);
  expect(decision.partialResources).toBe(false);
  expect(decision.allowedBy && witnessStatement(decision.allowedBy)).toEqual(witness.allowedBy);
  expect(isSelfEnrolmentAction(witness.action)).toBe(false);
  expect(witness.resource).toMatch(/^(\*|arn:aws:[a-z0-9-]+:)/);

  const kind = witness.credential === 'console-session' ? 'console' : 'accessKey';
  expect(analysis[kind].enforced).toBe(false);
  expect(witness.context['aws:MultiFactorAuthPresent']).toBe(
    kind === 'console' || witness.viaSessionToken ? 'false' : null,
  );
  const lower = witness.action.toLowerCase();
  const outcomes = evaluateCredential(layersOf(set), kind, credentialContexts(), catalog);
  expect(decisionOf(outcomes, catalog, lower)?.reachable).toBe(true);

  // The named statement exists, allows, and covers the action.
  const documents = [...set.identity];
  const statement = documents
    .filter((document) => document.origin === witness.allowedBy.policy)
    .flatMap((document) => document.statements)
    .find((st) => (st.sid ?? `Statement[${st.index}]`) === witness.allowedBy.statement);
  expect(statement?.effect).toBe('Allow');
}

/** The set without the statement a witness names (its document left out when nothing else remains). */
function withoutStatement(set: PolicySet, by: WitnessStatement): PolicySet {
  const identity = set.identity.flatMap((document) => {
    if (document.origin !== by.policy) return [document];
    const statements = document.statements.filter(
      (st) => (st.sid ?? `Statement[${st.index}]`) !== by.statement,
    );
    return statements.length > 0 ? [{ ...document, statements }] : [];
  });
  expect(identity).not.toEqual(set.identity);
  return { ...set, identity };
}

function expectMutationMatters(set: PolicySet, witness: Witness, principal?: WitnessPrincipal) {
  const mutated = withoutStatement(set, witness.allowedBy);
  const analysis = analyzeWithoutMfa(mutated, { catalog });
  const again = findWitness(mutated, analysis, { catalog, ...(principal ? { principal } : {}) });
  expectWitnessHolds(mutated, analysis, again);
  expect(analysis.enforced || JSON.stringify(again) !== JSON.stringify(witness)).toBe(true);
}

describe.each(FIXTURES)('witness for %s', (name) => {
  it('analyze policy: a witness and a replay exactly when not enforced, and the witness holds', () => {
    const document = fixture(name);
    const verdict = analyzeEnforcementPolicy(document, { catalog });
    const set = { identity: [allowEverything, document] };
    const analysis = analyzeWithoutMfa(set, { catalog });
    expect(analysis.enforced).toBe(verdict.verdict === 'enforced');
    expectWitnessHolds(set, analysis, verdict.witness);
    expect(verdict.replay === undefined).toBe(verdict.verdict === 'enforced');
    if (verdict.witness) {
      expect(verdict.replay).toContain('aws iam simulate-custom-policy --policy-input-list');
      expect(verdict.replay).toContain(`"$(cat ${name})"`);
      expect(verdict.witness.context['aws:username']).toBe('example-user');
      expectMutationMatters(set, verdict.witness);
    }
  });

  it('for a user, alone and beside AdministratorAccess: the witness holds and rests on its statement', () => {
    const document = fixture(name);
    for (const set of [{ identity: [document] }, { identity: [ADMIN, document] }]) {
      const analysis = analyzeWithoutMfa(set, { catalog });
      const witness = findWitness(set, analysis, { catalog, principal: ALICE });
      expectWitnessHolds(set, analysis, witness);
      if (witness) {
        expect(witness.context['aws:username']).toBe('alice');
        expect(witness.context['aws:PrincipalArn']).toBe('arn:aws:iam::111122223333:user/alice');
        expectMutationMatters(set, witness, ALICE);
      }
    }
  });
});
