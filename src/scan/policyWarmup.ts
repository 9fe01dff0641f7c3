import { performance } from 'node:perf_hooks';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import type { RawAuthorizationDetails, SnapshotOrigin } from '../adapters/snapshot/iamSnapshot.js';
import {
  accountPolicies,
  createPolicyInheritance,
  inheritPolicies,
  type AccountPolicies,
  type PolicyInheritance,
} from '../checks/accountPolicies.js';
import type { Account } from '../model/account.js';
import { isUnknown, unknownValue } from '../model/unknown.js';

// A live scan reads the permission graph long before the credential report is ready (AWS takes seconds to
// generate one; on the benchmark the other reads finish ~50 ms after it). Meanwhile the policies can be
// parsed and the analyses that several users share computed, in slices that leave the event loop to the
// reads. The account the scan then builds inherits them (checks/accountPolicies.ts): the same documents, the
// same analyzer, so the checks find those analyses done. Nothing here decides a finding: an analysis is keyed
// by its documents and the principal keys they test, so one made for the provisional account serves the real
// one only where the two agree, and is made again where they do not.

/** Work is done in slices of about this long, then the event loop gets its turn. */
const SLICE_MS = 4;

export interface PolicyWarmup {
  /** Starts on the permission graph of a live account (collectAwsSnapshot's onPermissionGraph). */
  start(details: RawAuthorizationDetails): void;
  /** Stops the work and lets `account`, built from the same graph, index its policies with what was done. */
  adopt(account: Account): void;
  /** Stops the work (the scan failed or is over). */
  stop(): void;
  /** Analyses made so far (for tests). */
  readonly analysed: number;
}

export function createPolicyWarmup(origin: SnapshotOrigin): PolicyWarmup {
  const inheritance = createPolicyInheritance();
  let stopped = false;
  let started = false;
  let analysed = 0;
  return {
    start(details) {
      if (started || stopped) return;
      started = true;
      const steps = warmUp(origin, details, inheritance, () => analysed++);
      const slice = () => {
        if (stopped) return;
        const until = performance.now() + SLICE_MS;
        try {
          for (;;) {
            if (steps.next().done) return;
            if (stopped || performance.now() >= until) break;
          }
        } catch {
          // Only a head start: whatever failed here is done again, and reported, by the checks.
          stopped = true;
          return;
        }
        setImmediate(slice);
      };
      setImmediate(slice);
    },
    adopt(account) {
      stopped = true;
      inheritPolicies(account, inheritance);
    },
    stop() {
      stopped = true;
    },
    get analysed() {
      return analysed;
    },
  };
}

/**
 * The steps: index the provisional account's policies (the credential report and the rest unknown), then
 * one user per step, analysing each policy set two or more users share. Sets only one user has are left to
 * the check, which does not keep them.
 */
function* warmUp(
  origin: SnapshotOrigin,
  details: RawAuthorizationDetails,
  inheritance: PolicyInheritance,
  counted: () => void,
): Generator<void, void, undefined> {
  const pending = unknownValue('not read yet');
  const provisional = buildAccount({
    origin,
    authorizationDetails: details,
    credentialReport: pending,
    accountSummary: pending,
    virtualMfaDevices: pending,
    perUser: new Map(),
  });
  inheritPolicies(provisional, inheritance);
  const policies: AccountPolicies = accountPolicies(provisional);
  yield;
  if (isUnknown(provisional.users)) return;
  // A set is analysed when its second user turns up: shared sets first, with no pass over all users before.
  const users = new Map<string, number>();
  for (const user of provisional.users) {
    const resolved = policies.forUser(user);
    if (!isUnknown(resolved)) {
      const key = policies.analyzer.keyOf(resolved.set, resolved.principal);
      const seen = (users.get(key) ?? 0) + 1;
      users.set(key, seen);
      if (seen === 2) {
        policies.analyzer.analyze(resolved.set, resolved.principal);
        counted();
      }
    }
    yield;
  }
}
