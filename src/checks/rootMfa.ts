// The root user can do anything and cannot be restricted by IAM policies; a stolen root password without MFA
// is a lost account. CIS AWS 1.5 (v1.4-v4.0) / 1.4 (v5.0); Security Hub IAM.9; AWS Config root-account-mfa-enabled.
import { isUnknown } from '../model/unknown.js';
import { LIVE_STATE_INPUTS, type Check } from './check.js';
import { enableRootMfa } from './remedies.js';
import { accountResource, result } from './resource.js';
import { rootWithoutCredentials } from './rootCredentials.js';

export const rootMfa: Check = {
  id: 'root-mfa',
  title: 'The root user has MFA',
  helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9',
  severity: 'critical',
  rationale:
    'Root can do anything and no IAM policy restricts it; its password alone must not be enough to sign in.',
  appliesTo: LIVE_STATE_INPUTS,
  compliance: [
    'CIS-AWS-1.4:1.5',
    'CIS-AWS-2.0:1.5',
    'CIS-AWS-3.0:1.5',
    'CIS-AWS-4.0:1.5',
    'CIS-AWS-5.0:1.4',
    'SecurityHub:IAM.9',
    'AWS-Config:root-account-mfa-enabled',
  ],
  run: (account) => {
    const resource = accountResource(account);
    const root = account.root;
    if (isUnknown(root))
      return [result('error', resource, `root user state could not be read: ${root.reason}`)];
    if (root.mfaEnabled === true) return [result('pass', resource, 'root user has MFA enabled')];
    if (rootWithoutCredentials(root)) {
      return [
        result(
          'pass',
          resource,
          'root user has no password and no access keys (centralised root access): nothing to sign in with',
        ),
      ];
    }
    if (isUnknown(root.mfaEnabled)) {
      return [result('unknown', resource, `root MFA state unknown: ${root.mfaEnabled.reason}`)];
    }
    const password = isUnknown(root.passwordPresent)
      ? 'root password presence unknown'
      : 'root has a password';
    return [
      result('fail', resource, `root user has no MFA (${password})`, { remediation: enableRootMfa(account) }),
    ];
  },
};
