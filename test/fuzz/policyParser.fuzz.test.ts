import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  actionCatalogSync,
  analyzeEnforcementPolicy,
  analyzeWithoutMfa,
  createMfaAnalyzer,
  parsePolicyDocument,
  PolicyParseError,
  readPolicyFile,
  type PolicyDocument,
} from '../../src/policy/index.js';
import { MAX_POLICY_VALUES, MAX_STATEMENTS } from '../../src/policy/parsePolicyDocument.js';
import { fuzzParameters, timeoutFor } from './fuzzSettings.js';
import { anyDocument, brokenPolicy, SMALL_CATALOG, validPolicy } from './policyArbitraries.js';

// Whatever the document, the parser and the engine give a verdict or an input error: never a TypeError, a
// RangeError or a hang. An error inside a statement names the statement.

const ORIGIN = 'fuzz.json';

/** Parses; a PolicyParseError is returned, anything else thrown is a failure of the property. */
function parse(input: unknown): PolicyDocument | PolicyParseError {
  try {
    return parsePolicyDocument(input, ORIGIN);
  } catch (error) {
    if (error instanceof PolicyParseError) return error;
    throw error;
  }
}

function expectWellFormedError(error: PolicyParseError): void {
  expect(error).toBeInstanceOf(InputError);
  expect(error.message.startsWith(`${ORIGIN}: `)).toBe(true);
  // A message quotes at most the start of a huge value.
  expect(error.message.length).toBeLessThan(1_000);
  if (error.statementIndex !== undefined) {
    expect(error.message).toContain(`Statement[${error.statementIndex}]`);
    if (error.sid) expect(error.message).toContain(`(Sid "${error.sid.slice(0, 80)}`);
  }
}

function expectVerdicts(document: PolicyDocument, catalog = SMALL_CATALOG): void {
  const alone = analyzeWithoutMfa({ identity: [document] }, { catalog });
  for (const credential of [alone.console, alone.accessKey]) {
    expect(credential.total).toBeGreaterThanOrEqual(0);
    expect(credential.total).toBeLessThanOrEqual(catalog.size);
    expect(credential.beyondSelfEnrolment).toBeLessThanOrEqual(credential.total);
  }
  const verdict = analyzeEnforcementPolicy(document, { catalog });
  expect(['enforced', 'partial', 'weak', 'none']).toContain(verdict.verdict);
  expect(verdict.exemptActionCount).toBeGreaterThanOrEqual(verdict.exemptActions.length);
  const analyzer = createMfaAnalyzer({ catalog });
  analyzer.analyze({ identity: [document] }, { 'aws:username': 'alice', 'aws:PrincipalType': 'User' });
}

describe('policy parser and engine on arbitrary input', () => {
  it(
    'give a verdict or a PolicyParseError naming the origin for anything at all',
    () => {
      fc.assert(
        fc.property(anyDocument, (input) => {
          const parsed = parse(input);
          if (parsed instanceof PolicyParseError) expectWellFormedError(parsed);
          else expectVerdicts(parsed);
        }),
        fuzzParameters(400),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'name the statement (index, and Sid when it has one) when a statement is broken',
    () => {
      fc.assert(
        fc.property(brokenPolicy, (input) => {
          const parsed = parse(input);
          if (!(parsed instanceof PolicyParseError)) {
            expectVerdicts(parsed);
            return;
          }
          expectWellFormedError(parsed);
          expect(parsed.statementIndex).toBeDefined();
          expect(parsed.statementIndex).toBeLessThan(input.Statement.length);
          const statement = input.Statement[parsed.statementIndex as number] as Record<string, unknown>;
          if (typeof statement?.Sid === 'string' && statement.Sid !== '')
            expect(parsed.sid).toBe(statement.Sid);
        }),
        fuzzParameters(400),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'analyse valid documents against the full catalog without failing',
    () => {
      const catalog = actionCatalogSync();
      fc.assert(
        fc.property(validPolicy, (policy) => {
          const parsed = parse(policy);
          expect(parsed).not.toBeInstanceOf(PolicyParseError);
          expectVerdicts(parsed as PolicyDocument, catalog);
        }),
        fuzzParameters(25, 0.05),
      );
    },
    timeoutFor(60_000),
  );

  it(
    'read files holding any of it, and their JSON cut short anywhere, as a verdict or an InputError',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-fuzz-policy-'));
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyDocument.map((value) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))),
            fc
              .tuple(validPolicy, fc.nat())
              .map(([policy, cut]) => JSON.stringify(policy, null, 2).slice(0, cut % 400)),
          ),
          async (text) => {
            const file = join(dir, `p${n++}.json`);
            writeFileSync(file, text);
            try {
              expectVerdicts(await readPolicyFile(file));
            } catch (error) {
              if (!(error instanceof InputError)) throw error;
              expect(error.message.startsWith(file)).toBe(true);
            }
          },
        ),
        fuzzParameters(200),
      );
      rmSync(dir, { recursive: true, force: true });
    },
    timeoutFor(60_000),
  );

  it('refuses a document larger than any IAM accepts, naming the statement where it overflows', () => {
    const many = {
      Statement: Array.from({ length: MAX_STATEMENTS + 1 }, () => ({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
      })),
    };
    expect(() => parsePolicyDocument(many, ORIGIN)).toThrow(
      `${ORIGIN}: Statement[${MAX_STATEMENTS}]: the document has 1,001 statements, more than the 1,000 read in one policy`,
    );
    const actions = Array.from({ length: MAX_POLICY_VALUES / 2 }, (_, i) => `s3:Get${i}`);
    const wide = {
      Statement: [
        { Effect: 'Allow', Action: actions, Resource: '*' },
        { Sid: 'Second', Effect: 'Deny', NotAction: actions, Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      ],
    };
    expect(() => parsePolicyDocument(wide, ORIGIN)).toThrow(
      /^fuzz\.json: Statement\[1\] \(Sid "Second"\): the document holds more than 20,000 action, resource, principal and condition values/,
    );
  });

  it('quotes only the start of a huge value, and keeps a "__proto__" principal type as data', () => {
    const huge = 'x'.repeat(5_000_000);
    const error = parse({ Statement: [{ Sid: huge, Effect: huge, Action: '*', Resource: '*' }] });
    expect(error).toBeInstanceOf(PolicyParseError);
    expect((error as PolicyParseError).message.length).toBeLessThan(400);
    const trust = parsePolicyDocument(
      JSON.parse(
        '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"__proto__":["x"]}}]}',
      ),
      ORIGIN,
    );
    const principal = trust.statements[0]?.principal?.value;
    expect(principal !== '*' && Object.getPrototypeOf(principal)).toBe(Object.prototype);
    expect(principal !== '*' && Object.entries(principal ?? {})).toEqual([['__proto__', ['x']]]);
  });
});
