// A console user without enforced MFA can act before enrolling a device, and any access key it creates
// later never carries MFA. We evaluate every policy the user has (inline, managed, each group's, the
// permissions boundary): an enforcing group fixes it; an unenforced admin does not.
import type { User } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import type { Check } from './check.js';
import { accountPolicies } from './accountPolicies.js';
import { enforceMfaForUser } from './enforcementRemedy.js';
import { documentNames, reachDetails, reachMessage, witnessDetails } from './describeReach.js';
import { forEachUser } from './forEachUser.js';
import { result, userResource } from './resource.js';
import { chainDetails, chainsFrom, describeChains, describeOpaque, firstHopRole } from './roleChains.js';
import { requireMfaInTrust } from './roleTrustRemedy.js';

export const consoleUserMfaEnforced: Check = {
  id: 'console-user-mfa-enforced',
  title: 'Console users cannot act beyond MFA self-enrolment without MFA',
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html',
  severity: 'high',
  rationale:
    'Having a device is not enough: until policies deny requests without MFA, a stolen password or a key the user created acts freely.',
  compliance: ['AWS-IAM-docs:id_credentials_mfa_configure-api-require', 'Trivy:AVD-AWS-0123'],
  run: (account) => {
    const policies = accountPolicies(account);
    // How many console users share each analysis: one used by a single user is not kept after its finding.
    const resolvedOf = new Map<User, { resolved: ReturnType<typeof policies.forUser>; key?: string }>();
    const users = new Map<string, number>();
    for (const user of isUnknown(account.users) ? [] : account.users) {
      if (user.consolePassword !== true) continue;
      const resolved = policies.forUser(user);
      if (isUnknown(resolved)) {
        resolvedOf.set(user, { resolved });
        continue;
      }
      const key = policies.analyzer.keyOf(resolved.set, resolved.principal);
      resolvedOf.set(user, { resolved, key });
      users.set(key, (users.get(key) ?? 0) + 1);
    }
    return forEachUser(account, (user) => {
      const resource = userResource(account, user);
      if (isUnknown(user.consolePassword)) {
        return result('unknown', resource, `console access unknown: ${user.consolePassword.reason}`);
      }
      if (!user.consolePassword) return result('pass', resource, 'no console password');
      // Every user with a console password was resolved above.
      const { resolved, key } = resolvedOf.get(user) ?? { resolved: policies.forUser(user) };
      if (isUnknown(resolved))
        return result('unknown', resource, `policies could not be evaluated: ${resolved.reason}`);
      const shared = (users.get(key ?? '') ?? 0) > 1;
      const analysis = policies.analyzer.analyze(resolved.set, resolved.principal, { keep: shared });
      // Roles it can assume without MFA: what their sessions can do counts as reachable without MFA too.
      const chains = chainsFrom(account, { arn: user.arn, policies: resolved });
      const [worst] = chains.leaking;
      const chainNote =
        chains.leaking.length > 0
          ? `; through sts:AssumeRole without MFA it reaches more: ${describeChains(user.name, chains.leaking)}`
          : '';
      const opaqueNote =
        chains.opaque.length > 0
          ? `; it may also assume roles whose trust policy or permissions could not be read: ${describeOpaque(user.name, chains.opaque)}`
          : '';
      if (analysis.enforced && worst) {
        const witness = witnessDetails({
          account,
          set: worst.policies.set,
          analysis: worst.analysis,
          principal: worst.policies.principal ?? {},
          simulate: { arn: worst.role.arn },
          names: documentNames(worst.policies.entries),
        });
        return result(
          'fail',
          resource,
          `its own policies enforce MFA, but it can assume roles without MFA: ${describeChains(user.name, chains.leaking)}${opaqueNote}`,
          {
            remediation: requireMfaInTrust(firstHopRole(account, worst), []),
            details: {
              chains: chainDetails(user.name, chains.leaking),
              role: { arn: worst.role.arn, ...reachDetails(worst.analysis) },
              ...witness,
            },
          },
        );
      }
      // A role it may assume without MFA but whose trust or permissions are not in the data: not a pass.
      if (analysis.enforced && chains.opaque.length > 0)
        return result(
          'unknown',
          resource,
          `its own policies enforce MFA, but it may assume roles without MFA whose trust policy or permissions could not be read: ${describeOpaque(user.name, chains.opaque)}`,
        );
      if (analysis.enforced) {
        const scp = analysis.console.deniedBy.find((ref) => ref.origin.startsWith('SCP '));
        return result(
          'pass',
          resource,
          scp
            ? `nothing beyond MFA self-enrolment is reachable without MFA: denied by ${scp.origin}`
            : 'nothing beyond MFA self-enrolment is reachable without MFA',
        );
      }
      // SCPs can only take away: unreadable ones cannot turn a pass into a fail, but may hide a pass.
      if (resolved.scpsUnknown)
        return result(
          'unknown',
          resource,
          `the service control policies over this account could not be read (${resolved.scpsUnknown}); without them: ${reachMessage(analysis)}`,
        );
      const note = account.organization?.isManagementAccount
        ? ' (SCPs never apply to the management account)'
        : '';
      // The witness: one request that succeeds without MFA, and the simulator command that replays it.
      const witness = witnessDetails({
        account,
        set: resolved.set,
        analysis,
        principal: resolved.principal ?? {},
        simulate: { arn: user.arn },
        names: documentNames(resolved.entries),
      });
      return result('fail', resource, `${reachMessage(analysis)}${note}${chainNote}${opaqueNote}`, {
        remediation: enforceMfaForUser(account, user),
        details: {
          ...reachDetails(analysis),
          ...(chains.leaking.length > 0 ? { chains: chainDetails(user.name, chains.leaking) } : {}),
          ...witness,
        },
      });
    });
  },
};
