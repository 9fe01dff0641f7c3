import path from 'node:path';
import { COLLECTION_FUNCTIONS } from './fnCollection.js';
import { SCALAR_FUNCTIONS } from './fnScalar.js';
import { STRING_FUNCTIONS } from './fnString.js';
import {
  asObject,
  asString,
  at,
  fail,
  firstError,
  firstProblem,
  FnFailure,
  FnUnsupported,
  spec,
  tfError,
  unsupported,
  type FnSpec,
  type FunctionContext,
} from './fnSupport.js';
import { isTfUnknown, tfUnknown, type TfValue } from './value.js';

// Terraform's built-in functions over the evaluator's values, with Terraform 1.x semantics (the reference is
// Terraform's function table and the cty stdlib behind it). A call never throws: what Terraform would reject
// is a TfEvalError naming the function, what depends on unknown values is unknown, and what mfa-warden does
// not model (an unsupported function, a regexp construct we cannot translate) is a plain TfUnknown.

export { isTfError, tfError, TfEvalError, type FunctionContext } from './fnSupport.js';

function resolvePath(file: string, ctx: FunctionContext): string {
  if (file.startsWith('~'))
    unsupported('a path starting with ~ depends on the home directory of whoever runs Terraform');
  return path.normalize(path.isAbsolute(file) ? file : path.join(ctx.baseDir, file));
}

const TEMPLATE_VARIABLE = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

function templateVars(value: TfValue): Readonly<Record<string, TfValue>> {
  const vars = asObject(value, 'invalid vars value: must be a map;');
  for (const name of Object.keys(vars)) {
    if (!TEMPLATE_VARIABLE.test(name)) {
      fail(
        `invalid template variable name "${name}": must start with a letter, followed by zero or more letters, digits, and underscores`,
      );
    }
  }
  return vars;
}

function templatefile(args: readonly TfValue[], ctx: FunctionContext): TfValue {
  const file = resolvePath(asString(at(args, 0), 'path'), ctx);
  const vars = templateVars(at(args, 1));
  const text = ctx.readFile(file);
  if (isTfUnknown(text)) return text;
  return ctx.renderTemplate(text, vars, file);
}

// try() and can() receive each argument already evaluated; an argument that failed is a TfEvalError.
function tryFunction(args: readonly TfValue[]): TfValue {
  const errors: string[] = [];
  for (const arg of args) {
    const error = firstError(arg);
    if (error) {
      errors.push(error.reason);
      continue;
    }
    // Once known, this argument might still fail and hand the result to a later one: not decidable yet.
    const unknown = firstProblem([arg], true);
    return unknown ?? arg;
  }
  return tfError(`try(): no expression succeeded: ${errors.join('; ')}`);
}

function canFunction(args: readonly TfValue[]): TfValue {
  const arg = at(args, 0);
  if (firstError(arg)) return false;
  return firstProblem([arg], true) ?? true;
}

/** Go's filepath.Clean on a slash-separated path. */
function cleanPath(file: string): string {
  const normal = path.posix.normalize(file);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

function basename(file: string): string {
  if (file === '') return '.';
  const trimmed = file.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirname(file: string): string {
  return cleanPath(file.slice(0, file.lastIndexOf('/') + 1) || '.');
}

const notYetKnown = (name: string, min: number, max: number): FnSpec =>
  spec(min, max, () => tfUnknown(`${name}() returns a different value on every Terraform run`));

const OTHER_FUNCTIONS: Readonly<Record<string, FnSpec>> = {
  basename: spec(1, 1, (args) => basename(asString(at(args, 0), 'path'))),
  bcrypt: notYetKnown('bcrypt', 1, 2),
  can: spec(1, 1, canFunction, 'raw'),
  dirname: spec(1, 1, (args) => dirname(asString(at(args, 0), 'path'))),
  file: spec(1, 1, (args, ctx) => ctx.readFile(resolvePath(asString(at(args, 0), 'path'), ctx))),
  nonsensitive: spec(1, 1, (args) => at(args, 0), 'shallow'),
  plantimestamp: spec(0, 0, () => tfUnknown('plantimestamp() is known only when Terraform plans')),
  sensitive: spec(1, 1, (args) => at(args, 0), 'shallow'),
  templatefile: spec(2, 2, templatefile, 'shallow'),
  templatestring: spec(
    2,
    2,
    (args, ctx) =>
      ctx.renderTemplate(asString(at(args, 0), 'template'), templateVars(at(args, 1)), '<templatestring>'),
    'shallow',
  ),
  timestamp: notYetKnown('timestamp', 0, 0),
  try: spec(1, Infinity, tryFunction, 'raw'),
  uuid: notYetKnown('uuid', 0, 0),
};

// A Map, so that names such as "constructor" or "__proto__" are simply not found.
const REGISTRY: ReadonlyMap<string, FnSpec> = new Map(
  Object.entries({ ...COLLECTION_FUNCTIONS, ...STRING_FUNCTIONS, ...SCALAR_FUNCTIONS, ...OTHER_FUNCTIONS }),
);

export const SUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set(REGISTRY.keys());

function arityError(name: string, fn: FnSpec, given: number): TfValue {
  const expected =
    fn.max === Infinity ? `at least ${fn.min}` : fn.min === fn.max ? `${fn.min}` : `${fn.min} to ${fn.max}`;
  return tfError(`${name}(): expects ${expected} argument(s), got ${given}`);
}

export function callFunction(name: string, args: readonly TfValue[], ctx: FunctionContext): TfValue {
  // Terraform also offers every built-in under the core:: namespace.
  const plain = name.startsWith('core::') ? name.slice('core::'.length) : name;
  const fn = REGISTRY.get(plain);
  if (!fn) return tfUnknown(`function ${name} is not supported by mfa-warden's evaluator`);
  if (args.length < fn.min || args.length > fn.max) return arityError(plain, fn, args.length);
  if (fn.unknowns !== 'raw') {
    const problem =
      fn.unknowns === 'self'
        ? args.map(firstError).find(Boolean)
        : firstProblem(args, fn.unknowns === 'deep');
    if (problem) return problem;
  }
  try {
    const result = fn.impl(args, ctx);
    if (typeof result === 'number' && !Number.isFinite(result)) {
      return tfUnknown(`${plain}(): the result is not a finite number, which mfa-warden does not model`);
    }
    return result;
  } catch (error) {
    if (error instanceof FnFailure) return tfError(`${plain}(): ${error.message}`);
    if (error instanceof FnUnsupported) return tfUnknown(`${plain}(): ${error.message}`);
    const message = error instanceof Error ? error.message : String(error);
    return tfUnknown(`${plain}(): mfa-warden could not evaluate this call (${message})`);
  }
}
