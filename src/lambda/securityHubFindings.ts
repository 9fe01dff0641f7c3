import { createHash } from 'node:crypto';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type Partition,
  type SecurityHubClient,
  type SeverityLabel,
} from '@aws-sdk/client-securityhub';
import type { Finding, ResourceType, Status } from '../checks/check.js';
import { allChecks } from '../checks/index.js';
import { toolName, toolVersion } from '../version.js';

// Scan findings in the AWS Security Finding Format, imported into Security Hub as the account's own
// (default) product: one finding per check and resource, its Id derived from both, so every scheduled scan
// updates the same finding in place. Passes are imported too (INFORMATIONAL, PASSED): a fixed user's
// finding turns PASSED instead of staying FAILED forever. After creation Security Hub owns Workflow (and
// wants Severity and Types through FindingProviderFields), so both are sent that way too. Findings of ours
// that a complete scan no longer produces (the user was deleted) are archived.

export const ASFF_SCHEMA_VERSION = '2018-10-08';
const BATCH_SIZE = 100;
const MAX_ERRORS = 10;

export interface AsffContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly now: Date;
}

export function productArn(context: Pick<AsffContext, 'accountId' | 'partition' | 'region'>): string {
  const { partition, region, accountId } = context;
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** Stable across runs: the account, the check, and a hash of the resource's ARN and name. */
export function findingId(accountId: string, finding: Pick<Finding, 'check' | 'resource'>): string {
  // An inline policy's resource is its owner's ARN, so the name ("user/alice/policy") tells two apart.
  const digest = createHash('sha256')
    .update(`${finding.resource.arn}\n${finding.resource.name}`)
    .digest('hex');
  return `mfa-warden/${accountId}/${finding.check}/${digest}`;
}

/** ASFF's resource types; any other (an organization, say) is "Other". */
const RESOURCE_TYPES: Readonly<Partial<Record<ResourceType, string>>> = {
  'AWS::::Account': 'AwsAccount',
  'AWS::IAM::User': 'AwsIamUser',
  'AWS::IAM::Group': 'AwsIamGroup',
  'AWS::IAM::Role': 'AwsIamRole',
  'AWS::IAM::Policy': 'AwsIamPolicy',
};

const COMPLIANCE: Readonly<Record<Status, 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE'>> = {
  pass: 'PASSED',
  fail: 'FAILED',
  // Could not tell (unknown) or could not read (error): never a pass.
  unknown: 'WARNING',
  error: 'WARNING',
  // Exempt by the config: the check does not apply to this resource, by decision.
  exempt: 'NOT_AVAILABLE',
};

const CHECKS = new Map(allChecks.map((check) => [check.id, check]));

export interface ExistingFinding {
  readonly CreatedAt?: string;
  readonly FirstObservedAt?: string;
}

/** One finding in ASFF; `existing` keeps the first-seen dates of a finding imported before. */
export function toAsff(
  finding: Finding,
  context: AsffContext,
  existing?: ExistingFinding,
): AwsSecurityFinding {
  const now = context.now.toISOString();
  const check = CHECKS.get(finding.check);
  const { resource } = finding;
  const passed = finding.status === 'pass';
  const quiet = passed || finding.status === 'exempt';
  const label: SeverityLabel = quiet ? 'INFORMATIONAL' : (finding.severity.toUpperCase() as SeverityLabel);
  const cis = finding.compliance.some((id) => id.startsWith('CIS-AWS'));
  const types = [
    ...(cis
      ? ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark']
      : []),
    'Software and Configuration Checks/AWS Security Best Practices',
  ];
  const severity = { Label: label, Original: finding.severity } as const;
  const inlinePolicy = resource.type === 'AWS::IAM::Policy' && !resource.arn.includes(':policy/');
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(context.accountId, finding),
    ProductArn: productArn(context),
    GeneratorId: finding.check,
    AwsAccountId: context.accountId,
    Types: types,
    CreatedAt: existing?.CreatedAt ?? now,
    UpdatedAt: now,
    FirstObservedAt: existing?.FirstObservedAt ?? now,
    LastObservedAt: now,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: truncate(`${check?.title ?? finding.check}: ${resource.name}`, 256),
    Description: truncate(`${finding.status}: ${finding.message}`, 1024),
    ...(check ? { SourceUrl: check.helpUri } : {}),
    Remediation: {
      Recommendation: {
        Text: truncate(finding.remediation?.text ?? check?.rationale ?? finding.message, 512),
        ...(check ? { Url: check.helpUri } : {}),
      },
    },
    ProductFields: {
      ProviderName: toolName,
      ProviderVersion: toolVersion,
      'mfa-warden/check': finding.check,
      'mfa-warden/status': finding.status,
      'mfa-warden/resource': truncate(resource.name, 1024),
    },
    Resources: [
      {
        Type: RESOURCE_TYPES[resource.type] ?? 'Other',
        Id: resource.arn,
        Partition: context.partition as Partition,
        Region: context.region,
        ...(inlinePolicy ? { Details: { Other: { 'mfa-warden/inline-policy': resource.name } } } : {}),
      },
    ],
    Compliance: {
      Status: COMPLIANCE[finding.status],
      ...(finding.compliance.length > 0 ? { RelatedRequirements: finding.compliance.slice(0, 32) } : {}),
    },
    Workflow: { Status: passed ? 'RESOLVED' : finding.status === 'exempt' ? 'SUPPRESSED' : 'NEW' },
    RecordState: 'ACTIVE',
  };
}

export interface ImportResult {
  readonly imported: number;
  readonly failed: number;
  /** Our findings a complete scan no longer produced, now ARCHIVED. */
  readonly archived: number;
  /** The first few failures: "ID: ErrorCode ErrorMessage". */
  readonly errors: readonly string[];
}

/**
 * Imports the findings in batches of 100 (the API's limit). `complete` says the scan saw the whole account;
 * only then are findings it did not produce archived (a scan that could not list users must not archive
 * every user's finding).
 */
export async function importFindings(
  securityHub: SecurityHubClient,
  findings: readonly Finding[],
  context: AsffContext,
  options: { complete: boolean },
): Promise<ImportResult> {
  const existing = await activeFindings(securityHub, context);
  const byId = new Map<string, AwsSecurityFinding>();
  for (const finding of findings) {
    const id = findingId(context.accountId, finding);
    byId.set(id, toAsff(finding, context, existing.get(id)));
  }
  const stale = options.complete
    ? [...existing.entries()].filter(([id]) => !byId.has(id)).map(([, old]) => archived(old, context))
    : [];
  const outcome = await sendBatches(securityHub, [...byId.values(), ...stale]);
  const staleIds = new Set(stale.map((finding) => finding.Id));
  const failedStale = outcome.failedIds.filter((id) => staleIds.has(id)).length;
  return {
    imported: byId.size - (outcome.failedIds.length - failedStale),
    failed: outcome.failedIds.length,
    archived: stale.length - failedStale,
    errors: outcome.errors,
  };
}

/** Our ACTIVE findings for this account, by Id (the filters are applied here too). */
async function activeFindings(
  securityHub: SecurityHubClient,
  context: AsffContext,
): Promise<Map<string, AwsSecurityFinding>> {
  const product = productArn(context);
  const prefix = `mfa-warden/${context.accountId}/`;
  const filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: product, Comparison: 'EQUALS' }],
    Id: [{ Value: prefix, Comparison: 'PREFIX' }],
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  };
  const found = new Map<string, AwsSecurityFinding>();
  let token: string | undefined;
  do {
    const page = await securityHub.send(
      new GetFindingsCommand({ Filters: filters, MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
    );
    for (const finding of page.Findings ?? [])
      if (
        finding.Id?.startsWith(prefix) &&
        finding.ProductArn === product &&
        (finding.RecordState ?? 'ACTIVE') === 'ACTIVE'
      )
        found.set(finding.Id, finding);
    token = page.NextToken || undefined;
  } while (token);
  return found;
}

/** What re-importing a finding takes to archive it: its required fields, RecordState ARCHIVED. */
function archived(old: AwsSecurityFinding, context: AsffContext): AwsSecurityFinding {
  return {
    SchemaVersion: old.SchemaVersion ?? ASFF_SCHEMA_VERSION,
    Id: old.Id,
    ProductArn: old.ProductArn,
    GeneratorId: old.GeneratorId,
    AwsAccountId: old.AwsAccountId,
    Types: old.Types,
    CreatedAt: old.CreatedAt,
    UpdatedAt: context.now.toISOString(),
    Severity: old.Severity,
    Title: old.Title,
    Description: truncate(`no longer present: ${old.Description ?? ''}`, 1024),
    Resources: old.Resources,
    ...(old.Compliance ? { Compliance: old.Compliance } : {}),
    RecordState: 'ARCHIVED',
  };
}

async function sendBatches(
  securityHub: SecurityHubClient,
  findings: readonly AwsSecurityFinding[],
): Promise<{ failedIds: string[]; errors: string[] }> {
  const failedIds: string[] = [];
  const errors: string[] = [];
  for (let start = 0; start < findings.length; start += BATCH_SIZE) {
    const batch = findings.slice(start, start + BATCH_SIZE);
    const response = await securityHub.send(new BatchImportFindingsCommand({ Findings: batch }));
    for (const failure of response.FailedFindings ?? []) {
      failedIds.push(failure.Id ?? '');
      if (errors.length < MAX_ERRORS)
        errors.push(`${failure.Id ?? '?'}: ${failure.ErrorCode ?? ''} ${failure.ErrorMessage ?? ''}`.trim());
    }
    // FailedCount without details (not seen from AWS, but the field is separate): count the rest too.
    const unexplained = (response.FailedCount ?? 0) - (response.FailedFindings?.length ?? 0);
    for (let i = 0; i < unexplained; i++) failedIds.push('');
  }
  return { failedIds, errors };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
