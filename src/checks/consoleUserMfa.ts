// A console password without MFA falls to phishing and credential stuffing.
// CIS AWS 1.10 (v1.4-v4.0) / 1.9 (v5.0) / 1.2 (v1.2); Security Hub IAM.5; AWS Config
// mfa-enabled-for-iam-console-access; cloud-audit aws-iam-002.
import { isUnknown } from '../model/unknown.js';
import { LIVE_STATE_INPUTS, type Check } from './check.js';
import { describeMfa } from './describeMfa.js';
import { enableMfaOrRemovePassword } from './remedies.js';
import { userResource, result } from './resource.js';
import { forEachUser } from './forEachUser.js';

export const consoleUserMfa: Check = {
  id: 'console-user-mfa',
  title: 'IAM users with a console password have MFA',
  helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5',
  severity: 'high',
  rationale: 'A console password alone falls to phishing and credential stuffing.',
  appliesTo: LIVE_STATE_INPUTS,
  compliance: [
    'CIS-AWS-1.2:1.2',
    'CIS-AWS-1.4:1.10',
    'CIS-AWS-2.0:1.10',
    'CIS-AWS-3.0:1.10',
    'CIS-AWS-4.0:1.10',
    'CIS-AWS-5.0:1.9',
    'SecurityHub:IAM.5',
    'AWS-Config:mfa-enabled-for-iam-console-access',
    'cloud-audit:aws-iam-002',
  ],
  run: (account) =>
    forEachUser(account, (user) => {
      const resource = userResource(account, user);
      if (isUnknown(user.consolePassword)) {
        return result('unknown', resource, `console access unknown: ${user.consolePassword.reason}`);
      }
      if (!user.consolePassword) return result('pass', resource, 'no console password');
      if (isUnknown(user.mfaActive)) {
        return result('unknown', resource, `console password, MFA state unknown: ${user.mfaActive.reason}`);
      }
      if (user.mfaActive) return result('pass', resource, `console password with ${describeMfa(user)}`);
      return result('fail', resource, 'console password without MFA', {
        remediation: enableMfaOrRemovePassword(account, user),
        details: { evidence: user.evidence },
      });
    }),
};
