import { readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { decodeSourceText } from '../../input/sourceText.js';
import { IacAccountBuilder } from '../iac/iacAccountBuilder.js';
import type { IacInputError, IacLoadResult, IacTarget } from '../iac/iacLoadResult.js';
import { renderTemplate, type Scope } from './evaluateExpr.js';
import type { FunctionContext } from './functions.js';
import type { HclFile } from './hclAst.js';
import { ModuleInstance, type ExternalModuleCall, type ResourceInstance } from './moduleInstance.js';
import { isTerraformFile, loadModuleConfig } from './moduleConfig.js';
import { literalSource, loadModuleTree, type ModuleTree } from './moduleTree.js';
import { initHclParser, parseTemplateSync } from './parseHcl.js';
import { isPlanJson, loadPlan } from './loadPlan.js';
import { addTerraformResources, enforceMfaModelOf, fromInstance } from './terraformToModel.js';
import { terraformSuppressions } from './terraformSuppressions.js';
import { tfUnknown, TfUnknown, type TfValue } from './value.js';
import { resolveRaw, rootVariables, type VariableOptions } from './variableValues.js';

// `scan terraform PATH...`: each PATH is a root module directory, one or more `.tf`/`.tf.json` files (files
// of one directory given together form one module), or plan JSON from `terraform show -json`. Each becomes
// one model; a file that does not parse is an input error and the rest is still scanned.

export type TerraformOptions = VariableOptions;

export async function loadTerraform(
  paths: readonly string[],
  options: TerraformOptions = {},
): Promise<IacLoadResult> {
  await initHclParser();
  const targets: IacTarget[] = [];
  const errors: IacInputError[] = [];
  const fileGroups = new Map<string, string[]>();
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      errors.push({
        file: path,
        message: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      continue;
    }
    if (isDir) {
      const roots = await findRootModules(path);
      if (roots.length === 0) {
        errors.push({
          file: path,
          message: 'no Terraform files (.tf, .tf.json) in this directory or below it',
        });
      }
      for (const root of roots)
        pushTarget(targets, await loadRootModule(root, root, undefined, options, errors));
    } else if (path.endsWith('.tf') || path.endsWith('.tf.json')) {
      const dir = dirname(path);
      fileGroups.set(dir, [...(fileGroups.get(dir) ?? []), path]);
    } else if (path.endsWith('.json')) {
      const text = await readPlanText(path, errors);
      if (text === undefined) continue;
      if (!isPlanJson(text)) {
        errors.push({
          file: path,
          line: 1,
          column: 1,
          message:
            'not Terraform: expected plan JSON from `terraform show -json` (with "planned_values"), a .tf or .tf.json file, or a module directory',
        });
        continue;
      }
      const plan = loadPlan(text, path);
      if ('message' in plan) errors.push(plan);
      else targets.push(plan);
    } else {
      errors.push({
        file: path,
        message:
          'not Terraform: expected a module directory, a .tf or .tf.json file, or plan JSON from `terraform show -json`',
      });
    }
  }
  for (const [dir, files] of fileGroups)
    pushTarget(targets, await loadRootModule(files.join(' '), dir, files, options, errors));
  return { targets, errors };
}

/** A plan file's text; undefined (with the error recorded) when it cannot be read or is not UTF-8 text. */
async function readPlanText(path: string, errors: IacInputError[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    errors.push({ file: path, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
  const decoded = decodeSourceText(bytes, 'Terraform plan JSON');
  if (decoded.ok) return decoded.text;
  errors.push({ file: path, ...(decoded.line ? { line: decoded.line } : {}), message: decoded.problem });
  return undefined;
}

const SKIP_DIRS = new Set(['.terraform', '.git', 'node_modules']);

/**
 * A directory with Terraform files is a root module. One without is searched below for root modules, as
 * Trivy and Checkov do: every directory with Terraform files that no other found module calls as a local
 * source (`./modules/team` is a child, not a root).
 */
async function findRootModules(dir: string): Promise<string[]> {
  const candidates: string[] = [];
  const walk = async (current: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((entry) => entry.isFile() && isTerraformFile(entry.name))) {
      candidates.push(current);
      if (current === dir) return;
    }
    if (depth > 12) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) await walk(join(current, entry.name), depth + 1);
    }
  };
  await walk(dir, 0);
  if (candidates[0] === dir) return [dir];
  const called = new Set<string>();
  for (const candidate of candidates) {
    const config = await loadModuleConfig(candidate);
    for (const block of config.modules.values()) {
      const source = literalSource(block);
      if (source?.startsWith('./') || source?.startsWith('../')) called.add(resolve(candidate, source));
    }
  }
  return candidates.filter((candidate) => !called.has(resolve(candidate)));
}

function pushTarget(targets: IacTarget[], target: IacTarget | undefined): void {
  if (target) targets.push(target);
}

/** A root module none of whose files could be read yields no target: there is nothing to report on. */
async function loadRootModule(
  label: string,
  dir: string,
  only: readonly string[] | undefined,
  options: TerraformOptions,
  errors: IacInputError[],
): Promise<IacTarget | undefined> {
  const { tree, errors: loadErrors } = await loadModuleTree(dir, only);
  errors.push(...loadErrors);
  if (tree.config.files.length === 0 && loadErrors.length > 0) return undefined;
  const raw = await rootVariables(dir, options);
  const inputs = new Map<string, TfValue>();
  for (const [name, value] of raw) {
    const block = tree.config.variables.get(name);
    if (block) inputs.set(name, await resolveRaw(value, block.body.attributes.get('type')?.expr));
  }
  const root = new ModuleInstance(tree, '', (name) => inputs.get(name), functionContext(dir), {
    rootDir: dir,
    externalOutputs: externalModuleOutputs,
  });
  const instances: ResourceInstance[] = [];
  const externals: ExternalModuleCall[] = [];
  const builder = new IacAccountBuilder({ kind: 'iac', file: dir, line: 1, address: 'root module' });
  try {
    root.collect(instances, externals);
    addTerraformResources(builder, instances.map(fromInstance), externals);
  } catch (error) {
    // An expression nested deeper than the stack allows: report the module, never crash the run.
    errors.push({ file: dir, message: `cannot be evaluated: ${(error as Error).message}` });
    return undefined;
  }
  const files = allFiles(tree);
  const { suppressions, errors: suppressionErrors, stray } = terraformSuppressions(files);
  errors.push(...suppressionErrors);
  for (const suppression of suppressions) builder.addSuppression(suppression);
  for (const note of stray) builder.addIssue({ what: `${note.file}:${note.line}`, reason: note.message });
  const brokenFiles = loadErrors.map((error) => error.file);
  return {
    label,
    account: builder.build(),
    brokenFiles: [...brokenFiles, ...suppressionErrors.map((e) => e.file)],
  };
}

/** The modelled enforce-mfa module answers its outputs (`arn`, `id`, ...); any other unseen module cannot. */
function externalModuleOutputs(call: ExternalModuleCall): TfValue {
  const model = enforceMfaModelOf(call);
  if (model) return model instanceof TfUnknown ? model : { ...model.outputs };
  return tfUnknown(
    `outputs of ${call.address} (source "${call.source}") are not known: the module is not on disk; run terraform init`,
  );
}

function allFiles(tree: ModuleTree, out: HclFile[] = [], seen = new Set<ModuleTree>()): HclFile[] {
  if (seen.has(tree)) return out;
  seen.add(tree);
  out.push(...tree.config.files);
  for (const child of tree.children.values()) allFiles(child, out, seen);
  return out;
}

/** file() and templatefile() read relative to the root module, where Terraform runs; reads are cached. */
function functionContext(rootDir: string): FunctionContext {
  const cache = new Map<string, string | ReturnType<typeof tfUnknown>>();
  const context: FunctionContext = {
    baseDir: rootDir,
    readFile(path: string) {
      const full = isAbsolute(path) ? path : join(rootDir, path);
      let hit = cache.get(full);
      if (hit === undefined) {
        try {
          hit = readFileSync(full, 'utf8');
        } catch (error) {
          hit = tfUnknown(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
        cache.set(full, hit);
      }
      return hit;
    },
    renderTemplate(template: string, vars: Readonly<Record<string, TfValue>>, file: string) {
      const parts = parseTemplateSync(template, file);
      if (!Array.isArray(parts)) return tfUnknown(`${file}: ${parts.message}`);
      const scope: Scope = {
        functions: context,
        resolve: (name) =>
          Object.hasOwn(vars, name)
            ? { value: vars[name] as TfValue, consumed: 0 }
            : {
                value: tfUnknown(`${file}: template variable ${name} is not given to templatefile()`),
                consumed: 0,
              },
      };
      return renderTemplate(parts, scope);
    },
  };
  return context;
}
