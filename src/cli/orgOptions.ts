import { Command, InvalidArgumentError } from 'commander';
import { InputError } from '../errors.js';
import { DEFAULT_ORG_CONCURRENCY, DEFAULT_ORG_ROLE, type OrgScanOptions } from '../scan/scanOrganization.js';

// `--org` and its options, shared by `scan aws` and `enforce aws`.

export interface OrgOptions {
  org?: boolean;
  roleName?: string;
  externalId?: string;
  accounts?: string;
  excludeAccounts?: string;
  ous?: string;
  concurrency?: number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 256)
    throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return number;
}

export function addOrgOptions(command: Command): Command {
  return command
    .option(
      '--org',
      'scan every account of the AWS Organization (from the management or a delegated admin account)',
    )
    .option(
      '--role-name <name>',
      `with --org: the role to assume in member accounts (default ${DEFAULT_ORG_ROLE})`,
    )
    .option('--external-id <id>', 'with --org: the external id the role requires')
    .option('--accounts <ids>', 'with --org: only these account ids (comma-separated)')
    .option('--exclude-accounts <ids>', 'with --org: leave these account ids out (comma-separated)')
    .option(
      '--ous <ids>',
      'with --org: only accounts under these OUs, at any depth (comma-separated ou-... ids)',
    )
    .option(
      '--concurrency <n>',
      `with --org: accounts scanned in parallel (default ${DEFAULT_ORG_CONCURRENCY})`,
      positiveInteger,
    );
}

const ORG_ONLY = ['roleName', 'externalId', 'accounts', 'excludeAccounts', 'ous', 'concurrency'] as const;

export function rejectOrgOnlyOptions(options: OrgOptions): void {
  const given = ORG_ONLY.filter((key) => options[key] !== undefined);
  if (given.length > 0)
    throw new InputError(
      `${given.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only make sense with --org`,
    );
}

function idList(value: string | undefined, flag: string, pattern: RegExp): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !pattern.test(id));
  if (ids.length === 0 || bad !== undefined)
    throw new InputError(`${flag} expects comma-separated ids${bad ? `; "${bad}" is not one` : ''}`);
  return ids;
}

export function orgScanOptions(options: OrgOptions): Partial<OrgScanOptions> {
  const account = /^\d{12}$/;
  const ou = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
  return {
    ...(options.roleName ? { roleName: options.roleName } : {}),
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.accounts ? { accounts: idList(options.accounts, '--accounts', account) } : {}),
    ...(options.excludeAccounts
      ? { excludeAccounts: idList(options.excludeAccounts, '--exclude-accounts', account) }
      : {}),
    ...(options.ous ? { ous: idList(options.ous, '--ous', ou) } : {}),
  };
}
