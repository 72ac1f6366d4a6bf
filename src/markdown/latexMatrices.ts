// Finds LaTeX matrix environments (`bmatrix`, `pmatrix`, `vmatrix`, `matrix`, …) anywhere in a
// Markdown text and measures them, so an editor can hover a matrix outside any block with its
// dimensions and warn about ragged rows. Pure: no VS Code, no engine; the text is never evaluated.
//
// One pass over the characters (DESIGN.md: a scanner is a loop over characters, not a regex that
// can backtrack), with a stack of the environments open at that point: each character is read a
// bounded number of times whatever the nesting, an unclosed `\begin` costs nothing more than a
// closed one, and a matrix keeps its cells as offsets into the text, not as copies. The cell
// texts are only built when someone reads `cells` (a hover reads those of one small matrix).
import type { Position, Range } from '../engine/types';
import { isSpace } from '../engine/parse/statements';
import { shapeText } from '../engine/matrix';

/** The environments measured; starred forms (`bmatrix*`, mathtools) are accepted too. */
export const MATRIX_ENVIRONMENTS = ['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix'] as const;

export interface LatexMatrix {
  /** The environment as written (`bmatrix`, `pmatrix*`). */
  readonly env: string;
  /** Offsets into the text: `\begin` through the end of `\end{…}`. */
  readonly start: number;
  readonly end: number;
  /** The same span in 0-based line/character coordinates. */
  readonly range: Range;
  /**
   * Cell texts, trimmed, row by row (a trailing empty row after a final `\\` is dropped). Built
   * when first read; a cell longer than MAX_CELL_CHARS is cut there and ends in `…`.
   */
  readonly cells: readonly (readonly string[])[];
  /** Entries in each row (what `cells` would give as row lengths, without building the cells). */
  readonly widths: readonly number[];
  readonly rows: number;
  /** The widest row's number of entries. */
  readonly cols: number;
  /** True when the rows do not all have the same number of entries. */
  readonly ragged: boolean;
  /** Set when the environment has no `\end`: the matrix runs to the end of the text. */
  readonly unclosed?: boolean;
}

export interface ScanOptions {
  /**
   * The text is a window cut before the end of the real document (a hover reads only the lines
   * around the cursor): an environment still open at its end may be closed further on, so it is
   * not reported at all rather than reported as unclosed.
   */
  readonly cutEnd?: boolean;
}

/** The longest cell text `cells` builds (no hover shows a cell that long). */
export const MAX_CELL_CHARS = 2000;
/** Environment names longer than this are no matrix (the longest known is `smallmatrix*`). */
const MAX_ENV_NAME = 24;
/** How far `[…]` after `\\` (row spacing) or `\begin{bmatrix*}` (alignment) is looked for. */
const OPTION_SPAN = 40;

const ENV_NAMES = new Set<string>(MATRIX_ENVIRONMENTS);

function isMatrixEnv(env: string): boolean {
  return ENV_NAMES.has(env.endsWith('*') ? env.slice(0, -1) : env);
}

/** Every matrix environment in `text`, outermost and nested, in order of their `\begin`. */
export function findLatexMatrices(text: string, options: ScanOptions = {}): LatexMatrix[] {
  return new Scanner(text).run(options.cutEnd === true);
}

/** The innermost matrix whose span contains `offset` (inclusive of both ends), if any. */
export function latexMatrixAt(matrices: readonly LatexMatrix[], offset: number): LatexMatrix | undefined {
  let best: LatexMatrix | undefined;
  for (const m of matrices) {
    if (m.start > offset) break;
    if (offset <= m.end && (!best || m.end - m.start <= best.end - best.start)) best = m;
  }
  return best;
}

/** `4×4`, or `3×4 (ragged)` when the rows differ. */
export function dimensions(m: LatexMatrix): string {
  return shapeText(m) + (m.ragged ? ' (ragged)' : '');
}

/** Odd rows named in a ragged message; the rest are counted (a 50,000-row matrix stays one line). */
const MAX_ODD_ROWS_NAMED = 8;

/**
 * What is wrong with a ragged matrix, in words: `row 2 has 3 entries; the others have 4`.
 * Undefined for a rectangular one.
 */
export function raggedMessage(m: LatexMatrix): string | undefined {
  if (!m.ragged) return undefined;
  const counts = m.widths;
  const tally = new Map<number, number>();
  for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
  // The most common width is what the rows "should" have; ties go to the widest.
  let usual = 0;
  let usualCount = -1;
  for (const [width, n] of tally) {
    if (n > usualCount || (n === usualCount && width > usual)) {
      usual = width;
      usualCount = n;
    }
  }
  const parts: string[] = [];
  let odd = 0;
  counts.forEach((c, i) => {
    if (c === usual) return;
    odd++;
    if (parts.length < MAX_ODD_ROWS_NAMED) parts.push(`row ${i + 1} has ${c} ${c === 1 ? 'entry' : 'entries'}`);
  });
  if (odd > parts.length) parts.push(`${odd - parts.length} more rows differ`);
  const others = odd === counts.length - 1 && counts.length === 2 ? 'the other has' : 'the others have';
  return `${parts.join(', ')}; ${others} ${usual}`;
}

// ---------------------------------------------------------------------------------------------

/** An environment open at the scan's position. */
interface Frame {
  /** The environment as written; '' for one that is no matrix (aligned, array, cases, …). */
  readonly env: string;
  readonly start: number;
  readonly bodyStart: number;
  /** Brace depth and other environments open inside this matrix (no cell splits inside them). */
  braces: number;
  envs: number;
  /** Entries of each finished row, and [start, end) of each cell, row by row. */
  readonly widths: number[];
  readonly spans: number[];
  rowCells: number;
  cellStart: number;
  /** The current cell / row holds something besides spaces, comments and rules (`\hline`). */
  cellFilled: boolean;
  rowFilled: boolean;
  /** Rows up to the last one with any filled cell (trailing empty rows are dropped). */
  keepRows: number;
}

const BACKSLASH = 92,
  BRACE_OPEN = 123,
  BRACE_CLOSE = 125,
  AMP = 38,
  PERCENT = 37,
  NL = 10,
  CR = 13;
const BRACKET_OPEN = 91,
  BRACKET_CLOSE = 93,
  STAR = 42;

class Scanner {
  private readonly found: LatexMatrix[] = [];
  /** Open matrix environments, innermost last. */
  private readonly stack: Frame[] = [];
  /** For each matrix environment name, the indices in `stack` of its open frames (innermost last). */
  private readonly openByEnv = new Map<string, number[]>();
  private lineStarts?: number[];

  constructor(private readonly text: string) {}

  run(cutEnd: boolean): LatexMatrix[] {
    const text = this.text;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const top = this.stack[this.stack.length - 1];
      if (!top) {
        // Outside every matrix only `\begin{…}` matters: jump from backslash to backslash.
        const b = text.indexOf('\\', i);
        if (b < 0) break;
        i = this.backslash(b, undefined);
        continue;
      }
      const ch = text.charCodeAt(i);
      if (ch === BACKSLASH) {
        i = this.backslash(i, top);
        continue;
      }
      if (ch === PERCENT) {
        // a comment, to the end of its line
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (ch === BRACE_OPEN) {
        top.braces++;
        top.cellFilled = true;
      } else if (ch === BRACE_CLOSE) {
        if (top.braces > 0) top.braces--;
        top.cellFilled = true;
      } else if (ch === AMP && top.braces === 0 && top.envs === 0) {
        endCell(top, i);
        top.cellStart = i + 1;
        i++;
        continue;
      } else if (!isSpace(ch)) top.cellFilled = true;
      i++;
    }
    if (!cutEnd) {
      // unclosed: each runs to the end of the text (outermost first, as the old scan listed them)
      for (const open of this.stack) this.finish(open, n, n, true);
    }
    this.found.sort((a, b) => a.start - b.start || b.end - a.end);
    return this.found;
  }

  /** Handles the backslash at `i` (inside `top`, or outside every matrix); returns where to go on. */
  private backslash(i: number, top: Frame | undefined): number {
    const text = this.text;
    const next = text.charCodeAt(i + 1);
    if (next === BACKSLASH) {
      // `\\`: a row break at depth 0 of a matrix; anywhere else an escaped backslash (so
      // `\\begin` is a row break and the word "begin", not an environment)
      if (!top) return i + 2;
      if (top.braces !== 0 || top.envs !== 0) {
        top.cellFilled = true;
        return i + 2;
      }
      endRow(top, i);
      const after = skipOption(text, i + 2); // \\[2pt]
      top.cellStart = after;
      return after;
    }
    const token = envToken(text, i);
    if (token) {
      if (token.begin) return this.begin(token.env, i, token.end, top);
      this.end(token.env, i, token.end, top);
      return token.end;
    }
    if (!top) return i + 2;
    // a rule (`\hline`, `\hdashline`, `\cdashline`) is no cell content
    const rule = ruleEnd(text, i);
    if (rule > 0) return rule;
    top.cellFilled = true; // an escape (\&, \%, \{) or a command
    return i + 2;
  }

  /** Opens an environment; returns where its body starts. */
  private begin(env: string, start: number, tokenEnd: number, top: Frame | undefined): number {
    if (!isMatrixEnv(env)) {
      if (top) {
        top.envs++;
        top.cellFilled = true;
      }
      return tokenEnd;
    }
    if (top) top.cellFilled = true;
    // mathtools' starred forms take an optional column alignment: \begin{bmatrix*}[r]
    const bodyStart = env.charCodeAt(env.length - 1) === STAR ? skipOption(this.text, tokenEnd) : tokenEnd;
    const frame: Frame = {
      env,
      start,
      bodyStart,
      braces: 0,
      envs: 0,
      widths: [],
      spans: [],
      rowCells: 0,
      cellStart: bodyStart,
      cellFilled: false,
      rowFilled: false,
      keepRows: 0,
    };
    let list = this.openByEnv.get(env);
    if (!list) this.openByEnv.set(env, (list = []));
    list.push(this.stack.length);
    this.stack.push(frame);
    return bodyStart;
  }

  private end(env: string, start: number, tokenEnd: number, top: Frame | undefined): void {
    const list = isMatrixEnv(env) ? this.openByEnv.get(env) : undefined;
    if (!list || !list.length) {
      // another environment's end, or a stray \end{bmatrix}: text of the current cell
      if (top) {
        top.cellFilled = true;
        if (!isMatrixEnv(env) && top.envs > 0) top.envs--;
      }
      return;
    }
    // \end{env} closes the innermost open environment of that name; any opened after it and
    // still open are dropped (as before: they have no sensible extent)
    const at = list[list.length - 1];
    while (this.stack.length > at + 1) this.pop();
    const frame = this.pop();
    this.finish(frame, start, tokenEnd, false);
  }

  private pop(): Frame {
    const frame = this.stack.pop() as Frame;
    this.openByEnv.get(frame.env)?.pop();
    return frame;
  }

  private finish(f: Frame, bodyEnd: number, end: number, unclosed: boolean): void {
    endRow(f, bodyEnd);
    // `a & b \\ c & d \\` ends in an empty row; so does an empty body.
    const widths = f.widths;
    widths.length = f.keepRows;
    let cells = 0;
    let cols = 0;
    let ragged = false;
    for (const w of widths) {
      cells += w;
      if (w > cols) cols = w;
      if (w !== widths[0]) ragged = true;
    }
    f.spans.length = 2 * cells;
    const range = { start: this.positionAt(f.start), end: this.positionAt(end) };
    this.found.push(new ScannedMatrix(this.text, f.env, f.start, end, range, widths, f.spans, cols, ragged, unclosed));
  }

  private positionAt(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }
}

function endCell(f: Frame, at: number): void {
  f.spans.push(f.cellStart, at);
  f.rowCells++;
  if (f.cellFilled) f.rowFilled = true;
  f.cellFilled = false;
}

function endRow(f: Frame, at: number): void {
  endCell(f, at);
  f.widths.push(f.rowCells);
  f.rowCells = 0;
  if (f.rowFilled) f.keepRows = f.widths.length;
  f.rowFilled = false;
}

class ScannedMatrix implements LatexMatrix {
  readonly rows: number;
  declare readonly unclosed?: boolean;
  #text: string;
  #spans: readonly number[];
  #cells?: string[][];

  constructor(
    text: string,
    readonly env: string,
    readonly start: number,
    readonly end: number,
    readonly range: Range,
    readonly widths: readonly number[],
    spans: readonly number[],
    readonly cols: number,
    readonly ragged: boolean,
    unclosed: boolean,
  ) {
    this.#text = text;
    this.#spans = spans;
    this.rows = widths.length;
    if (unclosed) (this as { unclosed?: boolean }).unclosed = true;
  }

  get cells(): readonly (readonly string[])[] {
    if (!this.#cells) {
      const out: string[][] = [];
      let k = 0;
      for (const w of this.widths) {
        const row: string[] = [];
        for (let j = 0; j < w; j++, k += 2) row.push(cellText(this.#text, this.#spans[k], this.#spans[k + 1]));
        out.push(row);
      }
      this.#cells = out;
    }
    return this.#cells;
  }

  /** Serialises like a plain object (the cells included). */
  toJSON(): object {
    const { env, start, end, range, cells, widths, rows, cols, ragged, unclosed } = this;
    return unclosed
      ? { env, start, end, range, cells, widths, rows, cols, ragged, unclosed }
      : { env, start, end, range, cells, widths, rows, cols, ragged };
  }
}

/**
 * The text of the cell text[from, to): comments dropped, rules (`\hline`) dropped, runs of
 * white space made one space, trimmed; at most MAX_CELL_CHARS characters (then `…`).
 */
function cellText(text: string, from: number, to: number): string {
  let out = '';
  let space = false;
  let i = from;
  while (i < to && out.length < MAX_CELL_CHARS) {
    const ch = text.charCodeAt(i);
    if (ch === PERCENT) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > to ? to : nl;
      continue;
    }
    if (isSpace(ch)) {
      space = out.length > 0;
      i++;
      continue;
    }
    let piece: string;
    if (ch === BACKSLASH) {
      const rule = ruleEnd(text, i);
      if (rule > 0 && rule <= to) {
        i = rule;
        continue;
      }
      piece = text.slice(i, Math.min(i + 2, to));
      i += 2;
    } else {
      piece = text[i];
      i++;
    }
    if (space) out += ' ';
    space = false;
    out += piece;
  }
  if (i < to && hasContent(text, i, to)) out += '…';
  return out;
}

/** Whether text[from, to) holds anything but white space and comments. */
function hasContent(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === PERCENT) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= to) return false;
      i = nl;
    } else if (!isSpace(ch)) {
      return true;
    }
  }
  return false;
}

/**
 * `\begin{name}` or `\end{name}` at `i` (spaces allowed around the braces' content, `name` letters
 * with an optional `*`), or undefined. Reads each character after `i` once at most, up to the
 * first that does not fit.
 */
function envToken(text: string, i: number): { begin: boolean; env: string; end: number } | undefined {
  let j = i + 1;
  let begin: boolean;
  if (text.startsWith('begin', j)) {
    begin = true;
    j += 5;
  } else if (text.startsWith('end', j)) {
    begin = false;
    j += 3;
  } else return undefined;
  j = skipSpaces(text, j);
  if (text.charCodeAt(j) !== BRACE_OPEN) return undefined;
  j = skipSpaces(text, j + 1);
  const nameStart = j;
  while (j < text.length && isLetter(text.charCodeAt(j))) j++;
  if (j === nameStart) return undefined;
  if (text.charCodeAt(j) === STAR) j++;
  const nameEnd = j;
  j = skipSpaces(text, j);
  if (text.charCodeAt(j) !== BRACE_CLOSE) return undefined;
  // a name too long to be a matrix is some other environment: it is not copied
  const env = nameEnd - nameStart <= MAX_ENV_NAME ? text.slice(nameStart, nameEnd) : '';
  return { begin, env, end: j + 1 };
}

const RULES = ['hline', 'hdashline', 'cdashline', 'dashline'];

/** The end of a rule command (`\hline`, …, not followed by a word character) at `i`, or −1. */
function ruleEnd(text: string, i: number): number {
  const c = text.charCodeAt(i + 1);
  if (c !== 104 /* h */ && c !== 99 /* c */ && c !== 100 /* d */) return -1;
  for (const r of RULES) {
    if (text.startsWith(r, i + 1)) {
      const end = i + 1 + r.length;
      return isWordChar(text.charCodeAt(end)) ? -1 : end;
    }
  }
  return -1;
}

/**
 * Past an optional `[…]` at `i` (after spaces): row spacing `\\[2pt]` or a starred matrix's
 * alignment `[r]`. Looks OPTION_SPAN characters ahead at most; the option holds no line break
 * and no `\end`.
 */
function skipOption(text: string, i: number): number {
  const limit = Math.min(text.length, i + OPTION_SPAN);
  let j = i;
  while (j < limit && isSpace(text.charCodeAt(j))) j++;
  if (j >= limit || text.charCodeAt(j) !== BRACKET_OPEN) return i;
  for (let k = j + 1; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === BRACKET_CLOSE) return k + 1;
    if (c === NL || (c === BACKSLASH && text.startsWith('end', k + 1))) return i;
  }
  return i;
}

function skipSpaces(text: string, j: number): number {
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  return j;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === CR) {
      if (text.charCodeAt(i + 1) === NL) i++;
      starts.push(i + 1);
    } else if (ch === NL) {
      starts.push(i + 1);
    }
  }
  return starts;
}
