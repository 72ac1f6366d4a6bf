// The one name grammar: how a note writes a name (`W_f`, `\tilde{C}_t`, `h_{t-1}`, `a^{<t>}`),
// read by the lexer inside formulas and by every surface that asks whether a text is a name.
import { isDigit, isSpace, skipSpace } from './statements';

// A name in a formula: a Latin or Greek letter then letters and digits, or `\tilde{…}` /
// `\widetilde{…}` / `\hat{…}`; then `_x` / `_{…}` parts, a `~`, and a time superscript (below).
// Each `_` part starts with `_`, which neither part's characters include, so a part is read one
// way, and `[^{}\n]*` stops at the first brace: 200 kB adversarial names take ≤ 3 ms (issue 12).
const NAME_AT =
  // linear: one way to read each part (above), tried once at one offset (sticky)
  /(?:\\(?:tilde|widetilde|hat)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z\u0370-\u03FF][A-Za-z0-9\u0370-\u03FF]*~?)(?:_(?:\{[^{}\n]*\}|[A-Za-z0-9]+))*(?:~)?/y;

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
  let j = skipSpace(text, i + 1);
  if (text.charCodeAt(j) !== 123) return undefined; // {
  j = skipSpace(text, j + 1);
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

/** A name's first character: a Latin or Greek letter, or `\` (`\tilde{c}`). */
function startsName(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 92 || (code >= 0x370 && code <= 0x3ff);
}

/**
 * The end of the name written at `at` in a formula, or -1. σ is the sigmoid, not a name, and
 * `\` starts one only as `\tilde{…}`, `\widetilde{…}` or `\hat{…}`.
 */
export function nameEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x3c3 || !startsName(c)) return -1;
  NAME_AT.lastIndex = at;
  const m = NAME_AT.exec(text);
  if (!m) return -1;
  const end = at + m[0].length;
  return text.charCodeAt(end) === 94 ? (timeSuperscript(text, end)?.end ?? end) : end;
}

// A left side of `=` is the whole text before it, so its grammar is wider: white space anywhere,
// `-` in a `_word` part (`h_t-1`), `~` after any part (a formula reads `h_t-1` as `h_t − 1`).
// A head, `\tilde{…}` / `\widetilde{…}` / `\hat{…}` or a letter then letters, digits, `_` and `~`;
// then any number of `_{…}`, `_word` (letters, digits, `_`, `-`), `~` and time superscripts. Every state
// the scanner can be in is kept at once (a bit each), so each character is read once whatever the
// spelling: `a_a_a_…` or `x~~~…` cost what their length does, where a regex tried each split.
const HEAD = 1,
  PIECE = 2,
  UNDER = 4,
  WORD = 8;
const HEAD_COMMANDS = ['\\tilde{', '\\widetilde{', '\\hat{'];

const isWordCode = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isGreekCode = (c: number) => c >= 0x370 && c <= 0x3ff;

/** Past `word` written at `i` with white space anywhere in it, or -1. */
function pastSpaced(text: string, i: number, word: string): number {
  for (let m = 0; m < word.length; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c) && c !== word.charCodeAt(m++)) return -1;
  }
  return i;
}

/** Past the `}` closing a `{…}` body that starts at `i` and holds no brace, or -1. */
function pastBody(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) !== 123 && text.charCodeAt(i) !== 125) i++;
  return text.charCodeAt(i) === 125 ? i + 1 : -1;
}

/**
 * Whether `written` (white space ignored) is a name a given may define: `h_prev`, `W_{xf}`,
 * `\tilde{C}_t`, `e^{(t)}`, `a^{<t>}`, read in one pass. A body
 * `{…}` and a time superscript are read at once (no other state can read a brace or `^`).
 */
export function isNameSpelling(written: string): boolean {
  let i = 0;
  while (i < written.length && isSpace(written.charCodeAt(i))) i++;
  let state = HEAD | PIECE;
  if (written.charCodeAt(i) === 92) {
    const body = HEAD_COMMANDS.map((cmd) => pastSpaced(written, i, cmd)).find((k) => k >= 0);
    i = body === undefined ? -1 : pastBody(written, body);
    state = PIECE;
  } else if (startsName(written.charCodeAt(i))) i++;
  else return false;
  while (i >= 0 && i < written.length) {
    const c = written.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 123 && state & UNDER) {
      i = pastBody(written, i + 1);
      state = PIECE;
    } else if (c === 94 && state & PIECE) {
      i = timeSuperscript(written, i)?.end ?? -1;
      state = PIECE;
    } else {
      let next = 0;
      if (state & HEAD && (isWordCode(c) || isGreekCode(c) || c === 126)) next |= HEAD | PIECE;
      if (state & PIECE && c === 95) next |= UNDER;
      if (state & PIECE && c === 126) next |= PIECE;
      if (state & (UNDER | WORD) && (isWordCode(c) || c === 45)) next |= WORD | PIECE;
      if (next === 0) return false;
      state = next;
      i++;
    }
  }
  return i >= 0 && (state & PIECE) !== 0;
}
