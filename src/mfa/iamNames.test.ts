import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import {
  checkDeviceName,
  checkDevicePath,
  checkUserName,
  defaultDeviceName,
  virtualDeviceSerial,
} from './iamNames.js';

// The names and paths `mfa enroll` checks against IAM's patterns before creating anything.

describe('IAM names for mfa enroll', () => {
  it.each([['/'], ['/team/'], ['/a/b-c/']])('accepts the path %s', (path) => {
    expect(checkDevicePath(path)).toBe(path);
  });

  it.each([[''], ['team'], ['/team'], ['team/'], ['//'], ['/a b/'], [`/${'a'.repeat(511)}/`]])(
    'refuses the path "%s"',
    (path) => {
      expect(() => checkDevicePath(path)).toThrow(InputError);
    },
  );

  it('accepts the characters IAM allows in names and refuses others', () => {
    expect(checkDeviceName('alice+work=1,x.y@z_-')).toBe('alice+work=1,x.y@z_-');
    expect(() => checkDeviceName('my phone')).toThrow(InputError);
    expect(() => checkDeviceName('')).toThrow(InputError);
    expect(() => checkUserName('a'.repeat(65))).toThrow(InputError);
    expect(checkUserName('a'.repeat(64))).toHaveLength(64);
  });

  it('derives the default device name from the user name, replacing what IAM refuses', () => {
    expect(defaultDeviceName('alice')).toBe('alice');
    expect(defaultDeviceName('al ice/x')).toBe('al-ice-x');
  });

  it('spells serial numbers as IAM does', () => {
    expect(virtualDeviceSerial('aws', '123456789012', '/', 'alice')).toBe(
      'arn:aws:iam::123456789012:mfa/alice',
    );
    expect(virtualDeviceSerial('aws-cn', '1', '/team/', 'bob')).toBe('arn:aws-cn:iam::1:mfa/team/bob');
  });
});
