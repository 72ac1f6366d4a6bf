// Names as notes write them (`\tilde{C}_t`, `H_{t-1}`, `h_prev`, `W_{xf}`) → canonical names
// (SPEC §4). Case does not matter for state and gate names; it does for weights and sizes.
// The written name is flattened (flatSpelling.ts), then matched against the tables (nameTables.ts).
import type { CellKind } from '../types';
import { remembered } from '../memo';
import { superscript } from './nameGrammar';
import { flatten } from './flatSpelling';
import { own, SIZE_MEANING, STATE_BASES, STEMS } from './nameTables';
import { streamMarks } from './streamNames';
import { tagOf } from '../streams';

export { isNameSpelling } from './nameGrammar';

export interface ResolvedName {
  /** Canonical key: `h`, `h_prev`, `W_f`, `x_3`, or the user's own name. */
  readonly key: string;
  /** Canonical base without step (`h` for `h_3`). */
  readonly base: string;
  readonly step?: number;
  /** Whether the name is one the cell knows (as opposed to a user-defined intermediate). */
  readonly known: boolean;
}

/**
 * How a block reads the letter a: the RNN's pre-activation (SPEC §4), or the hidden state as
 * Andrew Ng's course writes it (a⟨t⟩, a_prev, a_next, W_aa), in any kind of block.
 */
export type Reading = 'pre' | 'hidden';

/** Resolves a written name for a kind, with the block's reading of a. */
export function resolveName(written: string, kind: CellKind, reading: Reading = 'pre'): ResolvedName {
  // Resolving is regex work worth doing once per spelling: the warm Question 2 block took 191–202 µs
  // without this memo against 40–59 µs with it (bench --quick, two runs each, docs/performance.md).
  return remembered(resolved[reading][kind], written, resolvers[reading][kind]);
}

// One memo per kind and reading, keyed by the spelling itself (a joined key cost a string per lookup).
const memos = (): Record<CellKind, Map<string, ResolvedName>> => ({ lstm: new Map(), gru: new Map(), rnn: new Map() });
const resolved: Record<Reading, Record<CellKind, Map<string, ResolvedName>>> = { pre: memos(), hidden: memos() };
const resolversOf = (r: Reading): Record<CellKind, (written: string) => ResolvedName> => ({
  lstm: (w) => resolveUncached(w, 'lstm', r),
  gru: (w) => resolveUncached(w, 'gru', r),
  rnn: (w) => resolveUncached(w, 'rnn', r),
});
const resolvers: Record<Reading, Record<CellKind, (written: string) => ResolvedName>> = {
  pre: resolversOf('pre'),
  hidden: resolversOf('hidden'),
};

/**
 * What in a block's text says a is the hidden state: Coursera's a_prev / a_next, a^{<t>},
 * a^{\langle t \rangle} or a layer's a^{[2]<t>}, or its weights W_aa, W_ax, W_ya. (Goodfellow's a^{(t)} is the pre-activation.)
 */
const HIDDEN_A_CUE =
  // linear: each alternative is bounded but for runs of spaces, which the next character ends.
  /(?<![A-Za-z0-9_\\])(?:(?:a_?(?:prev|next)|W_?(?:aa|ax|ya|\{aa\}|\{ax\}|\{ya\}))(?![A-Za-z0-9])|a\s*\^\s*\{\s*(?:\[\d{1,2}\]\s*)?(?:<|\\langle))/;

/** The first spelling in `text` that makes a the hidden state, if any. */
export function hiddenStateCue(text: string): string | undefined {
  const m = HIDDEN_A_CUE.exec(text);
  if (!m) return undefined;
  // A superscript is quoted whole: a^{<t-1>}, not a^{<.
  const sup = m[0].includes('^') ? superscript(text, text.indexOf('^', m.index)) : undefined;
  return (sup ? text.slice(m.index, sup.end) : m[0]).replace(/\s+/g, '');
}

function resolveUncached(written: string, kind: CellKind, reading: Reading): ResolvedName {
  const flat = flatten(written);
  // A state or weight of another layer or direction: the name without its marks, tagged (streams.ts).
  const marks = streamMarks(flat);
  const inner = marks && resolveFlat(marks.rest, kind, reading);
  if (inner?.known) {
    const tag = tagOf(marks!.layer, marks!.backward);
    return { key: inner.key + tag, base: inner.base + tag, step: inner.step, known: true };
  }
  return resolveFlat(flat, kind, reading);
}

function resolveFlat(flat: string, kind: CellKind, reading: Reading): ResolvedName {
  // Sizes are bare single capitals (an RNN's V given as a matrix is Elman's output layer: read.ts).
  const canonical = own(SIZE_MEANING, flat) ? flat : (packedName(flat, kind) ?? courseraWeight(flat, kind) ?? weightName(flat, kind));
  if (canonical) return known(canonical);
  const state = stateName(flat, kind, reading);
  if (state) return state;
  return { key: flat, base: flat, known: false };
}

/**
 * Andrew Ng's names: W_ax (input), W_aa (recurrent), W_ya / Wy and b_y / by (output); the gates'
 * Wf, bf, … are the concatenated form's W_f, b_f (weightName). Elman's w is the output layer.
 */
function courseraWeight(flat: string, kind: CellKind): string | undefined {
  if (/^W_?ya?$/.test(flat) || /^b_?y$/.test(flat)) return flat[0] === 'W' ? 'W_y' : 'b_y';
  if (kind !== 'rnn') return undefined;
  if (flat === 'w') return 'W_y';
  if (flat === 'W_ax' || flat === 'Wax') return 'W_x';
  if (flat === 'W_aa' || flat === 'Waa') return 'W_h';
  return undefined;
}

function packedName(flat: string, kind: CellKind): string | undefined {
  const lower = flat.toLowerCase();
  if (['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh', 'kernel', 'recurrent_kernel', 'bias'].includes(lower)) return lower;
  // A state_dict's layer (from 0) and direction: `weight_ih_l0` is the block's own, `weight_ih_l1_reverse` weight_ih[2,bwd].
  const torch = stateDictName(lower);
  if (torch) return torch.base + tagOf(torch.layer + 1, torch.reverse);
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
  // Weights are case-sensitive (SPEC §4): `w` and `u` are not `W` and `U`.
  const m = /^([WUb])(?:_?([A-Za-z0-9]+))?$/.exec(flat);
  if (!m) return undefined;
  const letter = m[1];
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

/**
 * What may follow a state's stem after `_`: the previous step, the next (the new state), PyTorch's
 * `n` (`h_n`, `c_n`: the state after the last step), t, or a step number.
 */
const STEP_PART = /^(?:prev|next|n|t-1|tminus1|t|\d+)$/;

function stateName(flat: string, kind: CellKind, reading: Reading): ResolvedName | undefined {
  let lower = flat.toLowerCase();
  // The output layer's logits apart from its prediction: Goodfellow's o is the logits in an RNN
  // only (an LSTM's o is its output gate).
  const logits = /^(?:logits|z_y|(o))(?:_?(t|\d+))?$/.exec(lower);
  if (logits && (logits[1] === undefined || kind === 'rnn')) {
    const step = logits[2] === undefined || logits[2] === 't' ? undefined : Number(logits[2]);
    return step === undefined ? known('logits') : { key: `logits_${step}`, base: 'logits', step, known: true };
  }
  // A tilde after the step (`C_t~`, `C_2~`) decorates the letter: `C~_t`, `C~_2`.
  const late = /^([a-z])_?(t|\d+)~$/.exec(lower);
  if (late) lower = `${late[1]}~_${late[2]}`;
  const stems = STEMS[kind];
  if (own(stems, lower)) return known(stems[lower]);
  let stem = lower;
  let sub: string | undefined;
  const us = lower.lastIndexOf('_');
  if (us > 0 && STEP_PART.test(lower.slice(us + 1))) {
    stem = lower.slice(0, us);
    sub = lower.slice(us + 1);
  } else {
    // A letter with its step run on: xt, ht-1, hprev, x1, C~t.
    const glued = /^([a-z]~?)(prev|next|t-1|tminus1|t|\d+)$/.exec(lower);
    if (glued) [, stem, sub] = glued;
  }
  const base = own(stems, stem) ?? letterBase(stem, kind, reading);
  return base === undefined ? undefined : stepped(base, sub, kind);
}

/** The state a single letter stands for: Coursera's a is h when the block reads it so. */
function letterBase(stem: string, kind: CellKind, reading: Reading): string | undefined {
  if (stem === 'a' && reading === 'hidden') return 'h';
  return stem.length === 1 && STATE_BASES[kind].includes(stem) ? stem : undefined;
}

function stepped(base: string, sub: string | undefined, kind: CellKind): ResolvedName | undefined {
  const recurrent = base === 'h' || (base === 'c' && kind === 'lstm');
  if (sub === 'prev' || sub === 't-1' || sub === 'tminus1') return recurrent ? known(`${base}_prev`) : undefined;
  // a_next, c_next: the state the step computes; PyTorch's h_n, c_n: the last step's.
  if (sub === 'next' || sub === 'n') return recurrent ? known(base) : undefined;
  // Bare capital H is a size, handled before; bare X is the input.
  if (sub === undefined || sub === 't') return known(base);
  const step = Number(sub);
  return { key: `${base}_${step}`, base, step, known: true };
}

function known(key: string): ResolvedName {
  return { key, base: key, known: true };
}
