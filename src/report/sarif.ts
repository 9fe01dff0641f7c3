import { createHash } from 'node:crypto';
import type {
  ArtifactLocation,
  Invocation,
  Location,
  Log,
  Notification,
  Region,
  ReportingDescriptor,
  Result,
  Run,
  Suppression,
} from 'sarif';
import type { Check, Finding, Severity } from '../checks/check.js';
import { allChecks } from '../checks/index.js';
import type { Summary } from '../scan/evaluate.js';
import { toolName, toolVersion } from '../version.js';

// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. GitHub turns every result into an alert, so
// passes are left out; exempt findings stay in as suppressed results, so an exemption closes the alert
// instead of making it vanish. Output depends only on the arguments: no clock, no working directory.

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; bump the version if the fingerprint's inputs ever change. */
export const FINGERPRINT_KEY = 'mfaWarden/v1';
const SRCROOT = '%SRCROOT%';

/** A file that could not be read, as the IaC adapters report it (`IacInputError`). */
export interface SarifInputError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface SarifInput {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly inputErrors?: readonly SarifInputError[];
}

export interface SarifOptions {
  /**
   * The absolute directory relative file paths are relative to (the CLI would pass `process.cwd()`). When
   * given, absolute paths under it are made relative and the run records it as `%SRCROOT%` in
   * `originalUriBaseIds`. Left out by default so the same scan renders the same bytes on every machine:
   * GitHub resolves relative URIs against the repository root without it.
   */
  readonly srcRoot?: string;
}

/** GitHub's `security-severity` (a number as a string): >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

export function renderSarif(result: SarifInput, generatedAt: Date, options: SarifOptions = {}): string {
  return `${JSON.stringify(sarifLog(result, generatedAt, options), null, 2)}\n`;
}

export function sarifLog(result: SarifInput, generatedAt: Date, options: SarifOptions = {}): Log {
  const srcRoot = options.srcRoot === undefined ? undefined : directoryPath(options.srcRoot);
  const reported = result.findings.filter((finding) => finding.status !== 'pass');
  const ruleIds = new Set([...result.summary.checks, ...reported.map((finding) => finding.check)]);
  const checks = allChecks.filter((check) => ruleIds.has(check.id));
  const ruleIndex = new Map(checks.map((check, index) => [check.id, index]));
  const fingerprints = new Fingerprints();
  const inputErrors = result.inputErrors ?? [];

  const run: Run = {
    tool: {
      driver: {
        name: toolName,
        version: toolVersion,
        semanticVersion: toolVersion,
        // No informationUri: the package declares no homepage yet, and a guessed address would be worse than
        // none. Each rule links its own documentation through helpUri.
        rules: checks.map(rule),
      },
    },
    ...(srcRoot ? { originalUriBaseIds: { [SRCROOT]: { uri: fileUri(srcRoot) } } } : {}),
    invocations: [invocation(inputErrors, result.summary, generatedAt, srcRoot)],
    results: reported.map((finding) =>
      sarifResult(finding, ruleIndex.get(finding.check), fingerprints, srcRoot),
    ),
    properties: {
      account: result.summary.account,
      notApplicable: [...result.summary.notApplicable],
      ...(result.summary.credentialReportGeneratedAt
        ? { credentialReportGeneratedAt: result.summary.credentialReportGeneratedAt }
        : {}),
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function rule(check: Check): ReportingDescriptor {
  const compliance = check.compliance.length > 0 ? ` Compliance: ${check.compliance.join(', ')}.` : '';
  return {
    id: check.id,
    name: pascalCase(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: check.rationale },
    help: {
      text: `Passes when: ${sentence(check.title)} ${sentence(check.rationale)} Each result names the resource and how to fix it; where they apply, its properties.remediation lists CLI commands and Terraform. Reference: ${check.helpUri}.${compliance}`,
      markdown: [
        `**Passes when:** ${markdownText(sentence(check.title))}`,
        markdownText(sentence(check.rationale)),
        `**Fix:** each result names the resource and how to fix it; where they apply, its \`properties.remediation\` lists CLI commands and Terraform. See [the reference](${check.helpUri}).`,
        ...(check.compliance.length > 0
          ? [`**Compliance:** ${check.compliance.map((id) => `\`${id}\``).join(', ')}`]
          : []),
      ].join('\n\n'),
    },
    helpUri: check.helpUri,
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      // Most general first: GitHub may keep only the first tags of a rule.
      tags: [...new Set(['security', 'mfa', ...check.compliance])],
      'security-severity': SECURITY_SEVERITY[check.severity],
      severity: check.severity,
    },
  };
}

function sarifResult(
  finding: Finding,
  ruleIndex: number | undefined,
  fingerprints: Fingerprints,
  srcRoot: string | undefined,
): Result {
  const { resource } = finding;
  const suppression = finding.status === 'exempt' ? suppressionOf(finding.message) : undefined;
  return {
    ruleId: finding.check,
    // A finding of a check this build does not know (a custom check) still gets a result, without an index.
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: resultLevel(finding),
    message: { text: resultMessage(finding) },
    locations: [location(finding, srcRoot)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.next(finding, srcRoot) },
    ...(suppression ? { suppressions: [suppression] } : {}),
    properties: {
      status: finding.status,
      severity: finding.severity,
      resource: { type: resource.type, name: resource.name, arn: resource.arn, account: resource.account },
      compliance: [...finding.compliance],
      ...(finding.remediation ? { remediation: finding.remediation } : {}),
      ...(finding.details ? { details: finding.details } : {}),
    },
  };
}

function resultLevel(finding: Finding): Result.level {
  switch (finding.status) {
    case 'error':
      return 'error';
    case 'unknown':
      return 'warning';
    default:
      // fail, and exempt (a suppressed fail keeps the level it would have had)
      return LEVEL[finding.severity];
  }
}

function resultMessage(finding: Finding): string {
  const lead =
    finding.status === 'unknown'
      ? `Could not be determined: ${finding.message}`
      : finding.status === 'error'
        ? `Could not be checked: ${finding.message}`
        : finding.message;
  return finding.remediation ? `${sentence(lead)} Remediation: ${finding.remediation.text}` : lead;
}

// applySuppressions writes "suppressed in code (FILE:LINE): REASON (finding: ...)"; applyExemptions writes
// "exempt[ until DATE]: REASON (finding: ...)". The justification is the REASON.
const SUPPRESSED_IN_CODE = /^suppressed in code \([^)]*\): ([\s\S]*?) \(finding: [\s\S]*\)$/;
const EXEMPTED_IN_CONFIG = /^exempt(?: until [^:]+)?: ([\s\S]*?) \(finding: [\s\S]*\)$/;

function suppressionOf(message: string): Suppression {
  const inSource = message.startsWith('suppressed in code');
  const reason = (inSource ? SUPPRESSED_IN_CODE : EXEMPTED_IN_CONFIG).exec(message)?.[1];
  return { kind: inSource ? 'inSource' : 'external', status: 'accepted', justification: reason || message };
}

function location(finding: Finding, srcRoot: string | undefined): Location {
  const { resource } = finding;
  const source = resource.source;
  switch (source.kind) {
    case 'iac':
      return {
        physicalLocation: {
          artifactLocation: artifactLocation(source.file, srcRoot),
          ...regionOf(source.line, source.column),
        },
        logicalLocations: [{ fullyQualifiedName: source.address, kind: 'resource' }],
      };
    case 'export':
      return {
        // The export files are JSON and CSV without per-resource lines: point at the file.
        physicalLocation: {
          artifactLocation: artifactLocation(source.file, srcRoot),
          region: { startLine: 1 },
        },
        logicalLocations: [
          { fullyQualifiedName: source.arn ?? resource.arn, name: resource.name, kind: 'resource' },
        ],
      };
    case 'aws':
      // A live account has no file; GitHub needs a physical location to show an alert, other viewers do not.
      return {
        logicalLocations: [{ fullyQualifiedName: source.arn, name: resource.name, kind: 'resource' }],
      };
  }
}

function invocation(
  inputErrors: readonly SarifInputError[],
  summary: Summary,
  generatedAt: Date,
  srcRoot: string | undefined,
): Invocation {
  const notifications: Notification[] = [
    ...inputErrors.map((error): Notification => ({
      level: 'error',
      message: { text: error.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(error.file, srcRoot),
            ...regionOf(error.line, error.column),
          },
        },
      ],
    })),
    // What the adapters could not read: the findings it affects are already error or unknown results.
    ...summary.collectionIssues.map((issue): Notification => ({
      level: 'warning',
      message: { text: `${issue.what}: ${issue.reason}` },
    })),
  ];
  return {
    executionSuccessful: inputErrors.length === 0,
    endTimeUtc: generatedAt.toISOString(),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

function regionOf(line: number | undefined, column: number | undefined): { region?: Region } {
  if (!isPositiveInteger(line)) return {};
  return { region: { startLine: line, ...(isPositiveInteger(column) ? { startColumn: column } : {}) } };
}

function isPositiveInteger(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 1;
}

/**
 * A relative path becomes a relative URI reference against `%SRCROOT%` (forward slashes, percent-encoded);
 * an absolute one is made relative to srcRoot when it lies under it, and otherwise becomes a `file:` URI
 * without a base id, as SARIF requires for absolute URIs.
 */
function artifactLocation(file: string, srcRoot: string | undefined): ArtifactLocation {
  const path = artifactPath(file, srcRoot);
  return isAbsolutePath(path) ? { uri: fileUri(path) } : { uri: encodePath(path), uriBaseId: SRCROOT };
}

function artifactPath(file: string, srcRoot: string | undefined): string {
  let path = file.replace(/\\/g, '/');
  if (srcRoot && path.startsWith(srcRoot)) path = path.slice(srcRoot.length);
  while (path.startsWith('./')) path = path.slice(2);
  return path.replace(/\/{2,}/g, '/');
}

/** Forward slashes and one trailing slash, so a prefix test cannot match `/repo` against `/repository`. */
function directoryPath(dir: string): string {
  const path = dir.replace(/\\/g, '/');
  return path.endsWith('/') ? path : `${path}/`;
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

function fileUri(absolutePath: string): string {
  const path = absolutePath.startsWith('/') ? absolutePath : `/${absolutePath}`;
  // A drive letter's colon stays as it is (file:///C:/...); everything else is encoded per segment.
  return `file://${encodePath(path).replace(/^\/([A-Za-z])%3A\//, '/$1:/')}`;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * What identifies a finding across runs, whatever its status, line or message: the check, the resource
 * (type and name too, since an inline policy shares its owner's ARN) and where it is declared. A line is not
 * part of it, so moving a resource within its file keeps the alert. Identical findings are numbered in order.
 */
class Fingerprints {
  private readonly seen = new Map<string, number>();

  next(finding: Finding, srcRoot: string | undefined): string {
    const { resource } = finding;
    const source = resource.source;
    const identity = JSON.stringify([
      finding.check,
      resource.type,
      resource.name,
      source.kind === 'iac' ? source.address : resource.arn,
      source.kind === 'aws' ? '' : artifactPath(source.file, srcRoot),
    ]);
    const count = this.seen.get(identity) ?? 0;
    this.seen.set(identity, count + 1);
    return createHash('sha256')
      .update(count === 0 ? identity : `${identity}#${count}`)
      .digest('hex');
  }
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
}
