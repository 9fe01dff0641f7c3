// IAM policy language and the MFA analysis: parse and normalise documents, evaluate conditions for a request
// context, and answer "which actions can this principal still perform without MFA, with which credential?".

export { parsePolicyDocument } from './parsePolicyDocument.js';
export { readPolicyFile } from './readPolicyFile.js';
export { allowEverything } from './allowEverything.js';
export { PolicyParseError } from './policyParseError.js';
export {
  statementLabel,
  supportsPolicyVariables,
  type ActionElement,
  type ConditionClause,
  type Effect,
  type PolicyDocument,
  type PolicyStatement,
  type PrincipalElement,
  type ResourceElement,
  type SetOperator,
} from './policyDocument.js';
export {
  CONDITION_OPERATORS,
  isNegatedOperator,
  parseConditionOperator,
  type ConditionOperatorName,
} from './conditionOperators.js';
export { evaluateClause, evaluateConditions, type EvaluateOptions } from './evaluateCondition.js';
export { triAnd, triNot, triOr, type Tri } from './triState.js';
export { SEGMENT, shapeAlwaysMatches, shapeMayMatch, someUserShapes } from './globShapes.js';
export {
  accessKeyWithoutMfa,
  consoleWithoutMfa,
  isMfaKey,
  lookupKey,
  MFA_AGE_KEY,
  MFA_KEYS,
  MFA_PRESENT_KEY,
  requestContext,
  requestContexts,
  sessionTokenWithoutMfa,
  withKeys,
  withMfa,
  type ContextKeys,
  type KeyLookup,
  type RequestContext,
} from './requestContext.js';
export {
  actionCatalogSync,
  createActionCatalog,
  loadActionCatalog,
  type ActionCatalog,
} from './actionCatalog.js';
export {
  callableWithSessionTokenWithoutMfa,
  isSelfEnrolmentAction,
  MFA_SELF_ENROLMENT_ACTIONS,
  SENSITIVE_ACTION_PATTERNS,
  sensitiveCategory,
  type SensitiveCategory,
} from './mfaActionLists.js';
export { documentsOf } from './reachability.js';
export type { PolicyLayer, PolicySet } from './reachability.js';
export type { CredentialKind } from './credentialOutcomes.js';
export type { StatementRef } from './statementRef.js';
export {
  analyzeWithoutMfa,
  type AnalysisOptions,
  type CredentialAnalysis,
  type PrincipalMfaAnalysis,
  type ServiceReach,
} from './analyzeWithoutMfa.js';
export {
  analyzeEnforcementPolicy,
  type EnforcementReason,
  type EnforcementVerdict,
  type EnforcementVerdictKind,
} from './analyzeEnforcementPolicy.js';
export { mfaConditionIssues } from './mfaConditionIssues.js';
export { mfaExemptionIssues } from './mfaExemptionIssues.js';
export type { PolicyIssue } from './policyIssue.js';
export {
  createMfaAnalyzer,
  policySetKey,
  orderedPolicySetKey,
  PRINCIPAL_TAGS_COMPLETE,
  type MfaAnalyzer,
} from './createMfaAnalyzer.js';
export {
  summariseCredential,
  type CredentialSummary,
  type ServiceReachSummary,
  type SummaryLimits,
} from './credentialSummary.js';
export {
  describeWitness,
  isWitness,
  witnessStatement,
  type Witness,
  type WitnessContext,
  type WitnessCredential,
  type WitnessStatement,
} from './witness.js';
export {
  findWitness,
  placeholderPrincipal,
  type WitnessOptions,
  type WitnessPrincipal,
} from './witnessSearch.js';
export { evaluateWitness } from './witnessRequest.js';
export {
  ALLOW_EVERYTHING_JSON,
  policyJson,
  replayCommand,
  type PolicyInput,
  type ReplayTarget,
} from './witnessReplay.js';
export {
  admits,
  analyzeTrustPolicy,
  type TrustAnalysis,
  type TrustedPrincipal,
  type TrustedPrincipalKind,
  type UserEntry,
} from './trustPolicy.js';
export type { Decision } from './reachability.js';
export {
  callerSensitive,
  roleGraph,
  testsCallerKeys,
  roleSessionWithoutMfa,
  type AssumableRole,
  type OpaqueReach,
  type OpaqueRole,
  type ReachCredential,
  type ReachStart,
  type RoleGraph,
  type RoleReach,
} from './assumeRoleReach.js';
export { decideTrust, type TrustCaller, type TrustDecision } from './trustPolicy.js';
