import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPoliciesForTarget,
  type Account as OrgApiAccount,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { ScanError } from '../../../errors.js';
import type { ServiceControlPolicy } from '../../../model/account.js';
import { isUnknown, unknownValue, type Maybe } from '../../../model/unknown.js';
import {
  instrumentClient,
  sharedClientConfig,
  type AwsCredentialsInput,
  type AwsTimeoutOptions,
} from '../clients.js';
import type { RequestCounter } from '../requestCounter.js';
import { describeAwsError } from '../awsFailure.js';
import { interruptionReason } from '../scanDeadline.js';

// Reads an AWS Organization once: its accounts with their place in the OU tree, and the SCPs attached at
// every level. The tree is walked from the root (two listings per OU), so the cost grows with the number of
// OUs and distinct policies, plus one ListPoliciesForTarget per account; each SCP document is fetched once
// for the whole organization however many accounts it covers.

export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, ... (State when AWS sends it, else Status). */
  readonly state: string;
  /** Root id, OU ids from the root down, then the account id. */
  readonly path: readonly string[];
}

export interface OrganizationData {
  readonly id: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  /** False when the root does not have the SERVICE_CONTROL_POLICY policy type enabled: no SCP applies. */
  readonly scpsEnabled: boolean;
  readonly accounts: readonly OrganizationAccount[];
  /** SCPs attached to each target (root, OU, account); unknown when the listing failed. */
  readonly scpsByTarget: ReadonlyMap<string, Maybe<readonly ServiceControlPolicy[]>>;
}

export interface ReadOrganizationOptions extends AwsTimeoutOptions {
  readonly region: string;
  readonly endpointUrl?: string;
  readonly credentials: AwsCredentialsInput;
  readonly requests?: RequestCounter;
  /** Parallel listings; default 8. */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  /** Cancels every request; the read then fails with a ScanError saying it was interrupted, and why. */
  readonly abortSignal?: AbortSignal;
}

/** Same timeouts, retries, request counting and pagination guard as the IAM and STS clients. */
export function createOrganizationsClient(options: ReadOrganizationOptions): OrganizationsClient {
  const client = new OrganizationsClient(sharedClientConfig(options));
  instrumentClient(client, {
    ...(options.requests ? { requests: options.requests } : {}),
    ...(options.abortSignal ? { signal: options.abortSignal } : {}),
  });
  return client;
}

export async function readOrganization(options: ReadOrganizationOptions): Promise<OrganizationData> {
  const client = createOrganizationsClient(options);
  const limit = pLimit(options.concurrency ?? 8);
  const signal = options.abortSignal;
  /** The first thing to check in every catch: an interruption is not a permission problem. */
  const interrupted = (): ScanError | undefined =>
    signal?.aborted
      ? new ScanError(`the organization was not read completely: ${interruptionReason(signal)}`)
      : undefined;
  const required = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw (
        interrupted() ??
        new ScanError(
          `${operation} failed: ${describe(error)}; --org needs the management account or a delegated administrator with organizations:Describe*/List*`,
        )
      );
    }
  };
  try {
    const organization = await required('DescribeOrganization', () =>
      client.send(new DescribeOrganizationCommand({})),
    );
    const roots = await required('ListRoots', () => client.send(new ListRootsCommand({})));
    const root = roots.Roots?.[0];
    if (!organization.Organization?.Id || !organization.Organization.MasterAccountId || !root?.Id)
      throw new ScanError(
        'DescribeOrganization/ListRoots returned no organization id, management account or root',
      );
    const scpsEnabled =
      root.PolicyTypes?.some((type) => type.Type === 'SERVICE_CONTROL_POLICY' && type.Status === 'ENABLED') ??
      false;

    const accounts: OrganizationAccount[] = [];
    const targets: string[] = [root.Id];
    // Breadth-first from the root; each OU's children are listed in parallel (bounded).
    let frontier: { id: string; path: string[] }[] = [{ id: root.Id, path: [root.Id] }];
    while (frontier.length > 0) {
      // allSettled: when one listing fails, the others finish before we give up, so none outlives the read.
      const settled = await Promise.allSettled(
        frontier.map((parent) =>
          limit(async () => {
            let operation = 'ListOrganizationalUnitsForParent';
            try {
              const ous: string[] = [];
              for await (const page of paginateListOrganizationalUnitsForParent(
                { client },
                { ParentId: parent.id },
              ))
                ous.push(...(page.OrganizationalUnits ?? []).map((ou) => ou.Id ?? '').filter(Boolean));
              operation = 'ListAccountsForParent';
              const direct: OrgApiAccount[] = [];
              for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent.id }))
                direct.push(...(page.Accounts ?? []));
              return { parent, ous, direct };
            } catch (error) {
              throw (
                interrupted() ??
                new ScanError(
                  `${operation} ${parent.id} failed: ${describe(error)}; the accounts under it are not known`,
                )
              );
            }
          }),
        ),
      );
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      const children = settled.map(
        (result) =>
          (
            result as PromiseFulfilledResult<{
              parent: (typeof frontier)[number];
              ous: string[];
              direct: OrgApiAccount[];
            }>
          ).value,
      );
      frontier = [];
      for (const { parent, ous, direct } of children) {
        for (const account of direct) {
          if (!account.Id) continue;
          const state = (account as { State?: string }).State ?? account.Status ?? 'UNKNOWN';
          accounts.push({
            id: account.Id,
            name: account.Name ?? account.Id,
            state,
            path: [...parent.path, account.Id],
          });
          targets.push(account.Id);
        }
        for (const ou of ous) {
          frontier.push({ id: ou, path: [...parent.path, ou] });
          targets.push(ou);
        }
      }
    }

    const scpsByTarget = new Map<string, Maybe<readonly ServiceControlPolicy[]>>();
    if (scpsEnabled) {
      const documents = new Map<string, Promise<Maybe<unknown>>>();
      const documentOf = (id: string): Promise<Maybe<unknown>> => {
        let pending = documents.get(id);
        if (!pending) {
          pending = limit(async () => {
            try {
              const { Policy } = await client.send(new DescribePolicyCommand({ PolicyId: id }));
              return JSON.parse(Policy?.Content ?? '') as unknown;
            } catch (error) {
              return unknownValue(`DescribePolicy ${id} failed: ${describe(error)}`);
            }
          });
          documents.set(id, pending);
        }
        return pending;
      };
      await Promise.all(
        targets.map((target) =>
          limit(async () => {
            try {
              const summaries = [];
              for await (const page of paginateListPoliciesForTarget(
                { client },
                { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' },
              ))
                summaries.push(...(page.Policies ?? []));
              return { target, summaries };
            } catch (error) {
              scpsByTarget.set(
                target,
                unknownValue(`ListPoliciesForTarget ${target} failed: ${describe(error)}`),
              );
              return undefined;
            }
          }),
        ),
      ).then((listed) =>
        Promise.all(
          listed.map(async (entry) => {
            if (!entry) return;
            const policies = await Promise.all(
              entry.summaries.map(async (summary) => ({
                id: summary.Id ?? '',
                name: summary.Name ?? summary.Id ?? '',
                arn: summary.Arn ?? '',
                target: entry.target,
                document: await documentOf(summary.Id ?? ''),
              })),
            );
            scpsByTarget.set(entry.target, policies);
          }),
        ),
      );
      // Reads cut short by the signal say "failed"; the organization data is not complete, so say so instead.
      const stopped = interrupted();
      if (stopped) throw stopped;
      // One ServiceControlPolicy object per policy id, so every account shares its parsed document.
      const shared = new Map<string, ServiceControlPolicy>();
      for (const [target, policies] of scpsByTarget) {
        if (isUnknown(policies)) continue;
        scpsByTarget.set(
          target,
          policies.map((policy) => {
            const existing = shared.get(policy.id);
            if (existing) return { ...existing, target };
            shared.set(policy.id, policy);
            return policy;
          }),
        );
      }
    }
    return {
      id: organization.Organization.Id,
      managementAccountId: organization.Organization.MasterAccountId,
      rootId: root.Id,
      scpsEnabled,
      accounts,
      scpsByTarget,
    };
  } finally {
    client.destroy();
  }
}

/** The SCP levels over an account: one level per element of its path; unknown if any level is unreadable. */
export function scpLevelsFor(
  organization: OrganizationData,
  account: OrganizationAccount,
): Maybe<readonly (readonly ServiceControlPolicy[])[]> {
  if (!organization.scpsEnabled) return [];
  const levels: (readonly ServiceControlPolicy[])[] = [];
  for (const target of account.path) {
    const policies = organization.scpsByTarget.get(target);
    if (policies === undefined) return unknownValue(`the SCPs attached to ${target} were not read`);
    if (isUnknown(policies)) return policies;
    levels.push(policies);
  }
  return levels;
}

function describe(error: unknown): string {
  return describeAwsError(error);
}
