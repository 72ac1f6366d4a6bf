// The one name grammar: how a note writes a name (`W_f`, `\tilde{C}_t`, `h_{t-1}`, `a^{<t>}`),
// read by the lexer inside formulas and by every surface that asks whether a text is a name.
import { isDigit, isSpace } from './statements';
import { superscript } from './superscripts';

export { superscript, timeSuperscript, type Superscript } from './superscripts';

// A name in a formula: a Latin or Greek letter then letters and digits, or `\tilde{…}` /
// `\widetilde{…}` / `\hat{…}`; then `_x` / `_{…}` parts, a `~`, and a time superscript (below).
// Each `_` part starts with `_`, which neither part's characters include, so a part is read one
// way, and `[^{}\n]*` stops at the first brace: 200 kB adversarial names take ≤ 3 ms (issue 12).
const NAME_AT =
  // linear: one way to read each part (above), tried once at one offset (sticky)
  /(?:\\(?:tilde|widetilde|hat|overleftarrow|overrightarrow)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z\u0370-\u03FF][A-Za-z0-9\u0370-\u03FF]*~?)(?:_(?:\{[^{}\n]*\}|[A-Za-z0-9]+))*(?:~)?/y;

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
  let end = at + m[0].length;
  // A superscript, then more subscripts after a layer's (`h^{[2]}_t`); each turn reads on.
  while (text.charCodeAt(end) === 94) {
    const sup = superscript(text, end);
    if (!sup) break;
    end = sup.end;
    if (sup.step !== undefined || text.charCodeAt(end) !== 95) break;
    PARTS_AT.lastIndex = end;
    const parts = PARTS_AT.exec(text);
    if (!parts) break;
    end += parts[0].length;
  }
  return end;
}
const PARTS_AT = /(?:_(?:\{[^{}\n]*\}|[A-Za-z0-9]+))+/y;

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
const HEAD_COMMANDS = ['\\tilde{', '\\widetilde{', '\\hat{', '\\overleftarrow{', '\\overrightarrow{'];

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
      i = superscript(written, i)?.end ?? -1;
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
