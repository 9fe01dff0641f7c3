import { readFile, stat } from 'node:fs/promises';
import { decodeSourceText, megabytes } from '../../input/sourceText.js';
import { IacAccountBuilder, where, type IacSource } from '../iac/iacAccountBuilder.js';
import type { IacInputError, IacLoadResult, IacTarget } from '../iac/iacLoadResult.js';
import { TemplateResolver } from './intrinsics.js';
import { resolveParameters } from './parameters.js';
import { parseTemplate, type CloudFormationTemplate } from './parseTemplate.js';
import { collectSuppressions } from './suppressions.js';
import { declareResources, declareUnseenPrincipals } from './templateResources.js';
import { isTemplateList, isTemplateMap } from './templateTree.js';

// Each template is one deployable unit, so one model: a stack cannot see another stack's resources by name
// except through exports, which stay unknown. A file that cannot be read or parsed yields an input error and
// no model; the other files are scanned all the same.

export interface CloudFormationOptions {
  /** --parameter NAME=VALUE: parameter values, and AWS::Region / AWS::StackName / AWS::StackId. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** Transforms whose output we model: the language extensions only add functions the resolver handles. */
const MODELLED_TRANSFORMS = new Set(['AWS::LanguageExtensions']);
/** SAM generates functions and their roles, never users or groups. */
const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/**
 * CloudFormation refuses a template over 1 MB (the TemplateURL limit; 51,200 bytes as TemplateBody). Twice
 * that leaves room for templates scanned before packaging; anything larger is not a template anyone can
 * deploy, and parsing it would take time and memory for nothing.
 */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

export async function loadCloudFormation(
  files: readonly string[],
  options: CloudFormationOptions = {},
): Promise<IacLoadResult> {
  const overrides = options.parameters ?? {};
  const loaded = await Promise.all(files.map((file) => loadTemplateFile(file, overrides)));
  return {
    targets: loaded.flatMap((result) => (result.target ? [result.target] : [])),
    errors: loaded.flatMap((result) => result.errors),
  };
}

interface FileResult {
  readonly target?: IacTarget;
  readonly errors: readonly IacInputError[];
}

async function loadTemplateFile(
  file: string,
  overrides: Readonly<Record<string, string>>,
): Promise<FileResult> {
  const read = await readTemplate(file);
  if ('error' in read) return { errors: [read.error] };
  const parsed = parseTemplate(read.text, file);
  if (!parsed.ok) return { errors: [parsed.error] };
  try {
    return buildTarget(parsed.template, file, overrides);
  } catch (error) {
    // A defect of ours must not hide the other files; it is reported like bad input, with the file.
    return { errors: [{ file, message: `could not be scanned: ${(error as Error).message}` }] };
  }
}

function buildTarget(
  template: CloudFormationTemplate,
  file: string,
  overrides: Readonly<Record<string, string>>,
): FileResult {
  const errors: IacInputError[] = [];
  const templateSource: IacSource = { kind: 'iac', file, line: 1, column: 1, address: 'template' };
  const builder = new IacAccountBuilder(templateSource);

  const parameters = resolveParameters(template.root.Parameters, overrides);
  const parameterSection = template.root.Parameters;
  for (const problem of parameters.problems) {
    const at = isTemplateMap(parameterSection)
      ? template.parsed.keyPosition(parameterSection, problem.name)
      : template.parsed.keyPosition(template.root, 'Parameters');
    errors.push({ file, ...(at ?? {}), message: problem.message });
  }

  declareTransforms(template, builder, file);
  const resolver = new TemplateResolver(template.root, parameters.values, overrides);
  const structural = declareResources({ file, template, resolver, builder });
  errors.push(...structural);

  const suppressed = collectSuppressions(template, file);
  for (const suppression of suppressed.suppressions) builder.addSuppression(suppression);
  errors.push(...suppressed.errors);

  return {
    target: { label: file, account: builder.build(), brokenFiles: structural.length > 0 ? [file] : [] },
    errors,
  };
}

function declareTransforms(template: CloudFormationTemplate, builder: IacAccountBuilder, file: string): void {
  const declared = template.root.Transform;
  if (declared === undefined || declared === null) return;
  const names = isTemplateList(declared) ? declared : [declared];
  const at = template.parsed.keyPosition(template.root, 'Transform') ?? { line: 1, column: 1 };
  const source: IacSource = { kind: 'iac', file, line: at.line, column: at.column, address: 'Transform' };
  for (const name of names) {
    if (typeof name === 'string' && MODELLED_TRANSFORMS.has(name)) continue;
    if (name === SAM_TRANSFORM) {
      builder.addIssue({
        what: where(source),
        reason:
          'the SAM transform generates roles and policies for serverless resources; those are not part of this scan',
      });
      continue;
    }
    // A macro may rewrite the whole template, IAM resources included: nothing we read is certain.
    declareUnseenPrincipals(
      builder,
      source,
      `the template is processed by the transform ${typeof name === 'string' ? name : JSON.stringify(name)} before deployment, which may change its IAM resources`,
    );
  }
}

async function readTemplate(file: string): Promise<{ text: string } | { error: IacInputError }> {
  let bytes: Buffer;
  try {
    // The size first: a 100 MB file is refused without being read.
    const info = await stat(file);
    if (info.isDirectory()) return { error: { file, message: describeReadError({ code: 'EISDIR' }) } };
    if (info.size > MAX_TEMPLATE_BYTES) {
      return {
        error: {
          file,
          message: `not a CloudFormation template: the file is ${megabytes(info.size)}; CloudFormation accepts templates up to 1 MB, and mfa-warden reads up to ${megabytes(MAX_TEMPLATE_BYTES)}`,
        },
      };
    }
    bytes = await readFile(file);
  } catch (error) {
    return { error: { file, message: describeReadError(error) } };
  }
  const decoded = decodeSourceText(bytes, 'a CloudFormation template');
  if (!decoded.ok) {
    return { error: { file, ...(decoded.line ? { line: decoded.line } : {}), message: decoded.problem } };
  }
  return { text: decoded.text };
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'cannot read the template: no such file';
  if (code === 'EISDIR')
    return 'cannot read the template: it is a directory; pass the template files themselves';
  if (code === 'EACCES') return 'cannot read the template: permission denied';
  return `cannot read the template: ${(error as Error).message}`;
}
