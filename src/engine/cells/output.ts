// The output layer after the cell (SPEC §5), for any kind, when W_y is given: the logits
// logits = W_y h + b_y (Goodfellow's o, z_y), and the prediction y = out(logits) with the block's
// `out=` activation: softmax (the default, a classifier or language model), linear (regression
// and toy examples: y = W_y h + b_y) or sigmoid. out=none: the block has no output layer.
import type { Layer } from './cell';
import type { Solver } from '../solve/solver';
import type { Matrix } from '../types';
import { at } from '../solve/keys';
import * as M from '../matrix';
import { allocate, operate } from '../budget';
import { softmax } from '../expr';
import { exampleOf, putExample } from '../solve/batch';
import { defined } from '../solve/perStep';
import { topState } from '../solve/stream';

/** logits = W_y h + b_y, or undefined (what is missing noted under `key`). */
function logits(
  s: Solver,
  t: number | undefined,
  key: string,
): { value: Matrix; hKey: string; W: Matrix; h: Matrix; b?: Matrix } | undefined {
  if (s.options.out === 'none') return undefined;
  if (!s.has('W_y')) {
    s.noteMissing(key, 'W_y');
    return undefined;
  }
  const W = s.get('W_y');
  // The top layer's h: both directions' when bidirectional (torch's output, [→h_t; ←h_t]).
  const { key: hKey, value: h } = topState(s, s.T !== undefined && t === undefined ? s.T : t, key);
  if (!W || !h) return undefined;
  const row = s.layout === 'row';
  const N = s.N ?? 1;
  const Hn = M.length(h) / N;
  const V = row ? W.cols : W.rows;
  if ((row ? W.rows : W.cols) !== Hn) {
    const need = `${Hn} ${row ? 'rows' : 'columns'}`;
    s.report('error', 'shape', s.rangeOf('W_y')!, `shape: W_y is ${M.shapeText(W)} but h is ${M.shapeText(h)}: W_y needs ${need}`);
    return undefined;
  }
  const b = s.options.bias && s.has('b_y') ? s.get('b_y') : undefined;
  if (b && M.length(b) !== V) {
    s.report('error', 'shape', s.rangeOf('b_y')!, `shape: b_y has ${M.length(b)} entries but W_y gives ${V} outputs`);
    return undefined;
  }
  operate(s.work, N * V * Hn);
  allocate(s.work, N * V);
  if (s.N === undefined) {
    const pre = new Float64Array(V);
    M.accumulate(pre, W, row, 0, 0, h.data);
    if (b) for (let j = 0; j < V; j++) pre[j] += b.data[j];
    return { value: M.orient(pre, s.layout), hKey, W, h, b };
  }
  // A batch: each example's logits.
  const pre = new Float64Array(N * V),
    hn = new Float64Array(Hn),
    pn = new Float64Array(V);
  for (let n = 0; n < N; n++) {
    pn.fill(0);
    M.accumulate(pn, W, row, 0, 0, exampleOf(h, n, s.layout, hn));
    if (b) for (let j = 0; j < V; j++) pn[j] += b.data[j];
    putExample(pre, n, N, s.layout, pn);
  }
  return { value: s.shaped(pre), hKey, W, h, b };
}

/** Softmax of each example's logits (of the whole vector when the block has no batch). */
function softmaxOf(s: Solver, z: Matrix): Matrix {
  if (s.N === undefined) return softmax(z);
  const N = s.N;
  const V = M.length(z) / N;
  const out = new Float64Array(N * V),
    zn = new Float64Array(V);
  for (let n = 0; n < N; n++) putExample(out, n, N, s.layout, softmax(M.orient(exampleOf(z, n, s.layout, zn), s.layout)).data);
  return s.shaped(out);
}

export const LOGITS: Layer = {
  target: 'logits',
  solve(s, t) {
    const key = at('logits', t);
    const z = logits(s, t, key);
    if (!z) return undefined;
    const row = s.layout === 'row';
    const { hKey, W, h, b, value } = z;
    const prod = row ? `\\operand{${hKey}}\\,\\operand{W_y}` : `\\operand{W_y}\\,\\operand{${hKey}}`;
    const [l, r] = row ? [h, W] : [W, h];
    s.noteReads(key, ['W_y', hKey, ...(b ? ['b_y'] : [])]);
    s.recordStep({
      target: key,
      text: `logits = ${row ? 'h·W_y' : 'W_y·h'}${b ? ' + b_y' : ''}`,
      latex: b ? `${prod} + \\operand{b_y}` : prod,
      operands: [s.operand('W_y', W), s.operand(hKey, h), ...(b ? [s.operand('b_y', b)] : [])],
      shapes: `(${M.shapeText(l)})·(${M.shapeText(r)})${b ? ` + (${M.shapeText(b)})` : ''} = ${M.shapeText(value)}`,
      result: value,
      time: t,
    });
    return value;
  },
};

const ACTIVATION = { softmax: '\\operatorname{softmax}', sigmoid: '\\sigma', linear: '' } as const;

export const OUTPUT: Layer = {
  target: 'y',
  solve(s, t) {
    const key = at('y', t);
    const out = s.options.out;
    const zKey = at('logits', t);
    if (out === 'none') return undefined;
    // The logits are given, or a formula per step gives them (o_t = c + V h_t), or W_y does.
    const zGiven = defined(s, zKey);
    if (!s.has('W_y') && !zGiven) s.noteMissing(key, 'W_y');
    const z = s.has('W_y') || zGiven ? s.get(zKey) : undefined;
    if (!z) {
      if (s.has('W_y')) s.noteMissing(key, zKey);
      return undefined;
    }
    allocate(s.work, M.length(z));
    const y = out === 'softmax' ? softmaxOf(s, z) : out === 'sigmoid' ? M.map(z, M.sigmoidValue) : z;
    s.noteReads(key, [zKey]);
    s.recordStep({
      target: key,
      text: out === 'linear' ? 'y = logits' : `y = ${out === 'softmax' ? 'softmax' : 'σ'}(logits)`,
      latex: out === 'linear' ? `\\operand{${zKey}}` : `${ACTIVATION[out]}\\left(\\operand{${zKey}}\\right)`,
      operands: [s.operand(zKey, z)],
      preActivation: out === 'linear' ? undefined : { latex: `\\operand{${zKey}}`, value: z },
      shapes: M.shapeText(y),
      result: y,
      time: t,
    });
    return y;
  },
};
