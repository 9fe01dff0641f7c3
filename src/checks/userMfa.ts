// Every IAM user should have MFA, even without a console password: MFA-conditioned policies and
// sts:GetSessionToken then protect its access keys too. Security Hub IAM.19; AWS Config iam-user-mfa-enabled.
import { isUnknown } from '../model/unknown.js';
import { LIVE_STATE_INPUTS, type Check } from './check.js';
import { describeMfa } from './describeMfa.js';
import { forEachUser } from './forEachUser.js';
import { enableUserMfa } from './remedies.js';
import { result, userResource } from './resource.js';

export const userMfa: Check = {
  id: 'user-mfa',
  title: 'IAM users have an MFA device',
  helpUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-19',
  severity: 'medium',
  rationale: 'Without a device, MFA-conditioned policies cannot protect the user at all.',
  appliesTo: LIVE_STATE_INPUTS,
  compliance: ['SecurityHub:IAM.19', 'AWS-Config:iam-user-mfa-enabled'],
  run: (account) =>
    forEachUser(account, (user) => {
      const resource = userResource(account, user);
      if (isUnknown(user.mfaActive))
        return result('unknown', resource, `MFA state unknown: ${user.mfaActive.reason}`);
      if (user.mfaActive) return result('pass', resource, describeMfa(user));
      return result('fail', resource, 'no MFA device', {
        remediation: enableUserMfa(account, user),
        details: { evidence: user.evidence },
      });
    }),
};
