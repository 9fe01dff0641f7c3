import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { IacInputError } from '../iac/iacLoadResult.js';
import type { Block } from './hclAst.js';
import { loadModuleConfig, type ModuleConfig } from './moduleConfig.js';

// Module sources are literal strings in Terraform, so the whole tree of module configurations can be loaded
// before anything is evaluated, and evaluation stays synchronous. Local sources (`./modules/x`) are read
// from disk; downloaded ones are found through `.terraform/modules/modules.json`, as `terraform init` left
// them. A call whose source is not on disk has no child: the evaluator treats it as external.

export interface ModuleTree {
  readonly config: ModuleConfig;
  /** Children by module call name; absent when the source is not on disk. */
  readonly children: ReadonlyMap<string, ModuleTree>;
}

interface ManifestEntry {
  Key?: string;
  Source?: string;
  Dir?: string;
}

const MAX_DEPTH = 32;

export async function loadModuleTree(
  rootDir: string,
  only?: readonly string[],
): Promise<{ tree: ModuleTree; errors: IacInputError[] }> {
  const manifest = await readManifest(rootDir);
  const errors: IacInputError[] = [];
  const cache = new Map<string, ModuleConfig>();
  const load = async (dir: string, files?: readonly string[]): Promise<ModuleConfig> => {
    const key = files ? files.join('\0') : resolve(dir);
    const hit = cache.get(key);
    if (hit) return hit;
    const config = await loadModuleConfig(dir, files);
    cache.set(key, config);
    errors.push(...config.errors);
    return config;
  };
  const build = async (
    config: ModuleConfig,
    keyPath: string,
    depth: number,
    stack: readonly string[],
  ): Promise<ModuleTree> => {
    const children = new Map<string, ModuleTree>();
    for (const [name, block] of config.modules) {
      const key = keyPath ? `${keyPath}.${name}` : name;
      const dir = childDir(config.dir, rootDir, block, manifest.get(key));
      if (!dir) continue;
      const resolved = resolve(dir);
      if (depth >= MAX_DEPTH || stack.includes(resolved)) {
        errors.push({
          file: block.file,
          line: block.pos.line,
          column: block.pos.column,
          message: `module "${name}" includes itself (recursive module sources)`,
        });
        continue;
      }
      const child = await load(dir);
      children.set(name, await build(child, key, depth + 1, [...stack, resolved]));
    }
    return { config, children };
  };
  const root = await load(rootDir, only);
  return { tree: await build(root, '', 0, [resolve(rootDir)]), errors };
}

function childDir(
  parentDir: string,
  rootDir: string,
  block: Block,
  entry: ManifestEntry | undefined,
): string | undefined {
  const source = literalSource(block);
  if (source !== undefined && (source.startsWith('./') || source.startsWith('../')))
    return join(parentDir, source);
  if (entry?.Dir) return isAbsolute(entry.Dir) ? entry.Dir : join(rootDir, entry.Dir);
  return undefined;
}

export function literalSource(block: Block): string | undefined {
  const expr = block.body.attributes.get('source')?.expr;
  if (!expr) return undefined;
  if (expr.k === 'lit' && typeof expr.value === 'string') return expr.value;
  if (expr.k === 'template' && expr.parts.every((part) => part.k === 'text')) {
    return expr.parts.map((part) => (part.k === 'text' ? part.text : '')).join('');
  }
  return undefined;
}

async function readManifest(rootDir: string): Promise<Map<string, ManifestEntry>> {
  const out = new Map<string, ManifestEntry>();
  let text: string;
  try {
    text = await readFile(join(rootDir, '.terraform', 'modules', 'modules.json'), 'utf8');
  } catch {
    return out;
  }
  try {
    const parsed = JSON.parse(text) as { Modules?: ManifestEntry[] };
    for (const entry of parsed.Modules ?? []) if (entry.Key) out.set(entry.Key, entry);
  } catch {
    // A corrupt manifest is as good as none: the modules it names are then "not on disk".
  }
  return out;
}
