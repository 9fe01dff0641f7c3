import { Command, Option } from 'commander';
import { allChecks } from '../checks/index.js';

export function checksCommand(): Command {
  return new Command('checks')
    .description('list the checks with their severity and compliance ids')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((options: { format: 'table' | 'json' }) => {
      if (options.format === 'json') {
        const rows = allChecks.map(({ id, title, severity, compliance, rationale }) => ({
          id,
          title,
          severity,
          compliance,
          rationale,
        }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      for (const check of allChecks) {
        process.stdout.write(`${check.id.padEnd(28)} ${check.severity.padEnd(9)} ${check.title}\n`);
        process.stdout.write(`${''.padEnd(38)}${check.compliance.join(' ')}\n`);
      }
    });
}
