import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../checks/check.js';
import { InputError } from '../errors.js';
import type { Source } from '../model/source.js';
import { compareWithBaseline, findingIdentity, loadBaseline, type Baseline } from './baseline.js';
import { countFindings, type Summary } from './evaluate.js';

// --baseline: which problems are new, which were there before, which are gone; and what a baseline file
// must look like.

function finding(
  name: string,
  status: Status = 'fail',
  overrides: Partial<Finding> = {},
  source?: Source,
): Finding {
  const arn = `arn:aws:iam::123456789012:user/${name}`;
  return {
    check: 'user-mfa',
    status,
    severity: 'medium',
    resource: {
      type: 'AWS::IAM::User',
      name,
      arn,
      account: '123456789012',
      source: source ?? { kind: 'aws', arn },
    },
    message: `${name}: no MFA device`,
    compliance: [],
    ...overrides,
  };
}

function result(findings: Finding[]): { findings: Finding[]; summary: Summary } {
  return {
    findings,
    summary: {
      account: '123456789012',
      checks: ['user-mfa'],
      notApplicable: [],
      ...countFindings(findings),
      collectionIssues: [],
    },
  };
}

function baselineOf(findings: Finding[]): Baseline {
  // What a JSON report's findings look like when read back.
  return { file: 'before.json', findings: JSON.parse(JSON.stringify(findings)) as Baseline['findings'] };
}

const iac = (line: number, address = 'aws_iam_group.developers', file = 'infra/main.tf'): Source => ({
  kind: 'iac',
  file,
  line,
  column: 1,
  address,
});

async function file(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'mfa-warden-baseline-')), 'before.json');
  await writeFile(path, text);
  return path;
}

describe('findingIdentity', () => {
  it('is the check, account, ARN and name for accounts, whatever the message or source file', () => {
    const live = finding('alice');
    const exported = finding(
      'alice',
      'fail',
      { message: 'changed wording' },
      { kind: 'export', file: 'x.json' },
    );
    expect(findingIdentity(exported)).toBe(findingIdentity(live));
    expect(findingIdentity(finding('bob'))).not.toBe(findingIdentity(live));
    expect(findingIdentity({ ...live, check: 'console-user-mfa' })).not.toBe(findingIdentity(live));
  });

  it('is the file, address and name for code, never the line', () => {
    const before = finding('developers', 'fail', {}, iac(9));
    expect(findingIdentity(finding('developers', 'fail', {}, iac(12)))).toBe(findingIdentity(before));
    expect(findingIdentity(finding('developers', 'fail', {}, iac(9, 'aws_iam_group.other')))).not.toBe(
      findingIdentity(before),
    );
    expect(findingIdentity(finding('developers', 'fail', {}, iac(9, undefined, 'other/main.tf')))).not.toBe(
      findingIdentity(before),
    );
  });

  it('tells apart two policies at one address (a template group with two inline policies)', () => {
    const first = finding('group/developers/require-mfa', 'fail', {}, iac(4, 'Developers', 'stack.yaml'));
    const second = finding('group/developers/other', 'fail', {}, iac(4, 'Developers', 'stack.yaml'));
    expect(findingIdentity(first)).not.toBe(findingIdentity(second));
  });
});

describe('compareWithBaseline', () => {
  it('marks problems new or unchanged, leaves passes and exemptions alone, and counts them', () => {
    const before = baselineOf([finding('alice'), finding('bob', 'unknown'), finding('carol', 'pass')]);
    const compared = compareWithBaseline(
      result([
        finding('alice', 'fail', { message: 'reworded' }),
        finding('bob', 'fail'), // unknown then, a failure now: the same problem
        finding('carol', 'fail'), // passed then
        finding('dave', 'error'),
        finding('erin', 'pass'),
        finding('frank', 'exempt'),
      ]),
      before,
    );
    expect(compared.findings.map((f) => [f.resource.name, f.baseline])).toEqual([
      ['alice', 'unchanged'],
      ['bob', 'unchanged'],
      ['carol', 'new'],
      ['dave', 'new'],
      ['erin', undefined],
      ['frank', undefined],
    ]);
    expect(compared.summary.baseline).toEqual({ file: 'before.json', new: 2, unchanged: 2, resolved: [] });
    expect(compared.summary.total).toBe(6); // the rest of the summary is kept
  });

  it('lists the baseline problems that are gone as resolved, with what they were', () => {
    const compared = compareWithBaseline(
      result([finding('alice', 'pass')]),
      baselineOf([finding('alice'), finding('zed', 'error'), finding('yvonne', 'exempt')]),
    );
    expect(compared.summary.baseline?.resolved).toEqual([
      {
        check: 'user-mfa',
        resource: { type: 'AWS::IAM::User', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
        message: 'alice: no MFA device',
      },
      {
        check: 'user-mfa',
        resource: { type: 'AWS::IAM::User', name: 'zed', arn: 'arn:aws:iam::123456789012:user/zed' },
        message: 'zed: no MFA device',
      },
    ]);
    expect(compared.summary.baseline).toMatchObject({ new: 0, unchanged: 0 });
  });

  it('keeps code findings unchanged when lines above them move', () => {
    const compared = compareWithBaseline(
      result([finding('developers', 'fail', {}, iac(15))]),
      baselineOf([finding('developers', 'fail', {}, iac(9))]),
    );
    expect(compared.findings[0]?.baseline).toBe('unchanged');
    expect(compared.summary.baseline).toMatchObject({ new: 0, unchanged: 1, resolved: [] });
  });

  it('does not let a known problem at one address hide a new one at the same address', () => {
    const known = finding('group/developers/require-mfa', 'fail', {}, iac(4, 'Developers', 'stack.yaml'));
    const fresh = finding('group/developers/other', 'fail', {}, iac(4, 'Developers', 'stack.yaml'));
    const compared = compareWithBaseline(result([known, fresh]), baselineOf([known]));
    expect(compared.findings.map((f) => f.baseline)).toEqual(['unchanged', 'new']);
  });
});

describe('loadBaseline', () => {
  const report = (findings: unknown) => JSON.stringify({ schemaVersion: 1, findings, summary: {} });

  it('reads a JSON report', async () => {
    const path = await file(report([finding('alice')]));
    const baseline = await loadBaseline(path);
    expect(baseline.file).toBe(path);
    expect(baseline.findings.map((f) => f.resource.name)).toEqual(['alice']);
  });

  async function rejection(path: string): Promise<InputError> {
    const error: unknown = await loadBaseline(path).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it('names the file when it cannot be read', async () => {
    const error = await rejection('/nonexistent/before.json');
    expect(error.message).toBe('/nonexistent/before.json: cannot read baseline: ENOENT');
  });

  it('names the file and line when it is not JSON', async () => {
    const path = await file('{\n  "schemaVersion": 1,\n  "findings": [\n');
    expect((await rejection(path)).message).toMatch(new RegExp(`^${path}:\\d+: invalid JSON`));
    expect((await rejection(await file(''))).message).toMatch(/before\.json: is empty/);
  });

  it('rejects JSON that is not an mfa-warden report, naming the file', async () => {
    for (const text of [
      '[]',
      'null',
      '{"findings": []}',
      '{"schemaVersion": 2, "findings": []}',
      '{"schemaVersion": 1, "findings": {}}',
      '{"version": "2.1.0", "runs": []}',
    ]) {
      const path = await file(text);
      expect((await rejection(path)).message).toBe(
        `${path}: not an mfa-warden JSON report (schemaVersion 1 with a findings array)`,
      );
    }
  });

  it('rejects a finding without check, status or resource, saying which', async () => {
    const good = finding('alice');
    for (const bad of [
      null,
      { ...good, check: 7 },
      { ...good, status: undefined },
      { ...good, resource: {} },
    ]) {
      const path = await file(report([good, bad]));
      expect((await rejection(path)).message).toBe(
        `${path}: findings[1] has no check, status or resource (arn, name)`,
      );
    }
  });
});
