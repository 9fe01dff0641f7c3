import { readFileSync } from 'node:fs';
import { awsManagedPoliciesSnapshotHeader } from './adapters/iac/awsManagedPolicies.js';

// Read once from our own package.json, so the JSON report's tool.version never drifts from the release.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const toolName = 'mfa-warden';
export const toolVersion: string = packageJson.version;

/** What --version prints: the release and the AWS managed policy snapshot it judges managed policies by. */
export function versionText(): string {
  const snapshot = awsManagedPoliciesSnapshotHeader();
  return snapshot
    ? `${toolVersion} (AWS managed policies snapshot ${snapshot.date}, ${snapshot.package})`
    : `${toolVersion} (AWS managed policies snapshot missing: run npm run build)`;
}
