// Finds LaTeX matrix environments (`bmatrix`, `pmatrix`, `vmatrix`, `matrix`, …) anywhere in a
// Markdown text and measures them, so an editor can hover a matrix outside any block with its
// dimensions and warn about ragged rows. Pure: no VS Code, no engine; the text is never evaluated.
import type { Position, Range } from '../engine/types';

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
  /** Cell texts, trimmed, row by row (a trailing empty row after a final `\\` is dropped). */
  readonly cells: readonly (readonly string[])[];
  readonly rows: number;
  /** The widest row's number of entries. */
  readonly cols: number;
  /** True when the rows do not all have the same number of entries. */
  readonly ragged: boolean;
  /** Set when the environment has no `\end`: the matrix runs to the end of the text. */
  readonly unclosed?: boolean;
}

const ENV_NAMES = new Set<string>(MATRIX_ENVIRONMENTS);
const ENV_TOKEN = /\\(begin|end)\s*\{\s*([A-Za-z]+\*?)\s*\}/g;

function isMatrixEnv(env: string): boolean {
  return ENV_NAMES.has(env.endsWith('*') ? env.slice(0, -1) : env);
}

/** Every matrix environment in `text`, outermost and nested, in order of their `\begin`. */
export function findLatexMatrices(text: string): LatexMatrix[] {
  const found: LatexMatrix[] = [];
  const stack: { env: string; start: number; bodyStart: number }[] = [];
  const lineStarts = computeLineStarts(text);
  ENV_TOKEN.lastIndex = 0;
  for (let m = ENV_TOKEN.exec(text); m; m = ENV_TOKEN.exec(text)) {
    if (isEscaped(text, m.index)) continue;
    const [token, which, env] = m;
    if (!isMatrixEnv(env)) continue;
    if (which === 'begin') {
      let bodyStart = m.index + token.length;
      // mathtools' starred forms take an optional column alignment: \begin{bmatrix*}[r]
      if (env.endsWith('*')) {
        const opt = /^\s*\[[^\]\n]*\]/.exec(text.slice(bodyStart, bodyStart + 40));
        if (opt) bodyStart += opt[0].length;
      }
      stack.push({ env, start: m.index, bodyStart });
      continue;
    }
    // \end{env}: close the innermost open environment of that name, if any
    let at = stack.length - 1;
    while (at >= 0 && stack[at].env !== env) at--;
    if (at < 0) continue;
    const open = stack[at];
    stack.length = at;
    found.push(measure(text, lineStarts, open.env, open.start, open.bodyStart, m.index, m.index + token.length, false));
  }
  for (const open of stack) {
    found.push(measure(text, lineStarts, open.env, open.start, open.bodyStart, text.length, text.length, true));
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  return found;
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
  return `${m.rows}×${m.cols}` + (m.ragged ? ' (ragged)' : '');
}

/**
 * What is wrong with a ragged matrix, in words: `row 2 has 3 entries; the others have 4`.
 * Undefined for a rectangular one.
 */
export function raggedMessage(m: LatexMatrix): string | undefined {
  if (!m.ragged) return undefined;
  const counts = m.cells.map((r) => r.length);
  const tally = new Map<number, number>();
  for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
  // The most common width is what the rows "should" have; ties go to the widest.
  let usual = 0;
  let usualCount = -1;
  for (const [width, n] of tally) {
    if (n > usualCount || (n === usualCount && width > usual)) { usual = width; usualCount = n; }
  }
  const odd = counts.map((c, i) => ({ row: i + 1, c })).filter((r) => r.c !== usual);
  const parts = odd.map((r) => `row ${r.row} has ${r.c} ${r.c === 1 ? 'entry' : 'entries'}`);
  const others = odd.length === counts.length - 1 && counts.length === 2 ? 'the other has' : 'the others have';
  return `${parts.join(', ')}; ${others} ${usual}`;
}

// ---------------------------------------------------------------------------------------------

function measure(
  text: string, lineStarts: readonly number[], env: string,
  start: number, bodyStart: number, bodyEnd: number, end: number, unclosed: boolean,
): LatexMatrix {
  const cells = splitBody(text.slice(bodyStart, bodyEnd));
  const rows = cells.length;
  let cols = 0;
  let ragged = false;
  for (const r of cells) {
    if (r.length !== (cells[0]?.length ?? 0)) ragged = true;
    cols = Math.max(cols, r.length);
  }
  const range = { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
  return unclosed
    ? { env, start, end, range, cells, rows, cols, ragged, unclosed }
    : { env, start, end, range, cells, rows, cols, ragged };
}

/** Splits a matrix body into rows (`\\`) and cells (`&`) at nesting depth 0. */
function splitBody(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let braces = 0;
  let envs = 0;
  const endCell = () => { row.push(cleanCell(cell)); cell = ''; };
  const endRow = () => { endCell(); rows.push(row); row = []; };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '%') {                                   // comment to end of line
      const nl = body.indexOf('\n', i);
      i = nl < 0 ? body.length : nl - 1;
      continue;
    }
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === '\\' && braces === 0 && envs === 0) {
        endRow();
        i++;
        const spacing = /^\s*\[[^\]\n]*\]/.exec(body.slice(i + 1, i + 40)); // \\[2pt]
        if (spacing) i += spacing[0].length;
        continue;
      }
      const word = /^\\(begin|end)\s*\{/.exec(body.slice(i, i + 8));
      if (word) envs += word[1] === 'begin' ? 1 : -1;
      // keep escaped characters (\&, \{, \%) and control words as cell text
      cell += ch + (next ?? '');
      i++;
      continue;
    }
    if (ch === '{') braces++;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (ch === '&' && braces === 0 && envs === 0) { endCell(); continue; }
    cell += ch;
  }
  endCell();
  rows.push(row);
  // `a & b \\ c & d \\` ends in an empty row; so does an empty body.
  while (rows.length && rows[rows.length - 1].every((c) => c === '')) rows.pop();
  return rows;
}

function cleanCell(cell: string): string {
  return cell.replace(/\\hline\b|\\(?:h|c)?dashline\b/g, '').replace(/\s+/g, ' ').trim();
}

function isEscaped(text: string, index: number): boolean {
  // `\\begin` is a row break followed by the word "begin", not an environment.
  let n = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo] };
}
