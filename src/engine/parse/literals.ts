// Matrix literals in every style a note uses: mathjs/MATLAB (`[1 2; 3 4]`, `[1, 2; 3, 4]`),
// nested lists (`[[1, 2], [3, 4]]`), numpy print-outs (multi-line, no commas) and LaTeX
// (`\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`). Each element remembers how many decimals
// were written, which sets the default tolerance of a check (SPEC §6).
import type { Matrix } from '../types';
import { overBudget } from '../budget';

/** SPEC §10: matrix elements per block; a literal over it is refused while it is scanned. */
export const MAX_LITERAL_ELEMENTS = 1_000_000;

export interface Literal {
  readonly value: Matrix;
  /** Per element: the unit of the last written digit (0.0001 for `0.9719`, 1 for `2`). */
  readonly units: Float64Array;
  /** Per element: written as an integer (no point, no negative exponent): half-unit tolerance. */
  readonly integers: Uint8Array;
  /** True for a 1-D list (`[1, 2]`), which is a vector of either orientation. */
  readonly oneDimensional: boolean;
  /** Offset just past the literal in the scanned text. */
  readonly end: number;
}

export interface LiteralError {
  readonly error: string;
  /** Offset of the problem in the scanned text. */
  readonly at: number;
  readonly end: number;
  /** Set when the literal is refused by a SPEC §10 limit (size or time), not malformed. */
  readonly limit?: boolean;
}

export type LiteralScan = Literal | LiteralError | undefined;

/** Characters a numeric literal may hold besides brackets: digits, space, . , ; e E + -. */
const LITERAL_CHAR: boolean[] = (() => {
  const ok: boolean[] = [];
  for (const ch of '0123456789 \t\r\n.,;eE+-') ok[ch.charCodeAt(0)] = true;
  return ok;
})();

export const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const LATEX_BEGIN = /^\\begin\s*\{\s*([bBpvV]?matrix|array)\s*\}(\s*\{[^}]*\})?/;

interface Num { value: number; unit: number; integer: boolean }

/**
 * Reads the number at `pos` by character codes (the hot path of every literal): its value,
 * the unit of its last written digit, and whether it was written as an integer.
 */
/** The number read by the last scanNumber call (module scratch: no object per number). */
const scanned: Num = { value: 0, unit: 1, integer: true };

/** Reads the number at `pos` into `scanned`; returns its length, 0 when there is none. */
function scanNumber(text: string, pos: number, end: number): number {
  let i = pos;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 43 || c === 45) { negative = c === 45; c = text.charCodeAt(++i); } // + -
  let digits = 0, decimals = 0, point = false;
  let mantissa = 0;
  while (i < end) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) { mantissa = mantissa * 10 + (c - 48); digits++; if (point) decimals++; i++; }
    else if (c === 46 && !point) { point = true; i++; }
    else break;
  }
  if (digits === 0) return 0;
  let exponent = 0;
  if (i < end && (c === 101 || c === 69)) { // e E
    let j = i + 1;
    let sign = 1;
    const s = text.charCodeAt(j);
    if (s === 43 || s === 45) { if (s === 45) sign = -1; j++; }
    let expDigits = 0, e = 0;
    while (j < end) {
      const d = text.charCodeAt(j);
      if (d < 48 || d > 57) break;
      e = e * 10 + (d - 48); expDigits++; j++;
    }
    if (expDigits > 0) { exponent = sign * e; i = j; }
  }
  const places = decimals - exponent;
  // An integer mantissa below 2^53 divided by an exact power of ten is the correctly rounded
  // value, as Number() would parse it; anything else goes through Number().
  scanned.value = exponent === 0 && mantissa <= 9007199254740991 && decimals <= 22
    ? (negative ? -mantissa : mantissa) / POW10[decimals]
    : Number(text.slice(pos, i));
  scanned.unit = places >= 0 && places <= 22 ? 1 / POW10[places] : Math.pow(10, -places);
  scanned.integer = !point && places <= 0;
  return i - pos;
}

/** 10^0 … 10^22: every one exactly representable in float64. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export function numberInfo(text: string): Num {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const value = Number(text);
  if (!m) return { value, unit: 1, integer: true };
  const decimals = (m[3] ?? '').length - (m[4] ? Number(m[4]) : 0);
  const hasPoint = m[3] !== undefined;
  return { value, unit: Math.pow(10, -decimals), integer: !hasPoint && decimals <= 0 };
}

/**
 * Scans a literal starting at `at` (a `[` or `\begin{…matrix}`). Returns undefined when the
 * brackets hold names (`[h_prev; x]` is stacking, for the expression parser), an error for a
 * numeric literal that is malformed or ragged.
 */
export function scanLiteral(text: string, at: number): LiteralScan {
  if (text.startsWith('\\begin', at)) return scanLatex(text, at);
  if (text[at] !== '[') return undefined;
  return scanBrackets(text, at);
}

type Item = { num: Num; at: number } | { list: Row[]; at: number; end: number; separators: boolean };
type Row = Item[];

function scanBrackets(text: string, start: number): LiteralScan {
  // One pass by character codes into flat arrays: a 4 MB numpy print-out is read without an
  // object per number. A name inside the brackets (`[h_prev; x]`) means stacking, not a literal.
  const values: number[] = [];
  const units: number[] = [];
  const integers: number[] = [];
  const rowLengths: number[] = [];
  let mode: 'flat' | 'nested' | undefined;
  let depth = 1;
  let inRow = 0;         // numbers in the current row (flat) or nested list
  let pendingComma = false;
  let afterItem = false; // a number or a nested list just ended: a comma may follow
  let sawSemicolon = false;
  let pos = start + 1;
  const n = text.length;

  // An error only stands when the brackets hold numbers alone; otherwise it is stacking.
  const fail = (error: string, at: number): LiteralScan => {
    let d = depth;
    for (let i = pos; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 91) d++;
      else if (c === 93) { if (--d === 0) return { error, at, end: i + 1 }; }
      else if (!LITERAL_CHAR[c]) return undefined;
    }
    return { error, at, end: n };
  };
  const endRow = () => { rowLengths.push(inRow); inRow = 0; };

  for (;;) {
    if (pos >= n) return fail('the bracket `[` is never closed', start);
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 13) { pos++; continue; }
    if (c === 10) {
      // A line break ends a row of numbers (MATLAB); between nested lists it is only space.
      if (depth === 1 && mode === 'flat' && inRow > 0 && !pendingComma) endRow();
      pos++;
      continue;
    }
    if (c === 44) { // ,
      if (pendingComma || !afterItem) return fail('an empty entry between commas', pos);
      pendingComma = true; afterItem = false; pos++;
      continue;
    }
    if (c === 59) { // ;
      if (depth === 2) return fail('nested lists hold one row each; write [[1, 2], [3, 4]]', pos);
      sawSemicolon = true;
      if (inRow > 0) endRow();
      pendingComma = false; afterItem = false; pos++;
      continue;
    }
    if (c === 91) { // [
      if (depth === 2) return fail('matrices have two dimensions; this literal has three', pos);
      if (mode === 'flat' || sawSemicolon) return fail('mixes nested lists and plain numbers; write [[1, 2], [3, 4]] or [1, 2; 3, 4]', start);
      mode = 'nested'; depth = 2; inRow = 0; pendingComma = false; afterItem = false; pos++;
      continue;
    }
    if (c === 93) { // ]
      pos++;
      if (depth === 2) { endRow(); depth = 1; pendingComma = false; afterItem = true; continue; }
      if (mode === 'flat' && inRow > 0) endRow();
      break;
    }
    if (!LITERAL_CHAR[c] || c === 101 || c === 69) return undefined; // a name: stacking, for the expression parser
    const length = scanNumber(text, pos, n);
    if (!length) return fail(`\`${text[pos]}\` is not a number`, pos);
    if (depth === 1) {
      if (mode === 'nested') return fail('mixes nested lists and plain numbers; write [[1, 2], [3, 4]] or [1, 2; 3, 4]', start);
      mode = 'flat';
    }
    values.push(scanned.value);
    units.push(scanned.unit);
    integers.push(scanned.integer ? 1 : 0);
    inRow++;
    pos += length;
    pendingComma = false;
    afterItem = true;
    if (values.length > MAX_LITERAL_ELEMENTS) {
      return { error: `the matrix has more than ${MAX_LITERAL_ELEMENTS.toLocaleString('en')} elements (the per-block limit); split it`, at: start, end: pos, limit: true };
    }
    if ((values.length & 8191) === 0 && overBudget()) {
      return { error: 'reading this matrix took more than 1 s (the per-block limit); split it', at: start, end: pos, limit: true };
    }
  }
  const end = pos;
  if (values.length === 0) return { error: 'an empty matrix `[]`', at: start, end };
  const cols = rowLengths[0];
  for (let i = 1; i < rowLengths.length; i++) {
    if (rowLengths[i] !== cols) {
      return { error: `ragged matrix: row ${i + 1} has ${rowLengths[i]} ${rowLengths[i] === 1 ? 'entry' : 'entries'} but row 1 has ${cols}`, at: start, end };
    }
  }
  return {
    value: { rows: rowLengths.length, cols, data: Float64Array.from(values) },
    units: Float64Array.from(units),
    integers: Uint8Array.from(integers),
    oneDimensional: mode === 'flat' && rowLengths.length === 1,
    end,
  };
}

function toLiteral(
  rows: Row[], start: number, end: number, fail: (e: string, at: number) => LiteralError,
): LiteralScan {
  const nonEmpty = rows.filter((r) => r.length > 0);
  if (nonEmpty.length === 0) return fail('an empty matrix `[]`', start);
  const nested = nonEmpty.some((r) => r.some((it) => 'list' in it));
  let table: Num[][];
  let oneDimensional = false;
  if (nested) {
    // [[1, 2], [3, 4]] or numpy's [[1 2]\n [3 4]]: the items of the single top row are rows.
    if (nonEmpty.length > 1 || nonEmpty[0].some((it) => 'num' in it)) {
      return fail('mixes nested lists and plain numbers; write [[1, 2], [3, 4]] or [1, 2; 3, 4]', start);
    }
    table = [];
    for (const it of nonEmpty[0]) {
      if (!('list' in it)) continue;
      const inner = it.list.filter((r) => r.length > 0);
      if (inner.length > 1) {
        return fail('nested lists hold one row each; write [[1, 2], [3, 4]]', it.at);
      }
      const row = inner[0] ?? [];
      if (row.some((x) => 'list' in x)) return fail('matrices have two dimensions; this literal has three', it.at);
      table.push(row.map((x) => (x as { num: Num }).num));
    }
  } else {
    table = nonEmpty.map((r) => r.map((x) => (x as { num: Num }).num));
    oneDimensional = table.length === 1;
  }
  const cols = table[0].length;
  for (let i = 1; i < table.length; i++) {
    if (table[i].length !== cols) {
      return fail(
        `ragged matrix: row ${i + 1} has ${table[i].length} ${table[i].length === 1 ? 'entry' : 'entries'} but row 1 has ${cols}`,
        start,
      );
    }
  }
  const n = table.length * cols;
  const data = new Float64Array(n);
  const units = new Float64Array(n);
  const integers = new Uint8Array(n);
  let k = 0;
  for (const row of table) for (const x of row) { data[k] = x.value; units[k] = x.unit; integers[k] = x.integer ? 1 : 0; k++; }
  return { value: { rows: table.length, cols, data }, units, integers, oneDimensional, end };
}

function scanLatex(text: string, start: number): LiteralScan {
  const head = LATEX_BEGIN.exec(text.slice(start));
  if (!head) return undefined;
  const env = head[1];
  const bodyStart = start + head[0].length;
  const endRe = new RegExp(`\\\\end\\s*\\{\\s*${env}\\s*\\}`, 'g');
  endRe.lastIndex = bodyStart;
  const close = endRe.exec(text);
  if (!close) return { error: `\\begin{${env}} is never closed by \\end{${env}}`, at: start, end: text.length };
  const end = close.index + close[0].length;
  const body = text.slice(bodyStart, close.index);
  const rowTexts = body.split(/\\\\(?:\s*\[[^\]]*\])?/).map((r) => r.replace(/\\hline/g, ''));
  while (rowTexts.length > 1 && rowTexts[rowTexts.length - 1].trim() === '') rowTexts.pop();
  const table: Num[][] = [];
  let offset = bodyStart;
  for (const rowText of rowTexts) {
    const cells = rowText.split('&');
    const row: Num[] = [];
    for (const cell of cells) {
      const t = cell.replace(/\\,|\\;|\\!|\\quad|~/g, ' ').replace(/−/g, '-').replace(/\s+/g, '');
      if (!NUMBER.test(t) || NUMBER.exec(t)![0] !== t) {
        return { error: `LaTeX matrix entry \`${cell.trim()}\` is not a number`, at: offset, end };
      }
      row.push(numberInfo(t));
    }
    table.push(row);
    offset += rowText.length + 2;
  }
  return toLiteral([table.map((r) => ({ list: [r.map((num) => ({ num, at: start }))], at: start, end, separators: false }))], start, end,
    (error, at) => ({ error, at, end }));
}
