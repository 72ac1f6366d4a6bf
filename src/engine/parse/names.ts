// Names as notes write them (`\tilde{C}_t`, `H_{t-1}`, `h_prev`, `W_{xf}`) → canonical names
// (SPEC §4). Case does not matter for state and gate names; it does for weights and sizes.
import type { CellKind } from '../types';
import { remembered } from '../memo';
import { skipSpace } from './statements';

export { isNameSpelling } from './lexer';

export interface ResolvedName {
  /** Canonical key: `h`, `h_prev`, `W_f`, `x_3`, or the user's own name. */
  readonly key: string;
  /** Canonical base without step (`h` for `h_3`). */
  readonly base: string;
  readonly step?: number;
  /** Whether the name is one the cell knows (as opposed to a user-defined intermediate). */
  readonly known: boolean;
}

const STATE_BASES: Record<CellKind, readonly string[]> = {
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

export function weightNames(kind: CellKind): readonly string[] {
  return [...Object.keys(WEIGHTS[kind]), ...Object.keys(PACKED)];
}

export function meaning(kind: CellKind, key: string, base: string): string {
  if (own(GATE_MEANING, base) && (STATE_BASES[kind].includes(base) || base === 'logits')) return GATE_MEANING[base];
  return own(GATE_MEANING, key) ?? own(WEIGHTS[kind], key) ?? own(PACKED, key) ?? own(SIZE_MEANING, key) ?? 'defined in the block';
}

// Own keys only: a name like `constructor` must not find Object.prototype's members.
function own(table: Record<string, string>, k: string): string | undefined {
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

const SIZE_MEANING: Record<string, string> = {
  H: 'hidden size',
  D: 'input size',
  V: 'vocabulary size',
  T: 'sequence length',
  E: 'embedding size',
  K: 'number of classes',
};

/** Strips LaTeX decoration into a flat spelling: `\\tilde{C}_{t-1}` → `C~_t-1`. */
export function flatten(written: string): string {
  let s = written.trim();
  // One pass per decoration, in this order (`\\hat{\\tilde{C}}` is `C~^`), each a loop over the
  // characters that reads every one once: no regex that rescans an unclosed `{` or `(`.
  if (s.includes('\\')) {
    s = unwrapCommand(s, ['tilde', 'widetilde'], '~');
    s = unwrapCommand(s, ['hat'], '^');
    s = unwrapCommand(s, ['mathbf', 'mathrm', 'boldsymbol', 'bm'], '');
  }
  if (s.includes('^')) s = unwrapStepSuperscript(s);
  return s.replace(/[{}\s]/g, '');
}

/**
 * Every `\\cmd { body }` (one of `commands`, spaces allowed before and inside the brace, `body`
 * without braces) → body (its leading spaces dropped) + `suffix`, left to right.
 */
function unwrapCommand(s: string, commands: readonly string[], suffix: string): string {
  let out = '';
  let copied = 0;
  const n = s.length;
  for (let i = s.indexOf('\\'); i >= 0; i = s.indexOf('\\', i + 1)) {
    const cmd = commands.find((c) => s.startsWith(c, i + 1));
    if (!cmd) continue;
    let j = skipSpace(s, i + 1 + cmd.length);
    if (s.charCodeAt(j) !== 123) continue; // {
    j = skipSpace(s, j + 1);
    const bodyStart = j;
    while (j < n && s.charCodeAt(j) !== 123 && s.charCodeAt(j) !== 125) j++;
    // No `}` before a `{` or the end. A command inside can still match with its `{` at j: the
    // search goes on from i + 1, and each body is read once (bodies hold no brace, so never overlap).
    if (j >= n || s.charCodeAt(j) !== 125) continue;
    out += s.slice(copied, i) + s.slice(bodyStart, j) + suffix;
    copied = j + 1;
    i = j;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** Every `^{(body)}` (spaces allowed around each part) → `_body`: `e^{(t)}` is `e_t`. */
function unwrapStepSuperscript(s: string): string {
  let out = '';
  let copied = 0;
  let nextClose = -2; // the next `)`, searched again only once passed: one search per `)`
  for (let i = s.indexOf('^'); i >= 0; i = s.indexOf('^', i + 1)) {
    let j = skipSpace(s, i + 1);
    if (s.charCodeAt(j) !== 123) continue; // {
    j = skipSpace(s, j + 1);
    if (s.charCodeAt(j) !== 40) continue; // (
    const bodyStart = j + 1;
    if (nextClose !== -1 && nextClose < bodyStart) nextClose = s.indexOf(')', bodyStart);
    if (nextClose < 0) break; // no `)` after this: none of the later ones matches either
    const k = skipSpace(s, nextClose + 1);
    if (s.charCodeAt(k) !== 125) continue; // }
    out += s.slice(copied, i) + '_' + s.slice(bodyStart, nextClose);
    copied = k + 1;
    i = k;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/** Resolves a written name for a kind. */
export function resolveName(written: string, kind: CellKind): ResolvedName {
  // Resolving is regex work worth doing once per spelling: the warm Question 2 block took 191–202 µs
  // without this memo against 40–59 µs with it (bench --quick, two runs each, docs/performance.md).
  return remembered(resolved[kind], written, resolvers[kind]);
}

// One memo per kind, keyed by the spelling itself (a joined key cost a string per lookup).
const resolved: Record<CellKind, Map<string, ResolvedName>> = { lstm: new Map(), gru: new Map(), rnn: new Map() };
const resolvers: Record<CellKind, (written: string) => ResolvedName> = {
  lstm: (w) => resolveUncached(w, 'lstm'),
  gru: (w) => resolveUncached(w, 'gru'),
  rnn: (w) => resolveUncached(w, 'rnn'),
};

function resolveUncached(written: string, kind: CellKind): ResolvedName {
  const flat = flatten(written);
  // Sizes are bare single capitals.
  const canonical = own(SIZE_MEANING, flat) ? flat : (packedName(flat, kind) ?? weightName(flat, kind));
  if (canonical) return known(canonical);
  const state = stateName(flat, kind);
  if (state) return state;
  return { key: flat, base: flat, known: false };
}

function packedName(flat: string, kind: CellKind): string | undefined {
  const lower = flat.toLowerCase();
  if (['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh', 'kernel', 'recurrent_kernel', 'bias'].includes(lower)) return lower;
  // A state_dict's first layer, forward direction (`weight_ih_l0`) is the layer a block computes.
  const torch = stateDictName(lower);
  if (torch && torch.layer === 0 && !torch.reverse) return torch.base;
  // Weights are case-sensitive: `U` is the output layer, a lowercase `u` is the author's own name.
  // An RNN's bare U is Goodfellow's or Elman's too: cells/letters.ts reads it from the block's shapes.
  if (flat === 'U') return kind === 'rnn' ? 'U' : 'W_y';
  if (/^(w_y|w_hq|w_hy|v_y)$/i.test(flat)) return 'W_y';
  if (/^(b_y|b2|b_2|b_q)$/i.test(flat)) return 'b_y';
  if (flat === 'E' || flat === 'E_emb' || flat === 'W_emb') return 'E';
  return undefined;
}

/** A PyTorch state_dict entry's name without its module path: `weight_ih_l1_reverse` → weight_ih, layer 1, reverse. */
export function stateDictName(name: string): { base: string; layer: number; reverse: boolean } | undefined {
  const m = /^(weight|bias)_(ih|hh)_l(\d{1,3})(_reverse)?$/.exec(name.toLowerCase());
  return m ? { base: `${m[1]}_${m[2]}`, layer: Number(m[3]), reverse: m[4] !== undefined } : undefined;
}

function weightName(flat: string, kind: CellKind): string | undefined {
  const m = /^([WwUub])(?:_?([A-Za-z0-9]+))?$/.exec(flat);
  if (!m) return undefined;
  const letter = m[1] === 'w' ? 'W' : m[1] === 'u' ? 'U' : m[1];
  let sub = (m[2] ?? '').toLowerCase();
  if (kind === 'rnn') {
    if (letter === 'W' && sub === '') return 'W';
    if (letter === 'b' && (sub === '' || sub === 'h' || sub === '1' || sub === 'a')) return 'b';
    // PyTorch's pair (b_ih + b_hh), also written b_xh: summed, as nn.RNN does.
    if (letter === 'b' && (sub === 'ih' || sub === 'xh')) return 'b_ih';
    if (letter === 'b' && sub === 'hh') return 'b_hh';
    if (letter === 'W' && ['x', 'e', 'xh', 'ih'].includes(sub)) return 'W_x';
    if (letter === 'W' && (sub === 'h' || sub === 'hh')) return 'W_h';
    return undefined;
  }
  const gates = kind === 'lstm' ? ['f', 'i', 'o', 'c'] : ['r', 'z', 'h'];
  if (kind === 'lstm' && sub.endsWith('g') && gates.includes('c')) sub = sub.slice(0, -1) + 'c'; // W_g ≡ W_c
  if (kind === 'gru' && sub.endsWith('n')) sub = sub.slice(0, -1) + 'h'; // W_n ≡ W_h (candidate)
  if (letter === 'W' && sub.length === 2 && sub[0] === 'i') sub = 'x' + sub[1]; // PyTorch's W_ii, W_if, …
  if (sub.length === 1 && gates.includes(sub)) return `${letter}_${sub}`;
  if (letter === 'W' && sub.length === 2 && (sub[0] === 'x' || sub[0] === 'h') && gates.includes(sub[1])) return `W_${sub}`;
  if (letter === 'b' && sub.length === 2 && (sub[0] === 'i' || sub[0] === 'h') && gates.includes(sub[1])) {
    return `b_${sub[0]}${kind === 'lstm' && sub[1] === 'c' ? 'g' : sub[1]}`;
  }
  return undefined;
}

function stateName(flat: string, kind: CellKind): ResolvedName | undefined {
  const bases = STATE_BASES[kind];
  // Tilde forms: C~_t → candidate (lstm g), H~_t / h~ → candidate (gru n).
  const tilde = /^([A-Za-z])~(?:_?(t))?$/.exec(flat) ?? /^([A-Za-z])_?t~$/.exec(flat);
  if (tilde) {
    const b = tilde[1].toLowerCase();
    if (kind === 'lstm' && b === 'c') return known('g');
    if (kind === 'gru' && b === 'h') return known('n');
    return undefined;
  }
  const lower = flat.toLowerCase();
  if (kind === 'lstm' && (lower === 'c_tilde' || lower === 'ctilde')) return known('g');
  if (kind === 'gru' && (lower === 'h_tilde' || lower === 'htilde')) return known('n');
  if (lower === 'y_hat' || lower === 'yhat' || lower === 'y^' || lower === 'y^_t') return bases.includes('y') ? known('y') : undefined;
  if (lower === 'x_onehot' || lower === 'onehot') return known('onehot');
  // The output layer's logits apart from its prediction: Goodfellow's o is the logits in an RNN
  // only (an LSTM's o is its output gate).
  const out = /^(?:logits|z_y|(o)|y_?pred)(?:_?(t|\d+))?$/.exec(lower);
  if (out && (out[1] === undefined || kind === 'rnn')) {
    const base = lower.startsWith('y') ? 'y' : 'logits';
    const step = out[2] === undefined || out[2] === 't' ? undefined : Number(out[2]);
    return step === undefined ? known(base) : { key: `${base}_${step}`, base, step, known: true };
  }

  const m = /^([a-z])(?:_?(prev|t-1|tminus1|t|\d+))?$/.exec(lower) ?? /^([a-z])(t-1|t)$/.exec(lower);
  if (!m) return undefined;
  const b = m[1];
  const sub = m[2];
  if (!bases.includes(b)) return undefined;
  if (sub === 'prev' || sub === 't-1' || sub === 'tminus1') {
    if (b === 'h' || (b === 'c' && kind === 'lstm')) return known(`${b}_prev`);
    return undefined;
  }
  if (sub === undefined || sub === 't') {
    // Bare capital H is a size, handled before; bare X is the input.
    return known(b);
  }
  const step = Number(sub);
  return { key: `${b}_${step}`, base: b, step, known: true };
}

function known(key: string): ResolvedName {
  return { key, base: key, known: true };
}

const SPECIAL_LATEX: Readonly<Record<string, string>> = {
  h_prev: 'h_{t-1}',
  c_prev: 'c_{t-1}',
  g: '\\tilde{c}_t',
  n: '\\tilde{h}_t',
  onehot: 'x^{\\text{onehot}}',
  weight_ih: 'W_{ih}',
  weight_hh: 'W_{hh}',
  bias_ih: 'b_{ih}',
  bias_hh: 'b_{hh}',
  kernel: '\\text{kernel}',
  recurrent_kernel: '\\text{recurrent\\_kernel}',
  bias: '\\text{bias}',
};
/** LaTeX for a canonical name, for step formulas. */
export function nameLatex(key: string): string {
  if (Object.hasOwn(SPECIAL_LATEX, key)) return SPECIAL_LATEX[key];
  const step = /^([a-z])_(\d+)$/.exec(key);
  if (step) return `${step[1] === 'g' ? '\\tilde{c}' : step[1] === 'n' ? '\\tilde{h}' : step[1]}_{${step[2]}}`;
  if (/^[xhcfiogrznaye]$/.test(key)) return `${key}_t`;
  const sub = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(key);
  if (sub) return `${sub[1]}_{${sub[2]}}`;
  return escapeLatexText(key);
}

export function escapeLatexText(text: string): string {
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(text)) return text;
  return `\\text{${text.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`))}}`;
}
