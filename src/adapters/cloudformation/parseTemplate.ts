import type { IacInputError } from '../iac/iacLoadResult.js';
import { parseJsonTemplate } from './parseJsonTemplate.js';
import { parseYamlTemplate } from './parseYamlTemplate.js';
import {
  isTemplateList,
  isTemplateMap,
  type ParsedTemplate,
  type TemplateMap,
  type TemplateValue,
  TemplateSyntaxError,
} from './templateTree.js';

// CloudFormation accepts a template in JSON or YAML. JSON is chosen by the extension or by a leading `{`;
// such a file is parsed as strict JSON, so its errors read as JSON errors. A leading `{` in a .yaml file may
// still be a YAML flow mapping, which is tried before giving up.

export interface CloudFormationTemplate {
  readonly parsed: ParsedTemplate;
  readonly root: TemplateMap;
  readonly resources: TemplateMap;
}

/**
 * CloudFormation accepts at most 500 resources in a template. Ten times that leaves any future quota room;
 * a template with more is not one that deploys, and its findings would only flood the report.
 */
export const MAX_RESOURCES = 5_000;

export type ParseTemplateResult =
  | { readonly ok: true; readonly template: CloudFormationTemplate }
  | { readonly ok: false; readonly error: IacInputError };

export function parseTemplate(text: string, file: string): ParseTemplateResult {
  let parsed: ParsedTemplate;
  try {
    parsed = parseText(text, file);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    return {
      ok: false,
      error: { file, line: error.position.line, column: error.position.column, message: error.message },
    };
  }
  const root = parsed.root;
  if (!isTemplateMap(root)) {
    return notATemplate(file, `the top level is ${describeValue(root)}, not a mapping of sections`);
  }
  const resources = root.Resources;
  if (resources === undefined) return notATemplate(file, 'it has no Resources section');
  if (!isTemplateMap(resources)) {
    const at = parsed.keyPosition(root, 'Resources');
    return notATemplate(file, `Resources is ${describeValue(resources)}, not a mapping of logical ids`, at);
  }
  let count = 0;
  for (const logicalId in resources) {
    if (++count > MAX_RESOURCES) {
      return notATemplate(
        file,
        `it declares more than ${MAX_RESOURCES.toLocaleString('en-US')} resources (CloudFormation accepts 500 per template)`,
        parsed.keyPosition(resources, logicalId),
      );
    }
  }
  return { ok: true, template: { parsed, root, resources } };
}

function parseText(text: string, file: string): ParsedTemplate {
  const looksJson = /^\uFEFF?\s*\{/.test(text);
  if (/\.json$/i.test(file)) return parseJsonTemplate(text);
  if (!looksJson) return parseYamlTemplate(text);
  try {
    return parseJsonTemplate(text);
  } catch (jsonError) {
    try {
      return parseYamlTemplate(text);
    } catch {
      throw jsonError;
    }
  }
}

function notATemplate(file: string, why: string, at?: { line: number; column: number }): ParseTemplateResult {
  return {
    ok: false,
    error: {
      file,
      ...(at ? { line: at.line, column: at.column } : {}),
      message: `not a CloudFormation template: ${why}`,
    },
  };
}

export function describeValue(value: TemplateValue | undefined): string {
  if (value === undefined || value === null) return 'empty';
  if (isTemplateList(value)) return 'a list';
  if (isTemplateMap(value)) return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}
