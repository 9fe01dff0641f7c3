import type { CredentialAnalysis, EnforcementVerdict, PrincipalMfaAnalysis } from '../../src/policy/index.js';

// What a verdict says, without what depends on how the policy was written: statement labels (index, Sid),
// the order statements are credited in, explanations that quote them. Two documents that IAM evaluates alike
// must have equal signatures.

export interface CredentialSignature {
  readonly enforced: boolean;
  readonly total: number;
  readonly beyondSelfEnrolment: number;
  readonly conditional: number;
  readonly partialResources: number;
  readonly viaSessionToken: number;
  /** service -> reachable actions (names), sorted. */
  readonly reachable: Readonly<Record<string, readonly string[]>>;
}

export function credentialSignature(analysis: CredentialAnalysis): CredentialSignature {
  const reachable: Record<string, readonly string[]> = {};
  for (const reach of [...analysis.services].sort((a, b) => a.service.localeCompare(b.service))) {
    // The small catalog has at most 25 actions per service, so every reachable one is named.
    reachable[reach.service] = [...(reach.actions ?? [`${reach.reachable} actions`])].sort();
  }
  return {
    enforced: analysis.enforced,
    total: analysis.total,
    beyondSelfEnrolment: analysis.beyondSelfEnrolment,
    conditional: analysis.conditional,
    partialResources: analysis.partialResources,
    viaSessionToken: analysis.viaSessionToken,
    reachable,
  };
}

export function analysisSignature(analysis: PrincipalMfaAnalysis): {
  enforced: boolean;
  console: CredentialSignature;
  accessKey: CredentialSignature;
} {
  return {
    enforced: analysis.enforced,
    console: credentialSignature(analysis.console),
    accessKey: credentialSignature(analysis.accessKey),
  };
}

export function verdictSignature(verdict: EnforcementVerdict): {
  verdict: string;
  reasons: readonly string[];
  exemptActions: readonly string[];
  exemptActionCount: number;
  console: CredentialSignature;
  accessKey: CredentialSignature;
  witness: boolean;
} {
  return {
    verdict: verdict.verdict,
    reasons: [...new Set(verdict.reasons.map((reason) => reason.code))].sort(),
    exemptActions: [...verdict.exemptActions].sort(),
    exemptActionCount: verdict.exemptActionCount,
    console: credentialSignature(verdict.byCredential.console),
    accessKey: credentialSignature(verdict.byCredential.accessKey),
    witness: verdict.witness !== undefined,
  };
}

/** Every action reachable for one credential kind, as "service:Action" names. */
export function reachableActions(analysis: CredentialAnalysis): Set<string> {
  return new Set(analysis.services.flatMap((reach) => reach.actions ?? []));
}
