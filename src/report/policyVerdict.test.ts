import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeEnforcementPolicy,
  loadActionCatalog,
  parsePolicyDocument,
  type ActionCatalog,
  type CredentialAnalysis,
  type EnforcementVerdict,
} from '../policy/index.js';
import { toolVersion } from '../version.js';
import {
  policyVerdictReport,
  renderPolicyVerdictsJson,
  renderPolicyVerdictsTable,
  TABLE_EXEMPT_LISTED,
} from './policyVerdict.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

const verdictOf = (name: string): EnforcementVerdict =>
  analyzeEnforcementPolicy(
    parsePolicyDocument(
      JSON.parse(readFileSync(new URL(`../../test/fixtures/policies/${name}`, import.meta.url), 'utf8')),
      name,
    ),
    { catalog },
  );

function credential(overrides: Partial<CredentialAnalysis>): CredentialAnalysis {
  return {
    credential: 'console',
    enforced: true,
    total: 7,
    beyondSelfEnrolment: 0,
    conditional: 0,
    partialResources: 0,
    viaSessionToken: 0,
    serviceCount: 0,
    services: [],
    sensitive: [],
    allowedBy: [],
    deniedBy: [],
    possiblyDeniedBy: [],
    undecidedKeys: [],
    explanation: 'console: MFA enforced',
    ...overrides,
  };
}

function verdict(overrides: Partial<EnforcementVerdict>): EnforcementVerdict {
  return {
    origin: 'policy.json',
    verdict: 'enforced',
    reasons: [{ code: 'enforced', message: 'only self-enrolment without MFA' }],
    exemptActions: [],
    exemptActionCount: 0,
    byCredential: {
      console: credential({}),
      accessKey: credential({ credential: 'accessKey', explanation: 'access key: MFA enforced' }),
    },
    ...overrides,
  };
}

describe('renderPolicyVerdictsTable', () => {
  it('prints a header, the reasons and one line per credential kind', () => {
    expect(renderPolicyVerdictsTable([verdict({})], { colour: false })).toBe(
      [
        'policy.json: ENFORCED',
        '  - only self-enrolment without MFA [enforced]',
        '  console: MFA enforced',
        '  access key: MFA enforced',
        '',
      ].join('\n'),
    );
  });

  it('lists the first 20 exempt actions, then "and N more" counted from the full total', () => {
    const exempt = Array.from({ length: 30 }, (_, i) => `s3:Action${String(i).padStart(2, '0')}`);
    const text = renderPolicyVerdictsTable(
      [verdict({ verdict: 'partial', exemptActions: exempt, exemptActionCount: 1234 })],
      { colour: false },
    );
    expect(text).toContain('policy.json: PARTIAL\n');
    expect(text).toContain('  reachable without MFA beyond self-enrolment (1,234 actions):\n');
    expect(text).toContain(`    ${exempt[TABLE_EXEMPT_LISTED - 1]}\n`);
    expect(text).not.toContain(exempt[TABLE_EXEMPT_LISTED]);
    expect(text).toContain(`    and ${(1234 - TABLE_EXEMPT_LISTED).toLocaleString('en-US')} more\n`);
  });

  it('writes no "and N more" when every exempt action is listed, and says "action" for one', () => {
    const text = renderPolicyVerdictsTable(
      [verdict({ verdict: 'partial', exemptActions: ['iam:PassRole'], exemptActionCount: 1 })],
      { colour: false },
    );
    expect(text).toContain('(1 action):\n    iam:PassRole\n');
    expect(text).not.toContain('more');
  });

  it('separates several files by a blank line and ends with a tally', () => {
    const text = renderPolicyVerdictsTable(
      [verdict({ origin: 'a.json' }), verdict({ origin: 'b.json', verdict: 'weak' })],
      { colour: false },
    );
    expect(text.indexOf('a.json: ENFORCED')).toBeLessThan(text.indexOf('b.json: WEAK'));
    expect(text).toContain('access key: MFA enforced\n\nb.json: WEAK');
    expect(text.trimEnd().split('\n').pop()).toBe('2 policies: 1 enforced, 0 partial, 1 weak, 0 none');
  });

  it('colours only the verdict, and only when asked', () => {
    expect(renderPolicyVerdictsTable([verdict({})], { colour: false })).not.toContain('\u001b[');
    const coloured = renderPolicyVerdictsTable([verdict({ verdict: 'weak' })], { colour: true });
    expect(coloured.split('\n')[0]).toBe('policy.json: \u001b[31mWEAK\u001b[0m');
    expect(coloured.split('\n').slice(1).join('\n')).not.toContain('\u001b[');
  });

  it('prints the witness in one line under the header, only for a verdict that has one', () => {
    const weak = renderPolicyVerdictsTable([verdictOf('deny-bool-false.json')], { colour: false }).split(
      '\n',
    );
    expect(weak[0]).toBe('deny-bool-false.json: WEAK');
    expect(weak[1]).toBe(
      '  witness: access-key can iam:CreateAccessKey on arn:aws:iam::123456789012:user/example-user (allowed by other attached policies Statement[0])',
    );
    expect(weak.filter((line) => line.includes('witness:'))).toHaveLength(1);
    const enforced = renderPolicyVerdictsTable([verdictOf('aws-manage-own-credentials-with-mfa.json')], {
      colour: false,
    });
    expect(enforced).not.toContain('witness');
  });

  it('renders real verdicts: the bypass of a NotAction iam:* exemption, the access-key gap of a plain Bool', () => {
    const partial = renderPolicyVerdictsTable([verdictOf('deny-notaction-iam-wildcard.json')], {
      colour: false,
    });
    expect(partial).toMatch(/^deny-notaction-iam-wildcard\.json: PARTIAL\n/);
    expect(partial).toContain('NotAction exempts "iam:*"');
    expect(partial).toContain('    iam:CreateAccessKey\n');
    const weak = renderPolicyVerdictsTable([verdictOf('deny-bool-false.json')], { colour: false });
    expect(weak).toContain('[access-key-bypass]');
    expect(weak).toMatch(/\n {2}access key: [\d,]+ actions in \d+ services reachable without MFA/);
  });
});

describe('policyVerdictReport and renderPolicyVerdictsJson', () => {
  it('keeps counts, names and statement labels, and drops the engine internals', () => {
    const report = policyVerdictReport(verdictOf('deny-notaction-iam-wildcard.json'));
    expect(report.file).toBe('deny-notaction-iam-wildcard.json');
    expect(report.verdict).toBe('partial');
    expect(report.exemptActionCount).toBe(report.byCredential.console.beyondSelfEnrolment);
    const consoleReport = report.byCredential.console;
    expect(Object.keys(consoleReport)).toEqual([
      'enforced',
      'total',
      'beyondSelfEnrolment',
      'conditional',
      'partialResources',
      'viaSessionToken',
      'serviceCount',
      'services',
      'sensitive',
      'allowedBy',
      'deniedBy',
      'possiblyDeniedBy',
      'explanation',
    ]);
    expect(consoleReport.allowedBy).toEqual(['other attached policies (Allow *)']);
    expect(consoleReport.deniedBy[0]).toMatch(
      /^deny-notaction-iam-wildcard\.json DenyAllExceptIamIfNoMfa \(Deny/,
    );
    const sts = consoleReport.services.find((s) => s.service === 'sts');
    expect(sts).toEqual({ service: 'sts', reachable: 1, of: sts!.of, actions: ['sts:GetSessionToken'] });
    const iam = consoleReport.services.find((s) => s.service === 'iam');
    expect(iam).not.toHaveProperty('actions'); // more than 25 reachable: counted, not listed
    expect(iam).not.toHaveProperty('conditional');
  });

  it('carries the witness and its replay command beside the verdict, and neither when enforced', () => {
    const at = new Date('2026-11-26T06:00:00.000Z');
    const weak = JSON.parse(renderPolicyVerdictsJson([verdictOf('deny-bool-false.json')], at));
    expect(Object.keys(weak).slice(3, 7)).toEqual(['file', 'verdict', 'witness', 'replay']);
    expect(weak.witness).toEqual({
      credential: 'access-key',
      action: 'iam:CreateAccessKey',
      resource: 'arn:aws:iam::123456789012:user/example-user',
      context: {
        'aws:MultiFactorAuthPresent': null,
        'aws:username': 'example-user',
        'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/example-user',
      },
      allowedBy: { policy: 'other attached policies', statement: 'Statement[0]' },
    });
    expect(weak.replay).toMatch(
      /^aws iam simulate-custom-policy --policy-input-list "\$\(cat deny-bool-false\.json\)" '\{"Version":"2012-10-17","Statement":\[\{"Effect":"Allow","Action":"\*","Resource":"\*"\}\]\}' --action-names iam:CreateAccessKey --resource-arns arn:aws:iam::123456789012:user\/example-user --context-entries /,
    );
    const enforced = policyVerdictReport(verdictOf('aws-manage-own-credentials-with-mfa.json'));
    expect(enforced).not.toHaveProperty('witness');
    expect(enforced).not.toHaveProperty('replay');
  });

  it('writes one object for one file, and a policies array in order for several', () => {
    const at = new Date('2026-11-26T06:00:00.000Z');
    const one = JSON.parse(renderPolicyVerdictsJson([verdict({})], at));
    expect(Object.keys(one)).toEqual([
      'schemaVersion',
      'tool',
      'generatedAt',
      'file',
      'verdict',
      'reasons',
      'exemptActions',
      'exemptActionCount',
      'byCredential',
    ]);
    expect(one).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'mfa-warden', version: toolVersion },
      generatedAt: '2026-11-26T06:00:00.000Z',
      file: 'policy.json',
      verdict: 'enforced',
    });
    const several = JSON.parse(
      renderPolicyVerdictsJson([verdict({ origin: 'b.json' }), verdict({ origin: 'a.json' })], at),
    );
    expect(Object.keys(several)).toEqual(['schemaVersion', 'tool', 'generatedAt', 'policies']);
    expect(several.policies.map((p: { file: string }) => p.file)).toEqual(['b.json', 'a.json']);
  });
});
