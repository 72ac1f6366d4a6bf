// A name's superscripts (the name grammar of nameGrammar.ts): a time step as Goodfellow, Coursera and
// CS224n write it (`h^{(t)}`, `a^{<t>}`, `h^{t-1}`), a layer as Coursera writes it (`a^{[2]<t>}`)
// and a direction as d2l writes its weights (`W_{xh}^{(b)}`).
import { isDigit, isSpace, skipSpace } from './statements';

/** The longest step a time superscript holds (`t - 1`, `1000`, spaces included): its scan is bounded. */
const MAX_STEP_CHARS = 16;
const STEP_CLOSE: Readonly<Record<string, string>> = { '(': ')', '<': '>', '\\langle': '\\rangle' };
/** A step as time superscripts write it: t, t-1, or a step number. */
const STEP = /^(?:t|t-1|\d+)$/;

/**
 * The time superscript at `i` (a `^`): `^{(t)}`, `^{(t-1)}`, `^{(2)}` (Goodfellow), `^{<t>}`,
 * `^{\langle t \rangle}` (Coursera), `^{t}`, `^{t-1}` (CS224n), spaces allowed between the parts.
 * Its end and its step (`t`, `t-1`, `2`), or undefined. Without brackets only t and t-1 are
 * steps, so `x^{2}` is not read as x_2, and `^{T}` stays a transpose (the step's t is lowercase).
 */
export function timeSuperscript(text: string, i: number): { readonly end: number; readonly step: string } | undefined {
  if (text.charCodeAt(i) !== 94) return undefined;
  const j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) !== 123) return undefined; // {
  return timeBody(text, skipSpace(text, j + 1));
}

/** What a name's superscript says: its step, its layer (`^{[2]}`) or its direction (`^{(b)}`). */
export interface Superscript {
  readonly end: number;
  readonly step?: string;
  readonly layer?: number;
  readonly direction?: 'f' | 'b';
}

const LAYER_MARK = /^\[\s*(\d{1,2})\s*\]\s*/;
const DIRECTION_MARK = /^\(\s*([fb])\s*\)\s*\}/;

/**
 * A time superscript, or a layer's as Coursera writes it (`^{[2]}`, with a step:
 * `a^{[2]<t>}`), or a direction's as d2l writes its weights (`W_{xh}^{(f)}`, `^{(b)}`).
 */
export function superscript(text: string, i: number): Superscript | undefined {
  if (text.charCodeAt(i) !== 94) return undefined;
  let j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) !== 123) return undefined;
  j = skipSpace(text, j + 1);
  const direction = DIRECTION_MARK.exec(text.slice(j, j + 10));
  if (direction) return { end: j + direction[0].length, direction: direction[1] as 'f' | 'b' };
  const layer = LAYER_MARK.exec(text.slice(j, j + 10));
  if (!layer) return timeBody(text, j);
  j += layer[0].length;
  if (text.charCodeAt(j) === 125) return { end: j + 1, layer: Number(layer[1]) };
  const time = timeBody(text, j);
  return time && { ...time, layer: Number(layer[1]) };
}

/** A time superscript's body from `j` (after its `{`) through its `}`. */
function timeBody(text: string, j: number): { readonly end: number; readonly step: string } | undefined {
  const open = text.startsWith('\\langle', j) ? '\\langle' : text[j] === '(' || text[j] === '<' ? text[j] : '';
  j += open.length;
  let step = '';
  for (const stop = j + MAX_STEP_CHARS; j < text.length && j < stop; j++) {
    const c = text.charCodeAt(j);
    if (isDigit(c) || c === 116 || c === 45)
      step += text[j]; // digits, t, -
    else if (!isSpace(c)) break;
  }
  if (!STEP.test(step) || (!open && step[0] !== 't')) return undefined;
  if (open) {
    if (!text.startsWith(STEP_CLOSE[open], j)) return undefined;
    j = skipSpace(text, j + STEP_CLOSE[open].length);
  }
  return text.charCodeAt(j) === 125 ? { end: j + 1, step } : undefined;
}
