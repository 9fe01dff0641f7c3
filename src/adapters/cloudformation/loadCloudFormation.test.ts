import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Status } from '../../checks/index.js';
import type { Account } from '../../model/account.js';
import { isUnknown } from '../../model/unknown.js';
import { scanModel } from '../../scan/scanModel.js';
import { loadCloudFormation, MAX_TEMPLATE_BYTES } from './loadCloudFormation.js';

const FIXTURES = 'test/fixtures/cloudformation';
const GROUP = 'group-mfa-enforced';
const CONSOLE_USER = 'console-user-mfa-enforced';

interface Scanned {
  readonly account: Account;
  status(check: string, name: string): Status | undefined;
  message(check: string, name: string): string | undefined;
}

async function scanFile(file: string, parameters: Record<string, string> = {}): Promise<Scanned> {
  const result = await loadCloudFormation([file], { parameters });
  expect(result.errors).toEqual([]);
  const target = result.targets[0];
  if (!target) throw new Error(`no target for ${file}`);
  expect(target.label).toBe(file);
  const { findings } = scanModel(target.account);
  const find = (check: string, name: string) =>
    findings.find((f) => f.check === check && f.resource.name === name);
  return {
    account: target.account,
    status: (check, name) => find(check, name)?.status,
    message: (check, name) => find(check, name)?.message,
  };
}

const fixture = (name: string) => `${FIXTURES}/${name}`;

async function changedLines(a: string, b: string): Promise<number> {
  const [left, right] = await Promise.all([readFile(fixture(a), 'utf8'), readFile(fixture(b), 'utf8')]);
  const l = left.split('\n');
  const r = right.split('\n');
  expect(l.length).toBe(r.length);
  return l.filter((line, index) => line !== r[index]).length;
}

describe('loadCloudFormation: verdicts, as mutation pairs (one line apart)', () => {
  it.each([
    ['group-inline-boolifexists.pass.yaml', 'group-inline-bool.fail.yaml', GROUP, 'developers'],
    [
      'managed-policy-groups.pass.yaml',
      'managed-policy-groups.fail.yaml',
      GROUP,
      'STACK-Developers-GENERATED',
    ],
    ['managed-policy-arns.pass.yaml', 'managed-policy-arns.fail.yaml', GROUP, 'STACK-Developers-GENERATED'],
    ['user-login-profile.pass.yaml', 'user-login-profile.fail.yaml', CONSOLE_USER, 'alice'],
    [
      'user-to-group-addition.pass.yaml',
      'user-to-group-addition.fail.yaml',
      CONSOLE_USER,
      'STACK-Bob-GENERATED',
    ],
  ])('%s passes, %s fails', async (pass, fail, check, name) => {
    expect(await changedLines(pass, fail)).toBe(1);
    expect((await scanFile(fixture(pass))).status(check, name)).toBe('pass');
    expect((await scanFile(fixture(fail))).status(check, name)).toBe('fail');
  });

  it('fails a plain Bool deny because access keys carry no MFA key', async () => {
    const scanned = await scanFile(fixture('group-inline-bool.fail.yaml'));
    expect(scanned.message(GROUP, 'developers')).toMatch(/^access key: /);
  });

  it('passes a group whose enforcing policy is attached by the policy (Groups: [!Ref G]), which Trivy misses', async () => {
    const scanned = await scanFile(fixture('managed-policy-groups.pass.yaml'));
    expect(scanned.status(GROUP, 'STACK-Developers-GENERATED')).toBe('pass');
    expect(scanned.status(GROUP, 'STACK-Contractors-GENERATED')).toBe('fail');
  });

  it('judges a console user by its groups: in the enforcing group passes, elsewhere fails', async () => {
    const inGroup = await scanFile(fixture('user-login-profile.pass.yaml'));
    expect(inGroup.status(CONSOLE_USER, 'alice')).toBe('pass');
    const outside = await scanFile(fixture('user-login-profile.fail.yaml'));
    expect(outside.status(CONSOLE_USER, 'alice')).toBe('fail');
    // A user without a console password is not a console user.
    expect(
      (await scanFile(fixture('user-to-group-addition.fail.yaml'))).message(
        CONSOLE_USER,
        'STACK-Carol-GENERATED',
      ),
    ).toBe('no console password');
  });
});

describe('loadCloudFormation: intrinsic functions decide verdicts', () => {
  it('flips a !If between enforcing and weak statements with --parameter', async () => {
    expect((await scanFile(fixture('if-parameter.yaml'))).status(GROUP, 'STACK-Developers-GENERATED')).toBe(
      'pass',
    );
    expect(
      (await scanFile(fixture('if-parameter.yaml'), { Mode: 'relaxed' })).status(
        GROUP,
        'STACK-Developers-GENERATED',
      ),
    ).toBe('fail');
  });

  it('is unknown while the parameter has no value, and says how to give one', async () => {
    const scanned = await scanFile(fixture('if-parameter-no-default.yaml'));
    expect(scanned.status(GROUP, 'STACK-Developers-GENERATED')).toBe('unknown');
    expect(scanned.message(GROUP, 'STACK-Developers-GENERATED')).toMatch(/pass --parameter Mode=\.\.\./);
    const given = await scanFile(fixture('if-parameter-no-default.yaml'), { Mode: 'strict' });
    expect(given.status(GROUP, 'STACK-Developers-GENERATED')).toBe('pass');
  });

  it('resolves !Sub with ${AWS::AccountId} inside Resource ARNs, and ${!aws:username} to the policy variable', async () => {
    const scanned = await scanFile(fixture('sub-account-id.yaml'));
    expect(scanned.status(GROUP, 'mfa-users')).toBe('pass');
    const groups = scanned.account.groups;
    const document = isUnknown(groups) ? undefined : groups[0]?.inlinePolicies[0]?.document;
    expect(document).toMatchObject({
      Statement: [
        { Sid: 'AllowListActions' },
        { Resource: 'arn:aws:iam::000000000000:mfa/*' },
        { Resource: 'arn:aws:iam::000000000000:user/${aws:username}' },
        { Resource: 'arn:aws:iam::000000000000:user/${aws:username}' },
        { Sid: 'BlockMostAccessUnlessSignedInWithMFA' },
      ],
    });
    // AllowListing=no removes the first statement through AWS::NoValue.
    const without = await scanFile(fixture('sub-account-id.yaml'), { AllowListing: 'no' });
    const groupsWithout = without.account.groups;
    const statements = isUnknown(groupsWithout)
      ? []
      : (groupsWithout[0]?.inlinePolicies[0]?.document as { Statement: unknown[] }).Statement;
    expect(statements).toHaveLength(4);
  });

  it('makes a group unknown when its policy ARN is imported from another stack', async () => {
    const scanned = await scanFile(fixture('import-value.yaml'));
    expect(scanned.status(GROUP, 'STACK-Developers-GENERATED')).toBe('unknown');
    expect(scanned.message(GROUP, 'STACK-Developers-GENERATED')).toMatch(/exported by another stack/);
  });

  it('follows resource conditions: unknown while undecided, then by the parameter', async () => {
    const file = fixture('conditional-resources.yaml');
    expect((await scanFile(file)).status(GROUP, 'developers')).toBe('unknown');
    expect((await scanFile(file, { Env: 'prod' })).status(GROUP, 'developers')).toBe('pass');
    expect((await scanFile(file, { Env: 'dev' })).status(GROUP, 'developers')).toBe('fail');
    // Legacy creates the policy in dev too, but the mapping makes its Effect Allow there.
    const legacy = await scanFile(file, { Env: 'dev', CreateLegacy: 'true' });
    expect(legacy.status(GROUP, 'developers')).toBe('fail');
    expect(legacy.status(GROUP, 'legacy-admins')).toBe('fail');
    expect((await scanFile(file, { Env: 'dev' })).status(GROUP, 'legacy-admins')).toBeUndefined();
  });

  it('models roles, boundaries, tags, access keys and JSON-text policy documents', async () => {
    const { account } = await scanFile(fixture('role-and-keys.yaml'));
    const users = isUnknown(account.users) ? [] : account.users;
    const roles = isUnknown(account.roles) ? [] : account.roles;
    expect(users.map((u) => [u.name, u.activeAccessKeys, u.permissionsBoundaryArn, u.tags])).toEqual([
      ['dana', 1, 'arn:aws:iam::000000000000:policy/developer-boundary', { team: 'platform' }],
    ]);
    expect(users[0]?.inlinePolicies[0]?.document).toMatchObject({ Statement: [{ Action: 'iam:GetRole' }] });
    expect(roles.map((r) => [r.arn, r.permissionsBoundaryArn])).toEqual([
      ['arn:aws:iam::000000000000:role/ci/deployer', 'arn:aws:iam::000000000000:policy/developer-boundary'],
    ]);
  });
});

describe('loadCloudFormation: JSON templates', () => {
  it('gives the same verdicts for pretty-printed and minified JSON, with each logical id at its own column', async () => {
    const pretty = await scanFile(fixture('managed-policy-groups.json'));
    const minified = await scanFile(fixture('managed-policy-groups.min.json'));
    for (const scanned of [pretty, minified]) {
      expect(scanned.status(GROUP, 'developers')).toBe('pass');
      expect(scanned.status(GROUP, 'contractors-000000000000')).toBe('fail');
      expect(scanned.status(CONSOLE_USER, 'alice')).toBe('pass');
    }
    const text = await readFile(fixture('managed-policy-groups.min.json'), 'utf8');
    const groups = isUnknown(minified.account.groups) ? [] : minified.account.groups;
    const users = isUnknown(minified.account.users) ? [] : minified.account.users;
    const sources = [...groups, ...users].map((p) => p.source);
    expect(sources).toEqual([
      {
        kind: 'iac',
        file: fixture('managed-policy-groups.min.json'),
        line: 1,
        column: text.indexOf('"Developers":{') + 1,
        address: 'Developers',
      },
      {
        kind: 'iac',
        file: fixture('managed-policy-groups.min.json'),
        line: 1,
        column: text.indexOf('"Contractors":{') + 1,
        address: 'Contractors',
      },
      {
        kind: 'iac',
        file: fixture('managed-policy-groups.min.json'),
        line: 1,
        column: text.indexOf('"Alice":{') + 1,
        address: 'Alice',
      },
      {
        kind: 'iac',
        file: fixture('managed-policy-groups.min.json'),
        line: 1,
        column: text.indexOf('"Bob":{') + 1,
        address: 'Bob',
      },
    ]);
    const prettyGroups = isUnknown(pretty.account.groups) ? [] : pretty.account.groups;
    expect(
      prettyGroups.map((g) => [
        g.source.kind === 'iac' && g.source.line,
        g.source.kind === 'iac' && g.source.column,
      ]),
    ).toEqual([
      [5, 5],
      [11, 5],
    ]);
  });
});

describe('loadCloudFormation: suppressions and the example', () => {
  it('exempts the suppressed groups, with their reasons, and fails the other', async () => {
    const scanned = await scanFile(fixture('suppressed.yaml'));
    expect(scanned.status(GROUP, 'break-glass')).toBe('exempt');
    expect(scanned.message(GROUP, 'break-glass')).toMatch(/sealed in the safe/);
    expect(scanned.status(GROUP, 'service-accounts')).toBe('exempt');
    expect(scanned.status(GROUP, 'unsuppressed')).toBe('fail');
  });

  it('gives the documented verdicts for examples/cloudformation/mfa-groups.yaml', async () => {
    const scanned = await scanFile('examples/cloudformation/mfa-groups.yaml');
    expect(
      ['acme-administrators', 'acme-developers', 'acme-auditors', 'acme-break-glass'].map((g) =>
        scanned.status(GROUP, g),
      ),
    ).toEqual(['pass', 'pass', 'fail', 'exempt']);
    expect(['acme-alice', 'acme-erin'].map((u) => scanned.status(CONSOLE_USER, u))).toEqual(['pass', 'fail']);
  });
});

describe('loadCloudFormation: bad input', () => {
  async function write(name: string, text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-cfn-'));
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('reports each broken file and still loads the others', async () => {
    const yamlError = await write(
      'broken.yaml',
      'Resources:\n  G:\n    Type: AWS::IAM::Group\n   Properties: {}\n',
    );
    const jsonError = await write('broken.json', '{"Resources": {"G": {"Type": "AWS::IAM::Group"}');
    const notTemplate = await write('values.yaml', 'replicas: 3\nimage: nginx\n');
    const good = fixture('suppressed.yaml');
    const result = await loadCloudFormation(
      [yamlError, 'no/such/template.yaml', jsonError, notTemplate, good],
      {},
    );
    expect(result.targets.map((t) => t.label)).toEqual([good]);
    expect(result.errors).toEqual([
      { file: yamlError, line: 4, column: 1, message: 'All mapping items must start at the same column' },
      { file: 'no/such/template.yaml', message: 'cannot read the template: no such file' },
      {
        file: jsonError,
        line: 1,
        column: 48,
        message: `expected ',' or '}' after the value of "G", found the end of the file`,
      },
      { file: notTemplate, message: 'not a CloudFormation template: it has no Resources section' },
    ]);
  });

  it('reports a directory given as a template', async () => {
    const result = await loadCloudFormation([FIXTURES], {});
    expect(result).toEqual({
      targets: [],
      errors: [
        {
          file: FIXTURES,
          message: 'cannot read the template: it is a directory; pass the template files themselves',
        },
      ],
    });
  });

  it('reports bad suppressions and parameter values but still scans the template', async () => {
    const file = await write(
      't.yaml',
      'Parameters:\n  Env: {Type: String, AllowedValues: [dev, prod]}\nResources:\n  G: # mfa-warden:ignore group-mfa-enforced\n    Type: AWS::IAM::Group\n',
    );
    const result = await loadCloudFormation([file], { parameters: { Env: 'test' } });
    expect(result.targets).toHaveLength(1);
    expect(result.targets[0]?.brokenFiles).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'parameter Env is "test", which is not one of its AllowedValues (dev, prod)'],
      [4, expect.stringMatching(/has no reason/)],
    ]);
  });

  it('marks a template with a malformed resource as broken', async () => {
    const file = await write('t.yaml', 'Resources:\n  G:\n    Type: AWS::IAM::Group\n  Bad: 3\n');
    const result = await loadCloudFormation([file], {});
    expect(result.targets[0]?.brokenFiles).toEqual([file]);
    expect(result.errors).toEqual([
      { file, line: 4, column: 3, message: 'resource Bad must be a mapping with a Type' },
    ]);
  });

  it('makes every principal unknown under a macro transform, and only notes SAM', async () => {
    const macro = await write('m.yaml', 'Transform: MyMacro\nResources:\n  G:\n    Type: AWS::IAM::Group\n');
    expect((await scanFile(macro)).status(GROUP, 'STACK-G-GENERATED')).toBe('unknown');
    const sam = await write(
      's.yaml',
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  G:\n    Type: AWS::IAM::Group\n',
    );
    const scanned = await scanFile(sam);
    expect(scanned.status(GROUP, 'STACK-G-GENERATED')).toBe('fail');
    expect(scanned.account.issues.map((i) => i.reason)).toEqual([expect.stringMatching(/SAM transform/)]);
  });
});

describe('loadCloudFormation: binary input', () => {
  it('says a binary file is not a template, without quoting its bytes', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'mfa-warden-bin-')), 'bin.yaml');
    writeFileSync(file, Buffer.from([0x41, 0x0a, 0x42, 0x80, 0x81]));
    const loaded = await loadCloudFormation([file]);
    expect(loaded.errors).toEqual([
      {
        file,
        line: 2,
        message:
          'not a CloudFormation template: the file is not UTF-8 text (invalid byte 0x80 at byte 3; Latin-1 or Windows-1252?); save it as UTF-8',
      },
    ]);
  });

  it('names a UTF-16 file as such, and a file with NUL bytes as binary', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'mfa-warden-bin-'));
    const utf16 = join(dir, 'utf16.yaml');
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Resources: {}\n', 'utf16le')]),
    );
    const nul = join(dir, 'nul.yaml');
    writeFileSync(nul, 'Resources:\n  A: \u0000\n');
    const loaded = await loadCloudFormation([utf16, nul]);
    expect(loaded.errors).toEqual([
      {
        file: utf16,
        message:
          'not a CloudFormation template: the file is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8',
      },
      { file: nul, line: 2, message: 'not a CloudFormation template: this is a binary file, not text' },
    ]);
  });

  it('refuses a template larger than any CloudFormation accepts without reading it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'mfa-warden-big-')), 'big.yaml');
    writeFileSync(file, `Resources: {}\n#${'x'.repeat(MAX_TEMPLATE_BYTES * 1.5)}\n`);
    const loaded = await loadCloudFormation([file]);
    expect(loaded.errors[0]?.message).toBe(
      'not a CloudFormation template: the file is 3.0 MB; CloudFormation accepts templates up to 1 MB, and mfa-warden reads up to 2.0 MB',
    );
  });
});
