import type { TfValue } from './value.js';

// The part of HCL the evaluator needs, independent of tree-sitter: trees are converted once and freed, so a
// 50 MB configuration keeps only this compact form, and `.tf.json` files convert to the same shape.

export interface Position {
  readonly line: number;
  readonly column: number;
}

export type TemplatePart =
  | { readonly k: 'text'; readonly text: string }
  | { readonly k: 'interp'; readonly expr: Expr }
  | { readonly k: 'if'; readonly cond: Expr; readonly then: TemplatePart[]; readonly else: TemplatePart[] }
  | {
      readonly k: 'for';
      readonly key?: string;
      readonly value: string;
      readonly coll: Expr;
      readonly body: TemplatePart[];
    };

/** Traversal steps after a root: `.name`, `[expr]`, and splats that map the rest over a list. */
export type Step =
  | { readonly k: 'attr'; readonly name: string }
  | { readonly k: 'index'; readonly key: Expr }
  | { readonly k: 'splat' };

export type Expr = (
  | { readonly k: 'lit'; readonly value: TfValue }
  | { readonly k: 'template'; readonly parts: TemplatePart[] }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'traverse'; readonly root: Expr; readonly steps: Step[] }
  | { readonly k: 'call'; readonly name: string; readonly args: Expr[]; readonly expand: boolean }
  | { readonly k: 'tuple'; readonly items: Expr[] }
  | {
      readonly k: 'object';
      readonly items: { readonly key: Expr; readonly ident?: string; readonly value: Expr }[];
    }
  | { readonly k: 'cond'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly k: 'unary'; readonly op: string; readonly operand: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | {
      readonly k: 'for';
      readonly key?: string;
      readonly value: string;
      readonly coll: Expr;
      readonly cond?: Expr;
      /** Present for `{ for ... : k => v }`. */
      readonly keyExpr?: Expr;
      readonly valueExpr: Expr;
      readonly group: boolean;
    }
  /** Something the converter could not read (a syntax error region); evaluates to unknown. */
  | { readonly k: 'invalid'; readonly reason: string }
) & { readonly pos: Position };

export interface Attribute {
  readonly name: string;
  readonly expr: Expr;
  readonly pos: Position;
}

export interface Body {
  readonly attributes: ReadonlyMap<string, Attribute>;
  readonly blocks: readonly Block[];
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  readonly file: string;
  readonly pos: Position;
}

export interface Comment {
  readonly text: string;
  readonly line: number;
}

export interface HclFile {
  readonly file: string;
  readonly body: Body;
  readonly comments: readonly Comment[];
}
