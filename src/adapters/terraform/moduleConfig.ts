import { readdir, readFile } from 'node:fs/promises';
import { decodeSourceText } from '../../input/sourceText.js';
import { join } from 'node:path';
import type { IacInputError } from '../iac/iacLoadResult.js';
import type { Attribute, Block, HclFile } from './hclAst.js';
import { parseHcl } from './parseHcl.js';
import { parseTfJson } from './parseTfJson.js';

// One module's configuration: every .tf and .tf.json file of a directory, parsed and indexed by block kind.
// A file that does not parse is reported with file:line:column; the module keeps the files that did, and
// records the broken ones so the scan can refuse to pass anything on incomplete code.

export interface LocatedAttribute extends Attribute {
  readonly file: string;
}

export interface ModuleConfig {
  readonly dir: string;
  readonly files: readonly HclFile[];
  readonly variables: ReadonlyMap<string, Block>;
  readonly locals: ReadonlyMap<string, LocatedAttribute>;
  readonly resources: readonly Block[];
  readonly data: readonly Block[];
  readonly modules: ReadonlyMap<string, Block>;
  readonly outputs: ReadonlyMap<string, Block>;
  readonly errors: readonly IacInputError[];
}

export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/** Loads a module from a directory, or from the given files only (a `.tf` path on the command line). */
export async function loadModuleConfig(dir: string, only?: readonly string[]): Promise<ModuleConfig> {
  const errors: IacInputError[] = [];
  let names: string[];
  if (only) {
    names = [...only];
  } else {
    try {
      names = (await readdir(dir))
        .filter(isTerraformFile)
        .sort()
        .map((name) => join(dir, name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      errors.push({ file: dir, message: `cannot read the module directory (${code})` });
      names = [];
    }
  }
  const files: HclFile[] = [];
  for (const path of names) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      errors.push({ file: path, message: `cannot read the file (${code})` });
      continue;
    }
    // Strict UTF-8: a UTF-16, Latin-1 or binary file is named as such (with its line), never half read.
    const decoded = decodeSourceText(bytes, 'Terraform');
    if (!decoded.ok) {
      errors.push({ file: path, message: decoded.problem, ...(decoded.line ? { line: decoded.line } : {}) });
      continue;
    }
    const text = decoded.text;
    try {
      const outcome = path.endsWith('.json') ? await parseTfJson(text, path) : await parseHcl(text, path);
      if (outcome.ok) files.push(outcome.file);
      else errors.push(outcome.error);
    } catch (error) {
      // Pathological input (nesting deep enough to exhaust the stack) is still only this file's problem.
      errors.push({ file: path, message: `cannot be read: ${(error as Error).message}` });
    }
  }
  return indexModule(dir, files, errors);
}

/** `override.tf`, `x_override.tf` (and `.tf.json`): merged into the blocks they name, as Terraform does. */
export function isOverrideFile(path: string): boolean {
  return /(^|[/\\])(override|[^/\\]*_override)\.tf(\.json)?$/.test(path);
}

/**
 * Terraform's override semantics: an override block replaces the attributes it sets and, for each nested
 * block type it contains, all nested blocks of that type; a `locals` override replaces single values.
 */
function applyOverrides(files: readonly HclFile[]): HclFile[] {
  const base = files.filter((file) => !isOverrideFile(file.file));
  const overrides = files.filter((file) => isOverrideFile(file.file));
  if (overrides.length === 0) return [...files];
  const blocks = base.map((file) => [...file.body.blocks]);
  const key = (block: Block) => `${block.type}\u0000${block.labels.join('\u0000')}`;
  for (const override of overrides) {
    for (const block of override.body.blocks) {
      if (block.type === 'locals') {
        blocks.push([block]);
        continue;
      }
      for (const list of blocks) {
        const index = list.findIndex((candidate) => key(candidate) === key(block));
        if (index < 0) continue;
        const original = list[index] as Block;
        const attributes = new Map(original.body.attributes);
        for (const [name, attribute] of block.body.attributes) attributes.set(name, attribute);
        const replaced = new Set(block.body.blocks.map((nested) => nested.type));
        const nested = [...original.body.blocks.filter((b) => !replaced.has(b.type)), ...block.body.blocks];
        list[index] = { ...original, body: { attributes, blocks: nested } };
      }
    }
  }
  return [
    ...base.map((file, index) => ({ ...file, body: { ...file.body, blocks: blocks[index] as Block[] } })),
    ...blocks.slice(base.length).map((list, index) => ({
      file: overrides[0]?.file ?? `override-${index}`,
      body: { attributes: new Map(), blocks: list },
      comments: [],
    })),
  ];
}

export function indexModule(
  dir: string,
  rawFiles: readonly HclFile[],
  errors: IacInputError[],
): ModuleConfig {
  const files = applyOverrides(rawFiles);
  const variables = new Map<string, Block>();
  const locals = new Map<string, LocatedAttribute>();
  const resources: Block[] = [];
  const data: Block[] = [];
  const modules = new Map<string, Block>();
  const outputs = new Map<string, Block>();
  for (const file of files) {
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      switch (block.type) {
        case 'variable':
          if (first !== undefined) variables.set(first, block);
          break;
        case 'locals':
          for (const attribute of block.body.attributes.values())
            locals.set(attribute.name, { ...attribute, file: file.file });
          break;
        case 'resource':
          if (first !== undefined && second !== undefined) resources.push(block);
          break;
        case 'data':
          if (first !== undefined && second !== undefined) data.push(block);
          break;
        case 'module':
          if (first !== undefined) modules.set(first, block);
          break;
        case 'output':
          if (first !== undefined) outputs.set(first, block);
          break;
        default:
          break;
      }
    }
  }
  return { dir, files, variables, locals, resources, data, modules, outputs, errors };
}
