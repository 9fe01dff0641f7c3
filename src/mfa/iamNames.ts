import { InputError } from '../errors.js';

// The names `mfa enroll` sends to IAM, checked against IAM's own patterns before anything is created, so a
// typo is an exit 2 with nothing to clean up rather than a ValidationError after the fact.

// IAM user names and virtual MFA device names share this character set ([\w+=,.@-]).
const NAME_CHARACTERS = /^[\w+=,.@-]+$/;
const MAX_USER_NAME = 64;
const MAX_DEVICE_NAME = 226;
// "/" alone, or "/" + printable ASCII (no spaces) + "/"; at most 512 characters.
const PATH_PATTERN = /^\/(?:[\x21-\x7e]+\/)?$/;
const MAX_PATH = 512;

export function checkUserName(name: string): string {
  if (name.length === 0 || name.length > MAX_USER_NAME || !NAME_CHARACTERS.test(name))
    throw new InputError(
      `--user "${name}" is not an IAM user name (1-${MAX_USER_NAME} characters of A-Z a-z 0-9 _ + = , . @ -)`,
    );
  return name;
}

export function checkDeviceName(name: string): string {
  if (name.length === 0 || name.length > MAX_DEVICE_NAME || !NAME_CHARACTERS.test(name))
    throw new InputError(
      `--device-name "${name}" is not a valid MFA device name (1-${MAX_DEVICE_NAME} characters of A-Z a-z 0-9 _ + = , . @ -)`,
    );
  return name;
}

/** The default device name: the user name with anything IAM would refuse replaced by "-". */
export function defaultDeviceName(userName: string): string {
  return userName.replace(/[^\w+=,.@-]/g, '-').slice(0, MAX_DEVICE_NAME) || 'mfa';
}

export function checkDevicePath(path: string): string {
  if (path.length > MAX_PATH || !PATH_PATTERN.test(path))
    throw new InputError(
      `--device-path "${path}" is not an IAM path (it must start and end with "/", e.g. / or /team/)`,
    );
  return path;
}

/** The serial number IAM gives a virtual device: arn:PARTITION:iam::ACCOUNT:mfa/PATH-WITHOUT-LEADING-/NAME. */
export function virtualDeviceSerial(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:mfa${path}${name}`;
}
