import { readFile } from 'node:fs/promises';
import type { Finding, Status } from '../checks/check.js';
import { InputError } from '../errors.js';
import { parseJson } from '../input/parseJson.js';
import type { Summary } from './evaluate.js';

// --baseline: a previous JSON report. Each problem (fail, error, unknown) is `new` or `unchanged` by its
// identity, check + resource: the ARN and name for live and exported accounts, the file, the Terraform or
// CloudFormation address and the name for code (never the line, which moves with every edit above it; the
// name because one address can hold several: a template's group with two inline policies). Problems of the
// baseline that are gone are listed as `resolved` in the summary.

const PROBLEMS: ReadonlySet<Status> = new Set(['fail', 'error', 'unknown']);

interface BaselineFinding {
  readonly check: string;
  readonly status: string;
  readonly message: string;
  readonly resource: {
    readonly type: string;
    readonly name: string;
    readonly arn: string;
    readonly account?: string;
    readonly source?: { readonly kind?: string; readonly file?: string; readonly address?: string };
  };
}

export interface Baseline {
  readonly file: string;
  readonly findings: readonly BaselineFinding[];
}

export function findingIdentity(finding: Pick<BaselineFinding, 'check' | 'resource'>): string {
  const { resource } = finding;
  const source = resource.source;
  if (source?.kind === 'iac' && source.file !== undefined)
    return `${finding.check}|iac|${source.file}|${source.address ?? ''}|${resource.name}`;
  return `${finding.check}|${resource.account ?? ''}|${resource.arn}|${resource.name}`;
}

export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read baseline: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      file,
    );
  }
  const value = parseJson(text, file, 'a JSON report written by mfa-warden --format json') as {
    schemaVersion?: unknown;
    findings?: unknown;
  };
  if (
    typeof value !== 'object' ||
    value === null ||
    value.schemaVersion !== 1 ||
    !Array.isArray(value.findings)
  )
    throw new InputError('not an mfa-warden JSON report (schemaVersion 1 with a findings array)', file);
  const findings = value.findings as BaselineFinding[];
  findings.forEach((finding, index) => {
    if (
      typeof finding?.check !== 'string' ||
      typeof finding.status !== 'string' ||
      typeof finding.resource?.arn !== 'string' ||
      typeof finding.resource.name !== 'string'
    )
      throw new InputError(`findings[${index}] has no check, status or resource (arn, name)`, file);
  });
  return { file, findings };
}

export function compareWithBaseline<T extends { findings: readonly Finding[]; summary: Summary }>(
  result: T,
  baseline: Baseline,
): T {
  const before = new Map<string, BaselineFinding>();
  for (const finding of baseline.findings)
    if (PROBLEMS.has(finding.status as Status)) before.set(findingIdentity(finding), finding);
  const seen = new Set<string>();
  let fresh = 0;
  let unchanged = 0;
  const findings = result.findings.map((finding): Finding => {
    if (!PROBLEMS.has(finding.status)) return finding;
    const key = findingIdentity(finding);
    seen.add(key);
    if (before.has(key)) {
      unchanged += 1;
      return { ...finding, baseline: 'unchanged' };
    }
    fresh += 1;
    return { ...finding, baseline: 'new' };
  });
  const resolved = [...before.entries()]
    .filter(([key]) => !seen.has(key))
    .map(([, finding]) => ({
      check: finding.check,
      resource: { type: finding.resource.type, name: finding.resource.name, arn: finding.resource.arn },
      message: finding.message,
    }));
  return {
    ...result,
    findings,
    summary: { ...result.summary, baseline: { file: baseline.file, new: fresh, unchanged, resolved } },
  };
}
