// Reverse-mode derivatives of a loss the note writes as a formula (`L = sum(h_4)`,
// `L = -sum(onehot(2, 3) ⊙ log(y_4))`): the formula's tree evaluated again with the block's own
// kernels, then its adjoint sent back to every name it reads. A name that is itself a formula of
// the note (`s = sum(h_4)`, `L = s^2`) is followed into its formula; every other name is a leaf
// whose adjoint the caller sends on through the cell.
import type { Matrix, Range } from '../types';
import type { FormulaNode } from '../parse/formula';
import * as M from '../matrix';
import { countedZeros } from '../budget';
import { EvalError, type Site } from '../expr/env';
import { builtin, OPERATORS } from '../expr/kernels';
import type { Solver } from '../solve/solver';
import { perStepFormula } from '../solve/perStep';

/** A node's value, and how to send an adjoint of its size back to what it reads (none: a constant). */
interface Traced {
  readonly value: Matrix;
  readonly back?: (adj: Float64Array) => void;
}

/** What the pass needs from the formula and the block. */
interface Context {
  readonly s: Solver;
  readonly site: Site;
  /** The canonical key of the formula's `index`-th name. */
  readonly keyOf: (index: number) => string;
  readonly leaf: (key: string, adj: Float64Array) => void;
  readonly visiting: Set<string>;
  readonly at: Range;
}

/** The functions the pass goes through (elementwise ones by their slope, written from x and y). */
const SLOPES: Record<string, (x: number, y: number) => number> = {
  tanh: (_x, y) => 1 - y * y,
  sigmoid: (_x, y) => y * (1 - y),
  relu: (x) => (x > 0 ? 1 : 0),
  exp: (_x, y) => y,
  log: (x) => 1 / x,
};

/**
 * ∂key/∂(each leaf key the formula of `key` reads): adds into `adjoints`, each the size of its value.
 * Throws an EvalError at `at` for a formula the pass cannot go through.
 */
export function lossAdjoints(s: Solver, key: string, at: Range): Map<string, Float64Array> {
  const adjoints = new Map<string, Float64Array>();
  const visiting = new Set<string>();
  const leaf = (k: string, adj: Float64Array) => {
    let a = adjoints.get(k);
    if (!a) adjoints.set(k, (a = new Float64Array(adj.length)));
    for (let i = 0; i < adj.length; i++) a[i] += adj[i];
  };
  const traced = traceName(s, key, { s, site: { whole: () => at }, keyOf: () => key, leaf, visiting, at });
  if (!M.isScalar(traced.value)) {
    throw new EvalError(
      'shape',
      `grad(${key}, …) needs ${key} to be one number (a loss), but it is ${M.shapeText(traced.value)}; write ${key} = sum(…)`,
      at,
    );
  }
  traced.back?.(Float64Array.of(1));
  return adjoints;
}

/** How many formulas (givens or per-step) one gradient follows inside one another. */
const MAX_FOLLOWED = 256;

/** A name: followed into its formula when the note writes it as one, else a leaf. */
function traceName(s: Solver, key: string, ctx: Context): Traced {
  const value = s.get(key);
  if (!value) throw new EvalError('missing', `${key} has no value`, ctx.at, [key]);
  const given = s.setup.givens.get(key);
  // A formula per step (y_t = 4 h_t) is followed at its step, as a given's formula is.
  const perStep = given ? undefined : perStepFormula(s, key);
  const node = given ? given.expr.node : perStep?.node;
  if ((!node && perStep?.single === undefined) || ctx.visiting.has(key)) return { value, back: (adj) => ctx.leaf(key, adj) };
  // Each formula followed is a few frames deeper: a recurrence over y through hundreds of steps
  // would run out of stack (an internal error), so past MAX_FOLLOWED the gradient is refused.
  if (ctx.visiting.size >= MAX_FOLLOWED) {
    const message = `the gradient follows at most ${MAX_FOLLOWED} formulas inside one another, and ${key} is deeper (a recurrence over more steps); take the loss over fewer steps, or grad(h_k, …) of the states`;
    throw new EvalError('limit', message, ctx.at);
  }
  ctx.visiting.add(key);
  const keyOf = given ? (i: number) => s.setup.canon(given.expr.names[i].resolved.key) : perStep!.keyOf;
  // A per-step formula that is one name (y_t = y_{t-1}) passes its adjoint on to that name.
  const inner = node ? trace(node, { ...ctx, keyOf }) : traceName(s, perStep!.single!, ctx);
  ctx.visiting.delete(key);
  // A vector given is re-oriented to the layout: the same data.
  return { value, back: inner.back };
}

function trace(node: FormulaNode, ctx: Context): Traced {
  const { site, s } = ctx;
  const work = s.work;
  switch (node.type) {
    case 'ConstantNode':
      return { value: M.scalar(node.value) };
    case 'LiteralNode':
      return { value: node.literal.value };
    case 'NameNode':
      return traceName(s, ctx.keyOf(node.index), ctx);
    case 'ParenthesisNode':
      return trace(node.content, ctx);
    case 'OperatorNode': {
      const args = node.args.map((a) => trace(a, ctx));
      const value = OPERATORS[node.fn](
        args.map((a) => a.value),
        site,
        work,
      );
      if (args.every((a) => !a.back)) return { value };
      return { value, back: operatorBack(node.fn, args, value, ctx) };
    }
    case 'FunctionNode': {
      const name = node.fn.type === 'SymbolNode' ? node.fn.name : '';
      if (name === 'grad') throw unsupported('grad(…) inside a loss', ctx);
      const args = node.args.map((a) => trace(a, ctx));
      const kernel = builtin(name as Parameters<typeof builtin>[0], args.length);
      if (typeof kernel === 'string') throw new EvalError('parse', kernel, ctx.at);
      const value = kernel(
        args.map((a) => a.value),
        site,
        work,
      );
      if (args.every((a) => !a.back)) return { value };
      return { value, back: functionBack(name, args[0], value, ctx) };
    }
    case 'SymbolNode':
    case 'ArrayNode':
      throw unsupported('a matrix written from names', ctx);
  }
}

function unsupported(what: string, ctx: Context): EvalError {
  const message = `the gradient cannot go through ${what}; write the loss with + − ⊙ · / sum norm log exp tanh sigmoid relu softmax`;
  return new EvalError('parse', message, ctx.at);
}

/** The adjoint of an operand of `size` elements from one of the result's: summed over a broadcast number. */
function fit(adj: Float64Array, size: number, ctx: Context): Float64Array {
  if (size === adj.length) return adj;
  const out = countedZeros(ctx.s.work, 1);
  for (const a of adj) out[0] += a;
  return out;
}

/** Each element of `adj` times the operand's matching element (or its one number). */
function scaled(adj: Float64Array, m: Matrix, ctx: Context, f: (x: number, i: number) => number): Float64Array {
  const out = countedZeros(ctx.s.work, adj.length);
  const one = m.data.length === 1;
  for (let i = 0; i < adj.length; i++) out[i] = adj[i] * f(one ? m.data[0] : m.data[i], i);
  return out;
}

function operatorBack(fn: string, args: Traced[], value: Matrix, ctx: Context): (adj: Float64Array) => void {
  const [a, b] = args;
  const send = (t: Traced, adj: Float64Array) => t.back?.(fit(adj, t.value.data.length, ctx));
  const spread = b && a.value.data.length !== b.value.data.length && a.value.data.length > 1 && b.value.data.length > 1;
  if (spread && fn !== 'multiply') return () => throwUnsupported('a vector broadcast over a matrix', ctx);
  switch (fn) {
    case 'add':
    case 'unaryPlus':
      return (adj) => args.forEach((t) => send(t, adj));
    case 'subtract':
      return (adj) => {
        send(a, adj);
        send(
          b,
          scaled(adj, M.scalar(-1), ctx, (x) => x),
        );
      };
    case 'unaryMinus':
      return (adj) =>
        send(
          a,
          scaled(adj, M.scalar(-1), ctx, (x) => x),
        );
    case 'dotMultiply':
      return (adj) => {
        send(
          a,
          scaled(adj, b.value, ctx, (x) => x),
        );
        send(
          b,
          scaled(adj, a.value, ctx, (x) => x),
        );
      };
    case 'dotDivide':
    case 'divide':
      return (adj) => {
        send(
          a,
          scaled(adj, b.value, ctx, (x) => 1 / x),
        );
        send(
          b,
          scaled(adj, value, ctx, (y, i) => -y / (b.value.data.length === 1 ? b.value.data[0] : b.value.data[i])),
        );
      };
    case 'pow':
    case 'dotPow':
      if (b.back) return () => throwUnsupported('a power with a name in its exponent', ctx);
      return (adj) =>
        send(
          a,
          scaled(adj, a.value, ctx, (x) => b.value.data[0] * Math.pow(x, b.value.data[0] - 1)),
        );
    case 'ctranspose':
      return (adj) => a.back?.(transposeData(adj, value.rows, value.cols, ctx));
    case 'multiply':
      return multiplyBack(a, b, value, ctx);
  }
  return () => throwUnsupported(`the operator ${fn}`, ctx);
}

function throwUnsupported(what: string, ctx: Context): never {
  throw unsupported(what, ctx);
}

/** adj (rows×cols, row-major) as the cols×rows matrix's data. */
function transposeData(adj: Float64Array, rows: number, cols: number, ctx: Context): Float64Array {
  const out = countedZeros(ctx.s.work, adj.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = adj[i * cols + j];
  return out;
}

/** A number times a matrix, or C = A·B: ∂A = ∂C·Bᵀ, ∂B = Aᵀ·∂C. */
function multiplyBack(a: Traced, b: Traced, value: Matrix, ctx: Context): (adj: Float64Array) => void {
  const A = a.value,
    B = b.value;
  if (M.isScalar(A) || M.isScalar(B))
    return (adj) => {
      a.back?.(
        fit(
          scaled(adj, B, ctx, (x) => x),
          A.data.length,
          ctx,
        ),
      );
      b.back?.(
        fit(
          scaled(adj, A, ctx, (x) => x),
          B.data.length,
          ctx,
        ),
      );
    };
  if (A.cols !== B.rows || value.rows !== A.rows || value.cols !== B.cols) return () => throwUnsupported('this product', ctx);
  const [m, k, n] = [A.rows, A.cols, B.cols];
  return (adj) => {
    if (a.back) {
      const dA = countedZeros(ctx.s.work, m * k);
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) dA[i * k + p] += adj[i * n + j] * B.data[p * n + j];
      a.back(dA);
    }
    if (b.back) {
      const dB = countedZeros(ctx.s.work, k * n);
      for (let p = 0; p < k; p++)
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) dB[p * n + j] += A.data[i * k + p] * adj[i * n + j];
      b.back(dB);
    }
  };
}

function functionBack(name: string, a: Traced, value: Matrix, ctx: Context): (adj: Float64Array) => void {
  const x = a.value.data,
    y = value.data;
  const slope = SLOPES[name];
  if (slope) return (adj) => a.back!(scaled(adj, value, ctx, (yi, i) => slope(x[i], yi)));
  switch (name) {
    case 'sum':
      return (adj) => a.back!(countedZeros(ctx.s.work, x.length).fill(adj[0]));
    case 'norm': {
      // ∂‖x‖/∂x = x/‖x‖ (0 at x = 0, as PyTorch takes it).
      const n = y[0];
      return (adj) => a.back!(countedZeros(ctx.s.work, x.length).map((_, i) => (n === 0 ? 0 : (adj[0] * x[i]) / n)));
    }
    case 'softmax':
      // ∂x = y ⊙ (∂y − (y·∂y)).
      return (adj) => {
        let dot = 0;
        for (let i = 0; i < y.length; i++) dot += y[i] * adj[i];
        a.back!(countedZeros(ctx.s.work, y.length).map((_, i) => y[i] * (adj[i] - dot)));
      };
    case 'transpose':
      return (adj) => a.back!(transposeData(adj, value.rows, value.cols, ctx));
  }
  return () => throwUnsupported(`${name}(…)`, ctx);
}
