import type { Block, Body, Step } from './hclAst.js';
import { computedAttributes } from './computedAttributes.js';
import { evaluate, iterate, toNumber, withLocals, type Resolved, type Scope } from './evaluateExpr.js';
import type { FunctionContext } from './functions.js';
import type { ModuleTree } from './moduleTree.js';
import { convertVariable } from './variableValues.js';
import { markAddress } from './resourceAddressMark.js';
import { isTfUnknown, tfToString, tfUnknown, TfUnknown, type TfObject, type TfValue } from './value.js';

// One instance of a module: the root, or `module.ops["red"]` with its own inputs. Everything is resolved
// lazily and memoised per instance, so two instances of one module (or two modules that both declare
// aws_iam_group.this) never see each other's values; references resolve inside their own module only.

export interface ResourceInstance {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `module.ops.aws_iam_group.this["red"]` */
  readonly address: string;
  readonly block: Block;
  readonly module: ModuleInstance;
  /** Why the instance may not exist as described (count or for_each unresolved). */
  readonly uncertain?: string;
  attributes(): TfObject;
}

/** A module call whose source is not on disk (or is modelled, such as enforce-mfa). */
export interface ExternalModuleCall {
  readonly address: string;
  readonly block: Block;
  readonly source: string;
  readonly version?: string;
  readonly inputs: TfObject;
  readonly parent: ModuleInstance;
}

/** What every module instance of one root shares: where Terraform runs, and unseen modules' outputs. */
export interface ComputedContext {
  readonly rootDir: string;
  /** Outputs of a module call that is not on disk (or is modelled by version, such as enforce-mfa). */
  externalOutputs(call: ExternalModuleCall): TfValue;
}

const SKIP_MODULE_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
const IN_PROGRESS = Symbol('in progress');

export class ModuleInstance {
  private readonly variableCache = new Map<string, TfValue>();
  private readonly localCache = new Map<string, TfValue | typeof IN_PROGRESS>();
  private readonly instanceCache = new Map<string, ResourceInstance[]>();
  private readonly moduleCache = new Map<string, ModuleInstance[] | ExternalModuleCall[]>();
  readonly scope: Scope;

  constructor(
    readonly tree: ModuleTree,
    /** '' for the root, else `module.a` or `module.a["k"]`. */
    readonly address: string,
    private readonly inputs: (name: string) => TfValue | undefined,
    readonly functions: FunctionContext,
    readonly computed: ComputedContext,
  ) {
    this.scope = {
      functions,
      resolve: (name, steps) => this.resolveRoot(name, steps),
    };
  }

  private resolveRoot(name: string, steps: readonly Step[]): Resolved {
    const first = steps[0];
    const firstName = first?.k === 'attr' ? first.name : undefined;
    switch (name) {
      case 'var':
        return firstName === undefined
          ? { value: tfUnknown('var must be followed by a variable name'), consumed: 0 }
          : { value: this.variable(firstName), consumed: 1 };
      case 'local':
        return firstName === undefined
          ? { value: tfUnknown('local must be followed by a name'), consumed: 0 }
          : { value: this.local(firstName), consumed: 1 };
      case 'path':
        return {
          value: { module: this.tree.config.dir, root: this.computed.rootDir, cwd: process.cwd() },
          consumed: 0,
        };
      case 'terraform':
        return { value: { workspace: 'default' }, consumed: 0 };
      case 'module':
        return firstName === undefined
          ? { value: tfUnknown('module must be followed by a module name'), consumed: 0 }
          : { value: this.moduleValue(firstName), consumed: 1 };
      case 'data': {
        const second = steps[1];
        if (firstName === undefined || second?.k !== 'attr')
          return { value: tfUnknown('data must be followed by a type and a name'), consumed: 0 };
        return { value: this.resourceValue('data', firstName, second.name), consumed: 2 };
      }
      case 'count':
      case 'each':
      case 'self':
        return { value: tfUnknown(`${name} is not available here`), consumed: 0 };
      default: {
        if (firstName === undefined) return { value: tfUnknown(`unknown name ${name}`), consumed: 0 };
        return { value: this.resourceValue('managed', name, firstName), consumed: 1 };
      }
    }
  }

  variable(name: string): TfValue {
    const cached = this.variableCache.get(name);
    if (cached !== undefined) return cached;
    const block = this.tree.config.variables.get(name);
    let value: TfValue;
    if (!block) {
      value = tfUnknown(`variable "${name}" is not declared in ${this.tree.config.dir}`);
    } else {
      const given = this.inputs(name);
      const fallback = block.body.attributes.get('default');
      const raw =
        given !== undefined
          ? given
          : fallback
            ? evaluate(fallback.expr, this.scope)
            : tfUnknown(
                this.address === ''
                  ? `variable "${name}" has no value; pass --var ${name}=..., a --var-file, or set TF_VAR_${name}`
                  : `variable "${name}" of ${this.address} has no value`,
              );
      value = convertVariable(raw, block.body.attributes.get('type')?.expr);
    }
    this.variableCache.set(name, value);
    return value;
  }

  local(name: string): TfValue {
    const cached = this.localCache.get(name);
    if (cached === IN_PROGRESS) return tfUnknown(`local.${name} refers to itself`);
    if (cached !== undefined) return cached;
    const attribute = this.tree.config.locals.get(name);
    if (!attribute) return tfUnknown(`local.${name} is not declared in ${this.tree.config.dir}`);
    this.localCache.set(name, IN_PROGRESS);
    const value = evaluate(attribute.expr, this.scope);
    this.localCache.set(name, value);
    return value;
  }

  /** What `aws_iam_group.x` evaluates to: one object, a list (count) or a map (for_each). */
  resourceValue(mode: 'managed' | 'data', type: string, name: string): TfValue {
    const block = this.findBlock(mode, type, name);
    if (!block) {
      return tfUnknown(
        `${mode === 'data' ? 'data.' : ''}${type}.${name} is not declared in ${this.tree.config.dir}`,
      );
    }
    const instances = this.instances(mode, type, name);
    const repetition = repetitionOf(block);
    if (repetition === 'single')
      return instances[0]?.attributes() ?? tfUnknown(`${type}.${name} has no instance`);
    const uncertain = instances.find((instance) => instance.uncertain);
    if (uncertain) return tfUnknown(uncertain.uncertain as string);
    if (repetition === 'count') return instances.map((instance) => instance.attributes());
    const out: TfObject = {};
    for (const instance of instances) out[instanceKey(instance.address)] = instance.attributes();
    return out;
  }

  private findBlock(mode: 'managed' | 'data', type: string, name: string): Block | undefined {
    const list = mode === 'data' ? this.tree.config.data : this.tree.config.resources;
    return list.find((block) => block.labels[0] === type && block.labels[1] === name);
  }

  instances(mode: 'managed' | 'data', type: string, name: string): ResourceInstance[] {
    const cacheKey = `${mode}.${type}.${name}`;
    const cached = this.instanceCache.get(cacheKey);
    if (cached) return cached;
    const block = this.findBlock(mode, type, name);
    const list: ResourceInstance[] = [];
    this.instanceCache.set(cacheKey, list);
    if (!block) return list;
    const base = `${this.address ? `${this.address}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    for (const expansion of this.expand(block)) {
      list.push(this.makeInstance(mode, type, name, block, `${base}${expansion.suffix}`, expansion));
    }
    return list;
  }

  private makeInstance(
    mode: 'managed' | 'data',
    type: string,
    name: string,
    block: Block,
    address: string,
    expansion: Expansion,
  ): ResourceInstance {
    let value: TfObject | typeof IN_PROGRESS | undefined;
    const scope = withLocals(this.scope, expansion.locals);
    return {
      mode,
      type,
      name,
      address,
      block,
      module: this,
      ...(expansion.uncertain ? { uncertain: expansion.uncertain } : {}),
      attributes() {
        if (value === IN_PROGRESS) return { [CYCLE]: tfUnknown(`${address} refers to itself`) };
        if (value) return value;
        value = IN_PROGRESS;
        const own = evaluateBody(block.body, scope);
        value = { ...own, ...computedAttributes(mode, type, own, address) };
        markAddress(value, address);
        return value;
      },
    };
  }

  private expand(block: Block): Expansion[] {
    const count = block.body.attributes.get('count');
    const forEach = block.body.attributes.get('for_each');
    if (count) {
      const n = toNumber(evaluate(count.expr, this.scope));
      if (n instanceof TfUnknown) {
        return [
          { suffix: '[?]', locals: { count: { index: n } }, uncertain: `count is unresolved: ${n.reason}` },
        ];
      }
      return Array.from({ length: Math.max(0, Math.floor(n)) }, (_, index) => ({
        suffix: `[${index}]`,
        locals: { count: { index } },
      }));
    }
    if (forEach) {
      const coll = evaluate(forEach.expr, this.scope);
      const entries = Array.isArray(coll)
        ? coll.map((item): [TfValue, TfValue] => [item, item])
        : iterate(coll);
      if (entries instanceof TfUnknown) {
        const each = { key: entries, value: entries };
        return [{ suffix: '[?]', locals: { each }, uncertain: `for_each is unresolved: ${entries.reason}` }];
      }
      return entries.map(([key, value]) => {
        const k = tfToString(key);
        const keyText = k instanceof TfUnknown ? '?' : k;
        return {
          suffix: `[${JSON.stringify(keyText)}]`,
          locals: { each: { key: k instanceof TfUnknown ? k : keyText, value } },
          ...(k instanceof TfUnknown ? { uncertain: `a for_each key is unresolved: ${k.reason}` } : {}),
        };
      });
    }
    return [{ suffix: '', locals: {} }];
  }

  private moduleValue(name: string): TfValue {
    const block = this.tree.config.modules.get(name);
    if (!block) return tfUnknown(`module.${name} is not declared in ${this.tree.config.dir}`);
    const calls = this.moduleCalls(name);
    const valueOf = (call: ModuleInstance | ExternalModuleCall): TfValue =>
      call instanceof ModuleInstance ? call.outputs() : this.computed.externalOutputs(call);
    const repetition = repetitionOf(block);
    if (repetition === 'single')
      return calls[0] ? valueOf(calls[0]) : tfUnknown(`module.${name} has no instance`);
    if (repetition === 'count') return calls.map(valueOf);
    const out: TfObject = {};
    for (const call of calls) out[instanceKey(call.address)] = valueOf(call);
    return out;
  }

  /** The instances of a module call: evaluated children when on disk, else external calls. */
  moduleCalls(name: string): ModuleInstance[] | ExternalModuleCall[] {
    const cached = this.moduleCache.get(name);
    if (cached) return cached;
    const block = this.tree.config.modules.get(name);
    if (!block) return [];
    const child = this.tree.children.get(name);
    const base = `${this.address ? `${this.address}.` : ''}module.${name}`;
    const expansions = this.expand(block);
    const sourceExpr = block.body.attributes.get('source');
    const source = sourceExpr ? tfToString(evaluate(sourceExpr.expr, this.scope)) : '';
    const versionExpr = block.body.attributes.get('version');
    const version = versionExpr ? tfToString(evaluate(versionExpr.expr, this.scope)) : undefined;
    const result = expansions.map((expansion) => {
      const scope = withLocals(this.scope, expansion.locals);
      const address = `${base}${expansion.suffix}`;
      const inputExpr = (input: string) => {
        if (SKIP_MODULE_ARGS.has(input)) return undefined;
        return block.body.attributes.get(input);
      };
      if (child) {
        const inputs = new Map<string, TfValue>();
        return new ModuleInstance(
          child,
          address,
          (input) => {
            const attribute = inputExpr(input);
            if (!attribute) return undefined;
            if (!inputs.has(input)) inputs.set(input, evaluate(attribute.expr, scope));
            return inputs.get(input);
          },
          this.functions,
          this.computed,
        );
      }
      const inputs: TfObject = {};
      for (const [input, attribute] of block.body.attributes) {
        if (!SKIP_MODULE_ARGS.has(input)) inputs[input] = evaluate(attribute.expr, scope);
      }
      const external: ExternalModuleCall = {
        address,
        block,
        source: source instanceof TfUnknown ? '' : source,
        ...(version !== undefined && !(version instanceof TfUnknown) ? { version } : {}),
        inputs,
        parent: this,
      };
      return external;
    });
    const typed = result as ModuleInstance[] | ExternalModuleCall[];
    this.moduleCache.set(name, typed);
    return typed;
  }

  outputs(): TfObject {
    const out: TfObject = {};
    for (const [name, block] of this.tree.config.outputs) {
      const value = block.body.attributes.get('value');
      out[name] = value ? evaluate(value.expr, this.scope) : null;
    }
    return out;
  }

  /** Every resource instance of this module and its descendants, and every external module call. */
  collect(resources: ResourceInstance[], externals: ExternalModuleCall[]): void {
    // Only IAM resources become part of the model; anything else is evaluated only if they refer to it.
    const iam = new Set(
      this.tree.config.resources
        .map((block) => block.labels as [string, string])
        .filter(([type]) => type.startsWith('aws_iam_'))
        .map(([type, name]) => `${type}.${name}`),
    );
    for (const key of iam) {
      const [type, name] = key.split('.') as [string, string];
      resources.push(...this.instances('managed', type, name));
    }
    for (const name of this.tree.config.modules.keys()) {
      for (const call of this.moduleCalls(name)) {
        if (call instanceof ModuleInstance) call.collect(resources, externals);
        else externals.push(call);
      }
    }
  }
}

const CYCLE = '__mfa_warden_cycle__';

interface Expansion {
  readonly suffix: string;
  readonly locals: Readonly<Record<string, TfValue>>;
  readonly uncertain?: string;
}

function repetitionOf(block: Block): 'single' | 'count' | 'for_each' {
  if (block.body.attributes.has('count')) return 'count';
  if (block.body.attributes.has('for_each')) return 'for_each';
  return 'single';
}

/** `aws_iam_group.this["red"]` -> `red`; `x[0]` -> `0`. */
function instanceKey(address: string): string {
  const match = /\[("(?:[^"\\]|\\.)*"|\d+|\?)\]$/.exec(address);
  if (!match?.[1]) return '';
  return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : match[1];
}

/** A block body as an object: attributes by name, nested blocks as lists of objects, `dynamic` expanded. */
export function evaluateBody(body: Body, scope: Scope): TfObject {
  const out: TfObject = {};
  for (const [name, attribute] of body.attributes) {
    if (name === 'count' || name === 'for_each' || name === 'depends_on' || name === 'provider') continue;
    out[name] = evaluate(attribute.expr, scope);
  }
  for (const block of body.blocks) {
    if (block.type === 'lifecycle' || block.type === 'provisioner' || block.type === 'connection') continue;
    if (block.type === 'dynamic') {
      const label = block.labels[0];
      if (!label) continue;
      const expanded = expandDynamic(block, label, scope);
      const list = (out[label] as TfValue[] | undefined) ?? [];
      if (isTfUnknown(expanded)) out[label] = expanded;
      else if (Array.isArray(list)) out[label] = [...list, ...expanded];
      continue;
    }
    const list = out[block.type];
    const value = evaluateBody(block.body, scope);
    if (Array.isArray(list)) list.push(value);
    else if (!isTfUnknown(list)) out[block.type] = [value];
  }
  return out;
}

function expandDynamic(block: Block, label: string, scope: Scope): TfObject[] | TfUnknown {
  const forEach = block.body.attributes.get('for_each');
  const content = block.body.blocks.find((inner) => inner.type === 'content');
  if (!forEach || !content) return tfUnknown(`dynamic "${label}" needs for_each and content`);
  const iteratorAttr = block.body.attributes.get('iterator');
  const iterator = iteratorAttr?.expr.k === 'var' ? iteratorAttr.expr.name : label;
  const coll = evaluate(forEach.expr, scope);
  const entries = iterate(coll);
  if (entries instanceof TfUnknown)
    return tfUnknown(`dynamic "${label}": for_each is unresolved: ${entries.reason}`);
  // Lists iterate by index, as Terraform does for dynamic blocks over a list.
  return entries.map(([key, value]) =>
    evaluateBody(content.body, withLocals(scope, { [iterator]: { key, value } })),
  );
}
