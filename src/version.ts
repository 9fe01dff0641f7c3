import { readFileSync } from 'node:fs';

// Read once from our own package.json, so the JSON report's tool.version never drifts from the release.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const toolName = 'mfa-warden';
export const toolVersion: string = packageJson.version;
