import { jsonErrorOffset } from '../../input/jsonErrorOffset.js';
import { jsonNestingOffset, nestingMessage, positionAt } from '../../input/nesting.js';
import { IacAccountBuilder, type IacSource } from '../iac/iacAccountBuilder.js';
import type { IacInputError, IacTarget } from '../iac/iacLoadResult.js';
import { computedAttributes } from './computedAttributes.js';
import { addTerraformResources, type TerraformResource } from './terraformToModel.js';
import { tfUnknown, type TfObject, type TfValue } from './value.js';

// Plan JSON (`terraform show -json plan.out`): planned_values holds every resource instance with its values
// as Terraform resolved them (jsonencode results, module addresses, for_each keys). A value known only after
// apply is absent there and marked in resource_changes[].change.after_unknown; the configuration section
// says which references it came from, so an attachment's `policy_arn = aws_iam_policy.p.arn` is resolved
// from the planned policy, and anything else stays unknown.

interface PlannedResource {
  address?: string;
  mode?: 'managed' | 'data';
  type?: string;
  name?: string;
  index?: string | number;
  values?: TfObject;
}

interface PlannedModule {
  address?: string;
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

interface ConfigExpression {
  constant_value?: TfValue;
  references?: string[];
}

interface ConfigResource {
  address?: string;
  expressions?: Record<string, ConfigExpression | ConfigExpression[]>;
}

interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

interface Plan {
  format_version?: string;
  planned_values?: { root_module?: PlannedModule };
  prior_state?: { values?: { root_module?: PlannedModule } };
  resource_changes?: { address?: string; change?: { after_unknown?: Record<string, unknown> } }[];
  configuration?: {
    root_module?: ConfigModule;
    provider_config?: Record<string, { expressions?: Record<string, ConfigExpression> }>;
  };
}

export function isPlanJson(text: string): boolean {
  return (
    /"planned_values"\s*:/.test(text.slice(0, 1_000_000)) ||
    /"format_version"[\s\S]{0,200}"terraform_version"/.test(text.slice(0, 2000))
  );
}

export function loadPlan(text: string, file: string): IacTarget | IacInputError {
  let plan: Plan;
  try {
    plan = JSON.parse(text) as Plan;
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(text, message);
    const reason = message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
    const at = Math.min(offset, text.trimEnd().length);
    const cutOff = at >= text.trimEnd().length ? '; the file ends before the JSON does' : '';
    return { file, ...positionAt(text, at), message: `invalid plan JSON: ${reason}${cutOff}` };
  }
  // JSON.parse survives any depth; the walks below (modules in modules, values in values) recurse.
  const tooDeep = jsonNestingOffset(text);
  if (tooDeep !== undefined) return { file, ...positionAt(text, tooDeep), message: nestingMessage() };
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
    return {
      file,
      line: 1,
      column: 1,
      message: 'plan JSON must be an object (write it with `terraform show -json plan.out`)',
    };
  }
  if (!isObject(plan.planned_values) || !isObject(plan.planned_values.root_module)) {
    return {
      file,
      line: 1,
      column: 1,
      message: 'plan JSON without planned_values.root_module (write it with `terraform show -json plan.out`)',
    };
  }
  const planned = new Map<string, PlannedResource & { modulePath: string }>();
  // A plan is what Terraform wrote, but the file may not be: every list and object is checked before use.
  const walk = (module: PlannedModule) => {
    for (const resource of objects(module.resources)) {
      if (typeof resource.address === 'string' && resource.address !== '')
        planned.set(resource.address, {
          ...resource,
          modulePath: typeof module.address === 'string' ? module.address : '',
        });
    }
    for (const child of objects(module.child_modules)) walk(child);
  };
  walk(plan.planned_values.root_module);
  const unknownAfter = new Map<string, Record<string, unknown>>();
  for (const change of objects(plan.resource_changes)) {
    if (
      typeof change.address === 'string' &&
      isObject(change.change) &&
      isObject(change.change.after_unknown)
    )
      unknownAfter.set(change.address, change.change.after_unknown);
  }
  const configs = new Map<string, ConfigResource>();
  const walkConfig = (module: ConfigModule | undefined, prefix: string) => {
    if (!isObject(module)) return;
    for (const resource of objects(module.resources))
      if (typeof resource.address === 'string') configs.set(`${prefix}${resource.address}`, resource);
    const calls = isObject(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls))
      if (isObject(call)) walkConfig(call.module, `${prefix}module.${name}.`);
  };
  walkConfig(isObject(plan.configuration) ? plan.configuration.root_module : undefined, '');

  const account = planAccountId(plan);
  const locate = positions(text);
  const attributes = new Map<string, TfObject>();
  const resources: TerraformResource[] = [];
  const resolveAttributes = (
    resource: PlannedResource & { modulePath: string },
    address: string,
  ): TfObject => {
    const cached = attributes.get(address);
    if (cached) return cached;
    const stated: TfObject = isObject(resource.values) ? resource.values : {};
    const values: TfObject = { ...stated };
    const after = unknownAfter.get(address) ?? {};
    const config = configs.get(configAddress(address));
    for (const [key, flag] of Object.entries(after)) {
      if (flag !== true) continue;
      values[key] =
        fromReference(config?.expressions?.[key], resource, planned, resolveAttributes) ??
        tfUnknown(`${address}.${key} is known only after apply`);
    }
    const own = {
      ...values,
      ...computedAttributes(modeOf(resource), typeOf(resource), values, address, account),
    };
    // Values the plan states win over our computed ones (a name_prefix resolved by Terraform, say).
    for (const [key, value] of Object.entries(stated)) if (value !== null) own[key] = value;
    attributes.set(address, own);
    return own;
  };
  for (const [address, resource] of planned) {
    const source: IacSource = { kind: 'iac', file, ...locate(address), address };
    resources.push({
      mode: modeOf(resource),
      type: typeOf(resource),
      address,
      source,
      attributes: () => resolveAttributes(resource, address),
    });
  }
  const builder = new IacAccountBuilder({ kind: 'iac', file, line: 1, address: 'plan' }, account);
  addTerraformResources(builder, resources, []);
  return { label: file, account: builder.build(), brokenFiles: [] };
}

/**
 * The account the plan deploys into: a plan's ARNs carry it, so trust in `arn:aws:iam::<it>:root` or in a
 * user by ARN must resolve to this account's principals. Terraform reads `data.aws_caller_identity` while
 * planning and keeps it in prior_state; without it, a provider's `allowed_account_ids` naming one account
 * says it. With neither (or providers in different accounts) the placeholder account stands in, as for HCL.
 */
function planAccountId(plan: Plan): string | undefined {
  const found = new Set<string>();
  const walk = (module: PlannedModule | undefined) => {
    if (!isObject(module)) return;
    for (const resource of objects(module.resources)) {
      const id = isObject(resource.values) ? resource.values.account_id : undefined;
      if (resource.type === 'aws_caller_identity' && typeof id === 'string' && /^\d{12}$/.test(id))
        found.add(id);
    }
    for (const child of objects(module.child_modules)) walk(child);
  };
  walk(
    isObject(plan.prior_state) && isObject(plan.prior_state.values)
      ? plan.prior_state.values.root_module
      : undefined,
  );
  walk(plan.planned_values?.root_module);
  // Without a caller identity: the provider's allowed_account_ids, when it names one account.
  if (found.size === 0 && isObject(plan.configuration) && isObject(plan.configuration.provider_config)) {
    for (const provider of Object.values(plan.configuration.provider_config)) {
      const allowed = isObject(provider)
        ? provider.expressions?.allowed_account_ids?.constant_value
        : undefined;
      if (!Array.isArray(allowed)) continue;
      for (const id of allowed) if (typeof id === 'string' && /^\d{12}$/.test(id)) found.add(id);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function modeOf(resource: PlannedResource): 'managed' | 'data' {
  return resource.mode === 'data' ? 'data' : 'managed';
}

function typeOf(resource: PlannedResource): string {
  return typeof resource.type === 'string' ? resource.type : '';
}

function isObject<T>(value: T | undefined | null): value is T & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of a list that should hold objects; anything else in a plan file counts as nothing. */
function objects<T>(value: readonly T[] | undefined): (T & object)[] {
  return Array.isArray(value) ? value.filter((item): item is T & object => isObject(item)) : [];
}

/** `module.a["x"].aws_iam_policy.p[0]` -> `module.a.aws_iam_policy.p` (configuration addresses have no keys). */
function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

function fromReference(
  expression: ConfigExpression | ConfigExpression[] | undefined,
  referrer: PlannedResource & { modulePath: string },
  planned: ReadonlyMap<string, PlannedResource & { modulePath: string }>,
  resolve: (resource: PlannedResource & { modulePath: string }, address: string) => TfObject,
): TfValue | undefined {
  if (!expression || Array.isArray(expression)) return undefined;
  const reference = expression.references?.[0];
  if (!reference) return undefined;
  const match = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]+\])?\.([a-z_]+)$/.exec(reference);
  if (!match?.[1] || !match[3]) return undefined;
  const prefix = referrer.modulePath ? `${referrer.modulePath}.` : '';
  const index = match[2] ?? (referrer.index === undefined ? '' : `[${JSON.stringify(referrer.index)}]`);
  for (const candidate of [`${prefix}${match[1]}${index}`, `${prefix}${match[1]}`]) {
    const target = planned.get(candidate);
    if (target) {
      return resolve(target, candidate)[match[3]];
    }
  }
  return undefined;
}

/** Line and column of each resource's `"address"` in the text, for findings on a plan (often one line). */
function positions(text: string): (address: string) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  const start = Math.max(0, text.indexOf('"planned_values"'));
  const end = text.indexOf('"resource_changes"', start);
  const first = new Map<string, number>();
  const pattern = /"address"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  pattern.lastIndex = start;
  for (let m = pattern.exec(text); m && (end < 0 || m.index < end); m = pattern.exec(text)) {
    let address: unknown;
    try {
      address = JSON.parse(m[1] as string);
    } catch {
      continue;
    }
    if (typeof address === 'string' && !first.has(address)) first.set(address, m.index);
  }
  return (address) => {
    const offset = first.get(address);
    return offset === undefined ? { line: 1, column: 1 } : at(offset);
  };
}
