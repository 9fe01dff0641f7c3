import type { CredentialAnalysis, PrincipalMfaAnalysis } from '../policy/index.js';

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
  const describe = (credential: CredentialAnalysis) => ({
    enforced: credential.enforced,
    reachableWithoutMfa: credential.beyondSelfEnrolment,
    conditional: credential.conditional,
    services: credential.services
      .filter((service) => service.reachable > 0)
      .slice(0, 10)
      .map((service) => ({ service: service.service, reachable: service.reachable, of: service.of })),
    sensitive: credential.sensitive.slice(0, 20),
    allowedBy: credential.allowedBy.slice(0, 5).map((ref) => ref.label),
    deniedBy: credential.deniedBy.slice(0, 5).map((ref) => ref.label),
  });
  return { console: describe(analysis.console), accessKey: describe(analysis.accessKey) };
}
