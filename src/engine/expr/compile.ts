// A formula tree compiled into closures over the kernels: the allowlisted functions only, and
// no deeper than MAX_DEPTH.
import type { Matrix } from '../types';
import type { FormulaNode } from '../parse/formula';
import { ALLOWED_FUNCTIONS } from '../parse/lexer';
import * as M from '../matrix';
import { EvalError, type Env, type NameUse, type Site } from './env';
import { builtin, checkTime, operator, stack, type FunctionName } from './kernels';
import { arrayRows } from './latex';

export const MAX_DEPTH = 64;
export const DEPTH_MESSAGE = `the expression nests deeper than ${MAX_DEPTH} levels; split it into named steps`;

export type Compiled = (env: Env) => Matrix;

/** What a compile error is: the formula's text stands behind `site`. */
export interface CompileError {
  readonly code: 'unknown-name' | 'parse' | 'limit';
  readonly message: string;
}

export interface CompileContext {
  /** Every name the formula writes, in order, and the first use of each canonical name. */
  readonly names: readonly NameUse[];
  readonly first: ReadonlyMap<string, NameUse>;
  readonly site: Site;
  /** The deepest level compiled (the expression's depth). */
  depth: number;
}

export function compileNode(node: FormulaNode, ctx: CompileContext, depth: number): Compiled | CompileError {
  if (depth > ctx.depth) ctx.depth = depth;
  if (depth > MAX_DEPTH) return { code: 'limit', message: DEPTH_MESSAGE };
  const site = ctx.site;
  const all = (nodes: readonly FormulaNode[], deeper: number): Compiled[] | CompileError => {
    const out: Compiled[] = [];
    for (const a of nodes) {
      const c = compileNode(a, ctx, depth + deeper);
      if (typeof c !== 'function') return c;
      out.push(c);
    }
    return out;
  };
  switch (node.type) {
    case 'ConstantNode': {
      const m = M.scalar(node.value);
      return () => m;
    }
    case 'LiteralNode': {
      const value = node.literal.value;
      return () => value;
    }
    case 'SymbolNode':
      return { code: 'unknown-name', message: `\`${node.name}\` is not a name of this block` };
    case 'NameNode': {
      // A missing value is reported at the first use of the name in the formula.
      const key = ctx.names[node.index].resolved.key;
      const at = ctx.first.get(key)!;
      return (env) => {
        const v = env.get(key, at);
        if (!v) throw new EvalError('missing', `${at.written} has no value`, at.range, [key]);
        return v;
      };
    }
    case 'ParenthesisNode':
      return compileNode(node.content, ctx, depth + 1);
    case 'OperatorNode': {
      const args = all(node.args, 1);
      if (!Array.isArray(args)) return args;
      const op = operator(node.fn);
      if (args.length === 1) {
        const [a] = args;
        return (env) => op.apply([a(env)], site, env.work);
      }
      const [a, b] = args;
      return (env) => {
        const x = a(env),
          y = b(env);
        checkTime(site);
        return op.apply([x, y], site, env.work);
      };
    }
    case 'FunctionNode': {
      const name = node.fn.type === 'SymbolNode' ? node.fn.name : '';
      if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(name)) {
        return { code: 'unknown-name', message: `only ${ALLOWED_FUNCTIONS.join(', ')} can be called in a block` };
      }
      const args = all(node.args, 1);
      if (!Array.isArray(args)) return args;
      const f = builtin(name as FunctionName, args.length);
      if (typeof f === 'string') return { code: 'parse', message: f };
      return (env) => {
        const xs = args.map((a) => a(env));
        checkTime(site);
        return f.apply(xs, site, env.work);
      };
    }
    case 'ArrayNode': {
      const rows: Compiled[][] = [];
      for (const row of arrayRows(node.items)) {
        const compiled = all(row, 2);
        if (!Array.isArray(compiled)) return compiled;
        rows.push(compiled);
      }
      return (env) =>
        stack(
          rows.map((r) => r.map((c) => c(env))),
          site,
          env.work,
        );
    }
  }
}
