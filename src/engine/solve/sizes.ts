// The hidden size H and input size D, from whatever the block gives; the first source wins.
import * as M from '../matrix';
import { gateNames } from '../cells/forms';
import { GATES, TARGETS } from '../cells';
import type { Solver } from './solver';
import { batchOf, exampleLength, noteBatch } from './batch';

/**
 * Sets s.N (a batch input's examples), s.D, then s.H, as soon as each is known (a given's
 * expression read on the way may need them).
 */
export function inferSizes(s: Solver): void {
  const { kind, sizes, T } = s.setup;
  const len = (k: string): number | undefined => {
    const v = s.peek(k);
    return v && M.isVector(v) ? M.length(v) : undefined;
  };
  // A per-example quantity's entries for one example (a state, a gate).
  const vec = (k: string): number | undefined => {
    const v = s.peek(k);
    return v && exampleLength(v, s.N, s.layout);
  };
  const first = T ? '_1' : '',
    prev = T ? '_0' : '_prev';
  const x = `x${first}`;
  const xv = s.peek(x);
  s.N = xv && batchOf(xv, s.layout);
  if (xv && s.N !== undefined) noteBatch(s, xv);
  s.D = (xv && exampleLength(xv, s.N, s.layout)) ?? (s.has(x) ? undefined : embeddingWidth(s)) ?? sizes.D ?? sizes.E;

  // H: a state, a size, a cell quantity, a bias or a square recurrent weight, …
  let H: number | undefined;
  for (const st of s.cell.state) H ??= vec(st + prev);
  H ??= sizes.H;
  for (const target of TARGETS[kind]) H ??= vec(target + first);
  const gates = GATES[kind];
  for (const k of gates) {
    const names = gateNames(kind, k);
    H ??= len(names.b);
    const U = (names.U ? s.peek(names.U) : undefined) ?? s.peek(names.Wh);
    if (U && U.rows === U.cols) H ??= U.rows;
  }
  const Whh = s.peek('weight_hh');
  if (Whh && Whh.rows % gates.length === 0) H ??= Whh.rows / gates.length;
  const rk = s.peek('recurrent_kernel');
  if (rk) H ??= rk.rows;
  const row = s.layout === 'row';
  // … or the outputs of a concatenated weight, once D is known, or W_y's inputs.
  const concat = H === undefined && s.D !== undefined ? gates.map((k) => gateNames(kind, k).W).find((n) => s.peek(n)) : undefined;
  const W = concat && s.peek(concat);
  if (W) H = row ? W.cols : W.rows;
  const Wy = s.peek('W_y');
  if (Wy) H ??= row ? Wy.rows : Wy.cols;

  s.H = H;
  // D, when nothing gave it, from the input weights once H is known.
  if (s.D === undefined && H !== undefined) {
    for (const k of gates) {
      const Wx = s.peek(gateNames(kind, k).Wx);
      if (Wx) {
        s.D = row ? Wx.rows : Wx.cols;
        break;
      }
      const W = s.peek(gateNames(kind, k).W);
      if (W) {
        s.D = (row ? W.rows : W.cols) - H;
        break;
      }
    }
  }
}

/** The width of E's rows or columns, whichever the one-hot selects. */
function embeddingWidth(s: Solver): number | undefined {
  const E = s.peek('E');
  const oh = s.peek(s.setup.T ? 'onehot_1' : 'onehot');
  if (!E || M.isScalar(E) || !oh) return undefined;
  const V = M.length(oh);
  return E.rows === V ? E.cols : E.cols === V ? E.rows : undefined;
}
