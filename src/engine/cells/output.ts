// The output layer after the cell (SPEC §5): y = softmax(W_y h + b_y), for any kind, when W_y is given.
import type { Matrix } from '../types';
import type { Layer } from './cell';
import { at } from '../solve/keys';
import * as M from '../matrix';
import { allocate, operate } from '../budget';
import { softmax } from '../expr';
import { exampleOf, putExample } from '../solve/batch';

export const OUTPUT: Layer = {
  target: 'y',
  solve(s, t) {
    const key = at('y', t);
    if (!s.has('W_y')) {
      s.noteMissing(key, 'W_y');
      return undefined;
    }
    const W = s.get('W_y');
    const hKey = s.T !== undefined && t === undefined ? at('h', s.T) : at('h', t);
    const h = s.get(hKey);
    if (!h) s.noteMissing(key, hKey);
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
    allocate(s.work, 2 * N * V); // the pre-activation and the softmax
    let result: Matrix, y: Matrix;
    if (s.N === undefined) {
      const pre = new Float64Array(V);
      M.accumulate(pre, W, row, 0, 0, h.data);
      if (b) for (let j = 0; j < V; j++) pre[j] += b.data[j];
      result = M.orient(pre, s.layout);
      y = softmax(result);
    } else {
      // Each example's logits and its own softmax.
      const pre = new Float64Array(N * V),
        out = new Float64Array(N * V),
        hn = new Float64Array(Hn),
        pn = new Float64Array(V);
      for (let n = 0; n < N; n++) {
        pn.fill(0);
        M.accumulate(pn, W, row, 0, 0, exampleOf(h, n, s.layout, hn));
        if (b) for (let j = 0; j < V; j++) pn[j] += b.data[j];
        putExample(pre, n, N, s.layout, pn);
        putExample(out, n, N, s.layout, softmax(M.orient(pn, s.layout)).data);
      }
      result = s.shaped(pre);
      y = s.shaped(out);
    }
    const prod = row ? `\\operand{${hKey}}\\,\\operand{W_y}` : `\\operand{W_y}\\,\\operand{${hKey}}`;
    const inner = b ? `${prod} + \\operand{b_y}` : prod;
    const [l, r] = row ? [h, W] : [W, h];
    s.recordStep({
      target: key,
      text: `y = softmax(${row ? 'h·W_y' : 'W_y·h'}${b ? ' + b_y' : ''})`,
      latex: `\\operatorname{softmax}\\left(${inner}\\right)`,
      operands: [s.operand('W_y', W), s.operand(hKey, h), ...(b ? [s.operand('b_y', b)] : [])],
      preActivation: { latex: inner, value: result },
      shapes: `(${M.shapeText(l)})·(${M.shapeText(r)})${b ? ` + (${M.shapeText(b)})` : ''} = ${M.shapeText(y)}`,
      result: y,
      time: t,
    });
    return y;
  },
};
