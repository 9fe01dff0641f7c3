import { open, type FileHandle } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { assumeRoleCredentials } from '../adapters/aws/assumeRole.js';
import { collectAwsSnapshot, createAwsClients, type AwsClients } from '../adapters/aws/index.js';
import { buildAccount } from '../adapters/snapshot/buildAccount.js';
import { emptyConfig, loadConfig } from '../config/config.js';
import { runSettings } from '../config/runSettings.js';
import {
  applyPlan,
  applyUndo,
  DEFAULT_JOURNAL_DIR,
  newRunId,
  openJournal,
  planEnforcement,
  planUndo,
  type ApplyResult,
  type EnforcementPlan,
} from '../enforce/index.js';
import { InputError, ScanError } from '../errors.js';
import {
  renderEnforcementJson,
  renderEnforcementTable,
  renderUndoJson,
  renderUndoTable,
} from '../report/enforcement.js';
import { renderJournalList } from '../report/journalList.js';
import { addAwsOptions, checkIds, CONFIG_OPTION_HELP, type AwsOptions } from './commonOptions.js';
import { canConfirm, confirm } from './confirm.js';
import { enforceOrganization } from './enforceOrganization.js';
import { journalStore } from './journalStore.js';
import { addOrgOptions, orgScanOptions, rejectOrgOnlyOptions, type OrgOptions } from './orgOptions.js';
import { writeOutput } from './writeOutput.js';

// `enforce aws`, `undo RUN_ID` and `journal list`: argument wiring and the operator's safety rails (no change
// without --apply, confirmation, journal first); the planning and the changes live in src/enforce.

interface ChangeOptions {
  apply?: boolean;
  yes?: boolean;
  journal?: string;
  format: 'table' | 'json';
  output?: string;
}

function addChangeOptions(command: Command): Command {
  return command
    .option('--apply', 'make the changes (without it, only the plan is printed and nothing changes)')
    .option('--yes', 'do not ask for confirmation (needed with --apply when not in a terminal)')
    .option(
      '--journal <dir>',
      `journal directory (default ${DEFAULT_JOURNAL_DIR.replace(process.env.HOME ?? '\0', '~')}); undo also reads s3://bucket/prefix/`,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--output <file>', 'write the report to a file instead of stdout');
}

const colourFor = (output: string | undefined): boolean =>
  !output && process.stdout.isTTY === true && !process.env.NO_COLOR;

export function enforceCommand(): Command {
  const enforce = new Command('enforce').description(
    "fix failing findings as the config file's `enforce` key says: plan, then --apply (journaled, undoable)",
  );
  const aws = addChangeOptions(
    addAwsOptions(
      new Command('aws').description('plan (and with --apply make) changes in a live AWS account'),
    ),
  )
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--checks <ids>', 'only these checks (comma-separated)');
  addOrgOptions(aws).action(
    async (options: ChangeOptions & AwsOptions & OrgOptions & { config?: string; checks?: string }) => {
      if (options.apply) canConfirm(options.yes);
      const config = options.config ? await loadConfig(options.config) : emptyConfig;
      const settings = runSettings(config, {
        ...(options.checks === undefined ? {} : { checks: checkIds(options.checks) }),
      });
      if (Object.keys(settings.enforce).length === 0)
        throw new InputError(
          `${options.config ? `${options.config}: ` : ''}no \`enforce\` key in the config: nothing says what to enforce (see README, "Enforce and undo")`,
        );
      const aws = { profile: options.profile, region: options.region, endpointUrl: options.endpointUrl };
      if (options.org) {
        await enforceOrganization(
          settings,
          { ...aws, fresh: options.fresh ?? false, ...orgScanOptions(options) },
          {
            ...(options.apply ? { apply: true } : {}),
            ...(options.yes ? { yes: true } : {}),
            journal: options.journal ?? DEFAULT_JOURNAL_DIR,
            format: options.format,
            ...(options.output ? { output: options.output } : {}),
            colour: colourFor(options.output),
          },
        );
        return;
      }
      rejectOrgOnlyOptions(options);
      const { snapshot } = await collectAwsSnapshot({ ...aws, fresh: options.fresh ?? false });
      const account = buildAccount(snapshot);
      const now = new Date();
      const clients = createAwsClients(aws);
      let callerArn: string | undefined;
      try {
        callerArn = (await clients.sts.send(new GetCallerIdentityCommand({}))).Arn;
      } catch (error) {
        clients.destroy();
        throw new ScanError(
          `GetCallerIdentity failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const plan = planEnforcement(account, settings, {
        now,
        runId: newRunId(now),
        ...(callerArn ? { callerArn } : {}),
      });
      const planned = plan.actions.filter((action) => action.status === 'planned').length;
      const render = (report: Parameters<typeof renderEnforcementJson>[0]): string =>
        options.format === 'json'
          ? renderEnforcementJson(report)
          : renderEnforcementTable(report, { colour: colourFor(options.output) });
      if (!options.apply || planned === 0) {
        clients.destroy();
        await writeOutput(render({ plan }), options.output);
        return;
      }
      if (!options.yes)
        process.stderr.write(renderEnforcementTable({ plan }, { colour: process.stderr.isTTY === true }));
      if (!(await confirm(`Apply ${planned} action(s) to account ${account.id}?`, options.yes))) {
        clients.destroy();
        process.stderr.write('mfa-warden: nothing was changed\n');
        process.exitCode = 2;
        return;
      }
      try {
        const result = await applyWithJournal(plan, clients, options.journal ?? DEFAULT_JOURNAL_DIR, now);
        await writeOutput(
          render({ plan, applied: result.actions, journalFile: result.journalFile }),
          options.output,
        );
        if (!result.completed) process.exitCode = 3;
      } finally {
        clients.destroy();
      }
    },
  );
  return enforce.addCommand(aws);
}

/** Applies one plan with its own journal (opened, locked, closed here); Ctrl-C stops after the current action. */
export async function applyWithJournal(
  plan: EnforcementPlan,
  clients: AwsClients,
  journalDir: string,
  now: Date,
): Promise<ApplyResult> {
  const journal = await openJournal(journalDir, plan.runId, { create: true });
  const stop = interruptFlag();
  try {
    return await applyPlan(plan, clients, journal, {
      now,
      stopRequested: stop.requested,
      onAction: (action) =>
        process.stderr.write(
          `mfa-warden: ${action.status} #${action.id} ${action.mode} ${plan.account.id}/${action.resource.name}\n`,
        ),
    });
  } finally {
    stop.dispose();
    await journal.close();
  }
}

export function undoCommand(): Command {
  return addChangeOptions(
    addAwsOptions(
      new Command('undo')
        .description('reverse what an enforce run changed, from its journal (plan first; --apply to restore)')
        .argument('<run-id>', 'the run to undo (see `mfa-warden journal list`)'),
      { fresh: false },
    ),
  )
    .option(
      '--password-file <file>',
      'write restored console passwords here (mode 0600) instead of the terminal',
    )
    .option(
      '--role-name <name>',
      'for a run in another account of the organization: assume this role there (e.g. OrganizationAccountAccessRole)',
    )
    .action(
      async (
        runId: string,
        options: ChangeOptions & AwsOptions & { passwordFile?: string; roleName?: string },
      ) => {
        if (options.apply) canConfirm(options.yes);
        const aws0 = { profile: options.profile, region: options.region, endpointUrl: options.endpointUrl };
        const store = journalStore(options.journal ?? DEFAULT_JOURNAL_DIR, aws0);
        const records = await store.read(runId).finally(() => {
          if (!options.apply) store.close();
        });
        const plan = planUndo(records);
        const render = (items: typeof plan.items, applied: boolean): string =>
          options.format === 'json'
            ? renderUndoJson(runId, items, applied)
            : renderUndoTable(runId, items, applied);
        const todo = plan.items.filter((item) => item.status === 'planned');
        if (!options.apply || todo.length === 0) {
          await writeOutput(render(plan.items, false), options.output);
          return;
        }
        const needsPassword = todo.some((item) => item.passwordFor !== undefined);
        if (needsPassword && !options.passwordFile && !process.stderr.isTTY)
          throw new InputError(
            'undo restores a console password: pass --password-file FILE (not in a terminal)',
          );
        const aws = { profile: options.profile, region: options.region, endpointUrl: options.endpointUrl };
        let clients = createAwsClients(aws);
        let passwords: FileHandle | undefined;
        let journal;
        try {
          const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
          if (identity.Account !== plan.account) {
            if (!options.roleName)
              throw new ScanError(
                `run ${runId} changed account ${plan.account}, but these credentials are for account ${identity.Account ?? '?'} (for an organization run, pass --role-name to assume a role there)`,
              );
            const assumed = await assumeRoleCredentials(
              clients.sts,
              `arn:${plan.partition}:iam::${plan.account}:role/${options.roleName}`,
              { sessionName: 'mfa-warden-undo' },
            );
            clients.destroy();
            clients = createAwsClients({ ...aws, credentials: assumed });
          }
          if (!options.yes) process.stderr.write(renderUndoTable(runId, plan.items, false));
          if (!(await confirm(`Restore ${todo.length} change(s) in account ${plan.account}?`, options.yes))) {
            process.stderr.write('mfa-warden: nothing was changed\n');
            process.exitCode = 2;
            return;
          }
          if (needsPassword && options.passwordFile)
            passwords = await createPasswordFile(options.passwordFile);
          journal = await store.open(runId);
          const results = await applyUndo(plan, records, clients, journal, {
            deliverPassword: async (userName, password) => {
              if (passwords) {
                await passwords.write(`${userName}\t${password}\n`);
                await passwords.sync();
              } else {
                process.stderr.write(
                  `new console password for ${userName} (shown once; it must be changed at the next sign-in): ${password}\n`,
                );
              }
            },
          });
          await writeOutput(render(results, true), options.output);
          if (results.some((item) => item.status === 'failed')) process.exitCode = 3;
        } finally {
          await passwords?.close();
          await journal?.close();
          clients.destroy();
          store.close();
        }
      },
    );
}

export function journalCommand(): Command {
  const journal = new Command('journal').description('the journal of enforce runs');
  const list = addAwsOptions(
    new Command('list')
      .description('list enforce runs, newest first, with what each changed and whether it was undone')
      .option('--journal <dir>', "journal directory, or s3://bucket/prefix/ (the Lambda handler's journal)")
      .addOption(
        new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
      ),
    { fresh: false },
  ).action(async (options: AwsOptions & { journal?: string; format: 'table' | 'json' }) => {
    const store = journalStore(options.journal ?? DEFAULT_JOURNAL_DIR, options);
    try {
      process.stdout.write(renderJournalList(await store.list(), options.format));
    } finally {
      store.close();
    }
  });
  return journal.addCommand(list);
}

async function createPasswordFile(path: string): Promise<FileHandle> {
  try {
    const handle = await open(path, 'wx', 0o600);
    await handle.chmod(0o600);
    return handle;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'EEXIST' ? `${path} already exists; it is never overwritten` : `cannot create: ${code}`,
      path,
    );
  }
}

/** The first Ctrl-C (or SIGTERM) asks the run to stop after the action in progress; the journal stays whole. */
function interruptFlag(): { requested: () => boolean; dispose: () => void } {
  let requested = false;
  const handler = (): void => {
    if (!requested) process.stderr.write('\nmfa-warden: stopping after the action in progress\n');
    requested = true;
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    requested: () => requested,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
