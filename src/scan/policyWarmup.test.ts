import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExportSnapshot } from '../adapters/export/loadExport.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { IamSnapshot, RawAuthorizationDetails } from '../adapters/snapshot/iamSnapshot.js';
import { accountPolicies } from '../checks/accountPolicies.js';
import { isUnknown } from '../model/unknown.js';
import { createPolicyWarmup } from './policyWarmup.js';
import { scanModel } from './scanModel.js';

const ACME = fileURLToPath(new URL('../../examples/acme-export', import.meta.url));

/** Lets the warmup's slices run to the end. */
async function drain(): Promise<void> {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function acme(): Promise<{ snapshot: IamSnapshot; details: RawAuthorizationDetails }> {
  const snapshot = await loadExportSnapshot(ACME);
  if (isUnknown(snapshot.authorizationDetails)) throw new Error('fixture without authorization details');
  return { snapshot, details: snapshot.authorizationDetails };
}

// Two more users in each group of the example account: sets that several users share, the warmup's work.
function withMoreUsers(details: RawAuthorizationDetails): RawAuthorizationDetails {
  const users = details.UserDetailList ?? [];
  const copies = users.flatMap((user) =>
    [1, 2].map((n) => ({
      ...user,
      UserName: `${user.UserName}-${n}`,
      UserId: `${user.UserId}${n}`,
      Arn: `${user.Arn}-${n}`,
    })),
  );
  return { ...details, UserDetailList: [...users, ...copies] };
}

describe('policy warmup', () => {
  it('analyses shared sets ahead; the account built after it gets the same findings from fewer analyses', async () => {
    const { snapshot, details } = await acme();
    const graph = withMoreUsers(details);
    const complete = { ...snapshot, authorizationDetails: graph };
    const alone = buildAccount(complete);
    const expected = scanModel(alone, {}).findings;

    const warmup = createPolicyWarmup(snapshot.origin);
    warmup.start(graph);
    await drain();
    expect(warmup.analysed).toBeGreaterThan(0);
    const account = buildAccount(complete);
    warmup.adopt(account);
    const { analyzer } = accountPolicies(account);
    expect(analyzer.analysedCount).toBe(warmup.analysed);
    expect(scanModel(account, {}).findings).toEqual(expected);
    // The checks found the warmup's analyses done: they made fewer of their own.
    const fresh = accountPolicies(alone).analyzer.analysedCount;
    expect(analyzer.analysedCount - warmup.analysed).toBeLessThan(fresh);
  });

  it('a real account that differs from the provisional one (another account id): analysed again, same findings', async () => {
    const { snapshot, details } = await acme();
    const graph = withMoreUsers(details);
    const complete = { ...snapshot, authorizationDetails: graph, accountId: '999988887777' };
    const expected = scanModel(buildAccount(complete), {}).findings;
    const warmup = createPolicyWarmup(snapshot.origin);
    warmup.start(graph);
    await drain();
    const account = buildAccount(complete);
    warmup.adopt(account);
    expect(scanModel(account, {}).findings).toEqual(expected);
  });

  it('stopped before it ran, or adopted half way: the findings do not change', async () => {
    const { snapshot, details } = await acme();
    const graph = withMoreUsers(details);
    const complete = { ...snapshot, authorizationDetails: graph };
    const expected = scanModel(buildAccount(complete), {}).findings;
    for (const ticks of [0, 1, 3]) {
      const warmup = createPolicyWarmup(snapshot.origin);
      warmup.start(graph);
      for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
      const account = buildAccount(complete);
      warmup.adopt(account);
      await drain();
      expect(scanModel(account, {}).findings).toEqual(expected);
    }
  });
});
