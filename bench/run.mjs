// The benchmark: mfa-warden vs the floor vs the per-user loop, side by side against one seeded moto account,
// with none and with 25 AWS managed policies attached.
// Usage: node bench/run.mjs [--users 1000] [--users 10000] [--aws-managed 0,25] [--runs 3] [--latency-ms 20] ...
// See bench/README.md for what is measured and how to read the output.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// The figures the project commits to.
const MAX_RATIO_TO_FLOOR = 1.3;
const MIN_SPEEDUP_VS_LOOP = 10;
const SPEEDUP_SIZE = 10_000;
// IAM requests may grow with pagination (AWS pages hold up to 1000 items), not with per-user calls, and by
// GetPolicy + GetPolicyVersion per distinct AWS managed policy in use, not per attachment.
const MAX_IAM_REQUESTS_GROWTH_PER_1000_USERS = 5;
const MAX_IAM_REQUESTS_BASE = 10;
const MAX_IAM_REQUESTS_PER_AWS_MANAGED = 2;
const MAX_IAM_REQUESTS_PER_1000_USERS = 2;
const DEFAULT_AWS_MANAGED = ['0', '25'];

const USAGE = `usage: node bench/run.mjs [options]
  --users N          account size; repeat or comma-separate for several (default: 1000 and 10000)
  --aws-managed N    distinct AWS managed policies attached to groups and users, 0 to 30; repeat or
                     comma-separate for several variants of each size (default: 0 and 25)
  --runs N           timed runs of mfa-warden and of the floor per size; the median is reported (default 3)
  --loop-runs N      runs of the per-user loop (default: --runs below 10000 users, 1 from 10000)
  --concurrency N    requests in flight while seeding (default 32)
  --latency-ms N     delay added to every request, to model a real AWS round trip (default 20;
                     moto answers on loopback in ~2.5 ms, which no real IAM endpoint does)
  --fresh            scan with fresh: true (per-user verification instead of trusting the credential report)
  --checks a,b       pass checks to scanAccount (default: all checks)
  --skip-warden      measure only the floor and the per-user loop (requirements are then not evaluated)
  --warden FILE      the mfa-warden build to measure (default dist/index.js)
  --baseline FILE    also time another build's scanAccount (e.g. the one before a change), interleaved with
                     the others, as the row "baseline"; not judged
  --timeout S        give up on a contender run after S seconds (default 900)
  --out FILE         JSON results (default bench/results/latest.json)`;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const defaultWardenEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CHILD_FLAG = '--child-warden';

class BenchError extends Error {}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', multiple: true },
      'aws-managed': { type: 'string', multiple: true },
      runs: { type: 'string', default: '3' },
      'loop-runs': { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      'latency-ms': { type: 'string', default: '20' },
      fresh: { type: 'boolean', default: false },
      checks: { type: 'string' },
      'skip-warden': { type: 'boolean', default: false },
      warden: { type: 'string', default: defaultWardenEntry },
      baseline: { type: 'string' },
      timeout: { type: 'string', default: '900' },
      out: { type: 'string', default: `${benchDir}results/latest.json` },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name, raw, min) => {
    const n = Number(String(raw).replaceAll('_', ''));
    if (!Number.isInteger(n) || n < min)
      throw new BenchError(`--${name} must be an integer >= ${min}\n${USAGE}`);
    return n;
  };
  const sizes = (values.users ?? ['1000', '10000'])
    .flatMap((v) => v.split(','))
    .map((v) => integer('users', v.trim(), 1));
  const awsManaged = (values['aws-managed'] ?? DEFAULT_AWS_MANAGED)
    .flatMap((v) => v.split(','))
    .map((v) => integer('aws-managed', v.trim(), 0));
  if (awsManaged.some((n) => n > 30)) throw new BenchError(`--aws-managed must be at most 30\n${USAGE}`);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    awsManaged: [...new Set(awsManaged)].sort((a, b) => a - b),
    runs: integer('runs', values.runs, 1),
    loopRuns: values['loop-runs'] === undefined ? undefined : integer('loop-runs', values['loop-runs'], 0),
    concurrency: integer('concurrency', values.concurrency, 1),
    latencyMs: integer('latency-ms', values['latency-ms'], 0),
    fresh: values.fresh,
    checks: values.checks ? values.checks.split(',').map((c) => c.trim()) : undefined,
    skipWarden: values['skip-warden'],
    wardenEntry: values.warden,
    baselineEntry: values.baseline,
    timeoutS: integer('timeout', values.timeout, 1),
    out: values.out,
  };
}

async function loadWarden(entry) {
  if (!existsSync(entry)) {
    throw new BenchError(
      `mfa-warden is not built: ${entry} does not exist.\n` +
        `Run \`npm run bench\` (it builds first) or \`npm run build\`, or pass --skip-warden to measure ` +
        `only the floor and the per-user loop.`,
    );
  }
  const module = await import(pathToFileURL(entry).href);
  if (typeof module.scanAccount !== 'function') {
    throw new BenchError(
      `${entry} does not export a scanAccount function ` +
        `(exports: ${Object.keys(module).join(', ') || 'none'}).`,
    );
  }
  return module;
}

/**
 * One scan in a child process of its own, so that its peak RSS is the scan's alone (module loading
 * included), not the benchmark's: `node bench/run.mjs --child-warden JSON` prints the result as JSON.
 */
async function childScan(json) {
  const { entry, options } = JSON.parse(json);
  const { scanAccount } = await loadWarden(entry);
  const start = performance.now();
  const result = await scanAccount(options);
  const seconds = Number(((performance.now() - start) / 1000).toFixed(3));
  // maxRSS is in KiB.
  const peakRssMiB = Number((process.resourceUsage().maxRSS / 1024).toFixed(1));
  console.log(
    JSON.stringify({
      seconds,
      peakRssMiB,
      requests: result.requests,
      consoleMfaFailures: consoleMfaFailures(result),
    }),
  );
}

function runChildScan(entry, options, timeoutS) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify({ entry, options })],
      { timeout: timeoutS * 1000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new BenchError(`the mfa-warden child scan failed: ${error.message}\n${stderr.slice(-2000)}`),
          );
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
        } catch {
          reject(new BenchError(`the mfa-warden child scan printed no result:\n${stdout.slice(-2000)}`));
        }
      },
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function timed(name, timeoutS, work) {
  const start = performance.now();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = globalThis.setTimeout(
      () => reject(new BenchError(`${name} did not finish within ${timeoutS} s (see --timeout)`)),
      timeoutS * 1000,
    );
  });
  try {
    const result = await Promise.race([work(), timeout]);
    return { seconds: Number(((performance.now() - start) / 1000).toFixed(3)), result };
  } finally {
    globalThis.clearTimeout(timer);
  }
}

function motoVersion() {
  return new Promise((resolve) => {
    execFile(
      'python3',
      ['-c', 'import moto; print(moto.__version__)'],
      { timeout: 10_000 },
      (error, stdout) => resolve(error ? 'unknown' : stdout.trim()),
    );
  });
}

/** IAM requests in a wire count (the proxy tells services apart by the SigV4 credential scope). */
const iamRequests = (wire) => wire?.byService?.iam ?? 0;

/** Counts findings of the console-user-mfa check by status, if the result has that shape. */
function consoleMfaFailures(scanResult) {
  const findings = Array.isArray(scanResult?.findings) ? scanResult.findings : [];
  const ours = findings.filter((f) => f?.check === 'console-user-mfa');
  if (!ours.length) return undefined;
  return ours.filter((f) => f.status === 'fail').length;
}

async function benchSize({ users, options, moto, wire, scanAccount, collect, baseline, log }) {
  const { runPerUserLoop } = await import('./perUserLoop.mjs');
  const { attachAwsManagedPolicies, seedAccount } = await import('./seed.mjs');
  const timer = () => {
    const phases = {};
    const phase = async (name, work) => {
      const start = performance.now();
      const result = await work();
      phases[name] = Number(((performance.now() - start) / 1000).toFixed(3));
      return result;
    };
    return { phases, phase };
  };
  const seedFresh = async (phase) => {
    await phase('reset', () => moto.reset());
    return phase('seed', () =>
      seedAccount({ endpoint: moto.endpoint, users, concurrency: options.concurrency, log }),
    );
  };
  // With added latency every run goes through the proxy; without, only the warm-up runs do, so the proxy's
  // own cost (~0.5 ms per request) does not tilt the timings, and the warm-up still counts on the wire.
  const timedEndpoint = options.latencyMs > 0 ? wire.endpoint : moto.endpoint;
  const run = (name, work) => timed(`${name} at ${users} users`, options.timeoutS, work);

  log(`\n== ${users.toLocaleString('en-US')} users ==`);
  const results = [];
  let seed;
  let attached = 0;
  let loop;
  for (const awsManaged of options.awsManaged) {
    const { phases, phase } = timer();
    log(`-- ${users.toLocaleString('en-US')} users, ${awsManaged} AWS managed policies attached --`);
    // The variants share one seeded account: the policies are attached on top (a few hundred requests at
    // 10,000 users instead of seeding again). Going from one non-zero count to another needs a fresh seed.
    if (!seed || attached > 0) {
      seed = await seedFresh(phase);
      attached = 0;
    }
    if (awsManaged > 0) {
      await phase('attach', () =>
        attachAwsManagedPolicies({
          endpoint: moto.endpoint,
          users,
          count: awsManaged,
          concurrency: options.concurrency,
          log,
        }),
      );
      attached = awsManaged;
    }
    const contenders = await measureVariant({
      options,
      wire,
      timedEndpoint,
      scanAccount,
      collect,
      baseline,
      log,
      phase,
      run,
    });
    // The per-user loop reads no policies, so one measurement per size serves every variant.
    const loopRuns = options.loopRuns ?? (users >= 10_000 ? 1 : options.runs);
    if (!loop && loopRuns > 0) {
      loop = await phase('per-user loop', async () => {
        const measured = { times: [] };
        for (let i = 0; i < loopRuns; i += 1) {
          const { seconds, result } = await run('per-user loop', () =>
            runPerUserLoop({ endpointUrl: timedEndpoint }),
          );
          measured.times.push(seconds);
          measured.requests = result.requests;
          measured.usersSeen = result.users;
          measured.nonCompliant = result.nonCompliant.length;
          log(`  per-user loop run ${i + 1}: ${seconds.toFixed(2)} s`);
        }
        return measured;
      });
    }
    if (loop) contenders.loop = loop;

    for (const c of Object.values(contenders)) {
      c.median = c.times.length ? median(c.times) : undefined;
      // Requests for the request checks: the wire count when there is one, else the contender's own count.
      c.iamRequests = c.wire
        ? iamRequests(c.wire)
        : (c.requests?.total ?? 0) - (c.requests?.byOperation?.GetCallerIdentity ?? 0);
    }
    results.push({
      users,
      awsManaged,
      seed: { seconds: seed.seconds, phases: seed.phases, requests: seed.requests.total },
      expected: seed.expected,
      phases,
      contenders,
    });
  }
  return results;
}

/** Warm-up (counted on the wire), the interleaved timed runs, then one scan in a child for its peak RSS. */
async function measureVariant({
  options,
  wire,
  timedEndpoint,
  scanAccount,
  collect,
  baseline,
  log,
  phase,
  run,
}) {
  const { runFloor } = await import('./floor.mjs');
  const wardenOptions = (endpointUrl) => ({
    endpointUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    fresh: options.fresh,
    ...(options.checks ? { checks: options.checks } : {}),
  });
  const contenders = {};

  // Warm-up: loads modules and JIT-compiles before the timed runs; counted on the wire.
  await phase('warm-up', async () => {
    if (scanAccount) {
      wire.reset();
      const { seconds, result } = await run('mfa-warden', () => scanAccount(wardenOptions(wire.endpoint)));
      contenders.warden = { warmup: seconds, wire: wire.snapshot(), reported: result.requests };
      contenders.warden.consoleMfaFailures = consoleMfaFailures(result);
      if (collect) contenders.collect = {};
      log(`  warm-up mfa-warden ${seconds.toFixed(2)} s, ${result.requests?.total} requests`);
    }
    if (baseline) {
      wire.reset();
      const { seconds, result } = await run('baseline', () =>
        baseline.scanAccount(wardenOptions(wire.endpoint)),
      );
      contenders.baseline = { warmup: seconds, wire: wire.snapshot(), reported: result.requests };
      if (baseline.collect) contenders.baselineCollect = {};
      log(`  warm-up baseline ${seconds.toFixed(2)} s, ${result.requests?.total} requests`);
    }
    wire.reset();
    const { seconds, result } = await run('floor', () => runFloor({ endpointUrl: wire.endpoint }));
    contenders.floor = { warmup: seconds, wire: wire.snapshot(), reported: result.requests };
    log(`  warm-up floor ${seconds.toFixed(2)} s, ${result.requests.total} requests`);
  });

  await phase('timed runs', async () => {
    for (const c of Object.values(contenders)) c.times = [];
    for (let i = 0; i < options.runs; i += 1) {
      // Interleaved, so drift in machine load hits both alike.
      if (scanAccount) {
        const { seconds, result } = await run('mfa-warden', () => scanAccount(wardenOptions(timedEndpoint)));
        contenders.warden.times.push(seconds);
        contenders.warden.requests = result.requests;
        log(`  mfa-warden run ${i + 1}: ${seconds.toFixed(2)} s`);
      }
      const { seconds, result } = await run('floor', () => runFloor({ endpointUrl: timedEndpoint }));
      contenders.floor.times.push(seconds);
      contenders.floor.requests = result.requests;
      log(`  floor      run ${i + 1}: ${seconds.toFixed(2)} s`);
      // Not judged: mfa-warden's collection alone (collectAwsSnapshot), to tell the reads from the checks.
      if (collect) {
        const collected = await run('mfa-warden collect', () => collect(wardenOptions(timedEndpoint)));
        contenders.collect.times.push(collected.seconds);
        contenders.collect.requests = collected.result.requests;
        log(`  collect    run ${i + 1}: ${collected.seconds.toFixed(2)} s`);
      }
      if (baseline) {
        const before = await run('baseline', () => baseline.scanAccount(wardenOptions(timedEndpoint)));
        contenders.baseline.times.push(before.seconds);
        contenders.baseline.requests = before.result.requests;
        log(`  baseline   run ${i + 1}: ${before.seconds.toFixed(2)} s`);
        if (baseline.collect) {
          const read = await run('baseline collect', () => baseline.collect(wardenOptions(timedEndpoint)));
          contenders.baselineCollect.times.push(read.seconds);
          contenders.baselineCollect.requests = read.result.requests;
          log(`  baseline collect run ${i + 1}: ${read.seconds.toFixed(2)} s`);
        }
      }
    }
  });

  if (scanAccount) {
    contenders.warden.child = await phase('peak RSS', () =>
      runChildScan(options.wardenEntry, wardenOptions(timedEndpoint), options.timeoutS),
    );
    log(
      `  mfa-warden in a child process: ${contenders.warden.child.seconds.toFixed(2)} s, ` +
        `peak RSS ${contenders.warden.child.peakRssMiB} MiB`,
    );
  }
  return contenders;
}

const variantLabel = (r) =>
  `${r.users.toLocaleString('en-US')} users, ${r.awsManaged} AWS managed polic${r.awsManaged === 1 ? 'y' : 'ies'}`;

function evaluate(results, options) {
  const checks = [];
  const add = (status, name, detail) => checks.push({ status, name, detail });
  for (const r of results) {
    const { warden, floor, loop } = r.contenders;
    const label = variantLabel(r);
    if (loop && r.awsManaged === results.find((other) => other.users === r.users)?.awsManaged) {
      const expected = r.expected.users - r.expected.mfaUsers;
      if (loop.usersSeen !== r.expected.users || loop.nonCompliant !== expected) {
        add(
          'FAIL',
          `per-user loop sanity, ${r.users.toLocaleString('en-US')} users`,
          `saw ${loop.usersSeen} users / ${loop.nonCompliant} without MFA, expected ${r.expected.users} / ${expected}`,
        );
      }
    }
    if (floor.reported.total !== floor.wire.total) {
      add(
        'FAIL',
        `floor request count, ${label}`,
        `counted ${floor.reported.total}, wire saw ${floor.wire.total}`,
      );
    }
    // The floor reads each attached AWS managed policy once: proof that the seeding attached what we meant.
    const floorPolicies = floor.wire.byOperation.GetPolicy ?? 0;
    if (floorPolicies !== r.awsManaged || (floor.wire.byOperation.GetPolicyVersion ?? 0) !== r.awsManaged) {
      add(
        'FAIL',
        `floor reads the attached AWS managed policies, ${label}`,
        `GetPolicy ${floorPolicies}, GetPolicyVersion ${floor.wire.byOperation.GetPolicyVersion ?? 0}, expected ${r.awsManaged} each`,
      );
    }
    if (!warden) continue;
    const ratio = warden.median / floor.median;
    r.ratioToFloor = ratio;
    add(
      ratio <= MAX_RATIO_TO_FLOOR ? 'PASS' : 'FAIL',
      `mfa-warden / floor <= ${MAX_RATIO_TO_FLOOR}x, ${label}`,
      `${ratio.toFixed(2)}x (${warden.median.toFixed(2)} s vs ${floor.median.toFixed(2)} s)`,
    );
    if (loop) {
      r.speedupVsLoop = loop.median / warden.median;
      r.floorSpeedupVsLoop = loop.median / floor.median;
      if (r.users === SPEEDUP_SIZE) {
        const unattainable =
          r.floorSpeedupVsLoop < MIN_SPEEDUP_VS_LOOP
            ? `; the floor itself only reaches ${r.floorSpeedupVsLoop.toFixed(1)}x here, so no scanner can pass ` +
              `at this latency (see bench/README.md, --latency-ms)`
            : '';
        add(
          r.speedupVsLoop >= MIN_SPEEDUP_VS_LOOP ? 'PASS' : 'FAIL',
          `speed-up vs per-user loop >= ${MIN_SPEEDUP_VS_LOOP}x, ${label}`,
          `${r.speedupVsLoop.toFixed(1)}x (floor: ${r.floorSpeedupVsLoop.toFixed(1)}x${unattainable})`,
        );
      }
    }
    const reported = warden.reported?.total;
    add(
      reported === warden.wire.total ? 'PASS' : 'FAIL',
      `mfa-warden reports the requests it sends, ${label}`,
      `reported ${reported}, wire saw ${warden.wire.total} (${JSON.stringify(warden.wire.byService)})`,
    );
    const bound =
      MAX_IAM_REQUESTS_BASE +
      MAX_IAM_REQUESTS_PER_AWS_MANAGED * r.awsManaged +
      (MAX_IAM_REQUESTS_PER_1000_USERS * r.users) / 1000;
    const policyReads =
      (warden.wire.byOperation.GetPolicy ?? 0) + (warden.wire.byOperation.GetPolicyVersion ?? 0);
    add(
      warden.iamRequests <= bound ? 'PASS' : 'FAIL',
      `mfa-warden IAM requests <= ${MAX_IAM_REQUESTS_BASE} + ${MAX_IAM_REQUESTS_PER_AWS_MANAGED}/AWS managed policy + ` +
        `${MAX_IAM_REQUESTS_PER_1000_USERS}/1000 users, ${label}`,
      `${warden.iamRequests} (bound ${bound}; GetPolicy + GetPolicyVersion ${policyReads})`,
    );
    if (warden.consoleMfaFailures === undefined) {
      add(
        'WARN',
        `mfa-warden verdicts, ${label}`,
        'no console-user-mfa findings to compare with the seeded account',
      );
    } else {
      add(
        warden.consoleMfaFailures === r.expected.consoleWithoutMfa ? 'PASS' : 'FAIL',
        `mfa-warden console-user-mfa failures = seeded console users without MFA, ${label}`,
        `${warden.consoleMfaFailures} vs ${r.expected.consoleWithoutMfa}`,
      );
    }
  }
  for (const awsManaged of options.awsManaged) {
    const withWarden = results.filter((r) => r.contenders.warden && r.awsManaged === awsManaged);
    if (withWarden.length >= 2) {
      const small = withWarden[0];
      const large = withWarden.at(-1);
      const growth =
        (large.contenders.warden.iamRequests - small.contenders.warden.iamRequests) /
        ((large.users - small.users) / 1000);
      add(
        growth <= MAX_IAM_REQUESTS_GROWTH_PER_1000_USERS ? 'PASS' : 'FAIL',
        `mfa-warden IAM request growth <= ${MAX_IAM_REQUESTS_GROWTH_PER_1000_USERS} per 1000 users, ${awsManaged} AWS managed`,
        `${growth.toFixed(2)} per 1000 users (${small.contenders.warden.iamRequests} at ${small.users}, ` +
          `${large.contenders.warden.iamRequests} at ${large.users})`,
      );
    } else if (withWarden.length === 1) {
      add(
        'SKIP',
        `mfa-warden IAM request growth, ${awsManaged} AWS managed`,
        'needs two sizes (default --users 1000,10000)',
      );
    }
  }
  const withWarden = results.filter((r) => r.contenders.warden);
  if (withWarden.length && !withWarden.some((r) => r.users === SPEEDUP_SIZE && r.contenders.loop)) {
    add(
      'SKIP',
      `speed-up vs per-user loop >= ${MIN_SPEEDUP_VS_LOOP}x`,
      `only judged at ${SPEEDUP_SIZE} users`,
    );
  }
  if (options.skipWarden) add('SKIP', 'all mfa-warden requirements', '--skip-warden');
  return checks;
}

const fmtS = (s) => (s === undefined ? '-' : s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);
const fmtOps = (byOperation) =>
  Object.entries(byOperation ?? {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');

function printReport(results, checks, meta) {
  const lines = [];
  const names = {
    warden: 'mfa-warden',
    collect: 'collect only',
    baseline: 'baseline',
    baselineCollect: 'baseline collect',
    floor: 'floor',
    loop: 'per-user loop',
  };
  lines.push(
    '',
    `moto ${meta.moto} on ${meta.cpus} CPU(s), Node ${process.version}, latency added ${meta.latencyMs} ms, ` +
      (meta.warden ? `mfa-warden: scanAccount(${JSON.stringify(meta.warden)})` : 'mfa-warden: skipped'),
  );
  for (const r of results) {
    lines.push(
      '',
      `${variantLabel(r)} attached: seeded in ${fmtS(r.seed.seconds)} (${r.seed.requests} requests); ` +
        `expected ${r.expected.consoleUsers} console users, ${r.expected.mfaUsers} with MFA`,
    );
    const header = [
      'contender',
      'runs',
      'median',
      'min',
      'max',
      'requests',
      'IAM',
      'req/1k users',
      'time/floor',
      'loop/time',
    ];
    const rows = [header];
    for (const [key, c] of Object.entries(r.contenders)) {
      if (!c.times?.length) continue;
      const total = c.requests?.total;
      rows.push([
        names[key],
        String(c.times.length),
        fmtS(c.median),
        fmtS(Math.min(...c.times)),
        fmtS(Math.max(...c.times)),
        String(total ?? '?'),
        String(c.iamRequests),
        total === undefined ? '?' : ((total * 1000) / r.users).toFixed(1),
        r.contenders.floor.median ? `${(c.median / r.contenders.floor.median).toFixed(2)}x` : '-',
        r.contenders.loop?.median ? `${(r.contenders.loop.median / c.median).toFixed(1)}x` : '-',
      ]);
    }
    const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    for (const row of rows) {
      lines.push(
        '  ' + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
      );
    }
    for (const [key, c] of Object.entries(r.contenders)) {
      if (c.requests) lines.push(`  ${names[key]} requests: ${fmtOps(c.requests.byOperation)}`);
    }
    const child = r.contenders.warden?.child;
    if (child) {
      lines.push(
        `  mfa-warden peak RSS: ${child.peakRssMiB} MiB (one scan in a child process, ${fmtS(child.seconds)})`,
      );
    }
    lines.push(
      `  phases: ${Object.entries({ ...r.phases })
        .map(([name, s]) => `${name} ${fmtS(s)}`)
        .join(', ')}`,
    );
  }
  lines.push('', 'requirements:');
  for (const c of checks) lines.push(`  ${c.status.padEnd(4)}  ${c.name}: ${c.detail}`);
  console.log(lines.join('\n'));
}

async function main() {
  if (process.argv[2] === CHILD_FLAG) {
    await childScan(process.argv[3]);
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  // Keep every SDK client of every contender away from real AWS and real credentials.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const warden = options.skipWarden ? undefined : await loadWarden(options.wardenEntry);
  const scanAccount = warden?.scanAccount;
  // Only for the "collect only" row; an older build may not export it.
  const collect = typeof warden?.collectAwsSnapshot === 'function' ? warden.collectAwsSnapshot : undefined;
  const baselineModule = options.baselineEntry ? await loadWarden(options.baselineEntry) : undefined;
  const baseline = baselineModule && {
    scanAccount: baselineModule.scanAccount,
    collect:
      typeof baselineModule.collectAwsSnapshot === 'function' ? baselineModule.collectAwsSnapshot : undefined,
  };
  const { startMoto } = await import('./moto.mjs');
  const { startWireCounter } = await import('./wireCounter.mjs');
  const log = (line) => console.error(line);

  const started = performance.now();
  let moto;
  let wire;
  const cleanup = async () => {
    await wire?.close();
    await moto?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`\n${signal}: stopping moto_server`);
      cleanup().finally(() => process.exit(130));
    });
  }
  try {
    const motoStart = performance.now();
    moto = await startMoto();
    log(`moto_server up on ${moto.endpoint} in ${fmtS((performance.now() - motoStart) / 1000)}`);
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    wire = await startWireCounter({ target: moto.endpoint, latencyMs: options.latencyMs });
    const results = [];
    for (const users of options.sizes) {
      results.push(...(await benchSize({ users, options, moto, wire, scanAccount, collect, baseline, log })));
    }
    const meta = {
      generatedAt: new Date().toISOString(),
      moto: await motoVersion(),
      node: process.version,
      cpus: cpus().length,
      loadavg: loadavg(),
      latencyMs: options.latencyMs,
      warden: scanAccount
        ? {
            fresh: options.fresh,
            ...(options.checks ? { checks: options.checks } : {}),
            ...(options.wardenEntry !== defaultWardenEntry ? { build: options.wardenEntry } : {}),
            ...(options.baselineEntry ? { baseline: options.baselineEntry } : {}),
          }
        : null,
      totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
    const checks = evaluate(results, options);
    printReport(results, checks, meta);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(
      options.out,
      JSON.stringify({ meta, options, results, requirements: checks }, null, 2) + '\n',
    );
    console.log(`\nresults: ${options.out} (total ${fmtS(meta.totalSeconds)})`);
    const failed = checks.filter((c) => c.status === 'FAIL');
    if (failed.length) {
      console.log(`\n${failed.length} requirement(s) violated:`);
      for (const c of failed) console.log(`  FAIL ${c.name}: ${c.detail}`);
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(
    `\nbench: ${error instanceof BenchError || error?.name === 'MotoError' ? error.message : (error?.stack ?? error)}`,
  );
  process.exit(2);
});
