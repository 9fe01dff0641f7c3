import type { Expr, Step, TemplatePart } from './hclAst.js';
import { addressOf } from './resourceAddressMark.js';
import { callFunction, isTfError, tfError, type FunctionContext } from './functions.js';
import {
  firstUnknown,
  isTfObject,
  TfPartialJson,
  isTfUnknown,
  tfEquals,
  tfToString,
  tfUnknown,
  TfUnknown,
  type TfObject,
  type TfValue,
} from './value.js';

// Evaluates HCL expressions over TfValue. Root names (var, local, module, data, resource types, each, count,
// path) are resolved by the caller's Scope, lazily, so only what an IAM resource references is computed.
// Every operation on an unknown yields an unknown with the first reason: nothing unresolved becomes a value.

export interface Scope {
  /** Resolves a root name with the traversal that follows it; returns the value and the steps it consumed. */
  resolve(name: string, steps: readonly Step[]): Resolved;
  readonly functions: FunctionContext;
}

export interface Resolved {
  readonly value: TfValue;
  /** How many of the steps the scope consumed (e.g. `var.x` consumes the `.x`). */
  readonly consumed: number;
}

/** A scope with extra local names (for-expression and template-for variables, dynamic block iterators). */
export function withLocals(scope: Scope, locals: Readonly<Record<string, TfValue>>): Scope {
  return {
    functions: scope.functions,
    resolve(name, steps) {
      if (Object.hasOwn(locals, name)) return { value: locals[name] as TfValue, consumed: 0 };
      return scope.resolve(name, steps);
    },
  };
}

export function evaluate(expr: Expr, scope: Scope): TfValue {
  switch (expr.k) {
    case 'lit':
      return expr.value;
    case 'invalid':
      return tfUnknown(expr.reason);
    case 'template':
      return renderTemplate(expr.parts, scope);
    case 'var':
      return traverse(expr.name, [], scope);
    case 'traverse':
      if (expr.root.k === 'var') return traverse(expr.root.name, expr.steps, scope);
      return applySteps(evaluate(expr.root, scope), expr.steps, scope);
    case 'call':
      return call(expr, scope);
    case 'tuple':
      // Unknown elements stay elements: `[known, var.unset]` has a known length.
      return expr.items.map((item) => evaluate(item, scope));
    case 'object': {
      const out: TfObject = {};
      for (const item of expr.items) {
        const key = item.ident ?? tfToString(evaluate(item.key, scope));
        if (key instanceof TfUnknown) return key;
        out[key] = evaluate(item.value, scope);
      }
      return out;
    }
    case 'cond': {
      const test = evaluate(expr.test, scope);
      if (isTfUnknown(test)) {
        const a = evaluate(expr.then, scope);
        const b = evaluate(expr.else, scope);
        return tfEquals(a, b) ? a : test;
      }
      const truth = toBool(test);
      if (truth instanceof TfUnknown) return truth;
      return evaluate(truth ? expr.then : expr.else, scope);
    }
    case 'unary': {
      const value = evaluate(expr.operand, scope);
      if (isTfUnknown(value)) return value;
      if (expr.op === '!') {
        const truth = toBool(value);
        return truth instanceof TfUnknown ? truth : !truth;
      }
      const number = toNumber(value);
      return number instanceof TfUnknown ? number : -number;
    }
    case 'binary':
      return binary(expr.op, expr.left, expr.right, scope);
    case 'for':
      return forExpr(expr, scope);
  }
}

function traverse(name: string, steps: readonly Step[], scope: Scope): TfValue {
  const resolved = scope.resolve(name, steps);
  return applySteps(resolved.value, steps.slice(resolved.consumed), scope);
}

export function applySteps(value: TfValue, steps: readonly Step[], scope: Scope): TfValue {
  let current = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (isTfUnknown(current)) return current;
    if (step.k === 'splat') {
      const rest = steps.slice(i + 1);
      const list = current === null ? [] : Array.isArray(current) ? current : [current];
      return list.map((item) => applySteps(item, rest, scope));
    }
    if (step.k === 'attr') {
      current = getAttr(current, step.name);
      continue;
    }
    const key = evaluate(step.key, scope);
    current = index(current, key);
  }
  return current;
}

function getAttr(value: TfValue, name: string): TfValue {
  if (isTfObject(value)) {
    if (Object.hasOwn(value, name)) return value[name] as TfValue;
    const address = addressOf(value);
    if (address) return tfUnknown(`${address}.${name} is not set in the code (known only after apply)`);
    return tfError(`unsupported attribute "${name}"`);
  }
  if (Array.isArray(value) && /^\d+$/.test(name)) return index(value, Number(name));
  if (value === null) return tfError(`attribute "${name}" of a null value`);
  return tfError(`cannot read attribute "${name}" of a ${typeof value}`);
}

function index(value: TfValue, key: TfValue): TfValue {
  if (isTfUnknown(key)) return key;
  if (Array.isArray(value)) {
    const n = toNumber(key);
    if (n instanceof TfUnknown) return n;
    if (!Number.isInteger(n) || n < 0 || n >= value.length) return tfError(`index ${n} out of range`);
    return value[n] as TfValue;
  }
  if (isTfObject(value)) {
    const k = tfToString(key);
    if (k instanceof TfUnknown) return k;
    if (Object.hasOwn(value, k)) return value[k] as TfValue;
    return tfError(`key "${k}" does not exist`);
  }
  return tfError(`cannot index a ${value === null ? 'null value' : typeof value}`);
}

function call(expr: Extract<Expr, { k: 'call' }>, scope: Scope): TfValue {
  // try() and can() skip evaluation errors, but a value merely unknown before apply may still succeed or
  // fail once known, so it makes the result unknown rather than falling through to the next argument.
  if (expr.name === 'try') {
    for (const arg of expr.args) {
      const value = evaluate(arg, scope);
      if (!isTfError(value)) return value;
    }
    return tfError('no argument of try() could be evaluated without an error');
  }
  if (expr.name === 'can') {
    const value = expr.args[0] ? evaluate(expr.args[0], scope) : tfError('can() needs an argument');
    if (isTfError(value)) return false;
    return isTfUnknown(value) ? value : true;
  }
  let args = expr.args.map((arg) => evaluate(arg, scope));
  if (expr.expand) {
    const last = args[args.length - 1];
    if (isTfUnknown(last)) return last;
    if (!Array.isArray(last)) return tfUnknown(`${expr.name}(...): the expanded argument is not a list`);
    args = [...args.slice(0, -1), ...last];
  }
  if (expr.name === 'jsonencode' && args.length === 1) {
    const unknown = firstUnknown(args[0] as TfValue);
    const reason = unknown?.reason;
    if (reason !== undefined && !isTfError(unknown)) return new TfPartialJson(reason, args[0] as TfValue);
  }
  return callFunction(expr.name, args, scope.functions);
}

export function renderTemplate(parts: readonly TemplatePart[], scope: Scope): TfValue {
  // A template that is exactly one interpolation yields the value itself, not its string form.
  if (parts.length === 1 && parts[0]?.k === 'interp') return evaluate(parts[0].expr, scope);
  let out = '';
  for (const part of parts) {
    const piece = renderPart(part, scope);
    if (piece instanceof TfUnknown) return piece;
    out += piece;
  }
  return out;
}

function renderPart(part: TemplatePart, scope: Scope): string | TfUnknown {
  switch (part.k) {
    case 'text':
      return part.text;
    case 'interp':
      return tfToString(evaluate(part.expr, scope));
    case 'if': {
      const test = evaluate(part.cond, scope);
      if (isTfUnknown(test)) return test;
      const truth = toBool(test);
      if (truth instanceof TfUnknown) return truth;
      const rendered = renderTemplate(truth ? part.then : part.else, scope);
      return rendered instanceof TfUnknown ? rendered : tfToString(rendered);
    }
    case 'for': {
      const coll = evaluate(part.coll, scope);
      const entries = iterate(coll);
      if (entries instanceof TfUnknown) return entries;
      let out = '';
      for (const [key, value] of entries) {
        const inner = withLocals(scope, { [part.value]: value, ...(part.key ? { [part.key]: key } : {}) });
        let piece = '';
        for (const bodyPart of part.body) {
          const rendered = renderPart(bodyPart, inner);
          if (rendered instanceof TfUnknown) return rendered;
          piece += rendered;
        }
        out += piece;
      }
      return out;
    }
  }
}

/** Key/value pairs of a collection, as for expressions and for_each see them (objects by sorted key). */
export function iterate(coll: TfValue): [TfValue, TfValue][] | TfUnknown {
  if (isTfUnknown(coll)) return coll;
  if (Array.isArray(coll)) return coll.map((value, i) => [i, value]);
  if (isTfObject(coll))
    return Object.keys(coll)
      .sort()
      .map((key) => [key, coll[key] as TfValue]);
  if (coll === null) return tfError('cannot iterate over a null value');
  return tfError(`cannot iterate over a ${typeof coll}`);
}

function forExpr(expr: Extract<Expr, { k: 'for' }>, scope: Scope): TfValue {
  const entries = iterate(evaluate(expr.coll, scope));
  if (entries instanceof TfUnknown) return entries;
  const list: TfValue[] = [];
  const object: Record<string, TfValue> = {};
  const groups: Record<string, TfValue[]> = {};
  for (const [key, value] of entries) {
    const inner = withLocals(scope, { [expr.value]: value, ...(expr.key ? { [expr.key]: key } : {}) });
    if (expr.cond) {
      const keep = evaluate(expr.cond, inner);
      if (isTfUnknown(keep)) return keep;
      const truth = toBool(keep);
      if (truth instanceof TfUnknown) return truth;
      if (!truth) continue;
    }
    if (!expr.keyExpr) {
      list.push(evaluate(expr.valueExpr, inner));
      continue;
    }
    const k = tfToString(evaluate(expr.keyExpr, inner));
    if (k instanceof TfUnknown) return k;
    const v = evaluate(expr.valueExpr, inner);
    if (expr.group) (groups[k] ??= []).push(v);
    else if (Object.hasOwn(object, k))
      return tfUnknown(`duplicate key "${k}" in for expression (use ... to group)`);
    else object[k] = v;
  }
  if (!expr.keyExpr) return list;
  return expr.group ? groups : object;
}

function binary(op: string, leftExpr: Expr, rightExpr: Expr, scope: Scope): TfValue {
  const left = evaluate(leftExpr, scope);
  if (op === '&&' || op === '||') {
    const l = isTfUnknown(left) ? left : toBool(left);
    if (!(l instanceof TfUnknown) && (op === '&&' ? !l : l)) return l;
    const right = evaluate(rightExpr, scope);
    const r = isTfUnknown(right) ? right : toBool(right);
    if (!(r instanceof TfUnknown) && (op === '&&' ? !r : r)) return r;
    if (l instanceof TfUnknown) return l;
    return r;
  }
  const right = evaluate(rightExpr, scope);
  if (isTfUnknown(left)) return left;
  if (isTfUnknown(right)) return right;
  if (op === '==') return tfEquals(left, right);
  if (op === '!=') return !tfEquals(left, right);
  const a = toNumber(left);
  const b = toNumber(right);
  if (a instanceof TfUnknown) return a;
  if (b instanceof TfUnknown) return b;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? tfError('division by zero') : a / b;
    case '%':
      return b === 0 ? tfError('modulo by zero') : a % b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return tfUnknown(`unsupported operator ${op}`);
  }
}

export function toBool(value: TfValue): boolean | TfUnknown {
  if (isTfUnknown(value)) return value;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return tfError(`a ${value === null ? 'null value' : typeof value} is not a bool`);
}

export function toNumber(value: TfValue): number | TfUnknown {
  if (isTfUnknown(value)) return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return tfError(`${JSON.stringify(value)} is not a number`);
}
