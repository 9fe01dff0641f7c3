import {
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MOTO_ACCOUNT_ID } from '../harness/awsClients.js';
import { accessDeniedRule, awsQueryErrorBody, awsQueryResponseBody } from '../harness/awsProxy.js';
import { useMoto } from '../harness/motoFixture.js';
import { createUser, createVirtualMfaDevice, enableVirtualMfa } from '../harness/seed.js';
import { runCli } from '../support/runCli.js';
import { startCli, type InteractiveCli } from '../support/runCliInteractive.js';

// `mfa enroll` and `mfa status`, the built CLI against moto_server through the real SDK. The codes are real
// TOTP codes computed from the seed the CLI hands over (moto itself accepts any codes on EnableMFADevice, so
// the CLI's local check is what rejects wrong ones). Errors AWS would give and moto does not (a failing
// EnableMFADevice, hardware serials, the root's device) come from the proxy in front of moto.

const moto = useMoto();
const SERIAL_PREFIX = `arn:aws:iam::${MOTO_ACCOUNT_ID}:mfa/`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfa-warden-mfa-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const endpoint = (): string[] => ['--endpoint-url', moto.proxy.endpoint];
const enroll = (...args: string[]): string[] => ['mfa', 'enroll', ...endpoint(), ...args];
const status = (...args: string[]): string[] => ['mfa', 'status', ...endpoint(), ...args];

/** Two consecutive codes: the current step's and the next one's. */
function codesFor(seed: string, now = Date.now()): [string, string] {
  const totp = new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30 });
  return [totp.generate({ timestamp: now }), totp.generate({ timestamp: now + 30_000 })];
}

async function virtualDevices(): Promise<VirtualMFADevice[]> {
  const response = await moto.iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }));
  return response.VirtualMFADevices ?? [];
}

async function userSerials(user: string): Promise<string[]> {
  const response = await moto.iam.send(new ListMFADevicesCommand({ UserName: user }));
  return (response.MFADevices ?? []).map((device) => device.SerialNumber ?? '');
}

/** moto (unlike AWS) shows a device's seed in ListVirtualMFADevices: the test's way to the secret of a PNG. */
async function motoSeedOf(serial: string): Promise<string> {
  const device = (await virtualDevices()).find((candidate) => candidate.SerialNumber === serial);
  if (!device?.Base32StringSeed) throw new Error(`moto shows no seed for ${serial}`);
  return Buffer.from(device.Base32StringSeed).toString('latin1');
}

const seedWritten = (content: Buffer): boolean => content.toString().endsWith('\n');

/** Starts an enrolment with --seed-file and waits for the seed; the CLI then waits for codes on stdin. */
async function startSeedFileEnrolment(
  user: string,
  ...args: string[]
): Promise<{ cli: InteractiveCli; seed: string; seedFile: string }> {
  const seedFile = join(dir, `${user}.seed`);
  const cli = startCli(enroll('--user', user, '--seed-file', seedFile, ...args));
  const seed = (await cli.waitForFile(seedFile, seedWritten)).toString().trim();
  return { cli, seed, seedFile };
}

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;
const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('mfa enroll', () => {
  it('creates and enables a virtual device from two consecutive codes on stdin, seed only in the 0600 file', async () => {
    await createUser(moto.iam, 'alice');
    const { cli, seed, seedFile } = await startSeedFileEnrolment('alice');
    expect(await modeOf(seedFile)).toBe(0o600);
    expect(seed).toMatch(/^[A-Z2-7]{16,}=*$/);
    // The file holds the seed AWS generated for this very device.
    expect(await motoSeedOf(`${SERIAL_PREFIX}alice`)).toBe(seed);

    cli.write(codesFor(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`enabled virtual MFA device ${SERIAL_PREFIX}alice for alice\n`);
    expect(await userSerials('alice')).toEqual([`${SERIAL_PREFIX}alice`]);
    expect(run.stdout).not.toContain(seed);
    expect(run.stderr).not.toContain(seed);
    expect(await readFile(seedFile, 'utf8')).toBe(`${seed}\n`);
  });

  it('writes the QR code PNG with mode 0600 (rendered locally: moto sends random bytes, not a PNG)', async () => {
    await createUser(moto.iam, 'alice');
    const png = join(dir, 'alice.png');
    const cli = startCli(enroll('--user', 'alice', '--qr-png', png));
    const content = await cli.waitForFile(png, (bytes) => bytes.subarray(-8, -4).toString() === 'IEND');
    expect(content.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(await modeOf(png)).toBe(0o600);

    const seed = await motoSeedOf(`${SERIAL_PREFIX}alice`);
    cli.write(codesFor(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('AWS returned no PNG QR code; writing one rendered from the seed instead');
    expect(await userSerials('alice')).toEqual([`${SERIAL_PREFIX}alice`]);
    expect(run.stdout + run.stderr).not.toContain(seed);
  });

  it("writes AWS's own QR code PNG byte for byte, and takes the codes from --codes", async () => {
    await createUser(moto.iam, 'alice');
    // The proxy plays AWS creating a device: it answers with a device moto holds (so moto can enable it), its
    // seed, and a real PNG.
    const serial = await createVirtualMfaDevice(moto.iam, 'alice-phone');
    const seed = await motoSeedOf(serial);
    const awsPng = await QRCode.toBuffer(`otpauth://totp/alice@${MOTO_ACCOUNT_ID}?secret=${seed}`, {
      type: 'png',
    });
    moto.proxy.addRule({
      action: 'CreateVirtualMFADevice',
      status: 200,
      body: awsQueryResponseBody(
        'CreateVirtualMFADevice',
        `<VirtualMFADevice><SerialNumber>${serial}</SerialNumber>` +
          `<Base32StringSeed>${Buffer.from(seed).toString('base64')}</Base32StringSeed>` +
          `<QRCodePNG>${awsPng.toString('base64')}</QRCodePNG></VirtualMFADevice>`,
      ),
    });
    const png = join(dir, 'alice.png');

    const run = await runCli(
      enroll(
        '--user',
        'alice',
        '--device-name',
        'alice-laptop',
        '--qr-png',
        png,
        '--codes',
        codesFor(seed).join(','),
      ),
    );

    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(await readFile(png)).toEqual(awsPng);
    expect(run.stderr).not.toContain('rendered from the seed');
    expect(await userSerials('alice')).toEqual([serial]);
    expect(run.stdout + run.stderr).not.toContain(seed);
  });

  it('prints the seed on stdout with --show-seed, and honours --device-path', async () => {
    await createUser(moto.iam, 'alice');
    const cli = startCli(enroll('--user', 'alice', '--show-seed', '--device-path', '/team/'));
    const [, seed = ''] = await cli.waitForStdout(/^([A-Z2-7]+=*)\n/);
    cli.write(codesFor(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${seed}\nenabled virtual MFA device ${SERIAL_PREFIX}team/alice for alice\n`);
    expect(run.stderr).not.toContain(seed);
    expect(await motoSeedOf(`${SERIAL_PREFIX}team/alice`)).toBe(seed);
    expect(await userSerials('alice')).toEqual([`${SERIAL_PREFIX}team/alice`]);
  });

  it.each([
    [
      'a second code that skips a step',
      (seed: string) => [codesFor(seed)[0], codesFor(seed, Date.now() + 60_000)[1]],
    ],
    ['a first code from ten minutes ago', (seed: string) => codesFor(seed, Date.now() - 600_000)],
    ['two equal codes', (seed: string) => [codesFor(seed)[0], codesFor(seed)[0]]],
    ['a code that is not 6 digits', (seed: string) => [codesFor(seed)[0], '12345']],
  ])('rejects %s locally, deletes the device and the seed file, exit 2', async (_what, codes) => {
    await createUser(moto.iam, 'alice');
    const { cli, seed, seedFile } = await startSeedFileEnrolment('alice');
    cli.write(codes(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`deleted the virtual MFA device ${SERIAL_PREFIX}alice`);
    expect(run.stderr).toMatch(/mfa-warden: error: .*code/);
    expect(await virtualDevices()).toEqual([]);
    expect(await userSerials('alice')).toEqual([]);
    expect(moto.proxy.received.EnableMFADevice).toBeUndefined();
    expect(await exists(seedFile)).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(seed);
  });

  it.each([
    [
      '400 InvalidAuthenticationCode',
      400,
      awsQueryErrorBody('InvalidAuthenticationCode', 'Authentication code for device is not valid.'),
      2,
    ],
    ['500 ServiceFailure', 500, awsQueryErrorBody('ServiceFailure', 'Internal failure', 'Receiver'), 3],
  ])('deletes the device when EnableMFADevice fails with %s', async (_what, statusCode, body, exitCode) => {
    await createUser(moto.iam, 'alice');
    moto.proxy.addRule({ action: 'EnableMFADevice', status: statusCode, body });
    const { cli, seed } = await startSeedFileEnrolment('alice');
    cli.write(codesFor(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.code).toBe(exitCode);
    expect(moto.proxy.received.EnableMFADevice).toBeGreaterThanOrEqual(1);
    expect(run.stderr).toContain(`deleted the virtual MFA device ${SERIAL_PREFIX}alice`);
    expect(await virtualDevices()).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(seed);
  });

  it('says so, and still exits non-zero, when the device cannot be deleted either', async () => {
    await createUser(moto.iam, 'alice');
    moto.proxy.addRule(accessDeniedRule('EnableMFADevice'));
    moto.proxy.addRule(accessDeniedRule('DeleteVirtualMFADevice'));
    const { cli, seed } = await startSeedFileEnrolment('alice');
    cli.write(codesFor(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`aws iam delete-virtual-mfa-device --serial-number ${SERIAL_PREFIX}alice`);
    expect(run.stderr).not.toContain('deleted the virtual MFA device');
  });

  it('deletes the device when stdin closes before the second code', async () => {
    await createUser(moto.iam, 'alice');
    const { cli, seed, seedFile } = await startSeedFileEnrolment('alice');
    cli.write(`${codesFor(seed)[0]}\n`);
    cli.end();
    const run = await cli.done;

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stdin closed before the second code was read');
    expect(await virtualDevices()).toEqual([]);
    expect(await exists(seedFile)).toBe(false);
  });

  it('deletes the device on Ctrl-C (SIGINT) while waiting for the codes, exit 130', async () => {
    await createUser(moto.iam, 'alice');
    const { cli, seedFile } = await startSeedFileEnrolment('alice');
    await cli.waitForStderr(/enter two consecutive codes/);
    cli.kill('SIGINT');
    const run = await cli.done;

    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`deleted the virtual MFA device ${SERIAL_PREFIX}alice`);
    expect(run.stderr).toContain('interrupted (SIGINT)');
    expect(await virtualDevices()).toEqual([]);
    expect(await exists(seedFile)).toBe(false);
  });

  it('refuses to run when stdout is not a terminal and no file or --show-seed is given, before any AWS call', async () => {
    await createUser(moto.iam, 'alice');
    const run = await runCli(enroll('--user', 'alice'));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('mfa-warden: error: stdout is not a terminal');
    expect(moto.proxy.received).toEqual({});
    expect(await virtualDevices()).toEqual([]);
  });

  it('never overwrites an existing seed file, and creates nothing', async () => {
    await createUser(moto.iam, 'alice');
    const seedFile = join(dir, 'taken.seed');
    await writeFile(seedFile, 'somebody else\n');
    const run = await runCli(enroll('--user', 'alice', '--seed-file', seedFile));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`mfa-warden: error: --seed-file: ${seedFile} already exists`);
    expect(await readFile(seedFile, 'utf8')).toBe('somebody else\n');
    expect(moto.proxy.received.CreateVirtualMFADevice).toBeUndefined();
    expect(await virtualDevices()).toEqual([]);
  });

  it.each([
    ['an unknown user', ['--user', 'nobody'], 'there is no IAM user named "nobody"'],
    [
      'a path without slashes',
      ['--user', 'alice', '--device-path', 'team'],
      '--device-path "team" is not an IAM path',
    ],
    ['a bad device name', ['--user', 'alice', '--device-name', 'my phone'], 'is not a valid MFA device name'],
    ['malformed --codes', ['--user', 'alice', '--codes', '123456'], '--codes expects two codes'],
    [
      '--qr-png with --seed-file',
      ['--user', 'alice', '--qr-png', 'a.png', '--seed-file', 'a.seed'],
      'cannot be used with',
    ],
  ])('refuses %s with exit 2 before creating anything', async (_what, args, message) => {
    await createUser(moto.iam, 'alice');
    const run = await runCli(
      enroll(...args.map((arg) => (arg.includes('.') ? join(dir, arg) : arg)), '--show-seed'),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(moto.proxy.received.CreateVirtualMFADevice).toBeUndefined();
    expect(await virtualDevices()).toEqual([]);
  });

  it('refuses a device name that is taken, and leaves that device alone', async () => {
    await createUser(moto.iam, 'alice');
    const leftover = await createVirtualMfaDevice(moto.iam, 'alice');
    const run = await runCli(enroll('--user', 'alice', '--seed-file', join(dir, 'alice.seed')));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a virtual MFA device named "alice" already exists at path /');
    expect(run.stderr).toContain('not assigned to anyone');
    expect((await virtualDevices()).map((device) => device.SerialNumber)).toEqual([leftover]);
    expect(await exists(join(dir, 'alice.seed'))).toBe(false);
  });

  it('adds a second device to a user who has one, and says so', async () => {
    await createUser(moto.iam, 'alice');
    const first = await enableVirtualMfa(moto.iam, 'alice', 'alice-old');
    const { cli, seed } = await startSeedFileEnrolment('alice');
    expect(cli.stderr()).toContain(`note: alice already has 1 MFA device (virtual ${first})`);
    cli.write(codesFor(seed).join('\n') + '\n');
    const run = await cli.done;

    expect(run.code).toBe(0);
    expect((await userSerials('alice')).sort()).toEqual([first, `${SERIAL_PREFIX}alice`].sort());
  });
});

interface StatusJson {
  schemaVersion: number;
  account: string;
  entries: {
    principal: string;
    user: string | null;
    serial: string | null;
    kind: string;
    enableDate: string | null;
  }[];
}

const isoDate = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

describe('mfa status', () => {
  async function seedAccount(): Promise<{ aliceSerial: string; leftover: string }> {
    await createUser(moto.iam, 'alice');
    await createUser(moto.iam, 'bob');
    const aliceSerial = await enableVirtualMfa(moto.iam, 'alice');
    const leftover = await createVirtualMfaDevice(moto.iam, 'leftover');
    return { aliceSerial, leftover };
  }

  it('lists every user with the kind of each device, users without one, and unassigned devices (json)', async () => {
    const { aliceSerial, leftover } = await seedAccount();
    const run = await runCli(status('--format', 'json'));

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as StatusJson;
    expect(report.schemaVersion).toBe(1);
    expect(report.account).toBe(MOTO_ACCOUNT_ID);
    expect(report.entries).toEqual([
      { principal: 'user', user: 'alice', serial: aliceSerial, kind: 'virtual', enableDate: isoDate },
      { principal: 'user', user: 'bob', serial: null, kind: 'none', enableDate: null },
      { principal: 'unassigned', user: null, serial: leftover, kind: 'virtual', enableDate: null },
    ]);
  });

  it('shows the same as a table', async () => {
    const { aliceSerial, leftover } = await seedAccount();
    const run = await runCli(status());

    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[0]).toEqual(['USER', 'KIND', 'ENABLED', 'SERIAL']);
    expect(rows[1]).toEqual(['alice', 'virtual', isoDate, aliceSerial]);
    expect(rows[2]).toEqual(['bob', 'none', '-', '-']);
    expect(rows[3]).toEqual(['(unassigned)', 'virtual', '-', leftover]);
    expect(run.stdout).toContain(`account ${MOTO_ACCOUNT_ID}: 2 users, 1 with MFA, 1 without; 1 unassigned`);
  });

  it('shows one user with --user, and refuses an unknown one', async () => {
    const { aliceSerial } = await seedAccount();
    const alice = await runCli(status('--user', 'alice', '--format', 'json'));
    expect(alice.code).toBe(0);
    expect((JSON.parse(alice.stdout) as StatusJson).entries).toEqual([
      { principal: 'user', user: 'alice', serial: aliceSerial, kind: 'virtual', enableDate: isoDate },
    ]);

    const bob = await runCli(status('--user', 'bob', '--format', 'json'));
    expect((JSON.parse(bob.stdout) as StatusJson).entries.map((entry) => entry.kind)).toEqual(['none']);

    const nobody = await runCli(status('--user', 'nobody'));
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('mfa-warden: error: there is no IAM user named "nobody"');
  });

  it("tells hardware and FIDO devices by their serial, and lists the root user's virtual device", async () => {
    await createUser(moto.iam, 'carol');
    const fido = `arn:aws:iam::${MOTO_ACCOUNT_ID}:u2f/user/carol/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
    const rootSerial = `${SERIAL_PREFIX}root-account-mfa-device`;
    moto.proxy.addRule({
      action: 'ListMFADevices',
      status: 200,
      body: awsQueryResponseBody(
        'ListMFADevices',
        '<MFADevices>' +
          '<member><UserName>carol</UserName><SerialNumber>GAHT12345678</SerialNumber>' +
          '<EnableDate>2024-01-02T03:04:05Z</EnableDate></member>' +
          `<member><UserName>carol</UserName><SerialNumber>${fido}</SerialNumber>` +
          '<EnableDate>2024-02-03T04:05:06Z</EnableDate></member>' +
          '</MFADevices><IsTruncated>false</IsTruncated>',
      ),
    });
    moto.proxy.addRule({
      action: 'ListVirtualMFADevices',
      status: 200,
      body: awsQueryResponseBody(
        'ListVirtualMFADevices',
        `<VirtualMFADevices><member><SerialNumber>${rootSerial}</SerialNumber>` +
          `<User><Arn>arn:aws:iam::${MOTO_ACCOUNT_ID}:root</Arn><UserId>${MOTO_ACCOUNT_ID}</UserId>` +
          '<CreateDate>2020-01-01T00:00:00Z</CreateDate></User>' +
          '<EnableDate>2021-05-06T07:08:09Z</EnableDate></member></VirtualMFADevices>' +
          '<IsTruncated>false</IsTruncated>',
      ),
    });
    const run = await runCli(status('--format', 'json'));

    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as StatusJson).entries).toEqual([
      {
        principal: 'root',
        user: null,
        serial: rootSerial,
        kind: 'virtual',
        enableDate: '2021-05-06T07:08:09.000Z',
      },
      {
        principal: 'user',
        user: 'carol',
        serial: 'GAHT12345678',
        kind: 'hardware',
        enableDate: '2024-01-02T03:04:05.000Z',
      },
      {
        principal: 'user',
        user: 'carol',
        serial: fido,
        kind: 'fido',
        enableDate: '2024-02-03T04:05:06.000Z',
      },
    ]);
  });

  it('exits 3 when a listing is denied', async () => {
    await seedAccount();
    moto.proxy.addRule(accessDeniedRule('ListMFADevices'));
    const run = await runCli(status());

    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ListMFADevices failed: AccessDenied');
    expect(run.stdout).toBe('');
  });
});
