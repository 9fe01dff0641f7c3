// Benchmark: IAM policy analysis at scale. A seeded synthetic account (default 10,000 users, 500 groups, 2,000
// customer managed policies, each user in 3 groups; see policyAccount.mjs) goes through the public library
// in dist/: buildAccount (raw data -> model), then scanModel with the four policy checks (parse every document
// once, analyse every principal). Each run is a fresh process (policyRun.mjs). Requirements: analysing every
// principal takes seconds, not minutes (the scanModel median must stay under 60 s), and the peak RSS of a run
// stays under 400 MB at 10,000 users (the memoised analyses must not hold more than the findings need).
// Usage: npm run build && node bench/policyAnalysis.mjs [--users N --groups G --policies P] [--runs R]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { POLICY_CHECKS } from './policyRun.mjs';

// The figure the project commits to: the scanModel phase at full size, in seconds.
const MAX_ANALYSIS_SECONDS = 60;
// Peak RSS of any run process (MB = 2^20 bytes), judged from this many users up.
const MAX_PEAK_RSS_MB = 400;
const RSS_JUDGED_FROM_USERS = 10_000;
const FULL_SIZE = { users: 10_000, groups: 500, policies: 2000, roles: 2000 };

const USAGE = `usage: node bench/policyAnalysis.mjs [options]   (run npm run build first)
  --users N        IAM users (default ${FULL_SIZE.users})
  --groups G       IAM groups (default ${FULL_SIZE.groups}); every user is in 3 of them
  --policies P     customer managed policies (default ${FULL_SIZE.policies})
  --roles R        IAM roles (default ${FULL_SIZE.roles}): 10% trust the account's users (half of them
                   without MFA), chains of roles up to depth 4, the rest trusted by services
  --runs R         timed runs, each in a fresh process; the median is reported (default 3)
  --seed S         PRNG seed of the synthetic account (default 20261126)
  --no-breakdown   skip the extra run that times parsing and each check separately
  --timeout S      give up on a run after S seconds (default 900)
  --out FILE       JSON results (default bench/results/policy-latest.json)
  --findings FILE  also write the first run's findings there (one JSON object a line, sorted), to compare
                   two builds: equal files mean identical findings
Quick run: --users 1000 --groups 50 --policies 200 --runs 1. Below about 10 groups the account is too uniform
for the sanity check (every check must both pass and fail somewhere) to be meaningful.
Profile: node --cpu-prof --cpu-prof-dir=DIR bench/policyAnalysis.mjs (each run process writes a profile).`;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const runScript = fileURLToPath(new URL('./policyRun.mjs', import.meta.url));

class BenchError extends Error {}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: String(FULL_SIZE.users) },
      groups: { type: 'string', default: String(FULL_SIZE.groups) },
      policies: { type: 'string', default: String(FULL_SIZE.policies) },
      roles: { type: 'string', default: String(FULL_SIZE.roles) },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '20261126' },
      'no-breakdown': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
      out: { type: 'string', default: `${benchDir}results/policy-latest.json` },
      findings: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name, min) => {
    const n = Number(String(values[name]).replaceAll('_', ''));
    if (!Number.isInteger(n) || n < min)
      throw new BenchError(`--${name} must be an integer >= ${min}\n${USAGE}`);
    return n;
  };
  return {
    users: integer('users', 1),
    groups: integer('groups', 3),
    policies: integer('policies', 10),
    roles: integer('roles', 0),
    runs: integer('runs', 1),
    seed: integer('seed', 0),
    breakdown: !values['no-breakdown'],
    timeoutS: integer('timeout', 1),
    out: values.out,
    findings: values.findings,
  };
}

/** One run in a fresh Node process (this process's flags, e.g. --cpu-prof, are passed on). */
function runOnce(mode, options, findingsFile) {
  const args = [
    ...process.execArgv,
    '--expose-gc',
    runScript,
    `--mode=${mode}`,
    `--users=${options.users}`,
    `--groups=${options.groups}`,
    `--policies=${options.policies}`,
    `--roles=${options.roles}`,
    `--seed=${options.seed}`,
    ...(findingsFile ? [`--findings=${findingsFile}`] : []),
  ];
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: options.timeoutS * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM') {
    throw new BenchError(`policy analysis: a ${mode} run did not finish within ${options.timeoutS} s`);
  }
  if (child.error) throw new BenchError(`could not start a ${mode} run: ${child.error.message}`);
  if (child.status !== 0) throw new BenchError(`a ${mode} run exited with status ${child.status}`);
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop());
  } catch {
    throw new BenchError(`a ${mode} run printed no result`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function sanityProblems(counts, options) {
  const problems = [];
  for (const [check, c] of Object.entries(counts.byCheck)) {
    // Without roles (--roles 0) role-trust-mfa has nothing to judge.
    if (check === 'role-trust-mfa' && options.roles === 0) continue;
    if (c.analysedPass === 0) problems.push(`${check}: no pass from an analysed policy`);
    if (c.fail === 0) problems.push(`${check}: no fail`);
    if (c.error > 0) problems.push(`${check}: ${c.error} error(s)`);
  }
  return problems;
}

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const fmtInt = (n) => n.toLocaleString('en-US');
const fmtMb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

function table(rows) {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  const loadBefore = loadavg()[0];
  const runs = [];
  for (let i = 0; i < options.runs; i++) {
    const run = runOnce('scan', options, i === 0 ? options.findings : undefined);
    runs.push(run);
    console.error(
      `run ${i + 1}/${options.runs}: buildAccount ${fmtMs(run.buildMs)}, scanModel ${fmtMs(run.scanMs)}, peak RSS ${fmtMb(run.peakRssBytes)}`,
    );
  }
  const breakdown = options.breakdown ? runOnce('breakdown', options) : undefined;

  const first = runs[0];
  const { stats, users, groups, managedPolicies, counts } = first;
  const scanMs = runs.map((run) => run.scanMs);
  const buildMs = runs.map((run) => run.buildMs);
  const catalogMs = runs.map((run) => run.catalogMs);
  const scanMedian = median(scanMs);
  const buildMedian = median(buildMs);
  const distinctSets = first.distinctPolicySets;
  const principals = users + groups;
  const analysed = counts.analysedUsers + counts.analysedGroups;
  const runPeaks = runs.map((run) => run.peakRssBytes);
  // The worst process, the breakdown run (same work, check by check) included.
  const peak = Math.max(...runPeaks, breakdown?.peakRssBytes ?? 0);
  const rssJudged = options.users >= RSS_JUDGED_FROM_USERS;
  const rssPassed = peak < MAX_PEAK_RSS_MB * 1024 * 1024;
  const retained = first.retainedHeapBytes;
  const problems = sanityProblems(counts, options);
  // Same seed and size, so every run must have seen the same account and reached the same verdicts.
  if (runs.some((run) => JSON.stringify(run.counts) !== JSON.stringify(counts))) {
    problems.push('runs of the same account disagree on the findings');
  }
  const passed = scanMedian <= MAX_ANALYSIS_SECONDS * 1000;
  const fullSize =
    options.users >= FULL_SIZE.users &&
    options.groups >= FULL_SIZE.groups &&
    options.policies >= FULL_SIZE.policies;
  const load = [loadBefore, loadavg()[0]];

  const results = {
    benchmark: 'policy-analysis',
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg1m: load },
    options: {
      users: options.users,
      groups: options.groups,
      policies: options.policies,
      runs: options.runs,
      seed: options.seed,
    },
    account: {
      users,
      groups,
      managedPolicies,
      customerManagedPolicies: options.policies,
      groupsPerUser: 3,
      ...stats,
      documents: stats.urlEncodedDocuments + stats.objectDocuments,
    },
    checks: POLICY_CHECKS,
    timingsMs: {
      generateSnapshot: first.generateMs,
      actionCatalogLoad: { median: median(catalogMs), runs: catalogMs },
      buildAccount: { median: buildMedian, runs: buildMs },
      scanModel: { median: scanMedian, runs: scanMs },
      ...(breakdown
        ? { breakdown: { indexAndParse: breakdown.indexAndParseMs, perCheck: breakdown.perCheckMs } }
        : {}),
    },
    principals: {
      total: principals,
      analysedUsers: counts.analysedUsers,
      analysedGroups: counts.analysedGroups,
    },
    distinctPolicySets: distinctSets,
    msPerPrincipal: scanMedian / principals,
    msPerAnalysedPrincipal: analysed > 0 ? scanMedian / analysed : null,
    msPerDistinctPolicySet: distinctSets > 0 ? scanMedian / distinctSets : null,
    peakRssBytes: peak,
    peakRssBytesRuns: runPeaks,
    peakRssBytesBreakdown: breakdown?.peakRssBytes ?? null,
    retainedHeapBytes: retained ?? null,
    findings: counts.byCheck,
    sanityProblems: problems,
    requirement: {
      statement: `scanModel over every principal (${POLICY_CHECKS.length} policy checks) takes at most ${MAX_ANALYSIS_SECONDS} s (median of ${options.runs})`,
      fullSize,
      limitMs: MAX_ANALYSIS_SECONDS * 1000,
      measuredMs: scanMedian,
      passed,
    },
    memoryRequirement: {
      statement: `peak RSS of every run process is below ${MAX_PEAK_RSS_MB} MB at ${fmtInt(RSS_JUDGED_FROM_USERS)} users or more`,
      judged: rssJudged,
      limitBytes: MAX_PEAK_RSS_MB * 1024 * 1024,
      measuredBytes: peak,
      passed: rssJudged ? rssPassed : null,
    },
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);

  const rows = [
    [
      'users / groups / managed policies',
      `${fmtInt(users)} / ${fmtInt(groups)} / ${fmtInt(managedPolicies)} (${fmtInt(options.policies)} customer + AdministratorAccess)`,
    ],
    [
      'policy documents parsed (URL-encoded / object)',
      `${fmtInt(stats.urlEncodedDocuments)} / ${fmtInt(stats.objectDocuments)}`,
    ],
    [
      'console users (with MFA device)',
      `${fmtInt(stats.consoleUsers)} (${fmtInt(stats.consoleUsersWithMfa)})`,
    ],
    [
      'principals evaluated',
      `${fmtInt(principals)} (policy sets analysed for ${fmtInt(counts.analysedUsers)} console users + ${fmtInt(counts.analysedGroups)} groups)`,
    ],
    ['distinct policy sets analysed', fmtInt(distinctSets)],
    ['action catalog load (once per process)', fmtMs(median(catalogMs))],
    [
      `buildAccount (median of ${options.runs})`,
      `${fmtMs(buildMedian)}   runs: ${buildMs.map(fmtMs).join(', ')}`,
    ],
    [
      `scanModel, 4 policy checks (median of ${options.runs})`,
      `${fmtMs(scanMedian)}   runs: ${scanMs.map(fmtMs).join(', ')}`,
    ],
    ...(breakdown
      ? [
          ['  index + parse every document', fmtMs(breakdown.indexAndParseMs)],
          ...Object.entries(breakdown.perCheckMs).map(([check, ms]) => [`  ${check}`, fmtMs(ms)]),
        ]
      : []),
    [
      'ms per principal (evaluated / analysed)',
      `${(scanMedian / principals).toFixed(3)} / ${analysed > 0 ? (scanMedian / analysed).toFixed(3) : '-'}`,
    ],
    ['ms per distinct policy set', distinctSets > 0 ? (scanMedian / distinctSets).toFixed(3) : '-'],
    [
      'peak RSS, worst run (heap retained after GC)',
      `${fmtMb(peak)} (${retained === undefined ? '-' : fmtMb(retained)})   runs: ${runPeaks.map(fmtMb).join(', ')}${breakdown ? `, breakdown ${fmtMb(breakdown.peakRssBytes)}` : ''}`,
    ],
    [
      'machine',
      `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${load.map((l) => l.toFixed(2)).join(' -> ')}`,
    ],
  ];
  console.log(`IAM policy analysis benchmark (seed ${options.seed})`);
  console.log(table(rows));
  console.log('\n  findings                   pass (analysed)   fail  unknown  error');
  for (const [check, c] of Object.entries(counts.byCheck)) {
    console.log(
      `  ${check.padEnd(26)} ${`${fmtInt(c.pass)} (${fmtInt(c.analysedPass)})`.padStart(15)} ${fmtInt(c.fail).padStart(6)} ${fmtInt(c.unknown).padStart(8)} ${fmtInt(c.error).padStart(6)}`,
    );
  }
  console.log(`\n  results written to ${options.out}`);

  let exitCode = 0;
  if (problems.length > 0) {
    console.log(`FAIL sanity: the checks did not analyse what the account holds: ${problems.join('; ')}`);
    exitCode = 1;
  }
  const figure = `${fmtMs(scanMedian)} to analyse ${fmtInt(principals)} principals (${fmtInt(users)} users, ${fmtInt(groups)} groups, ${fmtInt(options.policies)} policies)`;
  if (passed) {
    console.log(
      `PASS policy analysis: ${figure}, limit ${MAX_ANALYSIS_SECONDS} s${fullSize ? '' : ' (reduced size)'}`,
    );
  } else {
    console.log(`FAIL policy analysis: ${figure}, over the ${MAX_ANALYSIS_SECONDS} s limit`);
    exitCode = 1;
  }
  const processes = runs.length + (breakdown ? 1 : 0);
  const memory = `peak RSS ${fmtMb(peak)} (worst of ${processes} run process${processes === 1 ? '' : 'es'})`;
  if (!rssJudged) {
    console.log(
      `SKIP policy analysis memory: ${memory}; the ${MAX_PEAK_RSS_MB} MB limit is judged at ${fmtInt(RSS_JUDGED_FROM_USERS)} users or more`,
    );
  } else if (rssPassed) {
    console.log(
      `PASS policy analysis memory: ${memory} at ${fmtInt(users)} users, limit ${MAX_PEAK_RSS_MB} MB`,
    );
  } else {
    console.log(
      `FAIL policy analysis memory: ${memory} at ${fmtInt(users)} users, not below the ${MAX_PEAK_RSS_MB} MB limit`,
    );
    exitCode = 1;
  }
  process.exitCode = exitCode;
}

try {
  main();
} catch (error) {
  if (error instanceof BenchError) console.log(`FAIL ${error.message}`);
  else console.error(error);
  process.exitCode = 2;
}
