// The options a fence's info string may set (SPEC §2): the values each accepts, the kinds it
// applies to, and the line the editor's completions show for it.
import type { CellKind } from '../types';
import { VARY_WHAT } from './vary';

/** One option of the info string: what the parser accepts, and what the editor's completions say of it. */
export interface OptionSpec {
  readonly values?: readonly string[];
  readonly kinds?: readonly CellKind[];
  readonly what: string;
  /** A bare key means `true` (`bidirectional`, as Keras' wrapper is named). */
  readonly flag?: boolean;
  /** One line on what the option changes (SPEC §2). */
  readonly doc: string;
}

/** Stacked layers a block may declare: more than any lecture or model summary stacks. */
export const MAX_LAYERS = 8;

/** The longest option value (and key) read; a longer one is refused at once, quoted truncated. */
export const MAX_OPTION_VALUE = 64;

/** Every option the parser accepts, in the order messages list them (the completions read it too). */
export const OPTION_SPECS: Readonly<Record<string, OptionSpec>> = {
  layout: {
    values: ['column', 'row'],
    what: 'column (W·v) or row (v·W)',
    doc: 'column: W·v, vectors are columns; row: v·W, vectors are rows (d2l.ai). Inferred from the shapes when only one fits.',
  },
  reset: {
    values: ['before', 'after'],
    kinds: ['gru'],
    what: 'before or after',
    doc: 'before: the candidate uses W·(r⊙h_prev); after: r⊙(W_hn·h_prev + b_hn), as PyTorch.',
  },
  z: {
    values: ['keep', 'write'],
    kinds: ['gru'],
    what: 'keep or write',
    doc: 'keep: h = z⊙h_prev + (1−z)⊙n; write: h = (1−z)⊙h_prev + z⊙n.',
  },
  concat: {
    values: ['hx', 'xh'],
    what: 'hx ([h_prev; x]) or xh ([x; h_prev])',
    doc: 'hx: v = [h_prev; x] (Colah, most lectures); xh: v = [x; h_prev] (TensorFlow).',
  },
  act: {
    values: ['tanh', 'sigmoid', 'relu'],
    kinds: ['rnn'],
    what: 'tanh, sigmoid or relu',
    doc: 'The activation of h = act(W_h·h_prev + W_x·x + b).',
  },
  bias: { values: ['true', 'false'], what: 'true or false', doc: 'Whether the parameter count includes the biases.' },
  precision: {
    what: 'a whole number of digits from 0 to 15',
    doc: 'Digits shown after the decimal point (the setting rnnMath.precision otherwise).',
  },
  tol: {
    what: 'an absolute (1e-3) or relative (0.1%) tolerance',
    doc: 'The tolerance of the checks; without it, the digits each stated value is written with set it.',
  },
  order: {
    what: 'the packed gate order, e.g. ifgo (LSTM) or rzn (GRU)',
    doc: 'The gate order of packed weights (weight_ih, kernel); PyTorch ifgo / rzn and Keras ifgo / zrn by default.',
  },
  names: {
    values: ['goodfellow', 'elman', 'standard'],
    kinds: ['rnn'],
    what: 'goodfellow (U·x, W·h_prev, V·h), elman (W·x, U·h_prev, V·h) or standard (W·[h_prev; x], U·h)',
    doc: "Which matrices an RNN's bare letters are: Goodfellow's U (input), W (recurrent), V (output); Elman's W, U, V; or W on [h_prev; x] with U the output.",
  },
  out: {
    values: ['softmax', 'linear', 'sigmoid', 'none'],
    what: 'softmax, linear, sigmoid or none (no output layer)',
    doc: 'The output layer: y = out(W_y·h + b_y); softmax (classifiers), linear (regression), sigmoid, or none.',
  },
  params: {
    values: ['keras', 'pytorch'],
    what: 'keras (one bias per gate) or pytorch (bias_ih and bias_hh)',
    doc: "Whose parameter count: Keras' one bias per gate (GRU: reset_after) or PyTorch's bias_ih + bias_hh.",
  },
  layers: {
    what: `a whole number of stacked layers from 1 to ${MAX_LAYERS}`,
    doc: 'Stacked layers, counted as Keras and PyTorch count them and computed layer by layer (h^{[2]}_t reads h_t).',
  },
  bidirectional: {
    values: ['true', 'false'],
    what: 'true or false',
    flag: true,
    doc: 'Both directions, counted as Keras Bidirectional and PyTorch bidirectional=True count them; the backward one (\\overleftarrow{h}_t) runs t = T … 1.',
  },
  a: {
    values: ['hidden', 'pre'],
    what: 'hidden (a is the hidden state, as Coursera writes a^{<t>}) or pre (a is the RNN pre-activation)',
    doc: "How the letter a reads: Coursera's hidden state a<t>, or the RNN pre-activation; inferred from the block.",
  },
  vary: {
    what: VARY_WHAT,
    doc: "How `rnn-math variants` draws this block's new givens: int(-3,3), dec(-1,1,1) or none (kept as written).",
  },
};
