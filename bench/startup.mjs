#!/usr/bin/env node
// Start-up benchmark: how long `mfa-warden --version`, `checks` and `explain` take from process start to exit
// (the commands that load no AWS SDK and no action catalog). Median of --runs (default 15) runs after two
// warm-up runs; a requirement line FAILs (exit 1) when a median is 300 ms or more.
//
//   node bench/startup.mjs [--runs N]

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const LIMIT_MS = 300;
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 15;

if (!existsSync(CLI)) {
  console.error('bench/startup: dist/cli/main.js is missing: run `npm run build` first');
  process.exit(2);
}

const COMMANDS = [['--version'], ['checks'], ['checks', '--format', 'json'], ['explain', 'root-mfa']];

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`mfa-warden ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

console.log(
  `start-up (median of ${RUNS} runs; node ${process.version} itself: ${median(
    Array.from({ length: 5 }, () => {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0']);
      return Number(process.hrtime.bigint() - started) / 1e6;
    }),
  ).toFixed(0)} ms)`,
);
let failed = false;
for (const args of COMMANDS) {
  timeOnce(args);
  timeOnce(args);
  const ms = median(Array.from({ length: RUNS }, () => timeOnce(args)));
  const ok = ms < LIMIT_MS;
  failed ||= !ok;
  console.log(
    `  ${ok ? 'ok  ' : 'FAIL'} mfa-warden ${args.join(' ').padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  (< ${LIMIT_MS} ms)`,
  );
}
process.exit(failed ? 1 : 0);
