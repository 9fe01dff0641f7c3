import { GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/checks/check.js';
import { ScanError } from '../../src/errors.js';
import { mfaScpDocument } from '../../src/generate/mfaScp.js';
import { scanAccount } from '../../src/scan/scan.js';
import { scanOrganization } from '../../src/scan/scanOrganization.js';
import { MOTO_CREDENTIALS, motoIamClient } from '../harness/awsClients.js';
import { startAwsProxy, type AwsProxy } from '../harness/awsProxy.js';
import { startMoto, type MotoServer } from '../harness/moto.js';
import {
  ADMINISTRATOR_ACCESS_ARN,
  attachUserPolicy,
  createUser,
  enableVirtualMfa,
  generateCredentialReport,
} from '../harness/seed.js';
import { addAcmeLateHire, seedAcme } from '../harness/seedAcme.js';
import { seedOrganization } from '../harness/seedOrganization.js';
import { compareScans, namesWhatWasLost, SCAN_OPERATIONS, type Outcome } from './compareScans.js';
import {
  SCENARIOS,
  SEEDS,
  TEST_MAX_ATTEMPTS,
  TEST_REQUEST_TIMEOUT_MS,
  type FaultScenario,
} from './faultScenarios.js';

// One differential test over every fault kind the proxy can inject. The acme account (and an organization
// with acme as its management account and two members) is scanned once without faults, then under each
// fault with several seeds. Each faulted scan must end within its time limit and either give the same
// verdicts, or degrade only to error/unknown with a reason naming what was lost, or fail with a ScanError
// naming why; a fail never becomes a pass and no resource drops out silently. The outcome counts are
// printed as a table at the end (the README's reliability section quotes them).

/** Generous bounds for a busy 2-CPU machine; a hang would blow through them by minutes. */
const ACCOUNT_LIMIT_MS = 25_000;
const ORGANIZATION_LIMIT_MS = 40_000;
/**
 * Scenarios run in parallel, each on its own proxy in front of the one moto: most of a faulted run is spent
 * waiting (timeouts, back-off), so lanes overlap well. Each proxy has its own frozen credential report.
 */
const LANES = 4;

let moto: MotoServer;
const proxies: AwsProxy[] = [];
const idle: AwsProxy[] = [];
const waiting: ((proxy: AwsProxy) => void)[] = [];
let accountBaseline: readonly Finding[];
let organizationBaseline: readonly Finding[];
let accountReceived: Record<string, number>;
let organizationReceived: Record<string, number>;

type Target = 'account' | 'organization';
/** Set to a file name to get one line per run: outcome, hits, and the first changed finding or the error. */
const RUN_LOG = process.env.MFA_WARDEN_FAULT_LOG;
const table = new Map<string, Record<Outcome, number> & { hits: number }>();

const scanOptions = (proxy: AwsProxy) => ({
  endpointUrl: proxy.endpoint,
  credentials: MOTO_CREDENTIALS,
  maxAttempts: TEST_MAX_ATTEMPTS,
  requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
  connectTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
});

async function scan(target: Target, proxy: AwsProxy): Promise<readonly Finding[]> {
  if (target === 'account') return (await scanAccount(scanOptions(proxy))).findings;
  return (await scanOrganization(scanOptions(proxy))).findings;
}

async function withProxy<T>(work: (proxy: AwsProxy) => Promise<T>): Promise<T> {
  const proxy = idle.pop() ?? (await new Promise<AwsProxy>((resolve) => waiting.push(resolve)));
  try {
    return await work(proxy);
  } finally {
    const next = waiting.shift();
    if (next) next(proxy);
    else idle.push(proxy);
  }
}

function counted(proxy: AwsProxy): Record<string, number> {
  const copy = { ...proxy.received };
  for (const action of Object.keys(proxy.received)) delete proxy.received[action];
  return copy;
}

beforeAll(async () => {
  moto = await startMoto();
  const iam = motoIamClient(moto.endpoint);
  await seedAcme(iam);
  // As AWS does, the credential report stays what it was; a user created since is read per user.
  await generateCredentialReport(iam);
  for (let lane = 0; lane < LANES; lane++) {
    const proxy = await startAwsProxy(moto.endpoint);
    proxy.freeze('GetCredentialReport');
    const viaProxy = motoIamClient(proxy.endpoint);
    await viaProxy.send(new GetCredentialReportCommand({}));
    viaProxy.destroy();
    proxies.push(proxy);
  }
  await addAcmeLateHire(iam);
  iam.destroy();

  const org = await seedOrganization(moto.endpoint);
  const ou = await org.addOu('production');
  const prod = await org.addAccount('prod', ou);
  const dev = await org.addAccount('dev');
  await org.addScp('iam-users-require-mfa', mfaScpDocument(), [ou]);
  for (const account of [prod, dev]) {
    const member = await org.iamIn(account);
    await createUser(member, `admin-${account}`, { consolePassword: true });
    await attachUserPolicy(member, `admin-${account}`, ADMINISTRATOR_ACCESS_ARN);
    await createUser(member, `enrolled-${account}`, { consolePassword: true });
    await enableVirtualMfa(member, `enrolled-${account}`);
  }
  org.destroy();

  const [first] = proxies as [AwsProxy];
  counted(first);
  accountBaseline = await scan('account', first);
  accountReceived = counted(first);
  organizationBaseline = await scan('organization', first);
  organizationReceived = counted(first);
  idle.push(...proxies);
  // Rows in scenario order, whichever lane finishes first.
  for (const target of ['account', 'organization'] as const)
    for (const scenario of SCENARIOS)
      if (target === 'organization' || !scenario.organizationOnly)
        table.set(`${target}\t${scenario.name}`, { same: 0, degraded: 0, failed: 0, hits: 0 });
});

afterAll(async () => {
  printTable();
  for (const proxy of proxies) await proxy.stop();
  await moto?.stop();
});

function printTable(): void {
  if (table.size === 0) return;
  const rows = [
    '| target | fault | runs | same verdicts | degraded to unknown/error | scan failed (ScanError) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  const totals = { same: 0, degraded: 0, failed: 0 };
  for (const [name, counts] of table) {
    const [target, fault] = name.split('\t');
    const runs = counts.same + counts.degraded + counts.failed;
    rows.push(`| ${target} | ${fault} | ${runs} | ${counts.same} | ${counts.degraded} | ${counts.failed} |`);
    totals.same += counts.same;
    totals.degraded += counts.degraded;
    totals.failed += counts.failed;
  }
  const runs = totals.same + totals.degraded + totals.failed;
  rows.push(`| all | | ${runs} | ${totals.same} | ${totals.degraded} | ${totals.failed} |`);
  console.log(`\nFault injection outcomes (seeds ${SEEDS.join(', ')}):\n${rows.join('\n')}\n`);
}

async function runScenario(target: Target, scenario: FaultScenario, proxy: AwsProxy): Promise<string[]> {
  const baseline = target === 'account' ? accountBaseline : organizationBaseline;
  const received = target === 'account' ? accountReceived : organizationReceived;
  const limit = target === 'account' ? ACCOUNT_LIMIT_MS : ORGANIZATION_LIMIT_MS;
  const row = table.get(`${target}\t${scenario.name}`) ?? { same: 0, degraded: 0, failed: 0, hits: 0 };
  const problems: string[] = [];
  for (const seed of SEEDS) {
    const label = `${scenario.name}, seed ${seed}`;
    proxy.injectFault(scenario.plan(seed, { received }));
    const started = Date.now();
    let findings: readonly Finding[] | undefined;
    let error: unknown;
    try {
      findings = await scan(target, proxy);
    } catch (caught) {
      error = caught;
    }
    const elapsed = Date.now() - started;
    const hits = proxy.faultHits.length;
    // Let sockets the client closed reach the proxy, then check that no request outlived the scan.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const open = proxy.openRequests;
    proxy.injectFault(undefined);
    row.hits += hits;

    if (hits === 0) problems.push(`${label}: the fault never struck (the run tests nothing)`);
    if (elapsed > limit) problems.push(`${label}: took ${elapsed} ms, over the ${limit} ms limit`);
    if (open > 0) problems.push(`${label}: ${open} request(s) still open after the scan ended`);
    const log = (line: string): void => {
      if (RUN_LOG) appendFileSync(RUN_LOG, `${target}\t${label}\t${elapsed} ms\t${hits} hits\t${line}\n`);
    };
    if (error !== undefined) {
      row.failed += 1;
      log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!(error instanceof ScanError)) problems.push(`${label}: threw ${String(error)}, not a ScanError`);
      else if (!namesReason(error.message))
        problems.push(`${label}: ScanError without a reason: ${error.message}`);
      continue;
    }
    const comparison = compareScans(baseline, findings ?? []);
    row[comparison.outcome] += 1;
    const example = (findings ?? []).find((f) => f.status === 'error' || f.status === 'unknown');
    log(
      `${comparison.outcome} (${comparison.changed} changed)${example ? `: ${example.check} ${example.resource.name}: ${example.message}` : ''}`,
    );
    problems.push(...comparison.violations.map((violation) => `${label}: ${violation}`));
  }
  return problems;
}

async function expectAcceptable(target: Target, scenario: FaultScenario): Promise<void> {
  const problems = await withProxy((proxy) => runScenario(target, scenario, proxy));
  expect(problems).toEqual([]);
}

/** A failed scan says which call or what (endpoint, credentials, the organization) it could not get past. */
function namesReason(message: string): boolean {
  return (
    namesWhatWasLost(message) ||
    /could not reach|rejected the credentials|no account could be scanned/.test(message) ||
    SCAN_OPERATIONS.some((operation) => message.includes(operation))
  );
}

describe('faults at the AWS boundary: one account (acme)', () => {
  it('the fault-free scan has verdicts to lose', () => {
    expect(accountBaseline.filter((f) => f.status === 'fail').length).toBeGreaterThan(5);
    expect(accountBaseline.every((f) => f.status === 'pass' || f.status === 'fail')).toBe(true);
    expect(accountReceived.GetLoginProfile).toBeGreaterThan(0);
  });

  for (const scenario of SCENARIOS.filter((s) => !s.organizationOnly))
    it.concurrent(scenario.name, () => expectAcceptable('account', scenario));
});

describe('faults at the AWS boundary: an organization (acme + prod + dev)', () => {
  it('the fault-free scan covers every account', () => {
    const accounts = new Set(organizationBaseline.map((f) => f.resource.account));
    expect(accounts.size).toBe(3);
    expect(organizationBaseline.some((f) => f.check === 'org-scp-mfa' && f.status === 'fail')).toBe(true);
  });

  for (const scenario of SCENARIOS)
    it.concurrent(scenario.name, () => expectAcceptable('organization', scenario));
});
