import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  paginateListAttachedGroupPolicies,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { mfaEnforcingPolicyDocument } from '../../generate/mfaPolicy.js';
import { analyzeEnforcementPolicy, parsePolicyDocument } from '../../policy/index.js';
import { errorCode } from '../iamOperations.js';
import type { PlannedAction } from '../plan.js';
import type { ActionHandler, PreparedStep } from './actionHandler.js';
import { attachedPoliciesOf } from './liveUser.js';
import { recheckUser } from './recheckUser.js';

// attach-mfa-policy: create the MFA-enforcing managed policy (`mfa-warden generate policy`) if the account
// does not have it yet, then attach it to the group (or user). A policy of that name that exists but does not
// enforce MFA is never reused: attaching it would report a fix that is not one.

export const attachMfaPolicy: ActionHandler = {
  mode: 'attach-mfa-policy',
  describe: (action) =>
    `attach ${action.policyName ?? '?'} to ${action.target.kind} ${principalName(action)}`,
  async prepare(context, action) {
    const policyArn = action.policyArn as string;
    const policyName = action.policyName as string;
    const principal = principalName(action);
    if (action.target.kind === 'user') {
      const skip = await recheckUser(context, action, principal);
      if (skip) return { skip };
    }
    const steps: PreparedStep[] = [];
    const existing = await existingPolicyVerdict(context.iam, policyArn);
    if (existing === undefined) {
      steps.push({
        operation: 'CreatePolicy',
        params: {
          PolicyName: policyName,
          PolicyDocument: JSON.stringify(mfaEnforcingPolicyDocument()),
          Description: 'Denies everything but MFA self-enrolment without MFA (created by mfa-warden enforce)',
        },
        describe: `create managed policy ${policyName}`,
        prior: { policy: 'absent' },
        undo: [
          {
            operation: 'DeletePolicy',
            params: { PolicyArn: policyArn },
            alreadyDone: ['NoSuchEntity'],
            describe: `delete managed policy ${policyName} (created by this run)`,
          },
        ],
      });
    } else if (existing !== 'enforced') {
      return { skip: `refused: ${policyArn} exists but does not enforce MFA (${existing})` };
    }
    const attached =
      action.target.kind === 'group'
        ? await groupPolicies(context.iam, principal)
        : await attachedPoliciesOf(context.iam, principal);
    if (attached.includes(policyArn))
      return { skip: `already fixed: ${policyName} is attached to ${principal}` };
    const isGroup = action.target.kind === 'group';
    const key = isGroup ? 'GroupName' : 'UserName';
    steps.push({
      operation: isGroup ? 'AttachGroupPolicy' : 'AttachUserPolicy',
      params: { [key]: principal, PolicyArn: policyArn },
      describe: `attach ${policyName} to ${action.target.kind} ${principal}`,
      prior: { attachedPolicyArns: attached },
      undo: [
        {
          operation: isGroup ? 'DetachGroupPolicy' : 'DetachUserPolicy',
          params: { [key]: principal, PolicyArn: policyArn },
          alreadyDone: ['NoSuchEntity'],
          describe: `detach ${policyName} from ${action.target.kind} ${principal}`,
        },
      ],
    });
    return { steps };
  },
};

function principalName(action: PlannedAction): string {
  return action.target.kind === 'group' ? action.target.groupName : action.target.userName;
}

/** The verdict on the live default version of the policy, or undefined when it does not exist. */
async function existingPolicyVerdict(iam: IAMClient, policyArn: string): Promise<string | undefined> {
  let versionId: string | undefined;
  try {
    versionId = (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.DefaultVersionId;
  } catch (error) {
    if (errorCode(error) === 'NoSuchEntity') return undefined;
    throw error;
  }
  const { PolicyVersion } = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
  );
  try {
    const document = JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? '')) as unknown;
    return analyzeEnforcementPolicy(parsePolicyDocument(document, policyArn)).verdict;
  } catch {
    return 'unreadable';
  }
}

async function groupPolicies(iam: IAMClient, groupName: string): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListAttachedGroupPolicies({ client: iam }, { GroupName: groupName }))
    arns.push(...(page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? ''));
  return arns;
}
