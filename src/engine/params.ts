// The parameter count of a block's model: the weights it gives, and those its sizes imply
// (SPEC §5), with the sum written out (`6×8 + 5×6 + 5×5 + 8×5 = 143`) and a breakdown by layer
// as Keras' model.summary() prints it. The formulas, per layer and direction, with input width
// I (D for the first layer, H·directions above it) and G gates (LSTM 4, GRU 3, RNN 1):
//   one bias per gate (Keras, most lectures):         G·H·(I + H) + G·H
//   two (PyTorch bias_ih + bias_hh, GRU reset-after): G·H·(I + H) + 2·G·H
//   Dense head of K outputs on the last layer:         K·(H·directions) + K
import type { CellKind, Layout, Matrix, ParameterCount, ParameterLayer, ParameterTerm } from './types';
import { GATES, gateNames } from './cells/forms';
import { formatCount } from './format';
import { tagOf } from './streams';

const PACKED = ['weight_ih', 'weight_hh', 'kernel', 'recurrent_kernel'];
const TORCH_NAMES = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];
const KERAS_TYPE: Record<CellKind, string> = { lstm: 'LSTM', gru: 'GRU', rnn: 'SimpleRNN' };

export interface ParamInput {
  readonly kind: CellKind;
  readonly layout: Layout;
  readonly bias: boolean;
  readonly H?: number;
  readonly D?: number;
  readonly V?: number;
  /** Classes of the output layer (`K = 10`), when it is not the vocabulary. */
  readonly K?: number;
  /** The block embeds tokens (an E size, or a one-hot input): E is implied by V and D. */
  readonly embedding: boolean;
  /** No output layer (`out=none`). */
  readonly noHead: boolean;
  /** The note's formula gives the output (`y_t = W_y h_t`): only the weights it is given count, once. */
  readonly formulaHead?: boolean;
  /** Whose count: PyTorch's has two bias vectors per gate; keras (or undefined) one. */
  readonly framework?: 'keras' | 'pytorch';
  /** GRU reset-after: two bias vectors per gate whatever the framework (Keras reset_after=True). */
  readonly resetAfter: boolean;
  readonly layers: number;
  readonly bidirectional: boolean;
  /** Given values by canonical name. */
  value(name: string): Matrix | undefined;
}

/** A count, and how the output layer was read when nothing but the sizes said (for a note). */
export interface Counted {
  readonly count?: ParameterCount;
  readonly head?: 'vocabulary';
}

export function countParameters(p: ParamInput): Counted {
  const { kind, layout, H, D, V, K } = p;
  const row = layout === 'row';
  const layers: { name: string; type: string; terms: ParameterTerm[] }[] = [];
  const used = new Map<string, number>();
  // Keras names a model's layers by type, numbered from the second of a type on: lstm, lstm_1.
  const layer = (base: string, type: string) => {
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    layers.push({ name: n ? `${base}_${n}` : base, type, terms: [] });
  };
  const add = (label: string, rows: number, cols: number) =>
    layers[layers.length - 1].terms.push({ label, rows, cols, count: rows * cols });
  const given = (name: string): boolean => {
    const m = p.value(name);
    if (!m) return false;
    add(name, m.rows, m.cols);
    return true;
  };
  const vec = (label: string, n: number) => add(label, n, 1);
  // A weight's shape in the column layout; the row layout writes it transposed.
  const weight = (label: string, rows: number, cols: number) => (row ? add(label, cols, rows) : add(label, rows, cols));
  const twoBiases = p.framework === 'pytorch' || p.resetAfter;

  // Embedding: given, or implied by V and D (e = E·x).
  layer('embedding', 'Embedding');
  if (!given('E') && p.embedding && V !== undefined && D !== undefined) weight('E', D, V);

  const directions = p.bidirectional ? 2 : 1;
  const cellType = p.bidirectional ? `Bidirectional(${KERAS_TYPE[kind]})` : KERAS_TYPE[kind];
  const cellBase = p.bidirectional ? 'bidirectional' : KERAS_TYPE[kind].toLowerCase();
  let known = true;
  for (let l = 1; l <= p.layers; l++) {
    layer(cellBase, cellType);
    const inputs = l === 1 ? D : H === undefined ? undefined : H * directions;
    for (let d = 0; d < directions; d++) {
      if (l === 1 && d === 0) known = firstCell(p, add, given, vec, weight, twoBiases, () => layers.some((g) => g.terms.length > 0));
      else if (H !== undefined && inputs !== undefined)
        impliedCell(p, add, vec, weight, H, inputs, twoBiases, suffix(p.framework, l, d === 1));
      else known = false;
    }
  }
  if (!known && layers.every((g) => g.terms.length === 0)) return {};

  // Output layer: the given W_y, else a Dense of K classes or of the vocabulary, on every direction's h.
  let head: Counted['head'];
  layer('dense', 'Dense');
  const width = H === undefined ? undefined : H * directions;
  if (p.formulaHead) {
    given('W_y');
    given('b_y');
  } else if (given('W_y')) {
    if (p.bias && !given('b_y')) vec('b_y', p.value('W_y')![row ? 'cols' : 'rows']);
  } else if (!p.noHead && width !== undefined && (K ?? V) !== undefined) {
    weight('W_y', (K ?? V)!, width);
    if (p.bias) vec('b_y', (K ?? V)!);
    if (K === undefined) head = 'vocabulary';
  }

  const terms: ParameterTerm[] = [];
  for (const g of layers) terms.push(...g.terms);
  if (!terms.length) return {};
  const total = terms.reduce((s, t) => s + t.count, 0);
  const sum = `${terms.map((t) => (t.cols === 1 ? `${t.rows}` : `${t.rows}×${t.cols}`)).join(' + ')} = ${total}`;
  const rows: ParameterLayer[] = layers
    .filter((g) => g.terms.length)
    .map((g) => ({ name: g.name, type: g.type, params: g.terms.reduce((s, t) => s + t.count, 0) }));
  const summary = rows.map((r) => `${r.name} (${r.type}) ${formatCount(r.params)}`).join(' · ');
  return { count: { total, terms, sum, layers: rows, summary }, head };
}

type Add = (label: string, rows: number, cols: number) => void;
type Given = (name: string) => boolean;
type Vec = (label: string, n: number) => void;

/** The first layer's forward cell: its given weights, the rest implied by H and D. False when nothing tells its size. */
function firstCell(p: ParamInput, add: Add, given: Given, vec: Vec, weight: Add, two: boolean, anyTerms: () => boolean): boolean {
  const { kind, H, D } = p;
  const gates = GATES[kind].map((k) => gateNames(kind, k));
  const G = gates.length;
  if (PACKED.some((n) => p.value(n))) {
    for (const n of PACKED) given(n);
    if (!p.bias) return true;
    if (p.value('kernel') || p.value('bias')) {
      if (!given('bias') && H !== undefined) {
        if (two) add('bias', 2, G * H);
        else vec('bias', G * H);
      }
    } else {
      if (!given('bias_ih') && H !== undefined) vec('bias_ih', G * H);
      if (!given('bias_hh') && two && H !== undefined) vec('bias_hh', G * H);
    }
    return true;
  }
  if (H !== undefined && D !== undefined && p.framework && gates.every((g) => ![g.W, g.Wx, g.Wh].some((n) => p.value(n)))) {
    packedCell(p.framework, add, vec, G, H, D, p.bias, two, suffix(p.framework, 1, false));
    return true;
  }
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
  // Biases alone are no count: a cell with no size and no weights (or embedding) has none.
  if (!known && !anyTerms()) return false;
  // A block that gives some biases has its own convention: each missing one is the single zero bias its forward pass takes.
  const own = gates.some((g) => [g.b, g.bi, g.bh, 'b_ih', 'b_hh'].some((n) => p.value(n)));
  if (p.bias && H !== undefined) for (const g of gates) gateBiases(kind, g, given, vec, H, two && !own, '');
  return known;
}

/**
 * A gate's bias vectors: those the block gives, else those its convention implies: b_k, or with two
 * biases b_ik and b_hk (the RNN's pair is b_ih, b_hh).
 */
function gateBiases(kind: CellKind, g: ReturnType<typeof gateNames>, given: Given, vec: Vec, H: number, two: boolean, sfx: string): void {
  const [bi, bh] = kind === 'rnn' ? ['b_ih', 'b_hh'] : [g.bi, g.bh];
  let any = false;
  for (const n of new Set([g.b, bi, bh])) any = given(n + sfx) || any;
  if (any) return;
  for (const n of two ? [bi, bh] : [g.b]) vec(n + sfx, H);
}

/** A layer or direction past the first forward one, read from the sizes alone (nothing names its weights). */
function impliedCell(p: ParamInput, add: Add, vec: Vec, weight: Add, H: number, I: number, two: boolean, sfx: string): void {
  const { kind } = p;
  const gates = GATES[kind].map((k) => gateNames(kind, k));
  if (p.framework) return packedCell(p.framework, add, vec, gates.length, H, I, p.bias, two, sfx);
  for (const g of gates) {
    if (g.U) weight(g.W + sfx, H, H + I);
    else {
      weight(g.Wx + sfx, H, I);
      add(g.Wh + sfx, H, H);
    }
  }
  if (p.bias) for (const g of gates) gateBiases(kind, g, () => false, vec, H, two, sfx);
}

/** One cell as a framework names its tensors: PyTorch's weight_ih_l0 … or Keras' kernel, recurrent_kernel, bias. */
function packedCell(
  framework: 'keras' | 'pytorch',
  add: Add,
  vec: Vec,
  G: number,
  H: number,
  I: number,
  bias: boolean,
  two: boolean,
  sfx: string,
): void {
  if (framework === 'pytorch') {
    const [wi, wh, bi, bh] = TORCH_NAMES.map((n) => n + sfx);
    add(wi, G * H, I);
    add(wh, G * H, H);
    if (bias) {
      vec(bi, G * H);
      vec(bh, G * H);
    }
    return;
  }
  add(`kernel${sfx}`, I, G * H);
  add(`recurrent_kernel${sfx}`, H, G * H);
  if (!bias) return;
  if (two) add(`bias${sfx}`, 2, G * H);
  else vec(`bias${sfx}`, G * H);
}

/**
 * The label suffix of layer l's weights (counting from 1), forward or reverse: PyTorch's own
 * (`_l1`, `_l0_reverse`), else the stream's tag, so a label is the key the block's quantities use
 * (`W_f[2]`, `W_f[bwd]`: the card writes them W_f^{[2]}, ←W_f); none for layer 1 forward
 * outside PyTorch.
 */
function suffix(framework: ParamInput['framework'], l: number, reverse: boolean): string {
  if (framework === 'pytorch') return `_l${l - 1}${reverse ? '_reverse' : ''}`;
  return tagOf(l, reverse);
}
