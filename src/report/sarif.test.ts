import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type SchemaObject, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { groupDetail, snapshot, userDetail } from '../../test/support/rawSnapshot.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { Finding, ResourceRef, Severity } from '../checks/check.js';
import { appliesTo } from '../checks/check.js';
import { allChecks } from '../checks/index.js';
import type { Source } from '../model/source.js';
import { summarise } from '../scan/evaluate.js';
import { applySuppressions } from '../scan/applySuppressions.js';
import { scanModel } from '../scan/scanModel.js';
import { toolVersion } from '../version.js';
import { FINGERPRINT_KEY, renderSarif, type SarifInput } from './sarif.js';

// The OASIS Standard's SARIF 2.1.0 schema, vendored from an npm package: see test/fixtures/sarif/README.md.
// It is written in draft-04; the only draft-04 keyword it uses that draft-07 spells differently is its own `id`
// (no boolean `exclusiveMinimum`, no `dependencies`), so renaming that one key lets ajv's draft-07 engine, which
// rejects `id`, check every constraint unchanged.
const schemaText = readFileSync(
  new URL('../../test/fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url),
  'utf8',
);
const {
  id: schemaId,
  $schema: _draft04,
  ...schemaBody
} = JSON.parse(schemaText) as { id: string; $schema: string } & Record<string, unknown>;
const schema: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: schemaId,
  ...schemaBody,
};

// unicodeRegExp: false because the standard's `language` pattern has a stray `]` (a literal in a plain
// ECMAScript regex, an error under the `u` flag; upstream fixed it in 2021). ajv-formats is not installed;
// these three are the only formats the schema uses.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
ajv.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(value) && URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'));
ajv.addFormat(
  'date-time',
  (value: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) &&
    !Number.isNaN(Date.parse(value)),
);
const validateSarif: ValidateFunction = ajv.compile(schema);

function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const ACCOUNT = '123456789012';
const GENERATED = new Date('2026-11-26T10:00:00Z');

function resource(type: ResourceRef['type'], name: string, arn: string, source: Source): ResourceRef {
  return { type, name, arn, account: ACCOUNT, source };
}

function finding(
  check: string,
  status: Finding['status'],
  res: ResourceRef,
  message: string,
  extra: Partial<Finding> = {},
): Finding {
  const known = allChecks.find((c) => c.id === check);
  return {
    check,
    status,
    severity: known?.severity ?? 'low',
    resource: res,
    message,
    compliance: known?.compliance ?? [],
    ...extra,
  };
}

const rootArn = `arn:aws:iam::${ACCOUNT}:root`;
const aliceArn = `arn:aws:iam::${ACCOUNT}:user/alice`;
const supportArn = `arn:aws:iam::000000000000:group/support`;
const exportFile = 'acme-export/account-authorization-details.json';

const iacGroup = resource('AWS::IAM::Group', 'support', supportArn, {
  kind: 'iac',
  file: 'infra/iam.tf',
  line: 12,
  column: 3,
  address: 'aws_iam_group.support',
});
const iacGroupInModule = resource('AWS::IAM::Group', 'red', 'arn:aws:iam::000000000000:group/red', {
  kind: 'iac',
  file: 'infra\\modules\\ops team\\main.tf',
  line: 20,
  address: 'module.ops.aws_iam_group.this["red"]',
});
const awsRoot = resource('AWS::::Account', ACCOUNT, rootArn, { kind: 'aws', arn: rootArn });
const awsAlice = resource('AWS::IAM::User', 'alice', aliceArn, { kind: 'aws', arn: aliceArn });
const exportPolicy = resource('AWS::IAM::Policy', 'user/alice/inline-a', aliceArn, {
  kind: 'export',
  file: exportFile,
  arn: aliceArn,
});
const exportPolicyB = resource('AWS::IAM::Policy', 'user/alice/inline-b', aliceArn, {
  kind: 'export',
  file: exportFile,
});

const inSourceReason = 'break-glass group, reviewed quarterly';
const externalReason = 'break-glass user in the safe';

// One finding per source kind and status, built by hand; messages follow what the scan writes.
const findings: Finding[] = [
  finding(
    'group-mfa-enforced',
    'fail',
    iacGroup,
    'the group has no policies, so nothing denies its members requests without MFA',
    {
      remediation: { text: 'Attach a policy that denies everything but MFA self-enrolment without MFA.' },
      details: { reachable: ['iam:CreateAccessKey'] },
    },
  ),
  finding(
    'group-mfa-enforced',
    'exempt',
    iacGroupInModule,
    `suppressed in code (infra/modules/ops team/main.tf:20): ${inSourceReason} (finding: the group has no policies)`,
  ),
  finding(
    'group-mfa-enforced',
    'pass',
    iacGroup,
    'members are denied everything but MFA self-enrolment without MFA',
  ),
  finding('root-mfa', 'fail', awsRoot, 'root has a password and no MFA', {
    remediation: { text: 'Sign in as root and enable MFA.', cli: ['aws iam get-account-summary'] },
  }),
  finding(
    'console-user-mfa',
    'exempt',
    awsAlice,
    `exempt until 2027-01-01: ${externalReason} (finding: console password without MFA)`,
  ),
  finding('user-mfa', 'unknown', awsAlice, 'the credential report does not describe alice'),
  finding('root-hardware-mfa', 'pass', awsRoot, 'root uses a hardware MFA device'),
  finding('mfa-condition-sound', 'error', exportPolicy, 'the document is not valid JSON'),
  finding(
    'mfa-condition-sound',
    'fail',
    exportPolicyB,
    'Statement[0]: Bool in a Deny lets access keys through',
    {
      remediation: { text: 'Use BoolIfExists.' },
    },
  ),
  finding('mfa-condition-sound', 'pass', exportPolicy, 'MFA conditions are sound'),
  // A check this build does not know: still a result, without a ruleIndex.
  finding('custom-low-check', 'fail', awsAlice, 'a custom low-severity finding', { severity: 'low' }),
];

const summary = summarise({ ...buildAccount(snapshot({})), id: ACCOUNT }, allChecks, findings);

const input: SarifInput = {
  findings,
  summary,
  inputErrors: [
    { file: 'infra/broken.tf', line: 4, column: 7, message: 'syntax error: expected "}"' },
    { file: '/abs/elsewhere/main.tf', message: 'no such file' },
  ],
};

interface SarifResultLike {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number; startColumn?: number };
    };
    logicalLocations?: { fullyQualifiedName: string; name?: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status?: string; justification?: string }[];
  properties: {
    status: string;
    severity: Severity;
    resource: { type: string; arn: string; account: string };
    compliance: string[];
    details?: unknown;
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SarifLogLike = any;

function render(value: SarifInput = input, at: Date = GENERATED): SarifLogLike {
  return JSON.parse(renderSarif(value, at));
}

function resultsOf(log: SarifLogLike): SarifResultLike[] {
  return log.runs[0].results as SarifResultLike[];
}

function resultFor(log: SarifLogLike, check: string, status: string): SarifResultLike {
  const found = resultsOf(log).find((r) => r.ruleId === check && r.properties.status === status);
  if (!found) throw new Error(`no ${status} result for ${check}`);
  return found;
}

describe('sarif report', () => {
  it('is checked against the vendored standard schema, unchanged', () => {
    // The sha256 test/fixtures/sarif/README.md records; `status` (not the drafts' `state`) marks the standard.
    expect(createHash('sha256').update(schemaText).digest('hex')).toBe(
      '2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8',
    );
    expect(schema.definitions.suppression.properties).toHaveProperty('status');
  });

  it('validates against the official SARIF 2.1.0 schema and ends with a newline', () => {
    const text = renderSarif(input, GENERATED);
    expect(text.endsWith('}\n')).toBe(true);
    const log = JSON.parse(text);
    expect(schemaErrors(log)).toEqual([]);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toMatchObject({ name: 'mfa-warden', version: toolVersion });
  });

  it('the schema validator rejects corrupted copies (so the test above can fail)', () => {
    const corruptions: ((log: SarifLogLike) => void)[] = [
      (log) => (log.version = '2.0.0'),
      (log) => delete log.runs[0].tool.driver.name,
      (log) => (log.runs[0].results[0].level = 'fatal'),
      (log) => (log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0),
      (log) => (log.runs[0].results[0].suppressions = [{ kind: 'ignored' }]),
      (log) => (log.runs[0].tool.driver.rules[0].helpUri = 'not a uri'),
      (log) => (log.runs[0].invocations[0].endTimeUtc = 'yesterday'),
      (log) => (log.runs[0].tool.driver.rules[0].properties.tags = ['mfa', 'mfa']),
      (log) => (log.runs[0].unexpected = true),
    ];
    for (const corrupt of corruptions) {
      const log = render();
      corrupt(log);
      expect(schemaErrors(log), String(corrupt)).not.toEqual([]);
    }
  });

  it('has one rule per check run, in report order, with GitHub metadata', () => {
    const log = render();
    const rules = log.runs[0].tool.driver.rules as {
      id: string;
      name: string;
      shortDescription: { text: string };
      fullDescription: { text: string };
      help: { text: string; markdown: string };
      helpUri: string;
      defaultConfiguration: { level: string };
      properties: { tags: string[]; 'security-severity': string };
    }[];
    // Every check that judges a single account (org-scp-mfa needs --org).
    expect(rules.map((r) => r.id)).toEqual(allChecks.filter((c) => appliesTo(c, 'aws')).map((c) => c.id));
    const rootMfa = rules.find((r) => r.id === 'root-mfa');
    const check = allChecks.find((c) => c.id === 'root-mfa');
    expect(rootMfa).toMatchObject({
      name: 'RootMfa',
      shortDescription: { text: check?.title },
      fullDescription: { text: check?.rationale },
      helpUri: check?.helpUri,
      defaultConfiguration: { level: 'error' },
    });
    expect(rootMfa?.help.text).toContain(check?.rationale);
    expect(rootMfa?.help.markdown).toContain(`](${check?.helpUri})`);
    expect(rootMfa?.properties.tags.slice(0, 2)).toEqual(['security', 'mfa']);
    expect(rootMfa?.properties.tags).toContain('SecurityHub:IAM.9');
    expect(rules.find((r) => r.id === 'console-user-mfa-enforced')?.name).toBe('ConsoleUserMfaEnforced');
    const severityOf = Object.fromEntries(rules.map((r) => [r.id, r.properties['security-severity']]));
    for (const c of allChecks.filter((check) => appliesTo(check, 'aws'))) {
      expect(severityOf[c.id]).toBe({ critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' }[c.severity]);
    }
    expect(severityOf['root-mfa']).toBe('9.5');
    expect(severityOf['user-mfa']).toBe('5.5');
    const levelOf = Object.fromEntries(rules.map((r) => [r.id, r.defaultConfiguration.level]));
    expect(levelOf['console-user-mfa']).toBe('error');
    expect(levelOf['group-mfa-enforced']).toBe('warning');
  });

  it('lists only the checks that ran', () => {
    const only = render({
      findings: findings.filter((f) => f.check === 'root-mfa'),
      summary: { ...summary, checks: ['root-mfa'] },
    });
    expect(only.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['root-mfa']);
    expect(resultsOf(only).map((r) => r.ruleIndex)).toEqual([0]);
    expect(schemaErrors(only)).toEqual([]);
  });

  it('gives every check a documentation link', () => {
    for (const check of allChecks)
      expect(URL.canParse(check.helpUri) && check.helpUri.startsWith('https://')).toBe(true);
  });

  it('emits fail, error, unknown and exempt findings, never passes', () => {
    const results = resultsOf(render());
    expect(results).toHaveLength(findings.filter((f) => f.status !== 'pass').length);
    expect(results.some((r) => r.properties.status === 'pass')).toBe(false);
    expect(new Set(results.map((r) => r.properties.status))).toEqual(
      new Set(['fail', 'error', 'unknown', 'exempt']),
    );
  });

  it('points every ruleIndex at its rule', () => {
    const log = render();
    const rules = log.runs[0].tool.driver.rules as { id: string }[];
    const results = resultsOf(log);
    for (const r of results.filter((r) => r.ruleId !== 'custom-low-check')) {
      expect(r.ruleIndex, r.ruleId).toBeTypeOf('number');
      expect(rules[r.ruleIndex as number]?.id).toBe(r.ruleId);
    }
    expect(results.find((r) => r.ruleId === 'custom-low-check')?.ruleIndex).toBeUndefined();
  });

  it('sets levels by status and severity', () => {
    const log = render();
    expect(resultFor(log, 'root-mfa', 'fail').level).toBe('error'); // critical
    expect(resultFor(log, 'mfa-condition-sound', 'fail').level).toBe('warning'); // medium
    expect(resultFor(log, 'custom-low-check', 'fail').level).toBe('note'); // low
    expect(resultFor(log, 'mfa-condition-sound', 'error').level).toBe('error');
    expect(resultFor(log, 'user-mfa', 'unknown').level).toBe('warning');
    expect(resultFor(log, 'user-mfa', 'unknown').message.text).toMatch(
      /^Could not be determined: the credential/,
    );
  });

  it('adds the remediation to the message and keeps the facts in properties', () => {
    const log = render();
    const root = resultFor(log, 'root-mfa', 'fail');
    expect(root.message.text).toBe(
      'root has a password and no MFA. Remediation: Sign in as root and enable MFA.',
    );
    expect(root.properties).toMatchObject({
      status: 'fail',
      severity: 'critical',
      resource: { type: 'AWS::::Account', arn: rootArn, account: ACCOUNT },
      compliance: expect.arrayContaining(['SecurityHub:IAM.9']),
      remediation: { cli: ['aws iam get-account-summary'] },
    });
    expect(root.properties.details).toBeUndefined();
    expect(resultFor(log, 'group-mfa-enforced', 'fail').properties.details).toEqual({
      reachable: ['iam:CreateAccessKey'],
    });
  });

  it('locates IaC results by file, line and address', () => {
    const log = render();
    const [loc] = resultFor(log, 'group-mfa-enforced', 'fail').locations;
    expect(loc?.physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/iam.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 3 },
    });
    expect(loc?.logicalLocations).toEqual([
      { fullyQualifiedName: 'aws_iam_group.support', kind: 'resource' },
    ]);
    const [inModule] = resultFor(log, 'group-mfa-enforced', 'exempt').locations;
    expect(inModule?.physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/modules/ops%20team/main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 20 },
    });
    expect(inModule?.logicalLocations?.[0]?.fullyQualifiedName).toBe('module.ops.aws_iam_group.this["red"]');
  });

  it('locates live results by ARN only, and export results by file and ARN', () => {
    const log = render();
    const [live] = resultFor(log, 'root-mfa', 'fail').locations;
    expect(live).toEqual({
      logicalLocations: [{ fullyQualifiedName: rootArn, name: ACCOUNT, kind: 'resource' }],
    });
    const [exported] = resultFor(log, 'mfa-condition-sound', 'error').locations;
    expect(exported?.physicalLocation).toEqual({
      artifactLocation: { uri: exportFile, uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    expect(exported?.logicalLocations).toEqual([
      { fullyQualifiedName: aliceArn, name: 'user/alice/inline-a', kind: 'resource' },
    ]);
    // An export source without its own ARN falls back to the resource's.
    expect(
      resultFor(log, 'mfa-condition-sound', 'fail').locations[0]?.logicalLocations?.[0]?.fullyQualifiedName,
    ).toBe(aliceArn);
  });

  it('carries suppressions on exempt results, inSource for code, external for the config', () => {
    const log = render();
    expect(resultFor(log, 'group-mfa-enforced', 'exempt').suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: inSourceReason },
    ]);
    expect(resultFor(log, 'console-user-mfa', 'exempt').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: externalReason },
    ]);
    for (const r of resultsOf(log).filter((r) => r.properties.status !== 'exempt')) {
      expect(r.suppressions, r.ruleId).toBeUndefined();
    }
  });

  it('fingerprints results stably across runs, distinctly across resources', () => {
    const first = resultsOf(render(input, GENERATED));
    const second = resultsOf(render(input, new Date('2027-03-01T00:00:00Z')));
    const prints = first.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    for (const print of prints) expect(print).toMatch(/^[0-9a-f]{64}$/);
    expect(second.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(prints);
    expect(new Set(prints).size).toBe(prints.length); // inline policies share their owner's ARN

    // The same finding moved down its file and exempted is the same alert; another file is another one.
    const base = findings[0] as Finding;
    const moved: Finding = {
      ...base,
      status: 'exempt',
      message: `suppressed in code (infra/iam.tf:40): r (finding: ${base.message})`,
      resource: {
        ...iacGroup,
        source: { ...(iacGroup.source as Extract<Source, { kind: 'iac' }>), line: 40 },
      },
    };
    const elsewhere: Finding = {
      ...base,
      resource: {
        ...iacGroup,
        source: { ...(iacGroup.source as Extract<Source, { kind: 'iac' }>), file: 'other.tf' },
      },
    };
    const printOf = (f: Finding) =>
      resultsOf(render({ findings: [f], summary }))[0]?.partialFingerprints[FINGERPRINT_KEY];
    expect(printOf(moved)).toBe(printOf(base));
    expect(printOf(elsewhere)).not.toBe(printOf(base));

    // Identical findings stay distinct alerts.
    const twice = resultsOf(render({ findings: [base, base], summary })).map(
      (r) => r.partialFingerprints[FINGERPRINT_KEY],
    );
    expect(new Set(twice).size).toBe(2);
  });

  it('renders the same bytes for the same input (no machine-dependent parts)', () => {
    expect(renderSarif(input, GENERATED)).toBe(renderSarif(input, GENERATED));
    expect(render().runs[0].originalUriBaseIds).toBeUndefined();
  });

  it('records the invocation: end time, success, one notification per input error', () => {
    const [failed] = render().runs[0].invocations;
    expect(failed).toMatchObject({ executionSuccessful: false, endTimeUtc: '2026-11-26T10:00:00.000Z' });
    expect(failed.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'syntax error: expected "}"' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'infra/broken.tf', uriBaseId: '%SRCROOT%' },
              region: { startLine: 4, startColumn: 7 },
            },
          },
        ],
      },
      {
        level: 'error',
        message: { text: 'no such file' },
        // An absolute path is a file: URI, never joined to %SRCROOT%.
        locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///abs/elsewhere/main.tf' } } }],
      },
    ]);
    const [clean] = render({ findings, summary }).runs[0].invocations;
    expect(clean.executionSuccessful).toBe(true);
    expect(clean.toolExecutionNotifications).toBeUndefined();
  });

  it('makes absolute paths under srcRoot relative when asked, and records the root', () => {
    const absolute: Finding = {
      ...(findings[0] as Finding),
      resource: {
        ...iacGroup,
        source: { ...(iacGroup.source as Extract<Source, { kind: 'iac' }>), file: '/work/repo/infra/iam.tf' },
      },
    };
    const log = JSON.parse(
      renderSarif({ findings: [absolute], summary }, GENERATED, { srcRoot: '/work/repo' }),
    );
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } });
    expect(resultsOf(log)[0]?.locations[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: 'infra/iam.tf',
      uriBaseId: '%SRCROOT%',
    });
    // The fingerprint does not depend on how the path was spelled.
    expect(resultsOf(log)[0]?.partialFingerprints).toEqual(
      resultsOf(render({ findings: [findings[0] as Finding], summary }))[0]?.partialFingerprints,
    );
    expect(schemaErrors(log)).toEqual([]);
  });
});

describe('sarif report of real scans', () => {
  it('validates for a live scan with exemptions, and an export scan', () => {
    const parts = {
      users: [userDetail('alice'), userDetail('bob'), userDetail('break-glass')],
      groups: [groupDetail('support')],
      report: [
        { name: 'alice', password: true, mfa: false },
        { name: 'bob', password: true, mfa: true },
        { name: 'break-glass', password: true, mfa: false },
      ],
      summary: { AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 },
    };
    const live = scanModel(buildAccount(snapshot(parts)), {
      exemptions: [{ checks: ['*'], resource: 'break-glass', reason: externalReason }],
      now: GENERATED,
    });
    const liveLog = render(live);
    expect(schemaErrors(liveLog)).toEqual([]);
    const exempt = resultsOf(liveLog).filter((r) => r.properties.status === 'exempt');
    expect(exempt.length).toBeGreaterThan(0);
    for (const r of exempt)
      expect(r.suppressions).toEqual([
        { kind: 'external', status: 'accepted', justification: externalReason },
      ]);
    const alice = resultFor(liveLog, 'console-user-mfa', 'fail');
    expect(alice.locations[0]?.logicalLocations?.[0]).toEqual({
      fullyQualifiedName: aliceArn,
      name: 'alice',
      kind: 'resource',
    });
    expect(alice.message.text).toContain('Remediation: Enable an MFA device for alice');
    expect(resultsOf(liveLog).length).toBe(live.findings.filter((f) => f.status !== 'pass').length);

    const dir = 'acme-export';
    const exported = scanModel(
      buildAccount(
        snapshot({
          ...parts,
          origin: {
            kind: 'export',
            dir,
            files: { authorizationDetails: exportFile, credentialReport: `${dir}/credential-report.json` },
          },
        }),
      ),
    );
    const exportLog = render(exported);
    expect(schemaErrors(exportLog)).toEqual([]);
    for (const r of resultsOf(exportLog)) {
      expect(r.locations[0]?.physicalLocation?.artifactLocation.uri, r.ruleId).toMatch(/^acme-export\//);
      expect(r.locations[0]?.physicalLocation?.region).toEqual({ startLine: 1 });
    }
  });

  it('parses the reason out of a real in-code suppression', () => {
    const source: Source = { kind: 'iac', file: 'infra/iam.tf', line: 5, address: 'aws_iam_group.support' };
    const [suppressed] = applySuppressions(
      'group-mfa-enforced',
      [
        {
          status: 'fail',
          resource: { ...iacGroup, source },
          message: 'the group has no policies (none attached)',
        },
      ],
      [{ check: 'group-mfa-enforced', reason: 'owned by (team) ops', file: 'infra/iam.tf', line: 5 }],
    );
    expect(suppressed?.status).toBe('exempt');
    const log = render({
      findings: [
        finding(
          'group-mfa-enforced',
          'exempt',
          suppressed?.resource as ResourceRef,
          suppressed?.message ?? '',
        ),
      ],
      summary,
    });
    expect(resultsOf(log)[0]?.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'owned by (team) ops' },
    ]);
    expect(schemaErrors(log)).toEqual([]);
  });
});
