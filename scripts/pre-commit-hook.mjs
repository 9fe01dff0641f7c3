#!/usr/bin/env node
// Entry of the pre-commit hooks (.pre-commit-hooks.yaml, `language: script`): runs the mfa-warden CLI from
// pre-commit's clone of this repository, building it there first if it is not built yet.
//
// Why not `language: node`: pre-commit 4 installs a node hook with `npm install -g git+file://<clone>`, and
// npm cannot build a package with dependencies that way (npm/cli#8440: the dependencies are missing during
// `prepare`, and the global install races with the Git preparation). Here the build happens in the clone, once,
// with `npm ci` from the lockfile; later runs start the CLI directly. Needs Node.js 20.19 or later on PATH.
//
// Build output goes to stderr; the CLI's stdout and exit code are the hook's.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}dist/cli/main.js`;
const stamp = `${root}dist/.pre-commit-build-complete`;
const lock = `${root}.pre-commit-build.lock`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const say = (message) => process.stderr.write(`mfa-warden pre-commit: ${message}\n`);

/** An npm run as if by hand in the clone: without npm_* variables from whatever started pre-commit. */
function npmRun(args) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  say(`npm ${args.join(' ')}`);
  const result = spawnSync(npm, args, {
    cwd: root,
    env: { ...env, MFA_WARDEN_SKIP_PREPARE: '1' },
    stdio: ['ignore', process.stderr, process.stderr],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    say(`npm ${args[0]} failed (${result.error?.message ?? `exit ${result.status}`}); the hook cannot run`);
    process.exit(2);
  }
}

/** Takes the build lock (a directory: mkdir is atomic), waiting for another hook process that holds it. */
function acquireLock() {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than the longest build is left over from a killed run.
      if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) {
        say(`timed out waiting for another build (remove ${lock} if none is running)`);
        process.exit(2);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

if (!existsSync(stamp)) {
  acquireLock();
  try {
    if (!existsSync(stamp)) {
      say('building mfa-warden in the hook repository (once; takes a minute)');
      npmRun(['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
      npmRun(['run', 'build']);
      writeFileSync(stamp, `${new Date().toISOString()}\n`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const run = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.error) {
  say(`could not start the CLI: ${run.error.message}`);
  process.exit(2);
}
process.exit(run.status ?? (run.signal ? 128 : 2));
