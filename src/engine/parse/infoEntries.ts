// The entries of a fence's info string (SPEC §2), bare (`layout=row z=keep`) or in braces
// (`{precision=6 tol=1e-3}`), read by one loop over its characters: no regex that could backtrack
// on a long run of spaces, quotes or `=`.
import { isSpace } from './statements';
import { MAX_OPTION_VALUE } from './optionSpecs';

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
}

function isKeyPart(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 45; // \w and -
}

/** `{`, `}` and `,` separate options like spaces. */
function isSeparator(c: number): boolean {
  return c === 123 || c === 125 || c === 44 || isSpace(c);
}

/** One `key` or `key=value` of an info string, as offsets in it. */
export interface InfoEntry {
  readonly key: string;
  readonly start: number;
  /** Just past the value (or the key when there is none). */
  readonly end: number;
  /** The value as written, quotes included; undefined for a bare key. */
  readonly written?: string;
  /** The value without its quotes. */
  readonly value?: string;
}

/**
 * The entries of an info string, in order, by one loop over its characters: a key is a letter
 * or `_` then letters, digits, `_` and `-`; `=` (spaces around it allowed) and a value follow:
 * `"…"`, `'…'`, or a run up to a space, `{`, `}` or `,`. Anything else is skipped.
 */
export function readInfoEntries(text: string): InfoEntry[] {
  const out: InfoEntry[] = [];
  const n = text.length;
  // Where the next `"` / `'` / `)` is at or after a position: searched again only once passed, so
  // an unclosed quote costs one search, not one per option after it.
  const nextQuote = { 34: -2, 39: -2, 41: -2 } as Record<number, number>;
  const quoteAfter = (q: number, from: number): number => {
    if (nextQuote[q] !== -1 && nextQuote[q] < from) nextQuote[q] = text.indexOf(String.fromCharCode(q), from);
    return nextQuote[q];
  };
  let i = 0;
  while (i < n) {
    if (!isKeyStart(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n && isKeyPart(text.charCodeAt(i))) i++;
    const key = text.slice(start, i);
    let j = i;
    while (j < n && isSeparator(text.charCodeAt(j))) j++;
    if (j < n && text.charCodeAt(j) === 61) {
      // =
      let v = j + 1;
      while (v < n && isSeparator(text.charCodeAt(v))) v++;
      const q = v < n ? text.charCodeAt(v) : 0;
      let end = -1,
        value = '';
      if (q === 34 || q === 39) {
        const close = quoteAfter(q, v + 1);
        // Braces and commas inside quotes read as spaces, as they always did.
        if (close >= 0) {
          end = close + 1;
          value = text.slice(v + 1, close).replace(/[{},]/g, ' ');
        }
      }
      if (end < 0) {
        let e = v,
          open = -1;
        for (; e < n && !isSeparator(text.charCodeAt(e)); e++) if (text.charCodeAt(e) === 40) open = e;
        // A space or comma inside parentheses does not end the value (`vary=int(-3, 3)`); an
        // unclosed `(` keeps the plain reading, so the options after it are still read.
        if (open >= 0) {
          const close = quoteAfter(41, open);
          if (close > e && close - v <= MAX_OPTION_VALUE && !/[{}=]/.test(text.slice(e, close))) {
            e = close + 1;
            while (e < n && !isSeparator(text.charCodeAt(e))) e++;
          }
        }
        if (e > v) {
          end = e;
          value = text.slice(v, e);
          // As before: a quote at either end of an unquoted value is dropped.
          const first = value.charCodeAt(0),
            last = value.charCodeAt(value.length - 1);
          if (first === 34 || first === 39) value = value.slice(1);
          if (value.length && (last === 34 || last === 39)) value = value.slice(0, -1);
        }
      }
      if (end >= 0) {
        out.push({ key, start, end, written: text.slice(v, end), value });
        i = end;
        continue;
      }
    }
    out.push({ key, start, end: i });
    i = j;
  }
  return out;
}
