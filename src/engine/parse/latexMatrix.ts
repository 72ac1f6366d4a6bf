// LaTeX matrix literals: `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}` and the other matrix environments.
import type { LiteralError, LiteralScan, Num } from './literals';
import { isSpace, skipSpace, truncate } from './statements';
import { powerOfTenText } from './powerOfTen';

/** The environments a LaTeX literal may be (`\\begin{bmatrix}` …). */
const LATEX_ENVIRONMENTS = ['matrix', 'bmatrix', 'Bmatrix', 'pmatrix', 'vmatrix', 'Vmatrix', 'array'];

/** Reads `{ name }` at `i` (a run of letters; spaces allowed inside and before): the name and the offset past `}`. */
function bracedName(text: string, i: number): { name: string; end: number } | undefined {
  i = skipSpace(text, i);
  if (text.charCodeAt(i) !== 123) return undefined; // {
  i = skipSpace(text, i + 1);
  const nameStart = i;
  while (i < text.length && isLetter(text.charCodeAt(i))) i++;
  const name = text.slice(nameStart, i);
  i = skipSpace(text, i);
  if (text.charCodeAt(i) !== 125) return undefined; // }
  return { name, end: i + 1 };
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** `\\begin{env}` (and an `{…}` column spec) at `start`: the environment and the body's start. */
function latexHead(text: string, start: number): { env: string; bodyStart: number } | undefined {
  if (!text.startsWith('\\begin', start)) return undefined;
  const braced = bracedName(text, start + 6);
  if (!braced || !LATEX_ENVIRONMENTS.includes(braced.name)) return undefined;
  let bodyStart = braced.end;
  const spec = skipSpace(text, bodyStart);
  if (text.charCodeAt(spec) === 123) {
    // {cc}: up to the first `}`
    const close = text.indexOf('}', spec + 1);
    if (close >= 0) bodyStart = close + 1;
  }
  return { env: braced.name, bodyStart };
}

/** The `\\end{env}` closing a body from `from`: its offset and the offset past it, or undefined. */
function latexEnd(text: string, from: number, env: string): { at: number; end: number } | undefined {
  for (let i = text.indexOf('\\end', from); i >= 0; i = text.indexOf('\\end', i + 4)) {
    const braced = bracedName(text, i + 4);
    if (braced && braced.name === env) return { at: i, end: braced.end };
  }
  return undefined;
}

/**
 * A LaTeX matrix in one pass over its body: `\\\\` (with an optional `[2pt]`) ends a row, `&` a
 * cell; `\\hline`, `\\,` `\\;` `\\!` `\\quad` `~` and white space are dropped, `−` is a minus.
 */
export function scanLatex(text: string, start: number): LiteralScan {
  const head = latexHead(text, start);
  if (!head) return undefined;
  const { env, bodyStart } = head;
  const close = latexEnd(text, bodyStart, env);
  if (!close) return { error: `\\begin{${env}} is never closed by \\end{${env}}`, at: start, end: text.length };
  const end = close.end,
    bodyEnd = close.at;
  const table: Num[][] = [];
  let row: Num[] = [];
  let cell = ''; // the cell's characters so far, without what is dropped
  let run = bodyStart; // start of the characters not yet added to `cell`
  let cellStart = bodyStart;
  let nextBracket = -2; // the next `]` (searched again only once passed: one search per `]`)
  /** Ends the cell at `pos` (exclusive); returns an error when it is not a number. */
  // An empty row (`\\\\ \\\\`) is an error only when a row with entries follows it (trailing ones are dropped).
  let emptyRow = -1;
  // Whether the current row, or an empty row still pending, holds a spacing command or `~`: such
  // a row at the end is not blank, and is refused as an empty entry (as it always was).
  let rowMarked = false,
    emptyMarked = false;
  const endCell = (pos: number): LiteralError | undefined => {
    cell += text.slice(run, pos);
    if (emptyRow >= 0) return { error: 'LaTeX matrix entry `` is not a number', at: emptyRow, end };
    if (!NUMBER_TEXT.test(cell)) cell = powerOfTenText(cell) ?? cell; // 2.7\times10^{-5}
    if (!NUMBER_TEXT.test(cell)) {
      const written = text.slice(cellStart, pos).trim();
      return { error: `LaTeX matrix entry \`${truncate(written)}\` is not a number`, at: cellStart, end };
    }
    row.push(numberInfo(cell));
    cell = '';
    return undefined;
  };
  let pos = bodyStart;
  while (pos < bodyEnd) {
    const c = text.charCodeAt(pos);
    if (c === 92) {
      // \
      const d = text.charCodeAt(pos + 1);
      if (d === 92 && pos + 1 < bodyEnd) {
        // \\\\ ends the row, with an optional [length]
        cell += text.slice(run, pos);
        run = pos;
        if (row.length === 0 && cell === '') {
          if (emptyRow < 0) emptyRow = cellStart;
          emptyMarked ||= rowMarked;
        } else {
          const bad = endCell(pos);
          if (bad) return bad;
          table.push(row);
          row = [];
        }
        pos += 2;
        const b = skipSpace(text, pos, bodyEnd);
        if (b < bodyEnd && text.charCodeAt(b) === 91) {
          // [
          if (nextBracket !== -1 && nextBracket <= b) nextBracket = text.indexOf(']', b + 1);
          if (nextBracket >= 0 && nextBracket < bodyEnd) pos = nextBracket + 1;
        }
        run = cellStart = pos;
        rowMarked = false;
        continue;
      }
      const drop = text.startsWith('hline', pos + 1) ? 6 : text.startsWith('quad', pos + 1) ? 5 : d === 44 || d === 59 || d === 33 ? 2 : 0; // \, \; \!
      if (drop && pos + drop <= bodyEnd) {
        if (drop !== 6) rowMarked = true;
        cell += text.slice(run, pos);
        pos += drop;
        run = pos;
        continue;
      }
      pos++;
      continue;
    }
    if (c === 38) {
      // &
      const bad = endCell(pos);
      if (bad) return bad;
      pos++;
      run = cellStart = pos;
      continue;
    }
    if (c === 126 || isSpace(c)) {
      // ~ and white space
      if (c === 126) rowMarked = true;
      cell += text.slice(run, pos);
      run = ++pos;
      continue;
    }
    if (c === 0x2212) {
      // −
      cell += text.slice(run, pos) + '-';
      run = ++pos;
      continue;
    }
    pos++;
  }
  // The last row: its cell is ended unless the row is empty (a trailing \\\\), as before.
  cell += text.slice(run, bodyEnd);
  run = bodyEnd;
  if (row.length === 0 && cell === '' && table.length > 0 && (rowMarked || emptyMarked)) {
    return { error: 'LaTeX matrix entry `` is not a number', at: emptyRow >= 0 ? emptyRow : cellStart, end };
  }
  if (row.length > 0 || cell !== '' || table.length === 0) {
    if (table.length === 0 && row.length === 0 && cell === '') emptyRow = -1; // no rows at all: the empty cell's own error
    const bad = endCell(bodyEnd);
    if (bad) return bad;
    table.push(row);
  }
  return tableLiteral(table, start, end);
}

/** The rows of a LaTeX matrix (each holds at least one number) as a literal, or the error of a ragged one. */
function tableLiteral(table: readonly Num[][], start: number, end: number): LiteralScan {
  const cols = table[0].length;
  const ragged = table.findIndex((r) => r.length !== cols);
  if (ragged >= 0) {
    const n = table[ragged].length;
    return { error: `ragged matrix: row ${ragged + 1} has ${n} ${n === 1 ? 'entry' : 'entries'} but row 1 has ${cols}`, at: start, end };
  }
  const cells = table.flat();
  const data = Float64Array.from(cells, (x) => x.value);
  const units = Float64Array.from(cells, (x) => x.unit);
  return {
    value: { rows: table.length, cols, data },
    units,
    integers: Uint8Array.from(cells, (x) => +x.integer),
    oneDimensional: false,
    end,
  };
}

/** Exactly one number: [+-] digits [. digits] or [+-] . digits, then [eE [+-] digits]. */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number's value, the unit of its last written digit, and whether it was written as an integer. */
export function numberInfo(text: string): Num {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const value = Number(text);
  if (!m) return { value, unit: 1, integer: true };
  const decimals = (m[3] ?? '').length - (m[4] ? Number(m[4]) : 0);
  return { value, unit: Math.pow(10, -decimals), integer: m[3] === undefined && decimals <= 0 };
}
