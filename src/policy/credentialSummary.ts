import type { CredentialAnalysis } from './analyzeWithoutMfa.js';
import type { StatementRef } from './statementRef.js';

// What a person or a pipeline reads of one credential kind's analysis: counts, names, statement labels,
// without the engine's internals. Shared by the analyze report and by the findings of the policy checks.

export interface ServiceReachSummary {
  readonly service: string;
  readonly reachable: number;
  readonly of: number;
  /** Present when some reachable actions are reachable only under conditions that cannot be decided. */
  readonly conditional?: number;
  /** Present when some reachable actions are reachable only on some resources. */
  readonly partialResources?: number;
  /** The reachable actions by name, when there are at most 25. */
  readonly actions?: readonly string[];
}

export interface CredentialSummary {
  readonly enforced: boolean;
  readonly total: number;
  readonly beyondSelfEnrolment: number;
  readonly conditional: number;
  readonly partialResources: number;
  readonly viaSessionToken: number;
  readonly serviceCount: number;
  readonly services: readonly ServiceReachSummary[];
  readonly sensitive: readonly string[];
  readonly allowedBy: readonly string[];
  readonly deniedBy: readonly string[];
  readonly possiblyDeniedBy: readonly string[];
  /** Present when reachability depends on keys that come with the request (aws:SourceIp, ...). */
  readonly undecidedKeys?: readonly string[];
  readonly explanation: string;
}

/** Limits for findings, where a summary sits beside thousands of others; the analyze report has none. */
export interface SummaryLimits {
  /** Services listed: those with reachable actions, most reachable first. */
  readonly services?: number;
  readonly sensitive?: number;
  readonly statements?: number;
}

export function summariseCredential(
  analysis: CredentialAnalysis,
  limits: SummaryLimits = {},
): CredentialSummary {
  const labels = (refs: readonly StatementRef[]) => refs.slice(0, limits.statements).map((ref) => ref.label);
  return {
    enforced: analysis.enforced,
    total: analysis.total,
    beyondSelfEnrolment: analysis.beyondSelfEnrolment,
    conditional: analysis.conditional,
    partialResources: analysis.partialResources,
    viaSessionToken: analysis.viaSessionToken,
    serviceCount: analysis.serviceCount,
    services: analysis.services
      .filter((reach) => reach.reachable > 0)
      .sort((a, b) => b.reachable - a.reachable)
      .slice(0, limits.services)
      .map((reach) => ({
        service: reach.service,
        reachable: reach.reachable,
        of: reach.of,
        ...(reach.conditional > 0 ? { conditional: reach.conditional } : {}),
        ...(reach.partialResources > 0 ? { partialResources: reach.partialResources } : {}),
        ...(reach.actions ? { actions: [...reach.actions] } : {}),
      })),
    sensitive: analysis.sensitive.slice(0, limits.sensitive),
    allowedBy: labels(analysis.allowedBy),
    deniedBy: labels(analysis.deniedBy),
    possiblyDeniedBy: labels(analysis.possiblyDeniedBy),
    ...(analysis.undecidedKeys.length > 0 ? { undecidedKeys: [...analysis.undecidedKeys] } : {}),
    explanation: analysis.explanation,
  };
}
