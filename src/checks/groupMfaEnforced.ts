// A group is where MFA enforcement usually lives (tfsec/Trivy aws-iam-enforce-mfa, AVD-AWS-0123). Trivy
// passes a group when the string aws:MultiFactorAuthPresent appears; we judge what the policies do: members
// must be denied everything but MFA self-enrolment without MFA, whatever else allows them.
import { isUnknown } from '../model/unknown.js';
import type { Account, Group, User } from '../model/account.js';
import {
  ALLOW_EVERYTHING_JSON,
  allowEverything,
  orderedPolicySetKey,
  placeholderPrincipal,
  someUserShapes,
  type ContextKeys,
  type PolicyDocument,
  type PolicySet,
  type PrincipalMfaAnalysis,
} from '../policy/index.js';
import type { Check } from './check.js';
import { chainDetails, chainsFrom, describeChains, describeOpaque } from './roleChains.js';
import { accountPolicies, type PolicyEntry } from './accountPolicies.js';
import { enforceMfaForGroup } from './enforcementRemedy.js';
import { documentNames, reachDetails, reachMessage, witnessDetails } from './describeReach.js';
import { accountResource, groupResource, result } from './resource.js';

export const groupMfaEnforced: Check = {
  id: 'group-mfa-enforced',
  title: 'IAM groups deny their members everything but MFA self-enrolment without MFA',
  helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html',
  severity: 'medium',
  rationale:
    'A group policy that really denies requests without MFA protects every member, console sessions and access keys alike.',
  compliance: ['Trivy:AVD-AWS-0123', 'tfsec:aws-iam-enforce-mfa'],
  run: (account) => {
    if (isUnknown(account.groups)) {
      return [
        result('error', accountResource(account), `IAM groups could not be listed: ${account.groups.reason}`),
      ];
    }
    const policies = accountPolicies(account);
    // Groups with the same Denies judge the same set: one object, so what is memoised per set is shared.
    const sets = new Map<string, PolicySet>();
    const setOf = (denying: readonly PolicyDocument[]): PolicySet => {
      const set = { identity: [...denying, allowEverything] };
      const key = orderedPolicySetKey(set);
      const known = sets.get(key);
      if (known) return known;
      sets.set(key, set);
      return set;
    };
    return account.groups.map((group) => {
      const resource = groupResource(account, group);
      const resolved = policies.forGroup(group);
      if (isUnknown(resolved))
        return result('unknown', resource, `policies could not be evaluated: ${resolved.reason}`);
      if (resolved.entries.length === 0) {
        const set = { identity: [allowEverything] };
        const witness = groupWitness(account, group, set, policies.analyzer.analyze(set), []);
        return result(
          'fail',
          resource,
          'the group has no policies, so nothing denies its members requests without MFA',
          {
            remediation: enforceMfaForGroup(account, group),
            ...(witness ? { details: { ...witness } } : {}),
          },
        );
      }
      // Members may be allowed anything elsewhere (Allow *), so only the group's Denies decide; its
      // Allow-only documents (AWS ReadOnlyAccess, 2,914 patterns) would change nothing but the cost.
      const denying = resolved.set.identity.filter((doc) =>
        doc.statements.some((st) => st.effect === 'Deny'),
      );
      const set = setOf(denying);
      const analysis = policies.analyzer.analyze(set, memberKeys(account), {
        // Its ARN and id are of unknown name but known form: `ArnNotLike aws:PrincipalArn .../role/*` holds.
        shapes: someUserShapes(account.partition, account.id),
      });
      if (analysis.enforced) {
        const by = analysis.console.deniedBy
          .map((ref) => ref.label)
          .slice(0, 2)
          .join(', ');
        return result('pass', resource, `denies everything but MFA self-enrolment without MFA (${by})`);
      }
      // What members can go on to reach by assuming roles without MFA (the group does not stop sts:AssumeRole).
      const member = memberArn(account, group);
      const chains = chainsFrom(account, { arn: member.arn, policies: { set, entries: [] } });
      const chainNote =
        chains.leaking.length > 0
          ? `; members can also assume roles without MFA: ${describeChains(member.name, chains.leaking)}`
          : '';
      const opaqueNote =
        chains.opaque.length > 0
          ? `; members may also assume roles whose trust policy or permissions could not be read: ${describeOpaque(member.name, chains.opaque)}`
          : '';
      return result('fail', resource, `${reachMessage(analysis)}${chainNote}${opaqueNote}`, {
        remediation: enforceMfaForGroup(account, group),
        details: {
          ...reachDetails(analysis),
          ...(chains.leaking.length > 0 ? { chains: chainDetails(member.name, chains.leaking) } : {}),
          ...groupWitness(account, group, set, analysis, resolved.entries),
        },
      });
    });
  },
};

/** What is known of any member, whoever it is: an IAM user of this account. */
function memberKeys(account: Account): ContextKeys {
  return { 'aws:PrincipalType': 'User', 'aws:PrincipalAccount': account.id };
}

const firstMembers = new WeakMap<Account, ReadonlyMap<string, User>>();

/** The first user the data lists in the group, if any (one pass over the users per account). */
function firstMember(account: Account, group: Group): User | undefined {
  let members = firstMembers.get(account);
  if (!members) {
    const found = new Map<string, User>();
    for (const user of isUnknown(account.users) ? [] : account.users)
      for (const name of user.groups) if (!found.has(name)) found.set(name, user);
    members = found;
    firstMembers.set(account, members);
  }
  return members.get(group.name);
}

/** A member of the group to start chains from: the first the data knows, else a placeholder. */
function memberArn(account: Account, group: Group): { name: string; arn: string } {
  const member = firstMember(account, group);
  return member
    ? { name: member.name, arn: member.arn }
    : { name: 'example-member', arn: `arn:${account.partition}:iam::${account.id}:user/example-member` };
}

/**
 * The witness for a group: a request by one of its members (the first the data knows, else a placeholder
 * `example-member`), allowed by the "other policies" the check assumes; the simulator is asked about the
 * group with that Allow-everything companion added.
 */
function groupWitness(
  account: Account,
  group: Group,
  set: PolicySet,
  analysis: PrincipalMfaAnalysis,
  entries: readonly PolicyEntry[],
) {
  const member = firstMember(account, group);
  const principal: ContextKeys = {
    ...memberKeys(account),
    ...(member
      ? { 'aws:username': member.name, 'aws:PrincipalArn': member.arn }
      : placeholderPrincipal('example-member', account.partition, account.id).keys),
  };
  return witnessDetails({
    account,
    set,
    analysis,
    principal,
    simulate: { arn: group.arn, added: [{ json: ALLOW_EVERYTHING_JSON }] },
    names: documentNames(entries),
    inline: new Map<PolicyDocument, string>([[allowEverything, ALLOW_EVERYTHING_JSON]]),
  });
}
