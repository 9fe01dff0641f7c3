import { Command, Option } from 'commander';
import type { Severity } from '../checks/check.js';
import { severities } from '../checks/check.js';
import { emptyConfig, loadConfig, type Exemption } from '../config/config.js';
import { exitCodeFor, runSettings } from '../config/runSettings.js';
import { InputError } from '../errors.js';
import {
  scanAccount,
  scanCloudFormation,
  scanExport,
  scanTerraform,
  type IacScanResult,
  type ScanResult,
} from '../scan/scan.js';
import { renderJson } from '../report/json.js';
import { renderSarif } from '../report/sarif.js';
import { renderTable } from '../report/table.js';
import { writeOutput } from './writeOutput.js';

// Argument wiring only: everything a library user would also need lives in src/scan and src/report.

type Format = 'table' | 'json' | 'sarif';

interface CommonOptions {
  checks?: string;
  config?: string;
  format: Format;
  output?: string;
  failOn?: Severity;
  showPassed?: boolean;
  ignoreUnknown?: boolean;
}

interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  fresh?: boolean;
}

function addCommonOptions(command: Command): Command {
  command
    .option('--checks <ids>', 'comma-separated check ids to run (default: all; see `mfa-warden checks`)')
    .option('--config <file>', 'JSON config: checks, failOn, exemptions')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'),
    )
    .option('--output <file>', 'write the report to a file instead of stdout (written whole or not at all)')
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

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function scanCommand(): Command {
  const scan = new Command('scan').description('audit IAM for MFA and report findings');

  const aws = addCommonOptions(
    new Command('aws')
      .description('scan a live AWS account through the AWS SDK (read-only)')
      .option('--profile <name>', 'AWS shared config profile')
      .option('--region <region>', 'region for the IAM and STS clients (IAM is global; default us-east-1)')
      .option('--endpoint-url <url>', 'send requests to this endpoint (also AWS_ENDPOINT_URL)')
      .option('--fresh', 'verify every user with per-user calls instead of trusting the credential report'),
  ).action(async (common: CommonOptions & AwsOptions) => {
    await runScan(common, (shared) =>
      scanAccount({
        ...shared,
        profile: common.profile,
        region: common.region,
        endpointUrl: common.endpointUrl,
        fresh: common.fresh ?? false,
      }),
    );
  });

  const exportCommand = addCommonOptions(
    new Command('export')
      .description('scan files written by the aws CLI (no credentials needed)')
      .argument('<dir>', 'directory holding authorization-details.json, credential-report.json, ...'),
  ).action(async (dir: string, options: CommonOptions) => {
    await runScan(options, (shared) => scanExport(dir, shared));
  });

  const terraform = addCommonOptions(
    new Command('terraform')
      .description('scan Terraform before it ships: module directories, .tf/.tf.json files, or plan JSON')
      .argument('<path...>', 'root module directory, .tf or .tf.json file, or `terraform show -json` output')
      .option('--var-file <file>', 'a variables file, as terraform -var-file (repeatable)', collect)
      .option('--var <name=value>', 'a root module variable, as terraform -var (repeatable)', collect),
  ).action(async (paths: string[], options: CommonOptions & { varFile?: string[]; var?: string[] }) => {
    await runScan(options, (shared) =>
      scanTerraform(paths, {
        ...shared,
        varFiles: options.varFile ?? [],
        vars: options.var ?? [],
        env: process.env,
      }),
    );
  });

  const cloudformation = addCommonOptions(
    new Command('cloudformation')
      .description('scan CloudFormation templates (YAML or JSON) before they ship')
      .argument('<file...>', 'template files')
      .option('--parameter <name=value>', 'a template parameter value (repeatable)', collect),
  ).action(async (files: string[], options: CommonOptions & { parameter?: string[] }) => {
    const parameters = Object.fromEntries((options.parameter ?? []).map(splitAssignment('--parameter')));
    await runScan(options, (shared) => scanCloudFormation(files, { ...shared, parameters }));
  });

  return scan.addCommand(aws).addCommand(exportCommand).addCommand(terraform).addCommand(cloudformation);
}

function splitAssignment(flag: string): (assignment: string) => [string, string] {
  return (assignment) => {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new InputError(`${flag} expects NAME=VALUE, got "${assignment}"`);
    return [assignment.slice(0, eq), assignment.slice(eq + 1)];
  };
}

/** `--checks a,b`: an empty list is a mistake, not a request for every check. */
function checkIds(value: string): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new InputError('--checks needs at least one check id (see `mfa-warden checks`)');
  return ids;
}

function isIacResult(result: ScanResult): result is IacScanResult {
  return 'inputErrors' in result;
}

async function runScan(
  options: CommonOptions,
  scan: (shared: { checks?: readonly string[]; exemptions: readonly Exemption[] }) => Promise<ScanResult>,
): Promise<void> {
  const config = options.config ? await loadConfig(options.config) : emptyConfig;
  const settings = runSettings(config, {
    checks: options.checks === undefined ? undefined : checkIds(options.checks),
    failOn: options.failOn,
    ignoreUnknown: options.ignoreUnknown,
  });
  const result = await scan({ checks: settings.checks, exemptions: settings.exemptions });
  const inputErrors = isIacResult(result) ? result.inputErrors : [];
  if (isIacResult(result) && result.targets.length === 0 && inputErrors.length > 0) {
    // Nothing could be read: report the errors and write no report at all.
    throw new InputError(
      result.summary.inputErrors?.join('\nmfa-warden: error: ') ?? 'no input could be read',
    );
  }
  const colour = !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const now = new Date();
  const text =
    options.format === 'json'
      ? renderJson(result, now)
      : options.format === 'sarif'
        ? renderSarif({ ...result, inputErrors }, now, { srcRoot: process.cwd() })
        : renderTable(result.findings, result.summary, { colour, showPassed: options.showPassed });
  await writeOutput(text, options.output);
  for (const error of result.summary.inputErrors ?? []) process.stderr.write(`mfa-warden: error: ${error}\n`);
  process.exitCode = exitCodeFor(result.summary, settings);
}
