// Benchmark: `scan terraform` on a large synthetic tree (default 5,000 .tf files of ~10 KB, ~50 MB; see
// terraformSeed.mjs). Two figures, each measured in a fresh child process (a fork of this script) so that the
// memory of one does not pollute the other:
//   parse       read every file and build its tree-sitter tree (parseHclTreeOnly, no conversion): the floor;
//   whole scan  scanTerraform([root]) from dist/: parse + convert, module tree, evaluation, model, all checks.
// Goals: whole scan / parse <= 1.5x, and each child's peak RSS below 1 GB.
// Usage: npm run build && node bench/terraform.mjs [--files N] [--kb K] [--check] [--profile]
import { Buffer } from 'node:buffer';
import { execFileSync, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from './policyAccount.mjs';
import { ENVIRONMENTS, generateTree } from './terraformSeed.mjs';

// The figures the project commits to.
const MAX_SCAN_TO_PARSE = 1.5;
const MAX_PEAK_RSS_BYTES = 1024 ** 3;
const FULL_SIZE = { files: 5000, kb: 10 };
const CHECK_SAMPLE = 20;

const USAGE = `usage: node bench/terraform.mjs [options]   (run npm run build first)
  --files N      .tf files in the tree (default ${FULL_SIZE.files}, at least 13)
  --kb K         size of each file in KB (default ${FULL_SIZE.kb})
  --seed S       PRNG seed of the tree (default 20261127)
  --dir DIR      where the tree goes (default bench/results/tf-tree); regenerated unless it holds the same
                 files, kb, seed and generator
  --check        also run \`terraform fmt -check\` on ${CHECK_SAMPLE} sampled files (needs terraform on PATH)
  --profile      also run the whole scan once more under --cpu-prof and summarise the profile
  --breakdown    also run the scan's parts apart (parseHcl on every file, loadTerraform, the checks), with
                 the heap retained after each
  --timeout S    give up on a child after S seconds (default 1800)
  --out FILE     JSON results (default bench/results/terraform.json)`;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));
const selfPath = fileURLToPath(import.meta.url);

class BenchError extends Error {}

const MB = 1024 * 1024;
const fmtInt = (n) => n.toLocaleString('en-US');
const fmtS = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const fmtMb = (bytes) =>
  bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(2)} GB` : `${Math.round(bytes / MB)} MB`;

// ---- children ---------------------------------------------------------------------------------------------

async function loadDist(path) {
  try {
    return await import(new URL(`../dist/${path}`, import.meta.url).href);
  } catch (error) {
    throw new Error(`could not load dist/${path} (run npm run build first): ${error.message}`, {
      cause: error,
    });
  }
}

/** Every .tf file under dir, in a stable order. */
function terraformFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.tf'))
    .sort()
    .map((name) => join(dir, name));
}

async function childParse(root) {
  const { initHclParser, parseHclTreeOnly } = await loadDist('adapters/terraform/parseHcl.js');
  const init = performance.now();
  await initHclParser();
  const initMs = performance.now() - init;
  const files = terraformFiles(root);
  let bytes = 0;
  let readMs = 0;
  let syntaxErrors = 0;
  const start = performance.now();
  for (const file of files) {
    const t0 = performance.now();
    const text = readFileSync(file, 'utf8');
    readMs += performance.now() - t0;
    bytes += Buffer.byteLength(text);
    if (!(await parseHclTreeOnly(text))) syntaxErrors++;
  }
  const ms = performance.now() - start;
  return { files: files.length, bytes, initMs, ms, readMs, syntaxErrors };
}

async function childScan(root) {
  const { scanTerraform } = await loadDist('scan/scan.js');
  const { initHclParser } = await loadDist('adapters/terraform/parseHcl.js');
  // The WebAssembly parser is loaded once per process; the parse child does not time it either.
  const init = performance.now();
  await initHclParser();
  const initMs = performance.now() - init;
  const start = performance.now();
  const result = await scanTerraform([root]);
  const ms = performance.now() - start;
  const byStatus = { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0 };
  const byCheck = {};
  for (const finding of result.findings) {
    byStatus[finding.status]++;
    byCheck[finding.check] ??= { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0 };
    byCheck[finding.check][finding.status]++;
  }
  return {
    initMs,
    ms,
    findings: result.findings.length,
    byStatus,
    byCheck,
    inputErrors: result.inputErrors.length,
    firstInputErrors: result.inputErrors.slice(0, 3),
    targets: result.targets.length,
    users: result.account.users?.length ?? null,
    groups: result.account.groups?.length ?? null,
  };
}

/**
 * The whole scan in its parts (run with --expose-gc): parseHcl on every file (tree-sitter + conversion to the
 * AST, all ASTs kept), then loadTerraform (which parses again, builds the module tree, evaluates, builds
 * the model), then scanIac (the checks), with the heap retained after each.
 */
async function childBreakdown(root) {
  const { parseHcl, initHclParser } = await loadDist('adapters/terraform/parseHcl.js');
  const { loadTerraform } = await loadDist('adapters/terraform/loadTerraform.js');
  const { scanIac } = await loadDist('scan/scanIac.js');
  await initHclParser();
  const heap = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const baseHeap = heap();
  let start = performance.now();
  const parsed = [];
  for (const file of terraformFiles(root)) parsed.push(await parseHcl(readFileSync(file, 'utf8'), file));
  const parseConvertMs = performance.now() - start;
  const astHeap = heap() - baseHeap;
  parsed.length = 0;
  start = performance.now();
  const loaded = await loadTerraform([root]);
  const loadMs = performance.now() - start;
  const loadedHeap = heap() - baseHeap;
  start = performance.now();
  const result = scanIac('terraform', loaded);
  const checksMs = performance.now() - start;
  const scannedHeap = heap() - baseHeap;
  return {
    parseConvertMs,
    loadMs,
    checksMs,
    findings: result.findings.length,
    retainedHeapBytes: { allAsts: astHeap, afterLoad: loadedHeap, afterChecks: scannedHeap },
  };
}

async function childMain(mode, root) {
  const run = { parse: childParse, scan: childScan, breakdown: childBreakdown }[mode];
  const out = await run(root);
  // RUSAGE_SELF: this process only, in KB on Linux.
  out.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  // Forked by the benchmark: the result goes back over IPC. Run by hand (e.g. under --cpu-prof): to stdout.
  if (process.send) process.send(out, () => process.disconnect());
  else console.log(JSON.stringify(out));
}

/** Runs one measurement in a fork of this script; resolves with what the child sent. */
function runChild(mode, root, { timeoutS, execArgv = [] }) {
  return new Promise((resolve, reject) => {
    const child = fork(selfPath, [`--child=${mode}`, `--dir=${root}`], {
      execArgv: [...process.execArgv, ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BenchError(`the ${mode} child did not finish within ${timeoutS} s`));
    }, timeoutS * 1000);
    child.on('message', (message) => (result = message));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new BenchError(`could not start the ${mode} child: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result && code === 0) resolve(result);
      else reject(new BenchError(`the ${mode} child exited with ${signal ?? `status ${code}`}`));
    });
  });
}

// ---- the tree ----------------------------------------------------------------------------------------------

/** Generates the tree, or reuses it when the directory holds the same size, seed and generator. */
function prepareTree(options) {
  const generator = createHash('sha256')
    .update(readFileSync(new URL('./terraformSeed.mjs', import.meta.url)))
    .digest('hex')
    .slice(0, 16);
  const stamp = { files: options.files, kb: options.kb, seed: options.seed, generator };
  const stampFile = join(options.dir, '.bench-tree.json');
  if (existsSync(stampFile)) {
    try {
      const previous = JSON.parse(readFileSync(stampFile, 'utf8'));
      if (JSON.stringify(previous.stamp) === JSON.stringify(stamp)) return { ...previous.tree, reused: true };
    } catch {
      // regenerate
    }
  }
  rmSync(options.dir, { recursive: true, force: true });
  const start = performance.now();
  const generated = generateTree(options.dir, options);
  const tree = {
    files: generated.files.map((file) => relative(options.dir, file)),
    bytes: generated.bytes,
    shape: generated.shape,
    expected: generated.expected,
    generateMs: performance.now() - start,
  };
  writeFileSync(stampFile, JSON.stringify({ stamp, tree }));
  return { ...tree, reused: false };
}

/** `terraform fmt -check` on a seeded sample of files: the generator writes canonical, valid HCL. */
function fmtCheck(options, tree) {
  const random = createRandom(options.seed);
  const sample = random.sample(tree.files, Math.min(CHECK_SAMPLE, tree.files.length));
  try {
    execFileSync('terraform', ['fmt', '-check', '-list=true', ...sample.map((f) => join(options.dir, f))], {
      stdio: 'pipe',
      env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    });
    return { checked: sample.length, problems: [] };
  } catch (error) {
    if (error.code === 'ENOENT') return { checked: 0, skipped: 'terraform is not on PATH' };
    const listed = String(error.stdout ?? '').trim();
    return {
      checked: sample.length,
      problems: listed ? listed.split('\n') : [String(error.stderr ?? error)],
    };
  }
}

// ---- profile ------------------------------------------------------------------------------------------------

/** dist/adapters/terraform/parseHcl.js -> src/adapters/terraform/parseHcl.ts; packages by name. */
function sourceOf(url) {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const dist = join(repoDir, 'dist');
  if (path.startsWith(dist)) return `src${path.slice(dist.length).replace(/\.js$/, '.ts')}`;
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0)
    return path
      .slice(modules + 'node_modules/'.length)
      .split('/')
      .slice(0, 2)
      .join('/');
  if (path.startsWith('wasm://')) return 'tree-sitter wasm';
  return path.startsWith('node:') || !path.includes('/') ? path : relative(repoDir, path);
}

function area(source, name) {
  if (name === '(garbage collector)') return 'garbage collector';
  if (source.startsWith('src/'))
    return source
      .split('/')
      .slice(0, source.startsWith('src/adapters/') ? 3 : 2)
      .join('/');
  if (source.includes('tree-sitter')) return 'tree-sitter (wasm + web-tree-sitter glue)';
  return source || '(node internals)';
}

/** Self and inclusive time per function (recursion counted once per stack) from a .cpuprofile. */
export function summariseProfile(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const sampled = new Map();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const keyOf = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const source = sourceOf(url);
    return { key: `${name} ${source}:${lineNumber + 1}`, name, source, line: lineNumber + 1 };
  };
  const self = new Map();
  const inclusive = new Map();
  const areas = new Map();
  const info = new Map();
  let totalUs = 0;
  for (const [id, us] of sampled) {
    totalUs += us;
    const k = keyOf(nodes.get(id));
    info.set(k.key, k);
    self.set(k.key, (self.get(k.key) ?? 0) + us);
    const a = area(k.source, k.name);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const c = keyOf(nodes.get(cur));
      info.set(c.key, c);
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      inclusive.set(c.key, (inclusive.get(c.key) ?? 0) + us);
    }
  }
  const ms = (us) => Math.round(us / 1000);
  const row = ([key, us]) => ({ ...info.get(key), ms: ms(us), share: us / totalUs });
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  const byName = (name, source) =>
    ms(
      sorted(inclusive).find(
        ([key]) => info.get(key).name === name && info.get(key).source.includes(source),
      )?.[1] ?? 0,
    );
  const terraformOnly = (map) =>
    sorted(map).filter(([key]) => info.get(key).source.startsWith('src/adapters/terraform/'));
  return {
    totalMs: ms(totalUs),
    // Only synchronous frames are reliable here: an async function's code after an await is sampled under
    // the microtask queue, not under its caller (loadTerraform shows almost nothing).
    phases: (() => {
      const parse = byName('parse', 'web-tree-sitter');
      const parseHcl = byName('parseHcl', 'parseHcl');
      const checks = byName('scanIac', 'scanIac');
      const gc = ms(sorted(self).find(([key]) => info.get(key).name === '(garbage collector)')?.[1] ?? 0);
      return {
        treeSitterParse: parse,
        conversion: parseHcl - parse,
        checks,
        garbageCollector: gc,
        rest: ms(totalUs) - parseHcl - checks - gc,
      };
    })(),
    areas: sorted(areas).map(([name, us]) => ({ area: name, ms: ms(us), share: us / totalUs })),
    topSelf: sorted(self).slice(0, top).map(row),
    terraformSelf: terraformOnly(self).slice(0, top).map(row),
    terraformInclusive: terraformOnly(inclusive).slice(0, top).map(row),
  };
}

async function profileScan(options) {
  const dir = join(benchDir, 'results', 'terraform-profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const run = await runChild('scan', options.dir, {
    timeoutS: options.timeoutS,
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new BenchError('the profiled scan wrote no .cpuprofile');
  return {
    file: join(dir, file),
    profiledScanMs: run.ms,
    ...summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
  };
}

// ---- main ---------------------------------------------------------------------------------------------------

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: 'string', default: String(FULL_SIZE.files) },
      kb: { type: 'string', default: String(FULL_SIZE.kb) },
      seed: { type: 'string', default: '20261127' },
      dir: { type: 'string', default: join(benchDir, 'results', 'tf-tree') },
      check: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      breakdown: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '1800' },
      out: { type: 'string', default: join(benchDir, 'results', 'terraform.json') },
      child: { type: 'string' },
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
    files: integer('files', 13),
    kb: integer('kb', 1),
    seed: integer('seed', 0),
    dir: values.dir,
    check: values.check,
    profile: values.profile,
    breakdown: values.breakdown,
    timeoutS: integer('timeout', 1),
    out: values.out,
    child: values.child,
  };
}

function sanityProblems(tree, parse, scan) {
  const problems = [];
  const { expected } = tree;
  if (parse.files !== tree.files.length)
    problems.push(`the parse child read ${parse.files} files, not ${tree.files.length}`);
  if (parse.syntaxErrors > 0) problems.push(`${parse.syntaxErrors} generated files do not parse`);
  if (scan.inputErrors > 0)
    problems.push(`${scan.inputErrors} input errors, e.g. ${JSON.stringify(scan.firstInputErrors)}`);
  const group = scan.byCheck['group-mfa-enforced'] ?? {};
  if (group.pass !== expected.groups.pass || group.fail !== expected.groups.fail)
    problems.push(
      `group-mfa-enforced pass/fail ${group.pass ?? 0}/${group.fail ?? 0}, expected ${expected.groups.pass}/${expected.groups.fail}`,
    );
  const user = scan.byCheck['console-user-mfa-enforced'] ?? {};
  if (
    user.fail !== expected.consoleUsers.notEnforced ||
    (user.pass ?? 0) + (user.fail ?? 0) !== expected.users
  )
    problems.push(
      `console-user-mfa-enforced pass/fail ${user.pass ?? 0}/${user.fail ?? 0}, expected ${expected.users - expected.consoleUsers.notEnforced}/${expected.consoleUsers.notEnforced}`,
    );
  return problems;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  return rows
    .map(
      (row) =>
        `  ${row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ')}`,
    )
    .join('\n');
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.child) return childMain(options.child, options.dir);
  const loadBefore = loadavg()[0];

  const tree = prepareTree(options);
  console.error(
    tree.reused
      ? `tree: reusing ${options.dir}`
      : `tree: generated ${fmtInt(tree.files.length)} files (${fmtMb(tree.bytes)}) in ${fmtS(tree.generateMs)} under ${options.dir}`,
  );
  const fmt = options.check ? fmtCheck(options, tree) : undefined;
  if (fmt)
    console.error(
      `terraform fmt -check: ${fmt.skipped ?? `${fmt.checked} files, ${fmt.problems.length} not canonical`}`,
    );

  console.error('parse child ...');
  const parse = await runChild('parse', options.dir, options);
  console.error(`  ${fmtS(parse.ms)}, peak RSS ${fmtMb(parse.peakRssBytes)}`);
  console.error('whole-scan child ...');
  const scan = await runChild('scan', options.dir, options);
  console.error(`  ${fmtS(scan.ms)}, peak RSS ${fmtMb(scan.peakRssBytes)}`);
  let breakdown;
  if (options.breakdown) {
    console.error('breakdown child ...');
    breakdown = await runChild('breakdown', options.dir, { ...options, execArgv: ['--expose-gc'] });
  }
  let profile;
  if (options.profile) {
    console.error('profiled whole-scan child ...');
    profile = await profileScan(options);
  }

  const mbps = (ms) => parse.bytes / MB / (ms / 1000);
  const ratio = scan.ms / parse.ms;
  const ratioOk = ratio <= MAX_SCAN_TO_PARSE;
  const rssOk = Math.max(parse.peakRssBytes, scan.peakRssBytes) < MAX_PEAK_RSS_BYTES;
  const problems = sanityProblems(tree, parse, scan);
  if (fmt?.problems?.length) problems.push(`terraform fmt -check: ${fmt.problems.join(', ')}`);
  const fullSize = options.files >= FULL_SIZE.files && options.kb >= FULL_SIZE.kb;
  const load = [loadBefore, loadavg()[0]];
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
    loadavg1m: load,
  };

  const results = {
    benchmark: 'terraform-scan',
    generatedAt: new Date().toISOString(),
    machine,
    options: { files: options.files, kb: options.kb, seed: options.seed },
    tree: {
      dir: options.dir,
      files: tree.files.length,
      bytes: tree.bytes,
      reused: tree.reused,
      generateMs: tree.generateMs,
      ...tree.shape,
      expected: tree.expected,
    },
    fmtCheck: fmt ?? null,
    parse: { ...parse, mbPerS: mbps(parse.ms) },
    scan: { ...scan, mbPerS: mbps(scan.ms) },
    scanToParse: ratio,
    goals: {
      scanToParse: { limit: MAX_SCAN_TO_PARSE, measured: ratio, passed: ratioOk },
      peakRss: {
        limitBytes: MAX_PEAK_RSS_BYTES,
        parseBytes: parse.peakRssBytes,
        scanBytes: scan.peakRssBytes,
        passed: rssOk,
      },
      fullSize,
    },
    sanityProblems: problems,
    breakdown: breakdown ?? null,
    profile: profile ?? null,
  };
  mkdirSync(join(options.out, '..'), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);

  const { expected, shape } = { expected: tree.expected, shape: tree.shape };
  console.log(
    `Terraform scan benchmark: ${fmtInt(tree.files.length)} files, ${(tree.bytes / MB).toFixed(1)} MB (seed ${options.seed}, ${options.kb} KB per file)`,
  );
  console.log(
    `  root module + ${fmtInt(shape.teams)} team modules x ${Object.keys(ENVIRONMENTS).length} environments (for_each): ` +
      `${fmtInt(expected.users)} users, ${fmtInt(expected.consoleUsers.enforced + expected.consoleUsers.notEnforced)} with a console password, ` +
      `${fmtInt(expected.groups.pass + expected.groups.fail)} groups`,
  );
  console.log(
    table([
      ['', 'time', 'MB/s', 'x parse', 'peak RSS'],
      [
        'parse (read + tree-sitter)',
        fmtS(parse.ms),
        mbps(parse.ms).toFixed(2),
        '1.00x',
        fmtMb(parse.peakRssBytes),
      ],
      [
        'whole scan (scanTerraform)',
        fmtS(scan.ms),
        mbps(scan.ms).toFixed(2),
        `${ratio.toFixed(2)}x`,
        fmtMb(scan.peakRssBytes),
      ],
    ]),
  );
  console.log(
    `  of the parse: reading ${fmtS(parse.readMs)}; parser init ${Math.round(parse.initMs)} ms (not timed in either)`,
  );
  const statuses = Object.entries(scan.byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${fmtInt(n)}`)
    .join(', ');
  console.log(`  findings: ${fmtInt(scan.findings)} (${statuses}); input errors ${scan.inputErrors}`);
  for (const [check, c] of Object.entries(scan.byCheck)) {
    const parts = Object.entries(c)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${status} ${fmtInt(n)}`);
    console.log(`    ${check.padEnd(26)} ${parts.join(', ')}`);
  }
  console.log(
    `  machine: ${machine.cpus} x ${machine.cpuModel ?? 'cpu'}, Node ${process.version}, load ${load.map((l) => l.toFixed(2)).join(' -> ')}`,
  );
  if (breakdown) {
    const h = breakdown.retainedHeapBytes;
    console.log(
      `\n  breakdown (one more process): parseHcl on every file (parse + convert) ${fmtS(breakdown.parseConvertMs)}; ` +
        `loadTerraform ${fmtS(breakdown.loadMs)}; checks (scanIac) ${fmtS(breakdown.checksMs)}; peak RSS ${fmtMb(breakdown.peakRssBytes)}`,
    );
    console.log(
      `    heap retained: every file's AST ${fmtMb(h.allAsts)}; after loadTerraform ${fmtMb(h.afterLoad)}; after the checks ${fmtMb(h.afterChecks)}`,
    );
  }
  if (profile) {
    console.log(`\n  profile of a whole scan (${fmtS(profile.totalMs)} sampled; ${profile.file})`);
    const p = profile.phases;
    console.log(
      `    tree-sitter parse ${fmtS(p.treeSitterParse)}; conversion to the AST (rest of parseHcl) ${fmtS(p.conversion)}; ` +
        `checks (scanIac) ${fmtS(p.checks)}; garbage collector ${fmtS(p.garbageCollector)}; ` +
        `the rest (module tree, evaluation, model, file reads, idle) ${fmtS(p.rest)}`,
    );
    console.log('    self time by area:');
    for (const a of profile.areas.slice(0, 8))
      console.log(`      ${fmtS(a.ms).padStart(8)} ${(100 * a.share).toFixed(1).padStart(5)}%  ${a.area}`);
    console.log('    top self time:');
    for (const f of profile.topSelf)
      console.log(
        `      ${fmtS(f.ms).padStart(8)} ${(100 * f.share).toFixed(1).padStart(5)}%  ${f.name} (${f.source}:${f.line})`,
      );
    console.log('    src/adapters/terraform, self time:');
    for (const f of profile.terraformSelf.slice(0, 10))
      console.log(
        `      ${fmtS(f.ms).padStart(8)} ${(100 * f.share).toFixed(1).padStart(5)}%  ${f.name} (${f.source}:${f.line})`,
      );
    console.log('    src/adapters/terraform, inclusive time:');
    for (const f of profile.terraformInclusive.slice(0, 10))
      console.log(
        `      ${fmtS(f.ms).padStart(8)} ${(100 * f.share).toFixed(1).padStart(5)}%  ${f.name} (${f.source}:${f.line})`,
      );
  }
  console.log(`\n  results written to ${options.out}`);

  let exitCode = 0;
  if (problems.length > 0) {
    console.log(`FAIL sanity: ${problems.join('; ')}`);
    exitCode = 1;
  }
  const size = fullSize ? '' : ' (reduced size)';
  console.log(
    `${ratioOk ? 'PASS' : 'FAIL'} whole scan / parse: ${ratio.toFixed(2)}x (${fmtS(scan.ms)} / ${fmtS(parse.ms)}), goal <= ${MAX_SCAN_TO_PARSE}x${size}`,
  );
  console.log(
    `${rssOk ? 'PASS' : 'FAIL'} peak RSS: parse ${fmtMb(parse.peakRssBytes)}, whole scan ${fmtMb(scan.peakRssBytes)}, goal < 1 GB${size}`,
  );
  if (!ratioOk || !rssOk) exitCode = 1;
  process.exitCode = exitCode;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    if (error instanceof BenchError) console.log(`FAIL ${error.message}`);
    else console.error(error);
    process.exitCode = 2;
  });
}
