import { Command } from 'commander';
import { emptyConfig, loadConfig } from '../config/config.js';
import { evaluateOptions, runSettings } from '../config/runSettings.js';
import { renderRemediationScript } from '../remediate/remediationScript.js';
import { writeScript } from '../remediate/writeScript.js';
import { scanAccount, scanExport, type EvaluateOptions, type ScanResult } from '../scan/scan.js';
import { toolVersion } from '../version.js';
import { addAwsOptions, checkIds, CONFIG_OPTION_HELP, type AwsOptions } from './commonOptions.js';

// `mfa-warden remediate aws|export ... --script FILE`: scan as `scan` does, then write the fixes of the failing
// findings as a bash script for review. Argument wiring only: the script itself is src/remediate's.

interface RemediateOptions {
  checks?: string;
  config?: string;
  script: string;
}

export function remediateCommand(): Command {
  const remediate = new Command('remediate').description(
    'write a bash script that fixes the failing findings, for review (nothing destructive runs unreviewed)',
  );

  const aws = addRemediateOptions(
    addAwsOptions(
      new Command('aws').description('scan a live AWS account (read-only), then write the script'),
    ),
  ).action(async (options: RemediateOptions & AwsOptions) => {
    const where = options.endpointUrl ? ` at ${options.endpointUrl}` : '';
    await runRemediate(options, `the live account${where}`, (shared) =>
      scanAccount({
        ...shared,
        profile: options.profile,
        region: options.region,
        endpointUrl: options.endpointUrl,
        fresh: options.fresh ?? false,
      }),
    );
  });

  const exportCommand = addRemediateOptions(
    new Command('export')
      .description('scan files written by the aws CLI, then write the script')
      .argument('<dir>', 'directory holding authorization-details.json, credential-report.json, ...'),
  ).action(async (dir: string, options: RemediateOptions) => {
    await runRemediate(options, `the export ${dir}`, (shared) => scanExport(dir, shared));
  });

  return remediate.addCommand(aws).addCommand(exportCommand);
}

function addRemediateOptions(command: Command): Command {
  return command
    .option('--checks <ids>', 'comma-separated check ids to run (default: all; see `mfa-warden checks`)')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .requiredOption('--script <file>', 'write the bash script here (mode 0700; written whole or not at all)');
}

async function runRemediate(
  options: RemediateOptions,
  scanned: string,
  scan: (shared: EvaluateOptions) => Promise<ScanResult>,
): Promise<void> {
  const config = options.config ? await loadConfig(options.config) : emptyConfig;
  const settings = runSettings(config, {
    checks: options.checks === undefined ? undefined : checkIds(options.checks),
  });
  const result = await scan(evaluateOptions(settings));
  const script = renderRemediationScript(result.findings, {
    account: { id: result.account.id, partition: result.account.partition },
    generatedAt: new Date(),
    invocation: process.argv.slice(2),
    scanned,
    toolVersion,
  });
  await writeScript(script.text, options.script);
  const { findings, commands, commentedOut } = script.stats;
  process.stderr.write(
    findings === 0
      ? `mfa-warden: wrote ${options.script}: no failing findings, nothing to remediate\n`
      : `mfa-warden: wrote ${options.script}: ${findings} failing finding(s), ${commands} command(s), ${commentedOut} of them commented out for review\n`,
  );
  const unjudged = result.summary.byStatus.error + result.summary.byStatus.unknown;
  if (unjudged > 0) {
    process.stderr.write(
      `mfa-warden: ${unjudged} finding(s) could not be judged (error or unknown) and are not in the script; see \`mfa-warden scan\`\n`,
    );
  }
  process.exitCode = 0;
}
