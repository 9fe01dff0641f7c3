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
import { interruptionReason, startDeadline } from '../adapters/aws/scanDeadline.js';
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
// Two ways to stop: `signal` lets the accounts in progress finish and starts no more; `abortSignal` and
// `timeoutMs` stop at once, cancelling every request. Either way the accounts that finished are reported
// as usual and the others as `error` findings saying they were not scanned or did not finish.

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
  /**
   * Aborting stops starting new accounts; the accounts in progress finish, those not started are reported as
   * not scanned (error findings, status interrupted). For a hard stop use abortSignal or timeoutMs.
   */
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
  /**
   * Set when the scan was stopped (signal, abortSignal or timeoutMs) before every account had finished: why,
   * e.g. "the scan timed out after 30 s". Those accounts have status interrupted and error findings.
   */
  readonly interrupted?: string;
  /** Clients acting in an account of the organization (own credentials or the assumed role); destroy them. */
  clientsFor(accountId: string): Promise<AwsClients>;
}

export async function scanOrganization(options: OrgScanOptions = {}): Promise<OrgScanResult> {
  const deadline = startDeadline(options);
  try {
    return await scanWithin(options, deadline.signal);
  } finally {
    deadline.dispose();
  }
}

async function scanWithin(options: OrgScanOptions, stop: AbortSignal | undefined): Promise<OrgScanResult> {
  const checks = selectChecks(options.checks);
  const requests = options.requests ?? createRequestCounter();
  const region = options.region ?? 'us-east-1';
  // One provider for the caller's own account and Organizations, so a profile or SSO token is resolved once.
  const credentials: AwsCredentialsInput =
    options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  // The deadline is this scan's, started once: clients get its signal, never a timeout of their own.
  const clientOptions: AwsClientOptions = {
    ...options,
    credentials,
    timeoutMs: undefined,
    abortSignal: stop,
  };
  const stoppedBecause = (): string | undefined => (stop?.aborted ? interruptionReason(stop) : undefined);
  const caller = createAwsClients({ ...clientOptions, requests });
  let callerAccount: string;
  let callerArn: string;
  let partition: string;
  try {
    const identity = await caller.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
      const stopped = stoppedBecause();
      throw new ScanError(
        stopped
          ? `GetCallerIdentity did not finish: ${stopped}`
          : `GetCallerIdentity failed: ${error instanceof Error ? error.message : String(error)}`,
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
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...timeoutsOf(options),
    ...(stop ? { abortSignal: stop } : {}),
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
  let interrupted: string | undefined;
  const findings: Finding[] = [];
  const models = new Map<string, Account>();
  const perAccountChecks = checks.filter((check) => check.id !== orgScpMfa.id);
  const notFinished = (account: OrganizationAccount, reason: string, message: string): void => {
    interrupted ??= reason;
    findings.push(...failureFindings(account, message, perAccountChecks, partition));
  };
  await Promise.all(
    selected.map((account) =>
      limit(async () => {
        const before =
          stoppedBecause() ?? (options.signal?.aborted ? interruptionReason(options.signal) : undefined);
        if (before !== undefined) {
          const reason = `not scanned: ${before}`;
          notFinished(account, before, `account ${account.id} (${account.name}) was ${reason}`);
          outcomes.push({ ...base(account), status: 'interrupted', reason });
          return;
        }
        const counter = createRequestCounter();
        try {
          const model = await scanOne(account, counter);
          // Stopped while this account was read: what it has is partial, so it counts as not finished.
          const during = stoppedBecause();
          if (during !== undefined) throw new AccountInterrupted(during);
          models.set(account.id, model);
          const own = evaluate(model, perAccountChecks, options);
          findings.push(...own);
          outcomes.push({
            ...base(account),
            status: 'scanned',
            byStatus: countFindings(own).byStatus,
            requests: counter.total,
          });
        } catch (error) {
          const during = error instanceof AccountInterrupted ? error.message : stoppedBecause();
          if (during !== undefined) {
            const reason = `did not finish: ${during}`;
            notFinished(account, during, `account ${account.id} (${account.name}) ${reason}`);
            outcomes.push({ ...base(account), status: 'interrupted', reason, requests: counter.total });
            return;
          }
          failed += 1;
          const reason = error instanceof Error ? error.message : String(error);
          findings.push(
            ...failureFindings(
              account,
              `account ${account.id} (${account.name}) could not be scanned: ${reason}`,
              perAccountChecks,
              partition,
            ),
          );
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
    // SCP coverage is a fact of the organization, read once: an account whose own scan failed or did not
    // finish is judged all the same, so it cannot drop out of the verdict (and turn a fail into a pass).
    const judged = judgeOrganizationScps({
      organizationId: organization.id,
      managementAccountId: organization.managementAccountId,
      partition,
      accounts: selected.map((account) => models.get(account.id) ?? scpStub(account)),
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
  const scannedModels = selected.flatMap((account) => models.get(account.id) ?? []);
  const summary: Summary = {
    account: organization.managementAccountId,
    label: `organization ${organization.id}`,
    checks: checks.map((check) => check.id),
    notApplicable: [],
    ...countFindings(findings),
    collectionIssues: scannedModels.flatMap((model) =>
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
    ...(interrupted ? { interrupted } : {}),
  };
  // Clients for enforcement outlive the scan: they get neither its deadline nor its stop signal.
  const afterScan: AwsClientOptions = { ...clientOptions, abortSignal: undefined };
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
    models: scannedModels,
    caller: { account: callerAccount, arn: callerArn },
    ...(interrupted ? { interrupted } : {}),
    async clientsFor(accountId) {
      const account = organization.accounts.find((candidate) => candidate.id === accountId);
      if (!account) throw new ScanError(`account ${accountId} is not in organization ${organization.id}`);
      const own = accountId === callerAccount;
      return createAwsClients({
        ...afterScan,
        requests,
        credentials: own ? credentials : await assumeRole(account, requests, afterScan),
      });
    },
  };

  function base(account: OrganizationAccount) {
    return { id: account.id, name: account.name, path: account.path };
  }

  /** What judgeOrganizationScps needs of an account that has no model: its id and its SCP levels. */
  function scpStub(account: OrganizationAccount): Account {
    return {
      id: account.id,
      partition,
      organization: {
        organizationId: organization.id,
        managementAccountId: organization.managementAccountId,
        isManagementAccount: account.id === organization.managementAccountId,
        path: account.path,
        scpLevels: scpLevelsFor(organization, account),
      },
    } as Account;
  }

  async function scanOne(account: OrganizationAccount, counter: RequestCounter): Promise<Account> {
    const own = account.id === callerAccount;
    const accountCredentials = own ? credentials : await assumeRole(account, counter, clientOptions);
    const { snapshot } = await collectAwsSnapshot({
      region,
      credentials: accountCredentials,
      requests: counter,
      fresh: options.fresh ?? false,
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      ...timeoutsOf(options),
      ...(stop ? { abortSignal: stop } : {}),
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

  async function assumeRole(
    account: OrganizationAccount,
    counter: RequestCounter,
    clients: AwsClientOptions,
  ) {
    const roleArn = `arn:${partition}:iam::${account.id}:role/${options.roleName ?? DEFAULT_ORG_ROLE}`;
    const sts = createAwsClients({ ...clients, requests: counter });
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

/** Thrown inside one account's scan when the scan was stopped while that account was being read. */
class AccountInterrupted extends Error {}

function timeoutsOf(options: OrgScanOptions): { connectTimeoutMs?: number; requestTimeoutMs?: number } {
  return {
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  };
}

function excludedBecause(account: OrganizationAccount, options: OrgScanOptions): string | undefined {
  if (options.accounts && options.accounts.length > 0 && !options.accounts.includes(account.id))
    return 'not in --accounts';
  if (options.excludeAccounts?.includes(account.id)) return 'in --exclude-accounts';
  if (options.ous && options.ous.length > 0 && !account.path.some((node) => options.ous?.includes(node)))
    return 'not under --ous';
  return undefined;
}

/**
 * An account that could not be scanned, or did not finish: every per-account check is `error` there, with
 * the message (which says which of the two, and why).
 */
function failureFindings(
  account: OrganizationAccount,
  message: string,
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
    message,
    compliance: check.compliance,
  }));
}

function addInto(total: RequestCounter, part: RequestCounter): void {
  total.total += part.total;
  for (const [operation, count] of Object.entries(part.byOperation))
    total.byOperation[operation] = (total.byOperation[operation] ?? 0) + count;
}
