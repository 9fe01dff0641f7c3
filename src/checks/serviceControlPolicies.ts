import type { Account, ServiceControlPolicy } from '../model/account.js';
import { isUnknown, unknownValue, type Maybe } from '../model/unknown.js';
import { parsePolicyDocument, type PolicyDocument } from '../policy/index.js';

// The SCPs over an account, parsed once per policy (the same SCP object is shared by every account under
// it), as policy levels for the engine: root first, the account last; at each level some SCP must allow.
// SCPs never apply to the management account, and an account outside an organization scan has none.

const parsed = new WeakMap<ServiceControlPolicy, Maybe<PolicyDocument>>();

export function scpDocument(policy: ServiceControlPolicy): Maybe<PolicyDocument> {
  let document = parsed.get(policy);
  if (!document) {
    if (isUnknown(policy.document)) document = policy.document;
    else {
      try {
        document = parsePolicyDocument(policy.document, `SCP ${policy.name} (${policy.id})`);
      } catch (error) {
        document = unknownValue(
          `SCP ${policy.name} (${policy.id}) is not valid: ${(error as Error).message}`,
        );
      }
    }
    parsed.set(policy, document);
  }
  return document;
}

/** Undefined when no SCP applies (no organization data, or the management account). */
export function scpLevelsOf(account: Account): Maybe<PolicyDocument[][]> | undefined {
  const organization = account.organization;
  if (!organization || organization.isManagementAccount) return undefined;
  if (isUnknown(organization.scpLevels)) return organization.scpLevels;
  const levels: PolicyDocument[][] = [];
  for (const level of organization.scpLevels) {
    const documents: PolicyDocument[] = [];
    for (const policy of level) {
      const document = scpDocument(policy);
      if (isUnknown(document)) return document;
      documents.push(document);
    }
    levels.push(documents);
  }
  return levels;
}
