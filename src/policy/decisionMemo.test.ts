import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionCatalogSync } from './actionCatalog.js';
import { createDecisionMemo } from './decisionMemo.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import { evaluateContext, layersOf, type PolicySet } from './reachability.js';
import { requestContexts } from './requestContext.js';

const fixture = (name: string) =>
  parsePolicyDocument(
    readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
    name,
  );

describe('decision memo', () => {
  const catalog = actionCatalogSync();
  const admin = fixture('administrator-access.json');
  const s3Deny = fixture('deny-s3-only.json');
  const notResource = fixture('deny-notresource-s3.json');
  const boundary = fixture('s3-read-only-boundary.json');
  const mfa = fixture('aws-manage-own-credentials-with-mfa.json');
  const sets: PolicySet[] = [
    { identity: [admin, s3Deny] },
    { identity: [admin, notResource] },
    { identity: [admin, s3Deny], boundary: [boundary] },
    { identity: [mfa, notResource] },
    { identity: [admin, s3Deny, mfa] },
  ];

  it.each([
    ['unbounded', 4_000_000],
    ['starting over within a call', 50],
  ])('gives every set the decisions it gets alone (%s)', (_, bound) => {
    const memo = createDecisionMemo({ maxSlots: bound });
    // Twice round: the second pass reads what the first stored (or what is left after starting over).
    for (const set of [...sets, ...sets]) {
      const layers = layersOf(set);
      for (const context of [requestContexts.console, requestContexts.accessKey]) {
        expect(evaluateContext(layers, context, catalog, memo)).toEqual(
          evaluateContext(layers, context, catalog),
        );
      }
    }
  });

  it('shares decision objects between sets whose statements decide a service alike', () => {
    const memo = createDecisionMemo();
    const s3 = catalog.services.indexOf('s3');
    const iamOnly = parsePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] },
      'iam-only',
    );
    const first = evaluateContext(layersOf(sets[0] as PolicySet), requestContexts.console, catalog, memo);
    const second = evaluateContext(
      layersOf({ identity: [admin, iamOnly, s3Deny] }),
      requestContexts.console,
      catalog,
      memo,
    );
    // In S3 only the admin Allow and the S3 Deny apply in both: the same decisions, stored once.
    expect(second[s3]).toBe(first[s3]);
  });

  it('gives up when sets share nothing, and answers the same without it', () => {
    const memo = createDecisionMemo({ trialLookups: 5 });
    // Each set has its own copy of the documents: no statement in common, no lookup ever finds anything.
    const copies = Array.from({ length: 6 }, (_, n) =>
      [
        's3-read-only-boundary.json',
        'aws-manage-own-credentials-with-mfa.json',
        'deny-with-source-ip.json',
      ].map((name) =>
        parsePolicyDocument(
          readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
          `${name}#${n}`,
        ),
      ),
    );
    for (const identity of copies) {
      const layers = layersOf({ identity });
      expect(evaluateContext(layers, requestContexts.console, catalog, memo)).toEqual(
        evaluateContext(layers, requestContexts.console, catalog),
      );
    }
    expect(memo.active).toBe(false);
    memo.clear();
    expect(memo.active).toBe(true);
  });
});
