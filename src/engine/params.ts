// The parameter count of a block's model: the weights it gives, and those its sizes imply
// (SPEC §5), with the sum written out (`6×8 + 5×6 + 5×5 + 8×5 = 143`).
import type { CellKind, Layout, Matrix, ParameterCount, ParameterTerm } from './types';
import { GATES, gateNames } from './cells/forms';

const PACKED = ['weight_ih', 'weight_hh', 'kernel', 'recurrent_kernel'];

export interface ParamInput {
  readonly kind: CellKind;
  readonly layout: Layout;
  readonly bias: boolean;
  readonly H?: number;
  readonly D?: number;
  readonly V?: number;
  /** The block embeds tokens (an E size, or a one-hot input): E is implied by V and D. */
  readonly embedding: boolean;
  /** Given values by canonical name. */
  value(name: string): Matrix | undefined;
}

export function countParameters(p: ParamInput): ParameterCount | undefined {
  const terms: ParameterTerm[] = [];
  const { kind, layout, H, D, V } = p;
  const row = layout === 'row';
  const add = (label: string, rows: number, cols: number) => terms.push({ label, rows, cols, count: rows * cols });
  const given = (name: string): boolean => {
    const m = p.value(name);
    if (!m) return false;
    add(name, m.rows, m.cols);
    return true;
  };
  const vec = (label: string, n: number) => add(label, n, 1);
  // A weight's shape in the column layout; the row layout writes it transposed.
  const weight = (label: string, rows: number, cols: number) => (row ? add(label, cols, rows) : add(label, rows, cols));

  // Embedding: given, or implied by V and D (e = E·x).
  if (!given('E') && p.embedding && V !== undefined && D !== undefined) weight('E', D, V);

  // The cell.
  const gates = GATES[kind].map((k) => gateNames(kind, k));
  const packed = PACKED.some((n) => p.value(n));
  if (packed) {
    for (const n of PACKED) given(n);
    if (p.bias) {
      let any = false;
      for (const n of ['bias_ih', 'bias_hh', 'bias']) any = given(n) || any;
      if (!any && H !== undefined) vec(p.value('weight_ih') ? 'bias_ih' : 'bias', gates.length * H);
    }
  } else {
    let known = true;
    for (const { W, Wx, Wh, U } of gates) {
      if (p.value(Wx) || p.value(Wh)) {
        if (!given(Wx) && H !== undefined && D !== undefined) weight(Wx, H, D);
        if (!given(Wh) && H !== undefined) add(Wh, H, H);
      } else if (p.value(W)) {
        given(W);
        if (U) given(U);
      } else if (H !== undefined && D !== undefined) {
        // A gate with a U (LSTM, GRU) is counted as its concatenated W; the RNN's one gate as W_x and W_h.
        if (U) weight(W, H, H + D);
        else {
          weight(Wx, H, D);
          add(Wh, H, H);
        }
      } else known = false;
    }
    if (!known && terms.length === 0) return undefined;
    if (p.bias && H !== undefined) {
      // A gate's bias is b_k, or the pair b_ik + b_hk (PyTorch's two) when those are what is given.
      for (const { b, bi, bh } of gates) {
        if (given(b)) continue;
        const pair = [bi, bh].filter((n) => n !== b).map(given);
        if (!pair.some(Boolean)) vec(b, H);
      }
    }
  }

  // Output layer.
  if (given('W_y')) {
    if (p.bias && !given('b_y')) vec('b_y', p.value('W_y')![row ? 'cols' : 'rows']);
  } else if (V !== undefined && H !== undefined) {
    weight('W_y', V, H);
    if (p.bias) vec('b_y', V);
  }

  if (!terms.length) return undefined;
  const total = terms.reduce((s, t) => s + t.count, 0);
  const sum = `${terms.map((t) => (t.cols === 1 ? `${t.rows}` : `${t.rows}×${t.cols}`)).join(' + ')} = ${total}`;
  return { total, terms, sum };
}
