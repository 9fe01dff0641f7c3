import { summariseCredential, type PrincipalMfaAnalysis } from '../policy/index.js';

// How a finding shows what stays reachable without MFA: a sentence per leaking credential kind, and details
// small enough for JSON reports (top services, sensitive actions) while the counts stay exact.

export function reachMessage(analysis: PrincipalMfaAnalysis): string {
  const leaking = [analysis.console, analysis.accessKey].filter((credential) => !credential.enforced);
  const [first, second] = leaking.map((credential) => credential.explanation.replace(/^[^:]+: /, ''));
  // Most often both kinds leak the same way: say it once.
  if (first !== undefined && first === second) return `console sessions and access keys: ${first}`;
  return leaking.map((credential) => credential.explanation).join('; ');
}

export function reachDetails(analysis: PrincipalMfaAnalysis): Record<string, unknown> {
  const limits = { services: 10, sensitive: 20, statements: 5 };
  return {
    console: summariseCredential(analysis.console, limits),
    accessKey: summariseCredential(analysis.accessKey, limits),
  };
}
