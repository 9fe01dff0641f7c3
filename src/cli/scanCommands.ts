import { Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../config/duration.js';
import { emptyConfig, loadConfig } from '../config/config.js';
import { evaluateOptions, exitCodeFor, runSettings } from '../config/runSettings.js';
import type { EvaluateOptions } from '../scan/scanModel.js';
import { scanOrganization } from '../scan/scanOrganization.js';
import { InputError } from '../errors.js';
import {
  scanAccount,
  scanCloudFormation,
  scanExport,
  scanTerraform,
  type IacScanResult,
  type ScanResult,
} from '../scan/scan.js';
import { join } from 'node:path';
import { REPORT_FILE_NAMES, renderReport } from '../report/render.js';
import { compareWithBaseline, loadBaseline } from '../scan/baseline.js';
import { countFindings } from '../scan/evaluate.js';
import {
  addAwsOptions,
  addCommonOptions,
  checkIds,
  collect,
  type AwsOptions,
  type CommonOptions,
} from './commonOptions.js';
import { addOrgOptions, orgScanOptions, rejectOrgOnlyOptions, type OrgOptions } from './orgOptions.js';
import { progressBar, withInterrupt } from './progressBar.js';
import { writeOutput } from './writeOutput.js';

// Argument wiring only: everything a library user would also need lives in src/scan and src/report.

export function scanCommand(): Command {
  const scan = new Command('scan').description('audit IAM for MFA and report findings');

  const aws = addOrgOptions(
    addCommonOptions(
      addAwsOptions(
        new Command('aws').description(
          'scan a live AWS account (or, with --org, an organization) (read-only)',
        ),
      ),
    ),
  )
    .option(
      '--timeout <duration>',
      'stop the scan after this long (e.g. 90s, 10m, 1h): what finished is reported, the rest is unknown, exit 3',
      parseTimeout,
    )
    .action(async (common: CommonOptions & AwsOptions & OrgOptions & { timeout?: number }) => {
      const aws = {
        profile: common.profile,
        region: common.region,
        endpointUrl: common.endpointUrl,
        fresh: common.fresh ?? false,
        ...(common.timeout !== undefined ? { timeoutMs: common.timeout } : {}),
      };
      if (!common.org) {
        rejectOrgOnlyOptions(common);
        if (common.checks && checkIds(common.checks).includes('org-scp-mfa'))
          throw new InputError('org-scp-mfa judges a whole organization: add --org');
        await runScan(common, (shared) => scanAccount({ ...shared, ...aws }));
        return;
      }
      await withInterrupt(async (signal) => {
        const progress = progressBar(common.format.includes('json') && !common.output && !common.outputDir);
        try {
          await runScan(common, (shared) =>
            scanOrganization({
              ...shared,
              ...aws,
              ...orgScanOptions(common),
              signal,
              onProgress: progress.update,
            }),
          );
        } finally {
          progress.done();
        }
      });
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

function parseTimeout(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 90s, 10m or 1h');
  return ms;
}

function splitAssignment(flag: string): (assignment: string) => [string, string] {
  return (assignment) => {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new InputError(`${flag} expects NAME=VALUE, got "${assignment}"`);
    return [assignment.slice(0, eq), assignment.slice(eq + 1)];
  };
}

type ScanOutput = Pick<ScanResult, 'findings' | 'summary' | 'requests'> | IacScanResult;

function isIacResult(result: ScanOutput): result is IacScanResult {
  return 'inputErrors' in result;
}

async function runScan(
  options: CommonOptions,
  scan: (shared: EvaluateOptions) => Promise<ScanOutput>,
): Promise<void> {
  if (options.failOnNew && !options.baseline) throw new InputError('--fail-on-new needs --baseline FILE');
  if (options.output && options.outputDir) throw new InputError('use --output or --output-dir, not both');
  if (!options.outputDir && options.format.length > 1)
    throw new InputError('several --format values need --output-dir DIR (one file per format)');
  // Read before the scan: a bad baseline should not cost a whole organization scan first.
  const baseline = options.baseline ? await loadBaseline(options.baseline) : undefined;
  const config = options.config ? await loadConfig(options.config) : emptyConfig;
  const settings = runSettings(config, {
    checks: options.checks === undefined ? undefined : checkIds(options.checks),
    failOn: options.failOn,
    ignoreUnknown: options.ignoreUnknown,
  });
  const result = await scan(evaluateOptions(settings));
  // A stopped live scan (--timeout) reported what it read; its summary says it is incomplete.
  const interrupted = result.summary.interrupted;
  const inputErrors = isIacResult(result) ? result.inputErrors : [];
  if (isIacResult(result) && result.targets.length === 0 && inputErrors.length > 0) {
    // Nothing could be read: report the errors and write no report at all.
    throw new InputError(
      result.summary.inputErrors?.join('\nmfa-warden: error: ') ?? 'no input could be read',
    );
  }
  const compared = baseline ? compareWithBaseline(result, baseline) : result;
  const reportInput = { ...compared, inputErrors };
  const now = new Date();
  if (options.outputDir) {
    // Every format rendered before anything is written: a rendering error leaves no file behind.
    const texts = options.format.map((format) => ({
      file: join(options.outputDir as string, REPORT_FILE_NAMES[format]),
      text: renderReport(format, reportInput, {
        generatedAt: now,
        srcRoot: process.cwd(),
        showPassed: options.showPassed ?? false,
      }),
    }));
    for (const { file, text } of texts) await writeOutput(text, file);
  } else {
    const [format, ...more] = options.format;
    if (more.length > 0 || format === undefined)
      throw new InputError('several --format values need --output-dir DIR (one file per format)');
    const colour = !options.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const text = renderReport(format, reportInput, {
      generatedAt: now,
      colour,
      srcRoot: process.cwd(),
      ...(options.showPassed ? { showPassed: true } : {}),
    });
    await writeOutput(text, options.output);
  }
  for (const error of result.summary.inputErrors ?? []) process.stderr.write(`mfa-warden: error: ${error}\n`);
  // --fail-on-new: only findings the baseline did not have decide the exit code.
  const decisive =
    options.failOnNew && options.baseline
      ? {
          ...compared.summary,
          ...countFindings(compared.findings.filter((finding) => finding.baseline === 'new')),
        }
      : compared.summary;
  process.exitCode = exitCodeFor(decisive, settings);
  // An interrupted scan reported what finished; it is not a complete answer.
  if (interrupted || result.summary.accounts?.some((account) => account.status === 'interrupted')) {
    process.stderr.write(`mfa-warden: scan incomplete: ${interrupted ?? 'some accounts were not scanned'}\n`);
    process.exitCode = 3;
  }
}
