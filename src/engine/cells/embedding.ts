// The embedding in front of the cell (SPEC §5): e = the row (E is V×D, as nn.Embedding) or the
// column (E is D×V) of E that the one-hot selects; a square E selects a row. e is then x.
import type { Layer } from './cell';
import { at } from '../solve/keys';
import * as M from '../matrix';
import { allocate, operate } from '../budget';

export const EMBEDDING: Layer = {
  target: 'e',
  solve(s, t) {
    const key = at('e', t),
      ohKey = at('onehot', t);
    for (const need of ['E', ohKey]) if (!s.has(need)) s.noteMissing(key, need);
    if (!s.has('E') || !s.has(ohKey)) return undefined;
    const E = s.get('E'),
      oh = s.get(ohKey);
    if (!E || !oh) return undefined;
    const V = M.length(oh);
    const byRow = E.rows === V;
    if (!byRow && E.cols !== V) {
      const message = `shape: E is ${M.shapeText(E)} but the one-hot has ${V} entries: E needs ${V} rows (V×D, rows are tokens) or ${V} columns (D×V)`;
      const ohRange = s.rangeOf(ohKey);
      s.report('error', 'shape', s.rangeOf('E')!, message, ohRange ? [{ range: ohRange, message: `${ohKey} has ${V} entries` }] : []);
      return undefined;
    }
    const D = byRow ? E.cols : E.rows;
    operate(s.work, D * V);
    allocate(s.work, D);
    const out = new Float64Array(D);
    M.accumulate(out, E, byRow, 0, 0, oh.data);
    const result = M.orient(out, s.layout);
    const hot = oneHotIndex(oh.data);
    s.noteReads(key, ['E', ohKey]);
    s.recordStep({
      target: key,
      text: `e = ${hot >= 0 ? `${byRow ? 'row' : 'column'} ${hot + 1} of E` : `E${byRow ? 'ᵀ' : ''}·onehot`}`,
      latex: byRow ? `\\operand{E}^{\\top}\\,\\operand{${ohKey}}` : `\\operand{E}\\,\\operand{${ohKey}}`,
      operands: [s.operand('E', E), s.operand(ohKey, oh)],
      shapes: `${byRow ? `(${E.cols}×${E.rows})` : `(${M.shapeText(E)})`}·(${V}×1) = ${M.shapeText(result)}`,
      result,
      time: t,
    });
    return result;
  },
};

/** x = e, when the block embeds its input. */
export const INPUT: Layer = {
  target: 'x',
  solve(s, t) {
    const key = at('x', t),
      eKey = at('e', t);
    const e = s.has(eKey) || s.has('E') ? s.get(eKey) : undefined;
    if (!e) s.noteMissing(key, key);
    else {
      s.noteReads(key, [eKey]);
      s.recordStep({
        target: key,
        text: 'x = e',
        latex: '\\operand{e}',
        operands: [s.operand(eKey, e)],
        shapes: M.shapeText(e),
        result: e,
        time: t,
      });
    }
    return e;
  },
};

/** The index of the single 1 of a one-hot vector, or −1 when it is not one. */
function oneHotIndex(d: Float64Array): number {
  const k = d.indexOf(1);
  return k >= 0 && d.every((v, j) => v === (j === k ? 1 : 0)) ? k : -1;
}
