// The names each kind of cell knows (SPEC §4) and what each means: the tables the resolver
// (names.ts) matches a flat spelling against, and that "did you mean" offers and messages read.
import type { CellKind } from '../types';
import { splitTag, streamName } from '../streams';

/** The states and gates of each kind, by base (a step or `_prev` may follow). */
export const STATE_BASES: Record<CellKind, readonly string[]> = {
  lstm: ['x', 'h', 'c', 'f', 'i', 'o', 'g', 'e', 'onehot', 'y'],
  gru: ['x', 'h', 'r', 'z', 'n', 'e', 'onehot', 'y'],
  rnn: ['x', 'h', 'a', 'y', 'e', 'onehot'],
};

const GATE_MEANING: Record<string, string> = {
  x: 'input',
  h_prev: 'previous hidden state',
  c_prev: 'previous cell state',
  f: 'forget gate',
  i: 'input gate',
  o: 'output gate',
  g: 'candidate cell content',
  c: 'new cell state',
  h: 'new hidden state',
  r: 'reset gate',
  z: 'update gate',
  n: 'candidate hidden state',
  a: 'pre-activation',
  y: 'output distribution',
  logits: 'logits of the output layer (before out=)',
  e: 'embedding of the input token',
  onehot: 'one-hot input token',
  E: 'embedding matrix',
};

/** Weight names by kind; the value says what the weight is for. */
const WEIGHTS: Record<CellKind, Record<string, string>> = {
  lstm: gateWeights({ f: 'forget gate', i: 'input gate', o: 'output gate', c: 'candidate' }),
  gru: gateWeights({ r: 'reset gate', z: 'update gate', h: 'candidate' }),
  rnn: {
    W: 'weights on [h_prev; x]',
    W_x: 'input weights',
    W_h: 'recurrent weights',
    b: 'bias',
    b_ih: 'input bias (PyTorch b_ih, added to b_hh)',
    b_hh: 'recurrent bias (PyTorch b_hh, added to b_ih)',
  },
};

const PACKED: Record<string, string> = {
  weight_ih: 'packed input weights (PyTorch)',
  weight_hh: 'packed recurrent weights (PyTorch)',
  bias_ih: 'packed input bias (PyTorch)',
  bias_hh: 'packed recurrent bias (PyTorch)',
  kernel: 'packed input kernel (Keras)',
  recurrent_kernel: 'packed recurrent kernel (Keras)',
  bias: 'packed bias (Keras)',
  W_y: 'output weights',
  U: "U: the output weights, or the input or recurrent weights in Goodfellow's and Elman's letters (names=)",
  b_y: 'output bias',
  E: 'embedding matrix',
};

function gateWeights(gates: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [g, what] of Object.entries(gates)) {
    out[`W_${g}`] = `${what} weights`;
    out[`U_${g}`] = `${what} recurrent weights (Wikipedia split)`;
    out[`W_x${g}`] = `${what} input weights`;
    out[`W_h${g}`] = `${what} recurrent weights`;
    out[`b_${g}`] = `${what} bias`;
    out[`b_i${g === 'c' ? 'g' : g}`] = `${what} input bias`;
    out[`b_h${g === 'c' ? 'g' : g}`] = `${what} recurrent bias`;
  }
  return out;
}

/** The state and gate names a note of this kind may write, as "did you mean" offers them. */
export function stateSpellings(kind: CellKind): readonly string[] {
  const recurrent = kind === 'lstm' ? ['h_prev', 'c_prev'] : ['h_prev'];
  const stems = Object.keys(STEMS[kind]).filter((k) => /^[a-z_]+$/.test(k));
  return [...STATE_BASES[kind].flatMap((b) => [b, `${b}_t`]), ...recurrent, ...stems];
}

export function weightNames(kind: CellKind): readonly string[] {
  return [...Object.keys(WEIGHTS[kind]), ...Object.keys(PACKED)];
}

export function meaning(kind: CellKind, key: string, base: string): string {
  const stream = splitTag(key);
  if (stream) {
    const us = stream.inner.lastIndexOf('_');
    const stepped = us > 0 && /^\d+$/.test(stream.inner.slice(us + 1));
    return `${meaning(kind, stream.inner, stepped ? stream.inner.slice(0, us) : stream.inner)}, ${streamName(stream)}`;
  }
  if (own(GATE_MEANING, base) && (STATE_BASES[kind].includes(base) || base === 'logits')) return GATE_MEANING[base];
  return own(GATE_MEANING, key) ?? own(WEIGHTS[kind], key) ?? own(PACKED, key) ?? own(SIZE_MEANING, key) ?? 'defined in the block';
}

// Own keys only: a name like `constructor` must not find Object.prototype's members.
export function own(table: Record<string, string>, k: string): string | undefined {
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

export const SIZE_MEANING: Record<string, string> = {
  H: 'hidden size',
  D: 'input size',
  V: 'vocabulary size',
  T: 'sequence length',
  E: 'embedding size',
  K: 'number of classes',
};

/** Spellings of a state beyond a letter (lowercase, flattened), each of which may take a step. */
const COMMON_STEMS: Readonly<Record<string, string>> = {
  'y^': 'y',
  y_hat: 'y',
  yhat: 'y',
  y_pred: 'y',
  ypred: 'y',
  yt_pred: 'y', // Coursera's prediction at step t
  x_onehot: 'onehot',
  onehot: 'onehot',
};
export const STEMS: Record<CellKind, Readonly<Record<string, string>>> = {
  // The candidate: `\tilde{C}` → c~, Coursera's cct.
  lstm: { ...COMMON_STEMS, 'c~': 'g', c_tilde: 'g', ctilde: 'g', cct: 'g' },
  // The candidate: `\tilde{h}` → h~, `\hat{h}` → h^.
  gru: { ...COMMON_STEMS, 'h~': 'n', h_tilde: 'n', htilde: 'n', 'h^': 'n', h_hat: 'n', hhat: 'n' },
  rnn: COMMON_STEMS,
};
