// The note's own notation for the quantities a card, preview, page or export shows: `C_t`,
// `\tilde{C}_t`, `R_t`, `x^{\langle t\rangle}` as the note first wrote them, not our canonical
// `c_t`, `\tilde{c}_t`, `r_t`. Canonical names stay the keys (JSON, step exports' keys); only
// the LaTeX changes. A spelling is learned only when it reads as a letter (optionally with an
// accent) and a time index; anything else keeps the canonical LaTeX, so a name can never inject TeX.
import type { BlockAnalysis } from '../../engine/types';
import { nameToLatex, STATE } from './names';
import { splitTag } from '../../engine/streams';
import { streamLatex } from '../../engine/parse/streamNames';

/** LaTeX of a canonical key in the note's notation (`c` → `C_{t}`, `h_2` → `H_{2}`). */
export interface Notation {
  latex(key: string, step?: number): string;
  /** The same for LaTeX we generated from canonical keys (a stacked `[h_{t-1}; x_t]` operand). */
  rename(latex: string): string;
}

type TimeStyle = 'sub' | 'paren' | 'angle' | 'sup';

interface Spelling {
  /** `C`, `\tilde{C}`: a letter, with an accent from ACCENTS. */
  readonly stem: string;
  /** How the time index is written; undefined when the spelling has none (`C` alone). */
  readonly time?: TimeStyle;
}

const ACCENTS = new Set(['tilde', 'hat', 'bar', 'widetilde', 'widehat', 'overline']);

/** The letter and time of a canonical state key: `c_prev` → c at t−1, `h_3` → h at 3. */
function stateKey(key: string, step?: number): { letter: string; time: string } | undefined {
  const prev = /^([hc])_prev$/.exec(key);
  if (prev) return { letter: prev[1], time: 't-1' };
  const numbered = /^([a-z])_(\d{1,6})$/.exec(key);
  if (numbered && numbered[1] in STATE) return { letter: numbered[1], time: numbered[2] };
  if (key.length === 1 && key in STATE) return { letter: key, time: step === undefined ? 't' : String(Math.trunc(step)) };
  return undefined;
}

/** A time index as a note writes one: `t`, `t-1`, `t+1`, `prev`, `next`, a step number. */
const TIME = /^(?:t|t[-+]1|prev|next|\d{1,6})$/;

/** How a note spelled a state (`\tilde{C}_t`, `C_{t-1}`, `a^{<t>}`, `h_prev`), or undefined. */
export function parseSpelling(written: string): Spelling | undefined {
  const w = written.replace(/\s+/g, '');
  let stem: string;
  let rest: string;
  if (w.startsWith('\\')) {
    // `\tilde{C}…`: an accent from ACCENTS over one letter in braces.
    const open = w.indexOf('{');
    const accent = open < 0 ? '' : w.slice(1, open);
    if (!ACCENTS.has(accent) || !/^[A-Za-z]$/.test(w.charAt(open + 1)) || w.charAt(open + 2) !== '}') return undefined;
    stem = `\\${accent}{${w.charAt(open + 1)}}`;
    rest = w.slice(open + 3);
  } else {
    if (!/^[A-Za-z]/.test(w)) return undefined;
    stem = w.charAt(0);
    rest = w.slice(1);
  }
  if (!rest) return { stem };
  const sub = /^_(?:\{([^{}]{1,12})\}|([A-Za-z0-9]{1,6}))$/.exec(rest);
  if (sub) return TIME.test(sub[1] ?? sub[2]) ? { stem, time: 'sub' } : undefined;
  const sup = /^\^(?:\{([^{}]{1,24})\}|([A-Za-z0-9]))$/.exec(rest);
  if (!sup) return undefined;
  const inner = sup[1] ?? sup[2];
  const angle = inner.startsWith('\\langle') && inner.endsWith('\\rangle');
  const paren = inner.startsWith('(') && inner.endsWith(')');
  const arrow = inner.startsWith('<') && inner.endsWith('>');
  const index = angle ? inner.slice(7, -7) : paren || arrow ? inner.slice(1, -1) : inner;
  if (!TIME.test(index)) return undefined;
  return { stem, time: angle || arrow ? 'angle' : paren ? 'paren' : 'sup' };
}

function withTime(stem: string, time: string, style: TimeStyle): string {
  if (style === 'paren') return `${stem}^{(${time})}`;
  if (style === 'angle') return `${stem}^{\\langle ${time}\\rangle}`;
  if (style === 'sup') return `${stem}^{${time}}`;
  return `${stem}_{${time}}`;
}

/** A weight's or bias's spelling when it is a letter and a short subscript (`W_C`, `b_{xf}`). */
function simpleName(written: string): string | undefined {
  const m = /^([A-Za-z])(?:_(?:\{([A-Za-z0-9]{1,8})\}|([A-Za-z0-9]{1,8})))?$/.exec(written.replace(/\s+/g, ''));
  if (!m) return undefined;
  const sub = m[2] ?? m[3];
  return sub ? `${m[1]}_{${sub}}` : m[1];
}

const cache = new WeakMap<BlockAnalysis, Notation>();

/** The block's notation, learned from its givens (in the note's order), then its checks. */
export function notationOf(a: BlockAnalysis): Notation {
  let n = cache.get(a);
  if (!n) {
    n = learn(a);
    cache.set(a, n);
  }
  return n;
}

function learn(a: BlockAnalysis): Notation {
  const stems = new Map<string, string>();
  const styles = new Map<string, TimeStyle>();
  const names = new Map<string, string>();
  let blockStyle: TimeStyle | undefined;
  const spelled: [string, string][] = [];
  for (const q of a.quantities) if (q.written && (q.origin === 'given' || q.origin === 'default')) spelled.push([q.name, q.written]);
  for (const c of a.checks) if (c.written && !c.formula) spelled.push([c.name, c.written]);
  for (const c of a.checks) if (c.written && c.formula) spelled.push([c.name, c.written]);
  for (const [tagged, spelling] of spelled) {
    // Another layer's or direction's name teaches its letter: `\overleftarrow{H}_2` spells h as H.
    const key = splitTag(tagged)?.inner ?? tagged;
    const written = key === tagged ? spelling : unmarked(spelling);
    const state = stateKey(key);
    if (!state) {
      const simple = names.has(key) ? undefined : simpleName(written);
      if (simple && /^(W|U|V|b|E)(_|$)/.test(key)) names.set(key, simple);
      continue;
    }
    const s = parseSpelling(written);
    if (!s) continue;
    if (!stems.has(state.letter)) stems.set(state.letter, s.stem);
    if (s.time && !styles.has(state.letter)) styles.set(state.letter, s.time);
    blockStyle ??= s.time;
  }
  // The candidate follows its state: `C_t` makes g `\tilde{C}_t` unless the note wrote g itself.
  for (const [state, candidate] of [
    ['c', 'g'],
    ['h', 'n'],
  ] as const) {
    const own = stems.get(state);
    const cand = stems.get(candidate);
    if (own && !cand && /^[A-Za-z]$/.test(own)) stems.set(candidate, `\\tilde{${own}}`);
    const accented = cand && /^\\[a-z]+\{([A-Za-z])\}$/.exec(cand);
    if (accented && !own) stems.set(state, accented[1]);
  }
  const latex = (key: string, step?: number): string => {
    const stream = streamLatex(key, (inner) => latex(inner, step));
    if (stream !== undefined) return stream;
    const named = names.get(key);
    if (named) return named;
    const state = stateKey(key, step);
    if (!state || !stems.has(state.letter)) {
      // Unspelled letters take the block's time style (a note writing x^{<t>} gets f^{<t>} too).
      if (state && blockStyle && blockStyle !== 'sub') return withTime(STATE[state.letter], state.time, blockStyle);
      return nameToLatex(key, step);
    }
    return withTime(stems.get(state.letter)!, state.time, styles.get(state.letter) ?? blockStyle ?? 'sub');
  };
  // The forms nameLatex writes for state keys: `\tilde{c}_t`, `h_{t-1}`, `x_t`, `h_{2}`; a
  // letter inside a longer name (`\odot`, `W_h`) is not one.
  const rename = (generated: string): string =>
    generated.replace(/(\\tilde\{[ch]\}|[A-Za-z\\]?[xhcfiogrznaye])_(\{t-1\}|\{\d{1,6}\}|t)/g, (whole, head: string, time: string) => {
      const tilde = head.startsWith('\\tilde');
      if (!tilde && head.length > 1) return whole;
      const base = tilde ? (head.charAt(7) === 'c' ? 'g' : 'n') : head;
      const key =
        time === '{t-1}'
          ? base === 'h' || base === 'c'
            ? `${base}_prev`
            : undefined
          : time === 't'
            ? base
            : `${base}_${time.slice(1, -1)}`;
      return key ? latex(key) : whole;
    });
  return { latex, rename };
}

/** A spelling without its layer and direction marks (`\overleftarrow{H}^{[2]}_t` → `H_t`). */
function unmarked(written: string): string {
  // linear: a match starts only at `\over…arrow`, and each run of spaces ends at the literal after it.
  return written.replace(/\\over(?:left|right)arrow\s*\{\s*([A-Za-z])\s*\}/, '$1').replace(/\^\{\[\d{1,2}\]\}/, '');
}
