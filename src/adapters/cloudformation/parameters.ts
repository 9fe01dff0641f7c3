import { unknownValue, type Maybe } from '../../model/unknown.js';
import { isTemplateList, isTemplateMap, type TemplateValue } from './templateTree.js';

// A parameter's value is what the deployer passes (here: --parameter NAME=VALUE), else its Default. Without
// either the stack cannot be created, and we cannot guess: the value is Unknown and says how to provide it.

export type ParameterValue = Maybe<string | readonly string[]>;

export interface ParameterProblem {
  /** The parameter's name, or `Parameters` when the section itself is malformed. */
  readonly name: string;
  readonly message: string;
}

export interface TemplateParameters {
  readonly values: ReadonlyMap<string, ParameterValue>;
  readonly problems: readonly ParameterProblem[];
}

const SSM_TYPE = /^AWS::SSM::Parameter::Value<.+>$/;
const LIST_TYPE = /^(?:CommaDelimitedList|List<.+>)$/;

export function resolveParameters(
  section: TemplateValue | undefined,
  overrides: Readonly<Record<string, string>>,
): TemplateParameters {
  const values = new Map<string, ParameterValue>();
  const problems: ParameterProblem[] = [];
  if (section === undefined || section === null) return { values, problems };
  if (!isTemplateMap(section)) {
    return { values, problems: [{ name: 'Parameters', message: 'Parameters must be a mapping of names' }] };
  }
  for (const [name, definition] of Object.entries(section)) {
    if (!isTemplateMap(definition)) {
      problems.push({ name, message: `parameter ${name} must be a mapping with a Type` });
      values.set(name, unknownValue(`parameter ${name} is malformed`));
      continue;
    }
    const type = typeof definition.Type === 'string' ? definition.Type : 'String';
    if (SSM_TYPE.test(type)) {
      values.set(
        name,
        unknownValue(
          `parameter ${name} (${type}) is read from SSM Parameter Store when the stack is deployed`,
        ),
      );
      continue;
    }
    const given = Object.hasOwn(overrides, name) ? overrides[name] : textOf(definition.Default);
    if (given === undefined) {
      values.set(name, unknownValue(`parameter ${name} has no value; pass --parameter ${name}=...`));
      continue;
    }
    const value = LIST_TYPE.test(type) ? given.split(',').map((item) => item.trim()) : given;
    const allowed = allowedValues(definition.AllowedValues);
    const outside =
      allowed && (typeof value === 'string' ? [value] : value).filter((item) => !allowed.includes(item));
    if (outside && outside.length > 0) {
      problems.push({
        name,
        message: `parameter ${name} is "${given}", which is not one of its AllowedValues (${allowed.join(', ')})`,
      });
    }
    values.set(name, value);
  }
  return { values, problems };
}

/** Scalars as CloudFormation sees them: text. */
function textOf(value: TemplateValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function allowedValues(value: TemplateValue | undefined): string[] | undefined {
  if (!isTemplateList(value)) return undefined;
  const texts = value.map(textOf);
  return texts.every((text): text is string => text !== undefined) ? texts : undefined;
}
