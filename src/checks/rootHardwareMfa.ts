// A virtual MFA seed lives on a phone or laptop that can be cloned, lost or phished; root deserves a hardware
// token or FIDO key. CIS AWS 1.6 (v1.4-v4.0); Security Hub IAM.6; AWS Config root-account-hardware-mfa-enabled.
import { isUnknown } from '../model/unknown.js';
import { LIVE_STATE_INPUTS, type Check } from './check.js';
import { enableRootMfa } from './remedies.js';
import { accountResource, result } from './resource.js';
import { rootWithoutCredentials } from './rootCredentials.js';

export const rootHardwareMfa: Check = {
  id: 'root-hardware-mfa',
  title: "The root user's MFA is a hardware or FIDO device, not a virtual one",
  helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6',
  severity: 'high',
  rationale: 'A virtual MFA seed can be copied from the device that holds it; root should use hardware.',
  appliesTo: LIVE_STATE_INPUTS,
  compliance: [
    'CIS-AWS-1.4:1.6',
    'CIS-AWS-2.0:1.6',
    'CIS-AWS-3.0:1.6',
    'CIS-AWS-4.0:1.6',
    'SecurityHub:IAM.6',
    'AWS-Config:root-account-hardware-mfa-enabled',
  ],
  run: (account) => {
    const resource = accountResource(account);
    const root = account.root;
    if (isUnknown(root))
      return [result('error', resource, `root user state could not be read: ${root.reason}`)];
    if (rootWithoutCredentials(root) && root.mfaEnabled !== true) {
      return [
        result('pass', resource, 'root user has no password and no access keys (centralised root access)'),
      ];
    }
    if (isUnknown(root.mfaEnabled))
      return [result('unknown', resource, `root MFA state unknown: ${root.mfaEnabled.reason}`)];
    if (!root.mfaEnabled) {
      return [
        result('fail', resource, 'root user has no MFA device at all', {
          remediation: enableRootMfa(account),
        }),
      ];
    }
    const devices = account.virtualMfaDevices;
    if (isUnknown(devices)) {
      return [result('unknown', resource, `cannot tell whether root's MFA is virtual: ${devices.reason}`)];
    }
    // Exact ARN match: a device merely named "root" that belongs to an IAM user says nothing about root.
    const virtual = devices.filter((device) => device.userArn === root.arn);
    if (virtual.length > 0) {
      return [
        result(
          'fail',
          resource,
          `root user's MFA is a virtual device (${virtual.map((d) => d.serial).join(', ')})`,
          { remediation: enableRootMfa(account, { virtualSerials: virtual.map((d) => d.serial) }) },
        ),
      ];
    }
    return [
      result(
        'pass',
        resource,
        'root user has MFA and no virtual device is assigned to root (hardware or FIDO)',
      ),
    ];
  },
};
