import { Command } from 'commander';
import { allChecks } from '../checks/index.js';

export function checksCommand(): Command {
  return new Command('checks')
    .description('list the checks with their severity and compliance ids')
    .option('--format <format>', 'table or json', 'table')
    .action((options) => {
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
