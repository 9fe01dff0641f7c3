import {
  CreateVirtualMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import QRCode from 'qrcode';
import { createAwsClients, type AwsClientOptions, type AwsClients } from '../adapters/aws/clients.js';
import { mfaDeviceKind } from '../adapters/snapshot/mfaDeviceKind.js';
import { InputError, ScanError } from '../errors.js';
import { awsCall, awsError } from './awsCall.js';
import type { CodeReader } from './codeReader.js';
import { callerAccount, existingUserName, listUserDevices, listVirtualDevices } from './iamReads.js';
import {
  checkDeviceName,
  checkDevicePath,
  checkUserName,
  defaultDeviceName,
  virtualDeviceSerial,
} from './iamNames.js';
import { watchInterrupts, type InterruptWatch } from './interrupts.js';
import { checkSecretFileAvailable, reserveSecretFile, type SecretFile } from './secretFile.js';
import {
  checkConsecutiveCodes,
  normaliseCode,
  parseCodesOption,
  totpFromSeed,
  type TypedCode,
} from './totpCodes.js';

// `mfa enroll`: what `aws iam create-virtual-mfa-device` + `enable-mfa-device` do by hand, with the parts
// people get wrong done for them. Everything that can be checked is checked before the device is created;
// the seed goes only where it was asked to go (a 0600 file, a QR code on a terminal, stdout with
// --show-seed); the codes are checked locally; and a device that could not be enabled is deleted again, so
// no unassigned device (whose seed may sit in a terminal's scrollback) is left behind.

/** IAM's limit of MFA devices per user. */
export const MAX_MFA_DEVICES_PER_USER = 8;

export interface EnrollOptions {
  readonly user: string;
  /** Default: the user name, with characters IAM refuses replaced. */
  readonly deviceName?: string;
  /** Default "/". */
  readonly devicePath?: string;
  /** Write AWS's QR code PNG here (mode 0600, never over an existing file). */
  readonly qrPng?: string;
  /** Write the Base32 seed here (mode 0600, never over an existing file). */
  readonly seedFile?: string;
  /** Print the Base32 seed on stdout. */
  readonly showSeed?: boolean;
  /** "C1,C2": the two codes, instead of reading them from stdin. */
  readonly codes?: string;
  readonly aws: AwsClientOptions;
}

export interface EnrollIo {
  /** stdout: the QR code, the seed with --show-seed, the result. */
  out(text: string): void;
  /** stderr: progress, notes, prompts. */
  err(text: string): void;
  readonly stdoutIsTty: boolean;
  /** Where the codes come from when --codes is not given. */
  codeReader(onInterrupt: (signal: string) => void): CodeReader;
  now(): number;
}

export interface EnrollResult {
  readonly user: string;
  readonly serial: string;
  readonly kind: 'virtual';
}

interface SecretPlan {
  readonly file?: { readonly path: string; readonly option: '--qr-png' | '--seed-file' };
  readonly showSeed: boolean;
  readonly terminalQr: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export async function enrollMfa(options: EnrollOptions, io: EnrollIo): Promise<EnrollResult> {
  // 1. Everything that needs no AWS call.
  const user = checkUserName(options.user);
  const deviceName =
    options.deviceName !== undefined ? checkDeviceName(options.deviceName) : defaultDeviceName(user);
  const devicePath = checkDevicePath(options.devicePath ?? '/');
  const givenCodes = options.codes !== undefined ? parseCodesOption(options.codes) : undefined;
  const plan = planSecret(options, io.stdoutIsTty);
  if (plan.file) await checkSecretFileAvailable(plan.file.path, plan.file.option);

  const clients = createAwsClients(options.aws);
  try {
    // 2. Everything AWS can tell us before we change anything.
    const { account, partition } = await callerAccount(clients);
    await existingUserName(clients, user);
    const virtualDevices = await listVirtualDevices(clients);
    const serial = virtualDeviceSerial(partition, account, devicePath, deviceName);
    checkNameFree(virtualDevices, serial, deviceName, devicePath);
    await noteExistingDevices(clients, user, virtualDevices, io);

    // 3. Create, hand over the seed, read and check the codes, enable; undo the device on any failure.
    const interrupts = watchInterrupts(() =>
      io.err('mfa-warden: still deleting the unassigned device; wait a moment\n'),
    );
    try {
      const file = plan.file ? await reserveSecretFile(plan.file.path, plan.file.option) : undefined;
      if (interrupts.signal.aborted) {
        await file?.discard();
        throw interrupts.signal.reason;
      }
      const created = await createDevice(clients, deviceName, devicePath, file);
      try {
        interrupts.signal.throwIfAborted();
        const totp = totpFromSeed(created.seed, `${user}@${account}`);
        await deliverSecret(plan, file, created, totp.toString(), io);
        const [first, second] = givenCodes
          ? [
              { code: givenCodes[0], at: io.now() },
              { code: givenCodes[1], at: io.now() },
            ]
          : await readCodes(io, interrupts);
        checkConsecutiveCodes(totp, first, second);
        interrupts.signal.throwIfAborted();
        await enableDevice(clients, user, created.serial, first.code, second.code);
      } catch (error) {
        throw await undoCreation(clients, created.serial, file, error, io);
      }
      return { user, serial: created.serial, kind: 'virtual' };
    } finally {
      interrupts.dispose();
    }
  } finally {
    clients.destroy();
  }
}

function planSecret(options: EnrollOptions, stdoutIsTty: boolean): SecretPlan {
  if (options.qrPng !== undefined && options.seedFile !== undefined)
    throw new InputError('--qr-png and --seed-file cannot be used together');
  const file =
    options.qrPng !== undefined
      ? { path: options.qrPng, option: '--qr-png' as const }
      : options.seedFile !== undefined
        ? { path: options.seedFile, option: '--seed-file' as const }
        : undefined;
  const showSeed = options.showSeed === true;
  const terminalQr = file === undefined && stdoutIsTty;
  if (!file && !showSeed && !terminalQr)
    throw new InputError(
      'stdout is not a terminal, so the QR code cannot be shown there (the seed would end up in a pipe or a ' +
        'log): pass --qr-png FILE or --seed-file FILE, or --show-seed to print the seed on purpose',
    );
  return { ...(file ? { file } : {}), showSeed, terminalQr };
}

function checkNameFree(devices: VirtualMFADevice[], serial: string, name: string, path: string): void {
  // IAM names are unique without regard to case.
  const existing = devices.find((device) => device.SerialNumber?.toLowerCase() === serial.toLowerCase());
  if (!existing) return;
  const owner = existing.User?.UserName ?? existing.User?.Arn;
  const how = owner
    ? `it is assigned to ${owner}`
    : `it is not assigned to anyone, probably left over from an enrolment that did not finish; delete it ` +
      `with \`aws iam delete-virtual-mfa-device --serial-number ${existing.SerialNumber}\``;
  throw new InputError(
    `a virtual MFA device named "${name}" already exists at path ${path} (${how}); choose another --device-name`,
  );
}

async function noteExistingDevices(
  clients: AwsClients,
  user: string,
  virtualDevices: VirtualMFADevice[],
  io: EnrollIo,
): Promise<void> {
  const devices = await listUserDevices(clients, user);
  if (devices.length === 0) return;
  if (devices.length >= MAX_MFA_DEVICES_PER_USER)
    throw new InputError(
      `${user} already has ${devices.length} MFA devices, the most IAM allows; remove one before adding another`,
    );
  const virtualSerials = new Set(virtualDevices.flatMap((device) => device.SerialNumber ?? []));
  const list = devices
    .map((device) => `${mfaDeviceKind(device.SerialNumber ?? '', virtualSerials)} ${device.SerialNumber}`)
    .join(', ');
  io.err(
    `mfa-warden: note: ${user} already has ${devices.length} MFA device${devices.length === 1 ? '' : 's'} ` +
      `(${list}); this adds another (IAM allows ${MAX_MFA_DEVICES_PER_USER} per user)\n`,
  );
}

interface CreatedDevice {
  readonly serial: string;
  readonly seed: string;
  readonly png: Uint8Array | undefined;
}

async function createDevice(
  clients: AwsClients,
  name: string,
  path: string,
  file: SecretFile | undefined,
): Promise<CreatedDevice> {
  let response;
  try {
    response = await awsCall(
      clients,
      'CreateVirtualMFADevice',
      () => clients.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: path })),
      (code, message) =>
        code === 'EntityAlreadyExists' || code === 'EntityAlreadyExistsException'
          ? new InputError(`a virtual MFA device named "${name}" already exists at path ${path}: ${message}`)
          : undefined,
    );
  } catch (error) {
    await file?.discard();
    throw error;
  }
  const device = response.VirtualMFADevice;
  const serial = device?.SerialNumber;
  if (!serial) {
    await file?.discard();
    throw new ScanError('CreateVirtualMFADevice returned no serial number');
  }
  // A blob on the wire (base64); its bytes are the Base32 text.
  const seed = device.Base32StringSeed ? Buffer.from(device.Base32StringSeed).toString('latin1').trim() : '';
  return { serial, seed, png: device.QRCodePNG };
}

async function deliverSecret(
  plan: SecretPlan,
  file: SecretFile | undefined,
  device: CreatedDevice,
  otpauthUri: string,
  io: EnrollIo,
): Promise<void> {
  if (file && plan.file?.option === '--seed-file') {
    await file.write(`${device.seed}\n`);
    io.err(`mfa-warden: wrote the seed of ${device.serial} to ${file.path} (mode 0600)\n`);
  } else if (file) {
    await file.write(await qrPng(device, otpauthUri, io));
    io.err(`mfa-warden: wrote the QR code of ${device.serial} to ${file.path} (mode 0600)\n`);
  }
  if (plan.terminalQr) {
    io.err(`mfa-warden: scan this QR code with the authenticator app (device ${device.serial}):\n`);
    io.out(await QRCode.toString(otpauthUri, { type: 'terminal', small: true }));
  }
  if (plan.showSeed) io.out(`${device.seed}\n`);
  if (file) io.err('mfa-warden: add it to the authenticator app, then delete the file\n');
}

/** AWS's own QR code when it is a PNG; otherwise (moto sends random bytes) one rendered from the same seed. */
async function qrPng(device: CreatedDevice, otpauthUri: string, io: EnrollIo): Promise<Uint8Array> {
  const png = device.png;
  if (png && png.length > PNG_SIGNATURE.length && PNG_SIGNATURE.equals(png.subarray(0, PNG_SIGNATURE.length)))
    return png;
  io.err('mfa-warden: note: AWS returned no PNG QR code; writing one rendered from the seed instead\n');
  return QRCode.toBuffer(otpauthUri, { type: 'png' });
}

async function readCodes(io: EnrollIo, interrupts: InterruptWatch): Promise<[TypedCode, TypedCode]> {
  const reader = io.codeReader(interrupts.interrupt);
  try {
    io.err('mfa-warden: enter two consecutive codes from the app, one a line\n');
    const first = await readCode(reader, 'first', 'First code: ', interrupts.signal, io);
    const second = await readCode(
      reader,
      'second',
      'Next code (wait for it to change): ',
      interrupts.signal,
      io,
    );
    return [first, second];
  } finally {
    reader.close();
  }
}

async function readCode(
  reader: CodeReader,
  which: string,
  prompt: string,
  signal: AbortSignal,
  io: EnrollIo,
): Promise<TypedCode> {
  const line = await reader.next(prompt, signal);
  if (line === undefined) throw new InputError(`stdin closed before the ${which} code was read`);
  return { code: normaliseCode(line, which), at: io.now() };
}

async function enableDevice(
  clients: AwsClients,
  user: string,
  serial: string,
  code1: string,
  code2: string,
): Promise<void> {
  await awsCall(
    clients,
    'EnableMFADevice',
    () =>
      clients.iam.send(
        new EnableMFADeviceCommand({
          UserName: user,
          SerialNumber: serial,
          AuthenticationCode1: code1,
          AuthenticationCode2: code2,
        }),
      ),
    (code, message) =>
      code === 'InvalidAuthenticationCode' || code === 'InvalidAuthenticationCodeException'
        ? new InputError(`AWS did not accept the codes (${code}: ${message}); check the phone's clock`)
        : undefined,
  );
}

/** Deletes the device and the seed file; returns the error to throw (worse when the device is left over). */
async function undoCreation(
  clients: AwsClients,
  serial: string,
  file: SecretFile | undefined,
  reason: unknown,
  io: EnrollIo,
): Promise<unknown> {
  await file?.discard();
  try {
    await clients.iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  } catch (error) {
    const why = awsError(clients, 'DeleteVirtualMFADevice', error).message;
    const first = reason instanceof Error ? reason.message : String(reason);
    return new ScanError(
      `${first}; then the unassigned device ${serial} could not be deleted (${why}): delete it with ` +
        `\`aws iam delete-virtual-mfa-device --serial-number ${serial}\``,
      { cause: reason },
    );
  }
  const removed = file ? ` and removed ${file.path}` : '';
  io.err(`mfa-warden: deleted the virtual MFA device ${serial}${removed}; nothing was enabled\n`);
  return reason;
}
