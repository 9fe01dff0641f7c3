import { Command, InvalidArgumentError, Option } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../report/render.js';
import type { Severity } from '../checks/check.js';
import { severities } from '../checks/check.js';
import { InputError } from '../errors.js';

// The options several commands share (scan, enforce, remediate), declared once so they read the same.

export interface CommonOptions {
  checks?: string;
  config?: string;
  /** One format, or several (comma-separated) with --output-dir. */
  format: ReportFormat[];
  output?: string;
  outputDir?: string;
  baseline?: string;
  failOnNew?: boolean;
  failOn?: Severity;
  showPassed?: boolean;
  ignoreUnknown?: boolean;
}

export interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  fresh?: boolean;
}

export const CONFIG_OPTION_HELP = 'config file (YAML or JSON): checks, failOn, exemptions, enforce';

export function addCommonOptions(command: Command): Command {
  command
    .option('--checks <ids>', 'comma-separated check ids to run (default: all; see `mfa-warden checks`)')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addOption(
      new Option(
        '--format <formats>',
        `output format: ${REPORT_FORMATS.join(', ')}; several comma-separated with --output-dir`,
      )
        .argParser(parseFormats)
        .default(['table'], 'table'),
    )
    .option('--output <file>', 'write the report to a file instead of stdout (written whole or not at all)')
    .option('--output-dir <dir>', 'write each --format to DIR/mfa-warden.<ext> (each whole or not at all)')
    .option(
      '--baseline <file>',
      'a previous JSON report: mark findings new or unchanged, and list the resolved',
    )
    .option('--fail-on-new', 'with --baseline: exit 1 only for new findings')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a fail, error or unknown at or above this severity exists (default: low)',
      ).choices(severities),
    )
    .option('--show-passed', 'list passing resources in the table too')
    .option('--ignore-unknown', 'do not let unknown results (data that could not be seen) fail the run');
  return command;
}

/** The options that say which AWS account to talk to and how (scan aws, enforce aws, remediate aws, mfa). */
export function addAwsOptions(command: Command, options: { fresh?: boolean } = { fresh: true }): Command {
  command
    .option('--profile <name>', 'AWS shared config profile')
    .option('--region <region>', 'region for the IAM and STS clients (IAM is global; default us-east-1)')
    .option('--endpoint-url <url>', 'send requests to this endpoint (also AWS_ENDPOINT_URL)');
  if (options.fresh !== false)
    command.option(
      '--fresh',
      'verify every user with per-user calls instead of trusting the credential report',
    );
  return command;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--checks a,b`: an empty list is a mistake, not a request for every check. */
export function checkIds(value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new InputError('--checks needs at least one check id (see `mfa-warden checks`)');
  return ids;
}

function parseFormats(value: string): ReportFormat[] {
  const formats = value
    .split(',')
    .map((format) => format.trim())
    .filter(Boolean);
  const bad = formats.find((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (formats.length === 0 || bad !== undefined)
    throw new InvalidArgumentError(
      `expected ${REPORT_FORMATS.join(', ')} (comma-separated)${bad ? `, got "${bad}"` : ''}`,
    );
  return [...new Set(formats)] as ReportFormat[];
}
