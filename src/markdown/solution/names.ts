// Canonical names (SPEC §4) as the LaTeX a student reads: `h_prev` → h_{t-1}, `g` → \tilde{c}_t,
// `W_xf` → W_{xf}, numbered sequence names `h_2` → h_{2}. Anything else is escaped text.
import { escapeLatexText } from './escape';

/** State and gate names (lower-case canonical) → LaTeX of the base symbol (also the cards' default stems, notation.ts). */
export const STATE: Readonly<Record<string, string>> = {
  x: 'x',
  h: 'h',
  c: 'c',
  f: 'f',
  i: 'i',
  o: 'o',
  g: '\\tilde{c}',
  r: 'r',
  z: 'z',
  n: '\\tilde{h}',
  a: 'a',
  y: 'y',
  e: 'e',
};

const WORDS: Record<string, string> = {
  h_prev: 'h_{t-1}',
  c_prev: 'c_{t-1}',
  onehot: '\\mathrm{onehot}',
  weight_ih: 'W_{ih}',
  weight_hh: 'W_{hh}',
  bias_ih: 'b_{ih}',
  bias_hh: 'b_{hh}',
  v: 'v',
  sigma: '\\sigma',
};

/**
 * Whether a check's or step operand's name is one canonical name (`h`, `W_f`, `x_3`), which the
 * notation sets as LaTeX, rather than an expression (`sum(M + M)`), which is shown as written.
 */
export function isKeyName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name);
}

const IDENT = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$/;

/**
 * LaTeX for a quantity name. Known state names get the time subscript (`t`, or the sequence
 * step); weights and biases get their subscript; any other name is set as escaped upright text,
 * so a name can never inject TeX.
 */
export function nameToLatex(name: string, step?: number): string {
  const raw = String(name);
  if (Object.prototype.hasOwnProperty.call(WORDS, raw)) return WORDS[raw];
  const numbered = /^([A-Za-z])_?(\d{1,6})$/.exec(raw);
  if (numbered && Object.prototype.hasOwnProperty.call(STATE, numbered[1])) {
    return `${STATE[numbered[1]]}_{${numbered[2]}}`;
  }
  if (Object.prototype.hasOwnProperty.call(STATE, raw)) {
    return `${STATE[raw]}_{${step === undefined ? 't' : String(Math.trunc(step))}}`;
  }
  if (raw.length > 40 || !IDENT.test(raw)) return `\\text{${escapeLatexText(raw)}}`;
  const parts = raw.split('_');
  const head = parts[0];
  const base = head.length === 1 ? head : `\\mathrm{${head}}`;
  if (parts.length === 1) return base;
  if (head.length === 1 && parts.length === 2) return `${base}_{${parts[1]}}`;
  if (head.length === 1) return `${base}_{\\mathrm{${parts.slice(1).join('\\_')}}}`;
  return `\\mathrm{${parts.join('\\_')}}`;
}
