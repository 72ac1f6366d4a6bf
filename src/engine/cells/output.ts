// The output layer after the cell (SPEC §5): y = softmax(W_y h + b_y), for any kind, when W_y is given.
import type { Layer } from './cell';
import { at } from '../solve/keys';
import * as M from '../matrix';
import { allocate, operate } from '../budget';
import { softmax } from '../expr';

export const OUTPUT: Layer = {
  target: 'y',
  solve(ctx, t) {
    const key = at('y', t);
    if (!ctx.has('W_y')) {
      ctx.noteMissing(key, 'W_y');
      return undefined;
    }
    const W = ctx.get('W_y');
    const hKey = ctx.T !== undefined && t === undefined ? at('h', ctx.T) : at('h', t);
    const h = ctx.get(hKey);
    if (!W || !h) {
      if (!h) ctx.noteMissing(key, hKey);
      return undefined;
    }
    const row = ctx.layout === 'row';
    const Hn = M.length(h);
    const V = row ? W.cols : W.rows;
    if ((row ? W.rows : W.cols) !== Hn) {
      ctx.shapeError(
        ctx.rangeOf('W_y')!,
        `shape: W_y is ${M.shapeText(W)} but h is ${M.shapeText(h)}: W_y needs ${row ? `${Hn} rows` : `${Hn} columns`}`,
      );
      return undefined;
    }
    operate(ctx.work, V * Hn);
    allocate(ctx.work, 2 * V); // the pre-activation and the softmax
    const pre = new Float64Array(V);
    M.accumulate(pre, W, row, 0, 0, h.data);
    const b = ctx.options.bias && ctx.has('b_y') ? ctx.get('b_y') : undefined;
    if (b) {
      if (M.length(b) !== V) {
        ctx.shapeError(ctx.rangeOf('b_y')!, `shape: b_y has ${M.length(b)} entries but W_y gives ${V} outputs`);
        return undefined;
      }
      for (let j = 0; j < V; j++) pre[j] += b.data[j];
    }
    const result = M.orient(pre, ctx.layout);
    const y = softmax(result);
    const prod = row ? `\\operand{${hKey}}\\,\\operand{W_y}` : `\\operand{W_y}\\,\\operand{${hKey}}`;
    const inner = b ? `${prod} + \\operand{b_y}` : prod;
    const ops = [ctx.operand('W_y', W), ctx.operand(hKey, h), ...(b ? [ctx.operand('b_y', b)] : [])];
    ctx.recordStep(
      key,
      `y = softmax(${row ? 'h·W_y' : 'W_y·h'}${b ? ' + b_y' : ''})`,
      `\\operatorname{softmax}\\left(${inner}\\right)`,
      ops,
      `${row ? `(${M.shapeText(h)})·(${M.shapeText(W)})` : `(${M.shapeText(W)})·(${M.shapeText(h)})`}${b ? ` + (${M.shapeText(b)})` : ''} = ${M.shapeText(y)}`,
      y,
      { latex: inner, value: result },
      t,
    );
    return y;
  },
};
