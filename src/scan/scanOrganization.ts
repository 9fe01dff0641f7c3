import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { assumeRoleCredentials } from '../adapters/aws/assumeRole.js';
import pLimit from 'p-limit';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import {
  collectAwsSnapshot,
  createAwsClients,
  type AwsClientOptions,
  type AwsClients,
  type AwsCredentialsInput,
} from '../adapters/aws/index.js';
import { createRequestCounter, type RequestCounter } from '../adapters/aws/requestCounter.js';
import {
  readOrganization,
  scpLevelsFor,
  type OrganizationAccount,
  type OrganizationData,
} from '../adapters/aws/org/readOrganization.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { Finding, Status } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import { judgeOrganizationScps, orgScpMfa } from '../checks/orgScpMfa.js';
import { accountResource } from '../checks/resource.js';
import { ScanError } from '../errors.js';
import type { Account } from '../model/account.js';
import { countFindings, evaluate, type Summary } from '../scan/evaluate.js';
import { applicableChecks } from '../scan/evaluate.js';
import type { EvaluateOptions } from './scanModel.js';

// A whole AWS Organization: the tree and its SCPs are read once, then every selected account is scanned with
// the per-account scan (the caller's own credentials for its own account, an assumed role for the others),
// in parallel. One account failing (role missing, AssumeRole denied, throttled past the retries) becomes
// `error` findings for that account with the reason; the others finish. SCPs go into each member account's
// model, so the policy checks see what an SCP denies; the management account is never under SCPs.

export const DEFAULT_ORG_ROLE = 'OrganizationAccountAccessRole';
export const DEFAULT_ORG_CONCURRENCY = 8;

export interface OrgScanOptions extends AwsClientOptions, EvaluateOptions {
  fresh?: boolean;
  /** The role to assume in each member account; default OrganizationAccountAccessRole. */
  roleName?: string;
  externalId?: string;
  /** Only these account ids. */
  accounts?: readonly string[];
  excludeAccounts?: readonly string[];
  /** Only accounts under these OUs (at any depth). */
  ous?: readonly string[];
  /** Accounts scanned in parallel; default 8. */
  concurrency?: number;
  /** Called whenever an account finishes (for a progress bar). */
  onProgress?: (progress: OrgProgress) => void;
  /** Aborting stops starting new accounts; those not started are reported as not scanned. */
  signal?: AbortSignal;
}

export interface OrgProgress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  readonly startedAt: number;
}

export type AccountScanStatus = 'scanned' | 'failed' | 'suspended' | 'excluded' | 'interrupted';

export interface AccountOutcome {
  readonly id: string;
  readonly name: string;
  readonly status: AccountScanStatus;
  readonly reason?: string;
  readonly path: readonly string[];
  readonly byStatus?: Readonly<Record<Status, number>>;
  /** Requests this account's scan sent (IAM, STS), retries included. */
  readonly requests?: number;
}

export interface OrgScanResult {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly accounts: readonly AccountOutcome[];
  readonly organization: Pick<OrganizationData, 'id' | 'managementAccountId' | 'rootId' | 'scpsEnabled'>;
  /** Every request of the whole scan: Organizations, STS and IAM. */
  readonly requests: RequestCounter;
  /** The account models that were built, for library users (enforcement, reports). */
  readonly models: readonly Account[];
  /** Who ran the scan (sts:GetCallerIdentity). */
  readonly caller: { readonly account: string; readonly arn: string };
  /** Clients acting in an account of the organization (own credentials or the assumed role); destroy them. */
  clientsFor(accountId: string): Promise<AwsClients>;
}

export async function scanOrganization(options: OrgScanOptions = {}): Promise<OrgScanResult> {
  const checks = selectChecks(options.checks);
  const requests = options.requests ?? createRequestCounter();
  const region = options.region ?? 'us-east-1';
  // One provider for the caller's own account and Organizations, so a profile or SSO token is resolved once.
  const credentials: AwsCredentialsInput =
    options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const caller = createAwsClients({ ...options, credentials, requests });
  let callerAccount: string;
  let callerArn: string;
  let partition: string;
  try {
    const identity = await caller.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
      throw new ScanError(
        `GetCallerIdentity failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    callerAccount = identity.Account ?? '';
    callerArn = identity.Arn ?? '';
    partition = identity.Arn?.split(':')[1] ?? 'aws';
  } finally {
    caller.destroy();
  }
  const organization = await readOrganization({
    region,
    credentials,
    requests,
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
  });

  const outcomes: AccountOutcome[] = [];
  const selected: OrganizationAccount[] = [];
  for (const account of organization.accounts) {
    const excluded = excludedBecause(account, options);
    if (excluded)
      outcomes.push({
        id: account.id,
        name: account.name,
        status: 'excluded',
        reason: excluded,
        path: account.path,
      });
    else if (account.state !== 'ACTIVE')
      outcomes.push({
        id: account.id,
        name: account.name,
        status: 'suspended',
        reason: `account is ${account.state}`,
        path: account.path,
      });
    else selected.push(account);
  }

  const limit = pLimit(options.concurrency ?? DEFAULT_ORG_CONCURRENCY);
  const startedAt = Date.now();
  let done = 0;
  let failed = 0;
  const findings: Finding[] = [];
  const models: Account[] = [];
  const perAccountChecks = checks.filter((check) => check.id !== orgScpMfa.id);
  await Promise.all(
    selected.map((account) =>
      limit(async () => {
        if (options.signal?.aborted) {
          outcomes.push({
            ...base(account),
            status: 'interrupted',
            reason: 'not scanned: the scan was interrupted',
          });
          return;
        }
        const counter = createRequestCounter();
        try {
          const model = await scanOne(account, counter);
          models.push(model);
          const own = evaluate(model, perAccountChecks, options);
          findings.push(...own);
          outcomes.push({
            ...base(account),
            status: 'scanned',
            byStatus: countFindings(own).byStatus,
            requests: counter.total,
          });
        } catch (error) {
          failed += 1;
          const reason = error instanceof Error ? error.message : String(error);
          const own = failureFindings(account, reason, perAccountChecks, partition);
          findings.push(...own);
          outcomes.push({ ...base(account), status: 'failed', reason, requests: counter.total });
        } finally {
          addInto(requests, counter);
          done += 1;
          options.onProgress?.({ done, failed, total: selected.length, startedAt });
        }
      }),
    ),
  );
  if (selected.length > 0 && failed === selected.length)
    throw new ScanError(
      `no account could be scanned: ${outcomes.find((o) => o.status === 'failed')?.reason ?? 'every account failed'}`,
    );

  if (checks.some((check) => check.id === orgScpMfa.id)) {
    const judged = judgeOrganizationScps({
      organizationId: organization.id,
      managementAccountId: organization.managementAccountId,
      partition,
      accounts: models,
    });
    findings.push({
      check: orgScpMfa.id,
      status: judged.status,
      severity: orgScpMfa.severity,
      resource: judged.resource,
      message: judged.message,
      ...(judged.remediation ? { remediation: judged.remediation } : {}),
      compliance: orgScpMfa.compliance,
      ...(judged.details ? { details: judged.details } : {}),
    });
  }

  const order = new Map(organization.accounts.map((account, index) => [account.id, index]));
  outcomes.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const summary: Summary = {
    account: organization.managementAccountId,
    label: `organization ${organization.id}`,
    checks: checks.map((check) => check.id),
    notApplicable: [],
    ...countFindings(findings),
    collectionIssues: models.flatMap((model) =>
      model.issues.map((issue) => ({ what: `${model.id}: ${issue.what}`, reason: issue.reason })),
    ),
    organization: { id: organization.id, managementAccountId: organization.managementAccountId },
    accounts: outcomes.map(({ id, name, status, reason, byStatus, requests: sent }) => ({
      id,
      name,
      status,
      ...(reason ? { reason } : {}),
      ...(byStatus ? { byStatus } : {}),
      ...(sent !== undefined ? { requests: sent } : {}),
    })),
  };
  return {
    findings,
    summary,
    accounts: outcomes,
    organization: {
      id: organization.id,
      managementAccountId: organization.managementAccountId,
      rootId: organization.rootId,
      scpsEnabled: organization.scpsEnabled,
    },
    requests,
    models,
    caller: { account: callerAccount, arn: callerArn },
    async clientsFor(accountId) {
      const account = organization.accounts.find((candidate) => candidate.id === accountId);
      if (!account) throw new ScanError(`account ${accountId} is not in organization ${organization.id}`);
      const own = accountId === callerAccount;
      return createAwsClients({
        ...options,
        requests,
        credentials: own ? credentials : await assumeRole(account, requests),
      });
    },
  };

  function base(account: OrganizationAccount) {
    return { id: account.id, name: account.name, path: account.path };
  }

  async function scanOne(account: OrganizationAccount, counter: RequestCounter): Promise<Account> {
    const own = account.id === callerAccount;
    const accountCredentials = own ? credentials : await assumeRole(account, counter);
    const { snapshot } = await collectAwsSnapshot({
      region,
      credentials: accountCredentials,
      requests: counter,
      fresh: options.fresh ?? false,
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    if (snapshot.accountId !== account.id)
      throw new ScanError(
        `the credentials for account ${account.id} are for account ${snapshot.accountId ?? '?'}`,
      );
    const model = buildAccount(snapshot);
    const isManagementAccount = account.id === organization.managementAccountId;
    return {
      ...model,
      organization: {
        organizationId: organization.id,
        managementAccountId: organization.managementAccountId,
        isManagementAccount,
        path: account.path,
        scpLevels: isManagementAccount ? [] : scpLevelsFor(organization, account),
      },
    };
  }

  async function assumeRole(account: OrganizationAccount, counter: RequestCounter) {
    const roleArn = `arn:${partition}:iam::${account.id}:role/${options.roleName ?? DEFAULT_ORG_ROLE}`;
    const sts = createAwsClients({ ...options, credentials, requests: counter });
    try {
      return await assumeRoleCredentials(sts.sts, roleArn, {
        sessionName: 'mfa-warden-scan',
        ...(options.externalId ? { externalId: options.externalId } : {}),
      });
    } finally {
      sts.destroy();
    }
  }
}

function excludedBecause(account: OrganizationAccount, options: OrgScanOptions): string | undefined {
  if (options.accounts && options.accounts.length > 0 && !options.accounts.includes(account.id))
    return 'not in --accounts';
  if (options.excludeAccounts?.includes(account.id)) return 'in --exclude-accounts';
  if (options.ous && options.ous.length > 0 && !account.path.some((node) => options.ous?.includes(node)))
    return 'not under --ous';
  return undefined;
}

/** An account that could not be scanned: every per-account check is `error` there, with the reason. */
function failureFindings(
  account: OrganizationAccount,
  reason: string,
  checks: ReturnType<typeof selectChecks>,
  partition: string,
): Finding[] {
  const stub = {
    id: account.id,
    partition,
    source: { kind: 'aws' as const, arn: `arn:${partition}:iam::${account.id}:root` },
  } as Account;
  const resource = { ...accountResource(stub), name: `${account.id} (${account.name})` };
  return applicableChecks({ ...stub, input: 'aws' } as Account, checks).map((check) => ({
    check: check.id,
    status: 'error' as const,
    severity: check.severity,
    resource,
    message: `account ${account.id} (${account.name}) could not be scanned: ${reason}`,
    compliance: check.compliance,
  }));
}

function addInto(total: RequestCounter, part: RequestCounter): void {
  total.total += part.total;
  for (const [operation, count] of Object.entries(part.byOperation))
    total.byOperation[operation] = (total.byOperation[operation] ?? 0) + count;
}
