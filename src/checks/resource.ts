import type { Account, Group, User } from '../model/account.js';
import type { CheckResult, Remediation, ResourceRef, Status } from './check.js';

// Resource references and result constructors shared by every check, so each check file holds only its rule.

export function userResource(account: Account, user: User): ResourceRef {
  return { type: 'AWS::IAM::User', name: user.name, arn: user.arn, account: account.id, source: user.source };
}

export function groupResource(account: Account, group: Group): ResourceRef {
  return {
    type: 'AWS::IAM::Group',
    name: group.name,
    arn: group.arn,
    account: account.id,
    source: group.source,
  };
}

export function accountResource(account: Account): ResourceRef {
  return {
    type: 'AWS::::Account',
    name: account.id,
    arn: `arn:${account.partition}:iam::${account.id}:root`,
    account: account.id,
    source: account.source,
  };
}

export function result(
  status: Status,
  resource: ResourceRef,
  message: string,
  extra: { remediation?: Remediation; details?: Record<string, unknown> } = {},
): CheckResult {
  return { status, resource, message, ...extra };
}
