// Dense float64 matrices and the few kernels the cells need, on plain Float64Array loops.
import type { Layout, Matrix } from './types';

export function scalar(v: number): Matrix {
  return { rows: 1, cols: 1, data: Float64Array.of(v) };
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function isVector(m: Matrix): boolean {
  return m.rows === 1 || m.cols === 1;
}

export function isScalar(m: Matrix): boolean {
  return m.rows === 1 && m.cols === 1;
}

export function length(m: Matrix): number {
  return m.rows * m.cols;
}

/** A vector in the layout's orientation: n×1 for column, 1×n for row. Shares the data. */
export function orient(data: Float64Array, layout: Layout): Matrix {
  return layout === 'row' ? { rows: 1, cols: data.length, data } : { rows: data.length, cols: 1, data };
}

/** A vector in the layout's orientation (the same object when it already is one); matrices as they are. */
export function orientLike(m: Matrix, layout: Layout): Matrix {
  if (!isVector(m)) return m;
  const oriented = layout === 'row' ? m.rows === 1 : m.cols === 1;
  return oriented ? m : orient(m.data, layout);
}

/** The Frobenius norm: `norm(…)` in a formula, and the norm of every gradient the engine reports. */
export function frobenius(data: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < data.length; k++) s += data[k] * data[k];
  return Math.sqrt(s);
}

export function shapeText(m: { rows: number; cols: number }): string {
  return `${m.rows}×${m.cols}`;
}

export function sameShape(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

export function transpose(m: Matrix): Matrix {
  if (isVector(m)) return { rows: m.cols, cols: m.rows, data: m.data };
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data: out };
}

export function map(m: Matrix, f: (x: number) => number): Matrix {
  const out = new Float64Array(m.data.length);
  const d = m.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]);
  return { rows: m.rows, cols: m.cols, data: out };
}

export function sigmoidValue(x: number): number {
  // Split by sign so exp never overflows: both branches are exact float64 logistic values.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function reluValue(x: number): number {
  return x > 0 ? x : 0;
}

export function applyInto(dst: Float64Array, src: Float64Array, act: 'sigmoid' | 'tanh' | 'relu' | 'identity'): void {
  const n = src.length;
  switch (act) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) dst[i] = sigmoidValue(src[i]);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) dst[i] = Math.tanh(src[i]);
      break;
    case 'relu':
      for (let i = 0; i < n; i++) dst[i] = reluValue(src[i]);
      break;
    default:
      if (dst !== src) dst.set(src);
  }
}

/**
 * out += A_sub · v, where A_sub is the block of W starting at (rowOff, colOff) with
 * out.length rows and v.length columns — or, when `trans`, the transpose of the block with
 * v.length rows and out.length columns (row-layout weights, X·W).
 *
 * Each output element is one row's dot product in a fixed order: four partial sums over the
 * columns c ≡ 0, 1, 2, 3 (mod 4), then (s0 + s1) + (s2 + s3). Rows go two at a time, each with
 * its own four sums, so v is read once per pair of rows (a quarter faster at H = D = 256) while
 * every element is summed exactly as one row alone sums it: the results do not depend on the pairing.
 */
export function accumulate(out: Float64Array, W: Matrix, trans: boolean, rowOff: number, colOff: number, v: Float64Array): void {
  const cols = W.cols;
  const w = W.data;
  const n = v.length;
  const m = out.length;
  if (!trans) {
    const n4 = n - (n % 4);
    let r = 0;
    for (; r + 1 < m; r += 2) {
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        b0 = 0,
        b1 = 0,
        b2 = 0,
        b3 = 0;
      const ba = (rowOff + r) * cols + colOff,
        bb = ba + cols;
      let c = 0;
      for (; c < n4; c += 4) {
        const v0 = v[c],
          v1 = v[c + 1],
          v2 = v[c + 2],
          v3 = v[c + 3];
        a0 += w[ba + c] * v0;
        a1 += w[ba + c + 1] * v1;
        a2 += w[ba + c + 2] * v2;
        a3 += w[ba + c + 3] * v3;
        b0 += w[bb + c] * v0;
        b1 += w[bb + c + 1] * v1;
        b2 += w[bb + c + 2] * v2;
        b3 += w[bb + c + 3] * v3;
      }
      for (; c < n; c++) {
        a0 += w[ba + c] * v[c];
        b0 += w[bb + c] * v[c];
      }
      out[r] += a0 + a1 + (a2 + a3);
      out[r + 1] += b0 + b1 + (b2 + b3);
    }
    if (r < m) out[r] += rowDot(w, (rowOff + r) * cols + colOff, v, n4);
  } else {
    for (let c = 0; c < n; c++) {
      const vc = v[c];
      if (vc === 0) continue;
      const base = (rowOff + c) * cols + colOff;
      for (let r = 0; r < m; r++) out[r] += w[base + r] * vc;
    }
  }
}

/** One row's dot product with v, summed as accumulate sums each of its pairs of rows. */
function rowDot(w: Float64Array, base: number, v: Float64Array, n4: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let c = 0;
  for (; c < n4; c += 4) {
    s0 += w[base + c] * v[c];
    s1 += w[base + c + 1] * v[c + 1];
    s2 += w[base + c + 2] * v[c + 2];
    s3 += w[base + c + 3] * v[c + 3];
  }
  for (; c < v.length; c++) s0 += w[base + c] * v[c];
  return s0 + s1 + (s2 + s3);
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  const out = new Float64Array(a.rows * b.cols);
  const n = a.cols,
    bc = b.cols,
    ad = a.data,
    bd = b.data;
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < n; k++) {
      const aik = ad[i * n + k];
      if (aik === 0) continue;
      const ob = i * bc,
        bb = k * bc;
      for (let j = 0; j < bc; j++) out[ob + j] += aik * bd[bb + j];
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

export function allFinite(m: Matrix): boolean {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}

/** Stacks vectors into one (for [h_prev; x]). */
export function concatData(parts: readonly Float64Array[]): Float64Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function zeros(n: number): Float64Array {
  return new Float64Array(n);
}
