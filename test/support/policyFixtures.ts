import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A policy document from test/fixtures/policies/, as the aws CLI would show it (an object). */
export function policyFixture(name: string): unknown {
  const file = fileURLToPath(new URL(`../fixtures/policies/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The same document URL-encoded, as GetAccountAuthorizationDetails returns it on the wire. */
export function urlEncodedPolicyFixture(name: string): string {
  return encodeURIComponent(JSON.stringify(policyFixture(name)));
}
