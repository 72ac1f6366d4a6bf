// Minibatches: N examples at once, read from the input's shape. The layout decides the batch axis:
// in the row layout each row is an example (d2l's X is N×D, H is N×H), in the column layout each
// column is (Coursera's x is n_x × m). Weights and biases are shared; everything the cell computes
// per example (x, states, gates, y) is then N-row or N-column, and a single step is unchanged.
import type { Layout, Matrix } from '../types';
import * as M from '../matrix';
import { CELLS } from '../cells';
import { splitKey } from './keys';
import type { GivenDef } from './setup';
import type { Solver } from './solver';

/**
 * Bases a batch gives one of per example: the input, the states and every target, and y. Made on
 * first use: the cell tables import the output layer, which imports this module.
 */
let PER_EXAMPLE: ReadonlySet<string> | undefined;

/** Whether `key` (`h_prev`, `f_3`, `x`) holds one vector per example in a batch. */
export function perExample(key: string): boolean {
  PER_EXAMPLE ??= new Set([
    'x',
    'y',
    ...Object.values(CELLS).flatMap((c) => [...c.equations.map((e) => e.target), ...c.state.flatMap((s) => [s, `${s}_prev`])]),
  ]);
  return PER_EXAMPLE.has(splitKey(key).base);
}

/** The key whose shape gives the batch size: the first input. */
function inputKey(s: Solver): string {
  return s.T ? 'x_1' : 'x';
}

/** The batch size a matrix input implies (undefined for a vector: one example). */
export function batchOf(x: Matrix, layout: Layout): number | undefined {
  return M.isVector(x) ? undefined : layout === 'row' ? x.rows : x.cols;
}

/** data (N examples of data.length / N entries) in the layout's batch shape: N×n (row) or n×N (column). */
export function batchShaped(data: Float64Array, N: number, layout: Layout): Matrix {
  const n = data.length / N;
  return layout === 'row' ? { rows: N, cols: n, data } : { rows: n, cols: N, data };
}

/** The entries of one example in `m`, whatever N: the vector's length, or the batch matrix's other side. */
export function exampleLength(m: Matrix, N: number | undefined, layout: Layout): number | undefined {
  if (N === undefined) return M.isVector(m) ? M.length(m) : undefined;
  if (layout === 'row' ? m.rows === N : m.cols === N) return layout === 'row' ? m.cols : m.rows;
  return M.isVector(m) ? M.length(m) : undefined;
}

/**
 * Example n of a batch: a view of row n (row layout), or column n gathered into `into` (column
 * layout, whose rows are the units).
 */
export function exampleOf(m: Matrix, n: number, layout: Layout, into: Float64Array): Float64Array {
  if (layout === 'row') return m.data.subarray(n * m.cols, (n + 1) * m.cols);
  for (let j = 0; j < m.rows; j++) into[j] = m.data[j * m.cols + n];
  return into;
}

/** Writes example n's entries `v` into the batch `out` (data of N examples). */
export function putExample(out: Float64Array, n: number, N: number, layout: Layout, v: Float64Array): void {
  const len = v.length;
  if (layout === 'row') out.set(v, n * len);
  else for (let j = 0; j < len; j++) out[j * N + n] = v[j];
}

/** [h_prev; x] of every example (column layout: rows stacked; row layout: each row joined). */
export function stackParts(parts: readonly Matrix[], N: number, layout: Layout): Matrix {
  if (layout === 'column') return batchShaped(M.concatData(parts.map((p) => p.data)), N, layout);
  const width = parts.reduce((w, p) => w + p.cols, 0);
  const data = new Float64Array(N * width);
  for (let n = 0; n < N; n++) {
    let at = n * width;
    for (const p of parts) {
      data.set(p.data.subarray(n * p.cols, (n + 1) * p.cols), at);
      at += p.cols;
    }
  }
  return { rows: N, cols: width, data };
}

/** How the layout reads a batch, for notes and messages: `rows (row layout, N×n)`. */
function axis(layout: Layout): string {
  return layout === 'row' ? 'each row is one example (row layout: X is N×D)' : 'each column is one example (column layout: x is D×N)';
}

/**
 * A given matrix where a vector was expected, read as a batch: accepted when it is the input or
 * has the input's N examples on the batch axis; a shape error otherwise (or undefined: not a
 * batch at all, for the caller's vector message). A state given as one vector in a batch is used
 * for every example.
 */
export function batchGiven(s: Solver, g: GivenDef, v: Matrix): Matrix | 'reported' | undefined {
  const row = s.layout === 'row';
  const N = s.N;
  if (!perExample(g.key)) return undefined;
  if (M.isVector(v)) {
    if (N === undefined || !/^(h|c)(_prev|_0)$/.test(g.key)) return v;
    s.report('info', 'assumed', g.nameRange, `${g.written} is one vector: it is the state of each of the ${N} examples of the batch`);
    const data = new Float64Array(M.length(v) * N);
    for (let n = 0; n < N; n++) putExample(data, n, N, s.layout, v.data);
    return batchShaped(data, N, s.layout);
  }
  if (g.key === inputKey(s)) return v;
  if (N === undefined) return undefined;
  if ((row ? v.rows : v.cols) === N) return v;
  const need = `${N} ${row ? 'rows' : 'columns'}`;
  const message = `shape: ${g.written} is ${M.shapeText(v)} but the batch has ${N} examples (${inputKey(s)}; ${axis(s.layout)}): ${g.written} needs ${need}`;
  s.report('error', 'shape', g.valueRange, message);
  return 'reported';
}

/** The note on how the input was read as a batch, when the fence does not set the layout. */
export function noteBatch(s: Solver, x: Matrix): void {
  const g = s.setup.givens.get(inputKey(s));
  if (!g || !s.options.layoutInferred) return;
  const other = s.layout === 'row' ? 'column' : 'row';
  const message = `batch of ${s.N} examples: ${g.written} is ${M.shapeText(x)} and ${axis(s.layout)}; write layout=${other} if each ${other} is one example`;
  s.report('info', 'assumed', g.nameRange, message);
}

/** `(example 2, unit 3)`-style positions for a check on a batch quantity, or undefined when it is not one. */
export function exampleUnit(s: Solver, key: string | undefined, m: Matrix): ((row: number, col: number) => string) | undefined {
  const N = s.N;
  if (N === undefined || (key !== undefined && !perExample(key)) || M.isScalar(m)) return undefined;
  const row = s.layout === 'row';
  if ((row ? m.rows : m.cols) !== N) return undefined;
  return (r, c) => `example ${(row ? r : c) + 1}, unit ${(row ? c : r) + 1}`;
}
