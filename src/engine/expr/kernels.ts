// The kernels of a block's formulas: the operators and the allowlisted functions over
// Float64Array matrices, each counting its work against the block's budget (budget.ts).
import type { Matrix } from '../types';
import type { OperatorFn } from '../parse/formula';
import type { ALLOWED_FUNCTIONS } from '../parse/lexer';
import * as M from '../matrix';
import { allocate, countedZeros, MAX_ELEMENTS, MAX_WORK, operate, overBudget, type Work } from '../budget';
import { EvalError, type Site } from './env';

/** The functions of values: grad(of, wrt) reads names, not values, and is compiled in expr/index.ts. */
export type FunctionName = Exclude<(typeof ALLOWED_FUNCTIONS)[number], 'grad'>;

/**
 * A kernel. It counts what it allocates and any multiply-adds or reads beyond its result's size
 * against `work` BEFORE doing them (budget.ts), so that a block over a counted limit stops
 * without allocating.
 */
export type Kernel = (args: Matrix[], site: Site, work: Work) => Matrix;

function mapped(a: Matrix, f: (x: number) => number, work: Work): Matrix {
  allocate(work, a.data.length);
  return M.map(a, f);
}

/** A 1×1 result, counted like any other allocation. */
function scalarOut(v: number, work: Work): Matrix {
  allocate(work, 1);
  return M.scalar(v);
}

function unary(f: (x: number) => number): Kernel {
  return ([a], _site, work) => mapped(a, f, work);
}

function binary(f: (x: number, y: number) => number, sym: string): Kernel {
  return ([a, b], site, work) => elementwise(a, b, f, sym, site, work);
}

export const OPERATORS: Record<OperatorFn, Kernel> = {
  add: binary((x, y) => x + y, '+'),
  subtract: binary((x, y) => x - y, '−'),
  dotMultiply: binary((x, y) => x * y, '⊙'),
  dotDivide: binary((x, y) => x / y, './'),
  dotPow: binary(Math.pow, '.^'),
  unaryMinus: unary((x) => -x),
  unaryPlus: ([a]) => a,
  multiply: ([a, b], site, work) => multiply(a, b, site, work),
  divide: ([a, b], site, work) => {
    if (!M.isScalar(b))
      throw new EvalError('shape', `cannot divide by a ${M.shapeText(b)} matrix; use ./ for elementwise division`, site.whole());
    const d = b.data[0];
    return mapped(a, (x) => x / d, work);
  },
  pow: ([a, b], site, work) => {
    if (M.isScalar(a) && M.isScalar(b)) return scalarOut(Math.pow(a.data[0], b.data[0]), work);
    throw new EvalError('shape', `^ takes numbers; for an elementwise power of a ${M.shapeText(a)} matrix use .^`, site.whole());
  },
  ctranspose: transposed,
};

/** Vectors of either orientation combine as the same vector; otherwise shapes must match. */
function elementwise(a: Matrix, b: Matrix, f: (x: number, y: number) => number, sym: string, site: Site, work: Work): Matrix {
  const ad = a.data,
    bd = b.data;
  if (M.isScalar(b)) {
    const y = bd[0];
    return mapped(a, (x) => f(x, y), work);
  }
  if (M.isScalar(a)) {
    const x = ad[0];
    return mapped(b, (y) => f(x, y), work);
  }
  const same = M.sameShape(a, b) || (M.isVector(a) && M.isVector(b) && ad.length === bd.length);
  if (same) {
    const out = countedZeros(work, ad.length);
    for (let k = 0; k < ad.length; k++) out[k] = f(ad[k], bd[k]);
    return { rows: a.rows, cols: a.cols, data: out };
  }
  const spread = broadcast(a, b) ?? broadcast(b, a);
  if (!spread)
    throw new EvalError('shape', `cannot combine ${M.shapeText(a)} and ${M.shapeText(b)} with ${sym}: the shapes differ`, site.whole());
  const { matrix, vector, along } = spread;
  const md = matrix.data,
    vd = vector.data,
    cols = matrix.cols;
  const out = countedZeros(work, md.length);
  for (let k = 0; k < md.length; k++) {
    const v = vd[along === 'rows' ? k % cols : (k / cols) | 0];
    out[k] = matrix === a ? f(md[k], v) : f(v, md[k]);
  }
  return { rows: matrix.rows, cols, data: out };
}

/**
 * numpy's broadcasting of a vector over a matrix, as minibatch formulas rely on (d2l's
 * `X W_xh + H W_hh + b_h`: a 1×H bias added to each of N rows; Coursera's `W X + b`: an H×1 bias
 * to each of m columns). A 1×C row goes along the rows of an R×C matrix, an R×1 column along
 * its columns; the layout has already oriented a given vector, so each block reads its own way.
 */
function broadcast(matrix: Matrix, vector: Matrix): { matrix: Matrix; vector: Matrix; along: 'rows' | 'columns' } | undefined {
  if (matrix.rows < 2 || matrix.cols < 2) return undefined;
  if (vector.rows === 1 && vector.cols === matrix.cols) return { matrix, vector, along: 'rows' };
  if (vector.cols === 1 && vector.rows === matrix.rows) return { matrix, vector, along: 'columns' };
  return undefined;
}

/** The per-block time limit (SPEC §10): a pathological expression stops with a `limit` error. */
export function checkTime(site: Site): void {
  if (overBudget()) {
    throw new EvalError(
      'limit',
      'the block took more than 1 s to analyse (the per-block limit); split it or reduce its sizes',
      site.whole(),
    );
  }
}

/** A matrix's transpose is a new matrix; a vector's shares its data (nothing allocated). */
function transposed([a]: Matrix[], _site: Site, work: Work): Matrix {
  if (!M.isVector(a)) allocate(work, a.data.length);
  return M.transpose(a);
}

function multiply(a: Matrix, b: Matrix, site: Site, work: Work): Matrix {
  if (M.isScalar(a) || M.isScalar(b)) return elementwise(a, b, (x, y) => x * y, '·', site, work);
  const size = a.rows * b.cols,
    products = size * a.cols;
  if (a.cols !== b.rows) {
    const message = `cannot multiply ${M.shapeText(a)} by ${M.shapeText(b)}: the inner sizes ${a.cols} and ${b.rows} differ${productHint(a, b)}`;
    throw new EvalError('shape', message, site.whole());
  }
  if (size > MAX_ELEMENTS) {
    throw new EvalError(
      'limit',
      `the product would have ${size} elements, over the ${MAX_ELEMENTS.toLocaleString('en')} limit`,
      site.whole(),
    );
  }
  if (products > MAX_WORK) {
    const message = `multiplying ${M.shapeText(a)} by ${M.shapeText(b)} takes ${products.toExponential(1)} multiplications, over the per-block budget of ${MAX_WORK.toExponential(0)}; use smaller matrices`;
    throw new EvalError('limit', message, site.whole());
  }
  operate(work, products);
  allocate(work, size);
  return M.matmul(a, b);
}

/**
 * What a product of these shapes most likely meant, when Colah's notation was copied: `*` for the
 * element-wise product (`f_t * C_{t-1}`), and `[h_{t-1}, x_t]` for the stacked vector.
 */
function productHint(a: Matrix, b: Matrix): string {
  if (M.sameShape(a, b) && M.isVector(a)) return '; for the element-wise product (what Colah writes as `*`), write ⊙ or .*';
  if (b.rows > 1 && b.cols > 1 && a.cols === b.rows * b.cols) {
    return `; to stack the ${b.cols} vectors of the right side into one (Colah's [h_{t-1}, x_t]), separate them with ; as in [h_{t-1}; x_t]`;
  }
  return '';
}

export function stack(rows: Matrix[][], site: Site, work: Work): Matrix {
  const wide = rows.map((parts) => hcat(parts, site, work));
  if (wide.length === 1) return wide[0];
  const cols = wide[0].cols;
  if (wide.every((m) => m.cols === cols)) return { rows: wide.reduce((s, m) => s + m.rows, 0), cols, data: joined(wide, work) };
  if (wide.every(M.isVector)) return M.orient(joined(wide, work), 'column');
  throw new EvalError('shape', `cannot stack ${wide.map(M.shapeText).join(' over ')}: the widths differ`, site.whole());
}

function hcat(parts: Matrix[], site: Site, work: Work): Matrix {
  if (parts.length === 1) return parts[0];
  const rows = parts[0].rows;
  if (parts.every((m) => m.rows === rows)) {
    const cols = parts.reduce((s, m) => s + m.cols, 0);
    const data = countedZeros(work, rows * cols);
    let off = 0;
    for (const m of parts) {
      for (let r = 0; r < rows; r++) for (let c = 0; c < m.cols; c++) data[r * cols + off + c] = m.data[r * m.cols + c];
      off += m.cols;
    }
    return { rows, cols, data };
  }
  if (parts.every(M.isVector)) return M.orient(joined(parts, work), 'row');
  throw new EvalError('shape', `cannot place ${parts.map(M.shapeText).join(' beside ')} side by side: the heights differ`, site.whole());
}

/** The parts' elements one after another, counted. */
function joined(parts: readonly Matrix[], work: Work): Float64Array {
  allocate(work, totalLength(parts));
  return M.concatData(parts.map((m) => m.data));
}

function totalLength(ms: readonly Matrix[]): number {
  let n = 0;
  for (const m of ms) n += m.data.length;
  return n;
}

/** A function's kernel and its call; `arity` 0 takes one argument or more. */
interface Builtin {
  readonly arity: number;
  readonly usage: string;
  readonly kernel: Kernel;
}

function call(arity: number, usage: string, kernel: Kernel): Builtin {
  return { arity, usage, kernel };
}

// Reductions read their argument without allocating its size: the reads are counted as work.
const FUNCTIONS: Record<FunctionName, Builtin> = {
  sigmoid: call(1, 'sigmoid(v)', unary(M.sigmoidValue)),
  tanh: call(1, 'tanh(v)', unary(Math.tanh)),
  relu: call(1, 'relu(v)', unary(M.reluValue)),
  exp: call(1, 'exp(v)', unary(Math.exp)),
  log: call(1, 'log(v)', unary(Math.log)),
  transpose: call(1, 'transpose(m)', transposed),
  softmax: call(1, 'softmax(v)', ([a], _site, work) => {
    allocate(work, a.data.length);
    return softmax(a);
  }),
  norm: call(1, 'norm(v)', ([a], _site, work) => {
    operate(work, a.data.length);
    return scalarOut(M.frobenius(a.data), work);
  }),
  sum: call(1, 'sum(m)', ([a], _site, work) => {
    operate(work, a.data.length);
    const d = a.data;
    let s = 0;
    for (let k = 0; k < d.length; k++) s += d[k];
    return scalarOut(s, work);
  }),
  max: call(0, 'max(v)', (args, _site, work) => {
    operate(work, totalLength(args));
    let m = -Infinity;
    // Indexed loops: an iterator over a Float64Array was ten times slower per element.
    for (const a of args) {
      const d = a.data;
      for (let k = 0; k < d.length; k++) {
        const x = d[k];
        if (x > m || Number.isNaN(x)) m = x;
      }
    }
    return scalarOut(m, work);
  }),
  clip: call(2, 'clip(g, θ) rescales g to norm θ when its norm is larger', ([g, t], site, work) => {
    if (!M.isScalar(t)) throw new EvalError('shape', `the threshold of clip must be a number, not ${M.shapeText(t)}`, site.whole());
    return toNorm(g, t.data[0], work);
  }),
  // clip itself, under the name Keras' clipnorm and tf.clip_by_norm give it.
  clip_norm: call(2, 'clip_norm(g, θ) rescales g to norm θ when its norm is larger', ([g, t], site, work) => {
    return toNorm(g, threshold('clip_norm', t, site), work);
  }),
  // torch.nn.utils.clip_grad_norm_ exactly: it scales by θ / (‖g‖ + 1e-6) when that is below 1,
  // so a clipped g has a norm a hair under θ (the 1e-6 is PyTorch's, kept to match it to 1e-12).
  clip_grad_norm: call(2, 'clip_grad_norm(g, θ) as torch.nn.utils.clip_grad_norm_', ([g, t], site, work) => {
    const theta = threshold('clip_grad_norm', t, site);
    operate(work, g.data.length);
    const coef = theta / (M.frobenius(g.data) + 1e-6);
    return coef < 1 ? mapped(g, (x) => x * coef, work) : g;
  }),
  // Keras clipvalue, torch.nn.utils.clip_grad_value_: every entry into [−c, c].
  clip_value: call(2, 'clip_value(g, c) limits every entry to [−c, c]', ([g, t], site, work) => {
    const c = threshold('clip_value', t, site);
    return mapped(g, (x) => (x > c ? c : x < -c ? -c : x), work);
  }),
  // Each row on its own (tf.clip_by_norm(g, θ, axes=[1])): a weight matrix's rows are its units.
  clip_rows: call(2, 'clip_rows(g, θ) rescales each row of g to norm θ when its norm is larger', ([g, t], site, work) => {
    const theta = threshold('clip_rows', t, site);
    operate(work, g.data.length);
    allocate(work, g.data.length);
    const out = new Float64Array(g.data.length);
    for (let r = 0; r < g.rows; r++) {
      const row = g.data.subarray(r * g.cols, (r + 1) * g.cols);
      const n = M.frobenius(row);
      for (let c = 0; c < g.cols; c++) out[r * g.cols + c] = n > theta ? (row[c] * theta) / n : row[c];
    }
    return { rows: g.rows, cols: g.cols, data: out };
  }),
  onehot: call(2, 'onehot(k, n) with k counting from 1', ([k, n], site, work) => {
    const kk = k.data[0],
      nn = n.data[0];
    if (!M.isScalar(k) || !M.isScalar(n) || !Number.isInteger(kk) || !Number.isInteger(nn) || nn < 1 || kk < 1 || kk > nn) {
      throw new EvalError('shape', `onehot(k, n) needs whole numbers with 1 ≤ k ≤ n`, site.whole());
    }
    if (nn > 1_000_000) throw new EvalError('shape', 'onehot size is over the 1,000,000 element limit', site.whole());
    allocate(work, nn);
    const data = new Float64Array(nn);
    data[kk - 1] = 1;
    return { rows: nn, cols: 1, data };
  }),
};

/** The function's kernel, or what is wrong with its call (a message). */
export function builtin(name: FunctionName, arity: number): Kernel | string {
  const { arity: n, usage, kernel } = FUNCTIONS[name];
  if (n === 0) return arity >= 1 ? kernel : `${name} takes at least one argument: ${usage}`;
  return arity === n ? kernel : `${name} takes ${n} argument${n === 1 ? '' : 's'}: ${usage}`;
}

/** g rescaled to norm θ when its norm is larger (clip, clip_norm). */
function toNorm(g: Matrix, theta: number, work: Work): Matrix {
  operate(work, g.data.length);
  const n = M.frobenius(g.data);
  return n > theta ? mapped(g, (x) => (x * theta) / n, work) : g;
}

/** The threshold of a clipping function: one number, not negative. */
function threshold(name: string, t: Matrix, site: Site): number {
  if (!M.isScalar(t)) throw new EvalError('shape', `the threshold of ${name} must be a number, not ${M.shapeText(t)}`, site.whole());
  const v = t.data[0];
  if (!(v >= 0)) throw new EvalError('numeric', `the threshold of ${name} must be 0 or more, not ${v}`, site.whole());
  return v;
}

export function softmax(a: Matrix): Matrix {
  let max = -Infinity;
  for (const x of a.data) if (x > max) max = x;
  const out = new Float64Array(a.data.length);
  let s = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = Math.exp(a.data[k] - max);
    s += out[k];
  }
  for (let k = 0; k < out.length; k++) out[k] /= s;
  return { rows: a.rows, cols: a.cols, data: out };
}
