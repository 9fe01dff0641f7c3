import type { RunSettings } from '../config/runSettings.js';
import { newRunId, planEnforcement, type EnforcementPlan, type ApplyResult } from '../enforce/index.js';
import { renderEnforcementJson, renderEnforcementTable } from '../report/enforcement.js';
import { scanOrganization, type OrgScanOptions } from '../scan/scanOrganization.js';
import { confirm } from './confirm.js';
import { applyWithJournal } from './enforceCommands.js';
import { progressBar, withInterrupt } from './progressBar.js';
import { writeOutput } from './writeOutput.js';

// `enforce aws --org`: one plan per member account (each its own run and journal, so `undo RUN_ID` works
// per account), printed together; with --apply, one confirmation for all, then account by account. The first
// failure stops the whole run, as in one account.

export interface OrgEnforceOptions {
  readonly apply?: boolean;
  readonly yes?: boolean;
  readonly journal: string;
  readonly format: 'table' | 'json';
  readonly output?: string;
  readonly colour: boolean;
}

export async function enforceOrganization(
  settings: RunSettings,
  scanOptions: OrgScanOptions,
  options: OrgEnforceOptions,
): Promise<void> {
  const now = new Date();
  const scanned = await withInterrupt(async (signal) => {
    const progress = progressBar(options.format === 'json' && !options.output);
    try {
      return await scanOrganization({
        ...scanOptions,
        checks: settings.checks,
        signal,
        onProgress: progress.update,
      });
    } finally {
      progress.done();
    }
  });
  const plans: EnforcementPlan[] = scanned.models.map((model) =>
    // Member accounts are entered through an assumed role, which no action can lock out; in the caller's own
    // account the plan spares the caller (an IAM user there must not lock itself out).
    planEnforcement(model, settings, {
      now,
      runId: newRunId(now),
      ...(model.id === scanned.caller.account ? { callerArn: scanned.caller.arn } : {}),
    }),
  );
  const planned = plans.reduce((n, plan) => n + plan.actions.filter((a) => a.status === 'planned').length, 0);
  const results = new Map<string, ApplyResult>();
  const failedAccounts = scanned.accounts.filter((account) => account.status === 'failed');
  if (options.apply && planned > 0) {
    if (!options.yes)
      for (const plan of plans) process.stderr.write(renderEnforcementTable({ plan }, { colour: false }));
    const accounts = plans.filter((plan) => plan.actions.some((a) => a.status === 'planned')).length;
    if (!(await confirm(`Apply ${planned} action(s) in ${accounts} account(s)?`, options.yes))) {
      process.stderr.write('mfa-warden: nothing was changed\n');
      process.exitCode = 2;
      return;
    }
    for (const plan of plans) {
      if (!plan.actions.some((a) => a.status === 'planned')) continue;
      const clients = await scanned.clientsFor(plan.account.id);
      try {
        const result = await applyWithJournal(plan, clients, options.journal, now);
        results.set(plan.account.id, result);
        if (!result.completed) break;
      } finally {
        clients.destroy();
      }
    }
  }
  const reports = plans.map((plan) => {
    const result = results.get(plan.account.id);
    return result ? { plan, applied: result.actions, journalFile: result.journalFile } : { plan };
  });
  const text =
    options.format === 'json'
      ? `${JSON.stringify(
          {
            schemaVersion: 1,
            applied: results.size > 0,
            organization: scanned.organization,
            runs: reports.map((report) => JSON.parse(renderEnforcementJson(report)) as unknown),
            accounts: scanned.summary.accounts,
          },
          null,
          2,
        )}\n`
      : [
          ...reports.map((report) => renderEnforcementTable(report, { colour: options.colour })),
          ...failedAccounts.map(
            (account) =>
              `account ${account.id} (${account.name}) could not be scanned: ${account.reason ?? ''}\n`,
          ),
        ].join('\n');
  await writeOutput(text, options.output);
  if ([...results.values()].some((result) => !result.completed) || failedAccounts.length > 0)
    process.exitCode = 3;
}
