import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActionCatalog, type ActionCatalog } from './actionCatalog.js';
import { analyzeEnforcementPolicy, type EnforcementVerdict } from './analyzeEnforcementPolicy.js';
import { isSelfEnrolmentAction } from './mfaActionLists.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';

const fixture = (name: string) =>
  parsePolicyDocument(
    readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8'),
    name,
  );

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const verdictOf = (name: string): EnforcementVerdict => analyzeEnforcementPolicy(fixture(name), { catalog });
const codes = (verdict: EnforcementVerdict) => verdict.reasons.map((reason) => reason.code);

describe('AWS reference policies', () => {
  it.each([
    'aws-manage-own-credentials-with-mfa.json', // DenyAllExceptListedIfNoMFA
    'aws-manage-own-mfa-device-with-mfa.json',
    'aws-self-manage-mfa-device.json', // BlockMostAccessUnlessSignedInWithMFA
  ])('%s enforces MFA for console sessions and access keys', (name) => {
    const verdict = verdictOf(name);
    expect(verdict.verdict).toBe('enforced');
    expect(codes(verdict)).toEqual(['enforced']);
    expect(verdict.exemptActions).toEqual([]);
    expect(verdict.byCredential.console.enforced).toBe(true);
    expect(verdict.byCredential.accessKey.enforced).toBe(true);
    expect(verdict.byCredential.console.sensitive).toEqual([]);
    expect(verdict.byCredential.accessKey.sensitive).toEqual([]);
  });

  it('leaves exactly the listed self-enrolment actions reachable', () => {
    const console = verdictOf('aws-manage-own-credentials-with-mfa.json').byCredential.console;
    const reachable = console.services.flatMap((s) => s.actions ?? []).sort();
    expect(reachable).toEqual([
      'iam:CreateVirtualMFADevice',
      'iam:EnableMFADevice',
      'iam:GetUser',
      'iam:ListMFADevices',
      'iam:ListVirtualMFADevices',
      'iam:ResyncMFADevice',
      'sts:GetSessionToken',
    ]);
    expect(console.explanation).toContain('MFA enforced');
    expect(console.explanation).toContain('DenyAllExceptListedIfNoMFA');
  });
});

describe('Bool and Null', () => {
  it('Deny with plain Bool false is weak: access keys bypass it', () => {
    const verdict = verdictOf('deny-bool-false.json');
    expect(verdict.verdict).toBe('weak');
    expect(verdict.byCredential.console.enforced).toBe(true);
    expect(verdict.byCredential.accessKey.enforced).toBe(false);
    expect(verdict.byCredential.accessKey.sensitive[0]).toBe('*');
    expect(codes(verdict)).toEqual(
      expect.arrayContaining(['access-key-bypass', 'deny-bool-without-ifexists']),
    );
    expect(codes(verdict)).not.toContain('console-bypass');
  });

  it('Deny with Null true alone is weak: console sessions pass, and so do GetSessionToken sessions of access keys', () => {
    const verdict = verdictOf('deny-null-true.json');
    expect(verdict.verdict).toBe('weak');
    expect(verdict.byCredential.console.enforced).toBe(false);
    expect(codes(verdict)).toEqual(
      expect.arrayContaining(['console-bypass', 'deny-console-bypass', 'session-token-bypass']),
    );
    const key = verdict.byCredential.accessKey;
    // Directly the key is denied everything; through a session it reaches everything but IAM and most of STS.
    expect(key.enforced).toBe(false);
    expect(key.viaSessionToken).toBeGreaterThan(20_000);
    const iam = key.services.find((s) => s.service === 'iam');
    expect(iam?.actions?.length).toBeGreaterThan(0);
    expect(iam?.actions?.every(isSelfEnrolmentAction)).toBe(true);
    expect(key.sensitive).toEqual(['sts:AssumeRole']);
  });

  it.each([
    'deny-bool-and-null.json',
    'deny-bool-json-false-and-null.json',
    'deny-boolifexists-capital-false.json',
  ])('%s: Bool false plus a Null guard (or BoolIfExists "False") is enforced', (name) => {
    expect(verdictOf(name).verdict).toBe('enforced');
  });
});

describe('MultiFactorAuthAge', () => {
  it('NumericGreaterThan alone is weak: without MFA the key is missing and the Deny never applies', () => {
    const verdict = verdictOf('deny-mfa-age-greater-than.json');
    expect(verdict.verdict).toBe('weak');
    expect(codes(verdict)).toContain('deny-missing-key');
    expect(verdict.exemptActionCount).toBeGreaterThan(20_000);
  });

  it('NumericGreaterThanIfExists, or a Null guard on the age, is enforced', () => {
    expect(verdictOf('deny-mfa-age-greater-than-ifexists.json').verdict).toBe('enforced');
    expect(verdictOf('deny-mfa-age-with-null-guard.json').verdict).toBe('enforced');
  });
});

describe('set operators and inverted values', () => {
  it('ForAnyValue:Bool in a Deny is weak', () => {
    const verdict = verdictOf('deny-foranyvalue-bool.json');
    expect(verdict.verdict).toBe('weak');
    expect(codes(verdict)).toEqual(expect.arrayContaining(['set-operator-on-mfa-key', 'access-key-bypass']));
  });

  it('a Deny with BoolIfExists "true" (inverted) enforces nothing: none', () => {
    const verdict = verdictOf('deny-inverted-boolifexists-true.json');
    expect(verdict.verdict).toBe('none');
    expect(codes(verdict)).toContain('inverted-value');
  });
});

describe('Allow statements', () => {
  it('Allow with Bool true cannot enforce anything others allow: none', () => {
    const verdict = verdictOf('allow-bool-true.json');
    expect(verdict.verdict).toBe('none');
    expect(codes(verdict)).toEqual(
      expect.arrayContaining(['allow-only', 'console-bypass', 'access-key-bypass']),
    );
  });

  it('Allow with BoolIfExists true is weak: its grants go to access keys without MFA', () => {
    const verdict = verdictOf('allow-boolifexists-true.json');
    expect(verdict.verdict).toBe('weak');
    expect(codes(verdict)).toContain('allow-without-mfa');
  });

  it('a policy without any MFA condition is none', () => {
    const verdict = verdictOf('administrator-access.json');
    expect(verdict.verdict).toBe('none');
    expect(codes(verdict)).toContain('no-mfa-condition');
  });
});

describe('partial enforcement', () => {
  it('a Deny on s3:* only leaves everything else reachable', () => {
    const verdict = verdictOf('deny-s3-only.json');
    expect(verdict.verdict).toBe('partial');
    const reason = verdict.reasons.find((r) => r.code === 'action-scope');
    expect(reason?.message).toContain('denies only s3:*');
    expect(reason?.message).toContain('iam:CreateAccessKey');
    // Sensitive actions come first in the (capped) list.
    expect(verdict.exemptActions.slice(0, 30)).toContain('iam:CreateAccessKey');
    expect(verdict.exemptActions).toHaveLength(500);
    expect(verdict.exemptActions.some((action) => action.startsWith('s3:'))).toBe(false);
    expect(verdict.exemptActionCount).toBe(verdict.byCredential.console.beyondSelfEnrolment);
  });

  it('a Deny limited to the user own ARN is partial', () => {
    const verdict = verdictOf('deny-own-user-arn-only.json');
    expect(verdict.verdict).toBe('partial');
    expect(verdict.reasons.find((r) => r.code === 'resource-scope')?.message).toContain(
      'arn:aws:iam::*:user/${aws:username}',
    );
    expect(verdict.byCredential.console.partialResources).toBeGreaterThan(20_000);
  });

  it.each([
    ['deny-notaction-iam-wildcard.json', 'iam:*', 'iam:CreateAccessKey'],
    ['deny-notaction-sts-wildcard.json', 'sts:*', 'sts:AssumeRole'],
    ['deny-notaction-sts-assumerole.json', 'sts:assumerole', 'sts:AssumeRole'],
    ['deny-notaction-create-access-key.json', 'iam:createaccesskey', 'iam:CreateAccessKey'],
  ])('%s: NotAction exempting %s is partial and names the bypass', (name, pattern, example) => {
    const verdict = verdictOf(name);
    expect(verdict.verdict).toBe('partial');
    const reason = verdict.reasons.find((r) => r.code === 'notaction-exemption');
    expect(reason?.message).toContain(`"${pattern}"`);
    expect(reason?.message).toContain(example);
    expect(verdict.exemptActions).toContain(example);
    expect(verdict.byCredential.console.sensitive).toContain(example);
  });

  it('a broad NotResource is partial', () => {
    const verdict = verdictOf('deny-notresource-s3.json');
    expect(verdict.verdict).toBe('partial');
    expect(codes(verdict)).toContain('notresource-exemption');
  });

  it('a further condition the analysis cannot decide (aws:SourceIp) makes the Deny conditional: partial', () => {
    const verdict = verdictOf('deny-with-source-ip.json');
    expect(verdict.verdict).toBe('partial');
    expect(codes(verdict)).toContain('unknown-condition');
    expect(verdict.byCredential.console.conditional).toBeGreaterThan(20_000);
  });

  it('the Knowledge Center CLI policy is enforced: it exempts only enrolment and read-only credential listings', () => {
    // DeleteVirtualMFADevice cannot delete an enabled device and the listings grant nothing (mfaActionLists.ts).
    const verdict = verdictOf('repost-mfa-cli.json');
    expect(verdict.verdict).toBe('enforced');
    expect(verdict.exemptActions).toEqual([]);
    // aws:ViaAWSService is "false" for requests the principal makes itself, so the Deny applies.
    expect(verdict.byCredential.console.conditional).toBe(0);
  });
});

describe('normalisation feeds the verdict', () => {
  it('lower-case operator and key, upper-case actions, JSON false: enforced', () => {
    expect(verdictOf('terraform-lowercase-variables.json').verdict).toBe('enforced');
  });

  it('a URL-encoded document gives the same verdict', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/policies/deny-bool-false.json', import.meta.url),
      'utf8',
    );
    const verdict = analyzeEnforcementPolicy(parsePolicyDocument(encodeURIComponent(text), 'encoded'), {
      catalog,
    });
    expect(verdict.verdict).toBe('weak');
  });
});

describe('a Deny of self-enrolment only', () => {
  const deny = (key: 'Action' | 'NotAction') =>
    parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            [key]: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ],
      },
      'inline',
    );

  it('restricts nothing a stolen credential wants: none (an Action list where NotAction was meant)', () => {
    expect(analyzeEnforcementPolicy(deny('Action'), { catalog }).verdict).toBe('none');
    expect(analyzeEnforcementPolicy(deny('NotAction'), { catalog }).verdict).toBe('enforced');
  });
});
