import type { Finding, ResourceRef } from '../checks/check.js';
import { selectChecks } from '../checks/index.js';
import { groupMfaEnforced } from '../checks/groupMfaEnforced.js';
import { parseDuration } from '../config/duration.js';
import { DEFAULT_POLICY_NAME, type EnforceEntry, type EnforceMode } from '../config/enforceConfig.js';
import type { Config } from '../config/config.js';
import { evaluateOptions, runSettings, type RunSettings } from '../config/runSettings.js';
import type { Account, ManagedPolicy, User } from '../model/account.js';
import { isUnknown } from '../model/unknown.js';
import { analyzeEnforcementPolicy, parsePolicyDocument } from '../policy/index.js';
import { countFindings, evaluate, summarise, type Summary } from '../scan/evaluate.js';
import { newRunId } from './runId.js';

// Enforcement planning is pure: the account model and the settings in, the actions out. It decides what
// `enforce --apply` would do and why, so the plan printed without --apply is exactly what --apply runs.
// Nothing is planned for a finding that is not `fail`: exempt (name, path, tag, grace), unknown and error
// findings are never acted on, since acting on what we could not see would surprise the operator.

export type ActionStatus = 'planned' | 'done' | 'skipped' | 'failed';

export type ActionTarget =
  | { readonly kind: 'user'; readonly userName: string; readonly createDate?: string }
  | { readonly kind: 'group'; readonly groupName: string };

export interface PlannedAction {
  readonly id: number;
  readonly check: string;
  readonly mode: EnforceMode;
  readonly resource: Pick<ResourceRef, 'type' | 'name' | 'arn' | 'account'>;
  readonly target: ActionTarget;
  /** The finding behind the action. */
  readonly finding: string;
  /** Why it is planned, or why it is skipped. */
  readonly reason: string;
  readonly status: ActionStatus;
  /** attach-mfa-policy: the policy; add-to-group: the group. */
  readonly policyName?: string;
  readonly policyArn?: string;
  readonly group?: string;
  /** The check is about MFA devices: apply re-reads the user's devices and skips one enrolled since. */
  readonly recheckDevices?: boolean;
  /** onlyNew, in milliseconds: apply re-reads the creation date. */
  readonly onlyNewMs?: number;
}

export interface EnforcementPlan {
  readonly runId: string;
  readonly createdAt: string;
  readonly account: { readonly id: string; readonly partition: string };
  readonly actions: readonly PlannedAction[];
  readonly findings: readonly Finding[];
  readonly summary: Summary;
}

const DEVICE_CHECKS: ReadonlySet<string> = new Set(['console-user-mfa', 'user-mfa']);

/** Modes in the order they are applied: the policy first (it protects at once), deletion last. */
const MODE_ORDER: readonly EnforceMode[] = [
  'attach-mfa-policy',
  'add-to-group',
  'deactivate-access-keys',
  'remove-console-access',
  'delete-user',
];

/**
 * `settings` is the parsed config file (`loadConfig`) or the run settings made from it (`runSettings`, which
 * adds command-line overrides); `runId` defaults to a new one.
 */
export function planEnforcement(
  account: Account,
  settings: Config | Pick<RunSettings, 'checks' | 'exemptions' | 'exemptTag' | 'graceDays' | 'enforce'>,
  options: {
    now?: Date;
    runId?: string;
    /** Who will apply the plan (sts:GetCallerIdentity): an IAM user is never made to lock itself out. */
    callerArn?: string;
  } = {},
): EnforcementPlan {
  const now = options.now ?? new Date();
  if (!('graceDays' in settings)) settings = runSettings(settings);
  const checks = selectChecks(settings.checks);
  const findings = evaluate(account, checks, {
    ...evaluateOptions({ ...settings, failOn: 'low', ignoreUnknown: false }),
    now,
  });
  const users = new Map((isUnknown(account.users) ? [] : account.users).map((user) => [user.arn, user]));
  const drafts: Omit<PlannedAction, 'id'>[] = [];
  for (const finding of findings) {
    const entry = settings.enforce[finding.check];
    if (!entry || finding.status !== 'fail') continue;
    drafts.push(draftAction(account, finding, entry, users, now));
  }
  drafts.sort(
    (a, b) =>
      MODE_ORDER.indexOf(a.mode) - MODE_ORDER.indexOf(b.mode) ||
      a.resource.arn.localeCompare(b.resource.arn) ||
      a.check.localeCompare(b.check),
  );
  const actions = dedupe(drafts.map((draft) => spareCaller(draft, account, options.callerArn))).map(
    (draft, id) => ({ id: id + 1, ...draft }),
  );
  const summary = { ...summarise(account, checks, findings), ...countFindings(findings) };
  return {
    runId: options.runId ?? newRunId(now),
    createdAt: now.toISOString(),
    account: { id: account.id, partition: account.partition },
    actions,
    findings,
    summary,
  };
}

function draftAction(
  account: Account,
  finding: Finding,
  entry: EnforceEntry,
  users: ReadonlyMap<string, User>,
  now: Date,
): Omit<PlannedAction, 'id'> {
  const { type, name, arn } = finding.resource;
  const base = {
    check: finding.check,
    mode: entry.mode,
    resource: { type, name, arn, account: finding.resource.account },
    finding: finding.message,
  };
  const why = `${finding.check} fails (${finding.message}); enforce.${finding.check}.mode is ${entry.mode}`;
  if (type === 'AWS::IAM::Group') {
    const target = { kind: 'group', groupName: name } as const;
    return { ...base, target, ...attachTarget(account, entry), ...policyRefusal(account, entry, why) };
  }
  const user = users.get(arn);
  if (type !== 'AWS::IAM::User' || !user) {
    return {
      ...base,
      target: { kind: 'user', userName: name },
      status: 'skipped',
      reason: `not a user the scan listed: ${arn}`,
    };
  }
  const target = {
    kind: 'user',
    userName: user.name,
    ...(user.createDate ? { createDate: user.createDate } : {}),
  } as const;
  const extra = {
    ...(DEVICE_CHECKS.has(finding.check) ? { recheckDevices: true } : {}),
    ...(entry.mode === 'attach-mfa-policy' ? attachTarget(account, entry) : {}),
    ...(entry.mode === 'add-to-group' ? { group: entry.group } : {}),
  };
  if (entry.onlyNew !== undefined) {
    const window = parseDuration(entry.onlyNew) as number;
    const created = user.createDate ? Date.parse(user.createDate) : NaN;
    if (!Number.isFinite(created))
      return {
        ...base,
        target,
        ...extra,
        status: 'skipped',
        reason: 'onlyNew: the creation date is unknown',
      };
    if (now.getTime() - created > window)
      return {
        ...base,
        target,
        ...extra,
        status: 'skipped',
        reason: `onlyNew ${entry.onlyNew}: created ${user.createDate}, before the window`,
      };
    Object.assign(extra, { onlyNewMs: window });
  }
  if (entry.mode === 'attach-mfa-policy')
    return { ...base, target, ...extra, ...policyRefusal(account, entry, why) };
  if (entry.mode === 'add-to-group')
    return { ...base, target, ...extra, ...groupRefusal(account, entry, why) };
  return { ...base, target, ...extra, status: 'planned', reason: why };
}

function attachTarget(account: Account, entry: EnforceEntry): { policyName: string; policyArn: string } {
  const policyName = entry.policyName ?? DEFAULT_POLICY_NAME;
  return { policyName, policyArn: `arn:${account.partition}:iam::${account.id}:policy/${policyName}` };
}

/** attach-mfa-policy reuses a policy of that name only if it really enforces MFA. */
function policyRefusal(
  account: Account,
  entry: EnforceEntry,
  why: string,
): { status: ActionStatus; reason: string } {
  const { policyName } = attachTarget(account, entry);
  const existing = customerPolicyNamed(account, policyName);
  if (!existing) return { status: 'planned', reason: `${why}; creates policy ${policyName} first` };
  if (isUnknown(existing.document))
    return { status: 'skipped', reason: `refused: policy ${policyName} exists but could not be read` };
  try {
    const verdict = analyzeEnforcementPolicy(parsePolicyDocument(existing.document, existing.arn));
    if (verdict.verdict !== 'enforced')
      return {
        status: 'skipped',
        reason: `refused: policy ${existing.arn} exists but does not enforce MFA (${verdict.verdict}); fix it or set enforce.*.policyName`,
      };
  } catch (error) {
    return { status: 'skipped', reason: `refused: policy ${policyName} does not parse: ${String(error)}` };
  }
  return { status: 'planned', reason: `${why}; reuses policy ${existing.arn}` };
}

function customerPolicyNamed(account: Account, name: string): ManagedPolicy | undefined {
  if (isUnknown(account.managedPolicies)) return undefined;
  return account.managedPolicies.find((policy) => !policy.awsManaged && policy.name === name);
}

/** add-to-group refuses a group that does not itself pass group-mfa-enforced. */
function groupRefusal(
  account: Account,
  entry: EnforceEntry,
  why: string,
): { status: ActionStatus; reason: string } {
  const name = entry.group as string;
  const groups = isUnknown(account.groups) ? [] : account.groups;
  const group = groups.find((candidate) => candidate.name === name);
  if (!group) return { status: 'skipped', reason: `refused: group ${name} does not exist` };
  const verdict = groupMfaEnforced.run(account).find((res) => res.resource.arn === group.arn);
  if (verdict?.status !== 'pass')
    return {
      status: 'skipped',
      reason: `refused: group ${name} does not pass group-mfa-enforced (${verdict?.status ?? 'not evaluated'}: ${verdict?.message ?? ''})`,
    };
  return { status: 'planned', reason: `${why}; group ${name} passes group-mfa-enforced` };
}

/** One action per user and mode; delete-user supersedes everything else planned for that user. */
function dedupe(drafts: readonly Omit<PlannedAction, 'id'>[]): Omit<PlannedAction, 'id'>[] {
  const deleted = new Set(
    drafts.filter((d) => d.mode === 'delete-user' && d.status === 'planned').map((d) => d.resource.arn),
  );
  const seen = new Map<string, string>();
  return drafts.map((draft) => {
    if (draft.status !== 'planned') return draft;
    if (draft.mode !== 'delete-user' && deleted.has(draft.resource.arn))
      return { ...draft, status: 'skipped', reason: `superseded: the user is deleted by delete-user` };
    const key = `${draft.mode} ${draft.resource.arn}`;
    const first = seen.get(key);
    if (first) return { ...draft, status: 'skipped', reason: `same action as for ${first}` };
    seen.set(key, draft.check);
    return draft;
  });
}

/**
 * An IAM user running enforce signs its requests with an access key, which carries no MFA: removing its own
 * access, deleting it, or attaching the MFA policy to a group it is in would cut the run off half-way.
 */
function spareCaller(
  draft: Omit<PlannedAction, 'id'>,
  account: Account,
  callerArn: string | undefined,
): Omit<PlannedAction, 'id'> {
  if (draft.status !== 'planned' || !callerArn || !/^arn:[^:]+:iam::\d+:user\//.test(callerArn)) return draft;
  const refuse = (why: string) => ({
    ...draft,
    status: 'skipped' as const,
    reason: `refused: ${why} (${callerArn}); run enforce with a role, or exempt that user`,
  });
  if (draft.resource.arn === callerArn) return refuse('this is the IAM user running mfa-warden');
  if (draft.target.kind === 'group' && draft.mode === 'attach-mfa-policy') {
    const caller = (isUnknown(account.users) ? [] : account.users).find((user) => user.arn === callerArn);
    if (caller?.groups.includes(draft.target.groupName))
      return refuse(`the IAM user running mfa-warden is a member of ${draft.target.groupName}`);
  }
  return draft;
}
