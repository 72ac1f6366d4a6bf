// The embedding in front of the cell (SPEC §5): e = the row (E is V×D, as nn.Embedding) or the
// column (E is D×V) of E that the one-hot selects; a square E selects a row. e is then x.
import type { Layer } from './cell';
import { at } from '../solve/keys';
import * as M from '../matrix';
import { allocate, operate } from '../budget';

export const EMBEDDING: Layer = {
  target: 'e',
  solve(ctx, t) {
    const key = at('e', t),
      ohKey = at('onehot', t);
    if (!ctx.has('E') || !ctx.has(ohKey)) {
      if (!ctx.has('E')) ctx.noteMissing(key, 'E');
      if (!ctx.has(ohKey)) ctx.noteMissing(key, ohKey);
      return undefined;
    }
    const E = ctx.get('E'),
      oh = ctx.get(ohKey);
    if (!E || !oh) return undefined;
    const V = M.length(oh);
    const byRow = E.rows === V;
    if (!byRow && E.cols !== V) {
      const ohRange = ctx.rangeOf(ohKey);
      ctx.shapeError(
        ctx.rangeOf('E')!,
        `shape: E is ${M.shapeText(E)} but the one-hot has ${V} entries: E needs ${V} rows (V×D, rows are tokens) or ${V} columns (D×V)`,
        ohRange ? [{ range: ohRange, message: `${ohKey} has ${V} entries` }] : [],
      );
      return undefined;
    }
    const D = byRow ? E.cols : E.rows;
    operate(ctx.work, D * V);
    allocate(ctx.work, D);
    const out = new Float64Array(D);
    M.accumulate(out, E, byRow, 0, 0, oh.data);
    const result = M.orient(out, ctx.layout);
    const hot = oneHotIndex(oh.data);
    const what = hot >= 0 ? `${byRow ? 'row' : 'column'} ${hot + 1} of E` : `E${byRow ? 'ᵀ' : ''}·onehot`;
    ctx.recordStep(
      key,
      `e = ${what}`,
      byRow ? `\\operand{E}^{\\top}\\,\\operand{${ohKey}}` : `\\operand{E}\\,\\operand{${ohKey}}`,
      [ctx.operand('E', E), ctx.operand(ohKey, oh)],
      `${byRow ? `(${E.cols}×${E.rows})` : `(${M.shapeText(E)})`}·(${V}×1) = ${M.shapeText(result)}`,
      result,
      undefined,
      t,
    );
    return result;
  },
};

/** x = e, when the block embeds its input. */
export const INPUT: Layer = {
  target: 'x',
  solve(ctx, t) {
    const key = at('x', t),
      eKey = at('e', t);
    const e = ctx.has(eKey) || ctx.has('E') ? ctx.get(eKey) : undefined;
    if (!e) {
      ctx.noteMissing(key, key);
      return undefined;
    }
    ctx.recordStep(key, 'x = e', '\\operand{e}', [ctx.operand(eKey, e)], M.shapeText(e), e, undefined, t);
    return e;
  },
};

/** The index of the single 1 of a one-hot vector, or −1 when it is not one. */
function oneHotIndex(d: Float64Array): number {
  let idx = -1;
  for (let k = 0; k < d.length; k++) {
    if (d[k] === 1) {
      if (idx >= 0) return -1;
      idx = k;
    } else if (d[k] !== 0) return -1;
  }
  return idx;
}
