// The library API: everything the CLI does is available here, typed.
export { scanAccount, scanExport, scanTerraform, scanCloudFormation } from './scan/scan.js';
export type { IacScanResult } from './scan/scan.js';
export { scanIac } from './scan/scanIac.js';
export { loadTerraform } from './adapters/terraform/loadTerraform.js';
export type { TerraformOptions } from './adapters/terraform/loadTerraform.js';
export { loadCloudFormation } from './adapters/cloudformation/loadCloudFormation.js';
export type { IacInputError, IacLoadResult, IacTarget } from './adapters/iac/iacLoadResult.js';
export { IacAccountBuilder, IAC_ACCOUNT_ID } from './adapters/iac/iacAccountBuilder.js';
export { awsManagedPolicy, awsManagedPoliciesSnapshot } from './adapters/iac/awsManagedPolicies.js';
export { renderSarif } from './report/sarif.js';
export { scanModel } from './scan/scanModel.js';
export type { ScanAccountOptions, ScanResult, EvaluateOptions } from './scan/scan.js';
export { evaluate, summarise, breachesThreshold } from './scan/evaluate.js';
export type { Summary } from './scan/evaluate.js';
export { allChecks, selectChecks, severities } from './checks/index.js';
export type {
  Check,
  CheckResult,
  Finding,
  Remediation,
  ResourceRef,
  ResourceType,
  Severity,
  Status,
} from './checks/index.js';
export { buildAccount } from './adapters/snapshot/buildAccount.js';
export type * from './adapters/snapshot/iamSnapshot.js';
export { collectAwsSnapshot } from './adapters/aws/index.js';
export type { AwsCollectOptions, RequestCounter } from './adapters/aws/index.js';
export { loadExportSnapshot } from './adapters/export/loadExport.js';
export { loadConfig, parseConfig } from './config/config.js';
export { exitCodeFor, runSettings } from './config/runSettings.js';
export type { RunFlags, RunSettings } from './config/runSettings.js';
export type { Config, Exemption } from './config/config.js';
export { renderJson } from './report/json.js';
export { renderTable } from './report/table.js';
export { renderPolicyVerdictsJson, renderPolicyVerdictsTable } from './report/policyVerdict.js';
export * from './policy/index.js';
export { InputError, ScanError } from './errors.js';
export * from './model/index.js';
export { DEFAULT_EXEMPT_TAG } from './config/config.js';
export { ENFORCE_MODES, MODES_BY_CHECK } from './config/enforceConfig.js';
export type { EnforceConfig, EnforceEntry, EnforceMode } from './config/enforceConfig.js';
export * from './enforce/index.js';
export * from './generate/index.js';
export { renderEnforcementJson, renderEnforcementTable } from './report/enforcement.js';
export { enrollMfa, type EnrollOptions, type EnrollResult } from './mfa/enrollMfa.js';
export { collectMfaStatus, type MfaStatus, type MfaStatusEntry } from './mfa/mfaStatus.js';
export {
  createAwsClients,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  ScanTimeoutError,
} from './adapters/aws/index.js';
export { scanOrganization, DEFAULT_ORG_ROLE, DEFAULT_ORG_CONCURRENCY } from './scan/scanOrganization.js';
export type { OrgScanOptions, OrgScanResult, AccountOutcome, OrgProgress } from './scan/scanOrganization.js';
export { readOrganization } from './adapters/aws/org/readOrganization.js';
export type { OrganizationData, OrganizationAccount } from './adapters/aws/org/readOrganization.js';
