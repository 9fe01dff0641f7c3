import { mkdtemp, mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { isUnknown, type Maybe } from '../../model/unknown.js';
import { parseCredentialReport, ROOT_ROW_USER } from '../snapshot/credentialReport.js';
import type { IamSnapshot, RawCredentialReport } from '../snapshot/iamSnapshot.js';
import { loadExportSnapshot, MAX_EXPORT_ENTRIES } from './loadExport.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/export/', import.meta.url));
const fixture = (name: string): string => join(fixtures, name);

function known<T>(value: Maybe<T>): T {
  if (isUnknown(value)) throw new Error(`expected a value, got unknown: ${value.reason}`);
  return value;
}

async function loadError(dir: string): Promise<InputError> {
  const error: unknown = await loadExportSnapshot(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

function rows(report: Maybe<RawCredentialReport>) {
  return parseCredentialReport(known(report));
}

describe('loadExportSnapshot on the acme export written by the aws CLI against moto', () => {
  let snapshot: IamSnapshot;
  beforeAll(async () => {
    snapshot = await loadExportSnapshot(fixture('valid'));
  });

  it('records which file each part came from', () => {
    const dir = fixture('valid');
    expect(snapshot.origin).toEqual({
      kind: 'export',
      dir,
      files: {
        authorizationDetails: join(dir, 'authorization-details.json'),
        credentialReport: join(dir, 'credential-report.json'),
        accountSummary: join(dir, 'account-summary.json'),
        virtualMfaDevices: join(dir, 'virtual-mfa-devices.json'),
      },
    });
    expect(snapshot.perUser.size).toBe(0);
    expect(snapshot.accountId).toBe('123456789012');
  });

  it('reads every user, including one created after the report and one with a non-ASCII name', () => {
    const users = known(snapshot.authorizationDetails).UserDetailList ?? [];
    const names = users.map((user) => user.UserName);
    expect(names).toHaveLength(14);
    expect(names).toContain('zoë.müller');
    expect(names).toContain('late.hire');
  });

  it('decodes the base64 report and keeps GeneratedTime as written', () => {
    const report = known(snapshot.credentialReport);
    expect(report.generatedTime).toBe('2015-02-02T20:02:02Z');
    const users = rows(report).map((row) => row.user);
    expect(users).toContain('zoë.müller');
    expect(users).not.toContain('late.hire');
  });

  it('keeps policy documents as the aws CLI wrote them (decoded objects)', () => {
    const developers = known(snapshot.authorizationDetails).GroupDetailList?.find(
      (group) => group.GroupName === 'developers',
    );
    const inline = developers?.GroupPolicyList?.[0];
    expect(inline?.PolicyName).toBe('BlockMostAccessUnlessSignedInWithMFA');
    expect(inline?.PolicyDocument).toMatchObject({ Version: '2012-10-17' });
  });

  it('reads the summary map and the virtual MFA devices', () => {
    expect(known(snapshot.accountSummary)).toMatchObject({ Users: 14, AccountMFAEnabled: 0 });
    const devices = known(snapshot.virtualMfaDevices);
    expect(devices.map((device) => device.SerialNumber)).toContain(
      'arn:aws:iam::123456789012:mfa/spare-token',
    );
    expect(devices.find((device) => device.SerialNumber?.endsWith('/spare-token'))?.User).toBeUndefined();
  });
});

describe('loadExportSnapshot with a decoded credential-report.csv', () => {
  it('reads the CSV, including the <root_account> row', async () => {
    const snapshot = await loadExportSnapshot(fixture('csv-report'));
    const dir = fixture('csv-report');
    expect(snapshot.origin).toMatchObject({
      files: { credentialReport: join(dir, 'credential-report.csv') },
    });
    const report = known(snapshot.credentialReport);
    expect(report.generatedTime).toBeUndefined();
    expect(rows(report)[0]).toMatchObject({ user: ROOT_ROW_USER, passwordEnabled: 'not_supported' });
  });

  it('prefers credential-report.json, which carries GeneratedTime, when both files exist', async () => {
    const dir = await scratchDir('both-reports');
    await copyFile(
      join(fixture('valid'), 'authorization-details.json'),
      join(dir, 'authorization-details.json'),
    );
    await copyFile(join(fixture('valid'), 'credential-report.json'), join(dir, 'credential-report.json'));
    await copyFile(join(fixture('csv-report'), 'credential-report.csv'), join(dir, 'credential-report.csv'));
    const snapshot = await loadExportSnapshot(dir);
    expect(snapshot.origin).toMatchObject({
      files: { credentialReport: join(dir, 'credential-report.json') },
    });
    expect(known(snapshot.credentialReport).generatedTime).toBe('2015-02-02T20:02:02Z');
  });
});

describe('loadExportSnapshot without the optional files', () => {
  it('turns each missing part into unknown, naming the command that writes it', async () => {
    const snapshot = await loadExportSnapshot(fixture('only-authorization-details'));
    const reasonOf = (value: Maybe<unknown>): string => (isUnknown(value) ? value.reason : 'NOT UNKNOWN');
    expect(reasonOf(snapshot.credentialReport)).toContain(
      'no credential-report.json or credential-report.csv in',
    );
    expect(reasonOf(snapshot.credentialReport)).toContain(
      'aws iam get-credential-report > credential-report.json',
    );
    expect(reasonOf(snapshot.accountSummary)).toContain('aws iam get-account-summary > account-summary.json');
    expect(reasonOf(snapshot.virtualMfaDevices)).toContain(
      'aws iam list-virtual-mfa-devices > virtual-mfa-devices.json',
    );
    expect(snapshot.origin).toMatchObject({
      files: {
        authorizationDetails: join(fixture('only-authorization-details'), 'authorization-details.json'),
      },
    });
    expect(Object.keys((snapshot.origin as { files: object }).files)).toEqual(['authorizationDetails']);
    expect(snapshot.accountId).toBe('123456789012');
  });
});

describe('loadExportSnapshot refuses bad input with an InputError that says where and what', () => {
  it('names a directory that does not exist', async () => {
    const missing = join(fixtures, 'no-such-dir');
    const error = await loadError(missing);
    expect(error.message).toContain(missing);
    expect(error.message).toContain('does not exist');
  });

  it('refuses a file given as the directory', async () => {
    const file = join(fixture('valid'), 'account-summary.json');
    expect((await loadError(file)).message).toContain('is not a directory');
  });

  it('says which aws CLI command writes a missing authorization-details.json', async () => {
    const error = await loadError(fixture('no-authorization-details'));
    expect(error.message).toContain('no authorization-details.json in');
    expect(error.message).toContain('aws iam get-account-authorization-details > authorization-details.json');
  });

  it('points at the file and line where truncated JSON stops', async () => {
    const error = await loadError(fixture('truncated-json'));
    const file = join(fixture('truncated-json'), 'authorization-details.json');
    expect(error.location).toBe(`${file}:539`);
    expect(error.message).toContain(`${file}:539: invalid JSON (Unterminated string; the file ends before`);
    expect(error.message).not.toContain('position');
    expect(error.message).toContain(
      'expected the complete output of: aws iam get-account-authorization-details',
    );
  });

  it('reports the line of a syntax error V8 gives no position for', async () => {
    const dir = await scratchDir('unexpected-token');
    await writeFile(join(dir, 'authorization-details.json'), '{\n  "UserDetailList": [\n    }\n  ]\n}\n');
    const error = await loadError(dir);
    expect(error.location).toBe(`${join(dir, 'authorization-details.json')}:3`);
    expect(error.message).toContain("invalid JSON (Unexpected token '}');");
    expect(error.message).not.toContain('ends before');
  });

  it('refuses more principals than ten accounts could hold, before checking their shape', async () => {
    const dir = await scratchDir('too-many-users');
    const user = { UserName: 'u', Arn: 'arn:aws:iam::123456789012:user/u' };
    const users = Array.from({ length: MAX_EXPORT_ENTRIES + 1 }, () => user);
    await writeJson(join(dir, 'authorization-details.json'), {
      UserDetailList: users,
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    });
    const error = await loadError(dir);
    expect(error.location).toBe(join(dir, 'authorization-details.json'));
    expect(error.message).toContain('UserDetailList has 50,001 entries, more than the 50,000 read');
  });

  it('quotes at most the start of a huge value in a credential report', async () => {
    const dir = await scratchDir('huge-cell');
    await copyFile(
      join(fixture('valid'), 'authorization-details.json'),
      join(dir, 'authorization-details.json'),
    );
    const header =
      'user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_2_active';
    await writeFile(
      join(dir, 'credential-report.csv'),
      `${header}\nu,arn,t,${'x'.repeat(1_000_000)},true,false,false\n`,
    );
    const error = await loadError(dir);
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain('column password_enabled is "xxxxxxxx');
  });

  it('names the line and the missing columns of a CSV report', async () => {
    const error = await loadError(fixture('csv-missing-columns'));
    expect(error.location).toBe(`${join(fixture('csv-missing-columns'), 'credential-report.csv')}:1`);
    expect(error.message).toContain('mfa_active');
    expect(error.message).toContain('access_key_2_active');
  });

  it('names the expected key when another command’s output was saved under the name', async () => {
    const error = await loadError(fixture('wrong-shape'));
    expect(error.location).toBe(join(fixture('wrong-shape'), 'authorization-details.json'));
    expect(error.message).toContain('UserDetailList: missing, expected an array');
    expect(error.message).toContain('aws iam get-account-authorization-details');
  });

  it('refuses a listing cut short by --no-paginate', async () => {
    const error = await loadError(fixture('paginated'));
    expect(error.message).toContain('IsTruncated is true');
  });

  it('refuses a credential report whose Content is not base64', async () => {
    const error = await loadError(fixture('bad-base64'));
    expect(error.location).toBe(join(fixture('bad-base64'), 'credential-report.json'));
    expect(error.message).toContain('Content is not base64');
  });

  it('reports CSV line numbers of a JSON report against the decoded Content', async () => {
    const dir = await scratchDir('bad-report-row');
    await copyFile(
      join(fixture('valid'), 'authorization-details.json'),
      join(dir, 'authorization-details.json'),
    );
    const csv =
      'user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_2_active\n' +
      'ana,arn:aws:iam::123456789012:user/ana,2024-01-01T00:00:00+00:00,true,maybe,false,false\n';
    await writeJson(join(dir, 'credential-report.json'), {
      Content: Buffer.from(csv).toString('base64'),
      ReportFormat: 'text/csv',
    });
    const error = await loadError(dir);
    expect(error.location).toBe(`${join(dir, 'credential-report.json')} (decoded Content):2`);
    expect(error.message).toContain('mfa_active');
  });

  it('refuses a report in another format', async () => {
    const dir = await scratchDir('report-format');
    await copyFile(
      join(fixture('valid'), 'authorization-details.json'),
      join(dir, 'authorization-details.json'),
    );
    await writeJson(join(dir, 'credential-report.json'), { Content: '', ReportFormat: 'application/pdf' });
    expect((await loadError(dir)).message).toContain('ReportFormat is "application/pdf"');
  });

  it('names the key of a summary value that is not a number', async () => {
    const dir = await scratchDir('bad-summary');
    await copyFile(
      join(fixture('valid'), 'authorization-details.json'),
      join(dir, 'authorization-details.json'),
    );
    await writeJson(join(dir, 'account-summary.json'), { SummaryMap: { AccountMFAEnabled: 'yes' } });
    const error = await loadError(dir);
    expect(error.message).toContain(
      'SummaryMap.AccountMFAEnabled: expected a number, found the string "yes"',
    );
  });

  it('names the device entry that lacks a serial number', async () => {
    const dir = await scratchDir('bad-devices');
    await copyFile(
      join(fixture('valid'), 'authorization-details.json'),
      join(dir, 'authorization-details.json'),
    );
    await writeJson(join(dir, 'virtual-mfa-devices.json'), {
      VirtualMFADevices: [{ SerialNumber: 'x' }, {}],
    });
    expect((await loadError(dir)).message).toContain('VirtualMFADevices[1].SerialNumber: missing');
  });

  it('explains an empty file, which a failed aws command leaves behind', async () => {
    const dir = await scratchDir('empty');
    await writeFile(join(dir, 'authorization-details.json'), '');
    const error = await loadError(dir);
    expect(error.message).toContain('is empty');
    expect(error.message).toContain('aws iam get-account-authorization-details');
  });
});

describe('loadExportSnapshot text encodings', () => {
  it('reads UTF-16LE files as Windows PowerShell 5 redirection writes them, and UTF-8 with a BOM', async () => {
    const dir = await scratchDir('encodings');
    const details =
      '{"UserDetailList":[{"UserName":"zoë","Arn":"arn:aws:iam::210987654321:user/zoë"}],' +
      '"GroupDetailList":[],"RoleDetailList":[],"Policies":[]}';
    await writeFile(
      join(dir, 'authorization-details.json'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(details, 'utf16le')]),
    );
    await writeFile(
      join(dir, 'account-summary.json'),
      `\uFEFF${JSON.stringify({ SummaryMap: { Users: 1 } })}`,
    );
    const snapshot = await loadExportSnapshot(dir);
    expect(known(snapshot.authorizationDetails).UserDetailList?.[0]?.UserName).toBe('zoë');
    expect(known(snapshot.accountSummary)).toEqual({ Users: 1 });
    expect(snapshot.accountId).toBe('210987654321');
  });
});

describe('recorded root account scenarios (formats from the AWS documentation)', () => {
  const ROOT_ARN = 'arn:aws:iam::123456789012:root';
  const cases = [
    { name: 'root-virtual-mfa', mfa: 1, password: 1, keys: 0, rootMfaActive: true, rootVirtual: true },
    { name: 'root-hardware-mfa', mfa: 1, password: 1, keys: 0, rootMfaActive: true, rootVirtual: false },
    { name: 'root-centralised', mfa: 0, password: 0, keys: 0, rootMfaActive: false, rootVirtual: false },
    { name: 'root-no-mfa', mfa: 0, password: 1, keys: 1, rootMfaActive: false, rootVirtual: false },
  ] as const;

  it.each(cases)('$name: summary, root row and root virtual device', async (scenario) => {
    const snapshot = await loadExportSnapshot(fixture(scenario.name));
    expect(known(snapshot.accountSummary)).toMatchObject({
      AccountMFAEnabled: scenario.mfa,
      AccountPasswordPresent: scenario.password,
      AccountAccessKeysPresent: scenario.keys,
    });
    const [root] = rows(snapshot.credentialReport);
    expect(root).toMatchObject({
      user: ROOT_ROW_USER,
      arn: ROOT_ARN,
      passwordEnabled: 'not_supported',
      mfaActive: scenario.rootMfaActive,
      accessKey1Active: scenario.keys === 1,
    });
    const devices = known(snapshot.virtualMfaDevices);
    expect(devices.some((device) => device.User?.Arn === ROOT_ARN)).toBe(scenario.rootVirtual);
    expect(devices.filter((device) => device.User === undefined)).toHaveLength(1);
  });

  it('shows a hardware-MFA user only through the report: mfa_active true, no virtual device', async () => {
    const snapshot = await loadExportSnapshot(fixture('root-virtual-mfa'));
    const hardware = rows(snapshot.credentialReport).find((row) => row.user === 'hw.user');
    expect(hardware?.mfaActive).toBe(true);
    const devices = known(snapshot.virtualMfaDevices);
    expect(devices.some((device) => device.User?.UserName === 'hw.user')).toBe(false);
  });
});

let scratchRoot: string | undefined;

async function scratchDir(name: string): Promise<string> {
  scratchRoot ??= await mkdtemp(join(tmpdir(), 'mfa-warden-export-'));
  const dir = join(scratchRoot, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 4)}\n`);
}

afterAll(async () => {
  if (scratchRoot) await rm(scratchRoot, { recursive: true, force: true });
});
