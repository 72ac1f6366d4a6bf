// Numbers and matrices as text and LaTeX for every surface: engine messages, hovers, CodeLens,
// inline results, cards, exports and the CLI. Surfaces choose the precision (and how much of a big
// matrix to show); the spelling of a number is the same everywhere. A new way of showing values
// (such as keeping the digits an author wrote) belongs here as a parameter, not a second formatter.
import type { Layout, Matrix } from './types';
import { orientLike } from './matrix';
import type { Literal } from './parse/literals';

/**
 * A computed number at `precision` decimals: `1.1473`, `0.5`, `-2`. Trailing zeros are dropped
 * only when the value is that number (`0.5`, `2`); a value that is not keeps them (`0.8090` for
 * 0.80899), and one the decimals would round to a whole number gets the digits that keep it apart
 * (0.99999057 is `0.99999`, never `1`: a saturated gate and an exact 1 read differently). So no
 * number is shown as exact when it is not. Exponent form (`1.235e8`, `-1e-5`) when the decimals
 * would show a nonzero value as 0, or at 1e7 and over; `NaN`, `∞`, `-∞` with the same
 * hyphen-minus as every other negative number.
 */
export function formatNumber(v: number, precision: number): string {
  const p = clampPrecision(precision);
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e7 || abs < Math.pow(10, -p) / 2) {
    const [mant, exp] = v.toExponential(Math.max(0, p - 1)).split('e');
    return `${stripZeros(mant)}e${exp.replace('+', '')}`;
  }
  const fixed = v.toFixed(p);
  const stripped = stripZeros(fixed);
  if (stripped === fixed || nearlyEqual(v, Number(fixed))) return stripped === '-0' ? '0' : stripped;
  if (Number.isInteger(Number(fixed))) {
    for (let q = p + 1; q <= Math.min(15, p + 8); q++) {
      const longer = v.toFixed(q);
      if (!longer.endsWith('0')) return longer;
    }
  }
  return fixed;
}

/** A count with thousands separators, `6,336`, as toLocaleString('en') writes it (which costs ~0.5 µs a call). */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en');
  const digits = String(Math.abs(n));
  let out = '';
  for (let k = digits.length; k > 0; k -= 3) out = digits.slice(Math.max(0, k - 3), k) + (out ? ',' + out : '');
  return n < 0 ? '-' + out : out;
}

/** Equal but for float64 noise in the last digits (σ(30) = 1 − 9e-14 is 1). */
function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/**
 * A number the note wrote, with the decimals it wrote (`0.2090` stays `0.2090`, `.76` is `0.76`);
 * `places` outside 0–15 (an exponent such as `1e-20`) falls back to formatNumber.
 */
export function formatWritten(v: number, places: number, precision: number): string {
  if (!Number.isFinite(v) || !Number.isInteger(places) || places < 0 || places > 15 || Math.abs(v) >= 1e7)
    return formatNumber(v, precision);
  if (v !== 0 && Math.abs(v) < Math.pow(10, -places) / 2) return formatNumber(v, Math.max(precision, places));
  const s = v.toFixed(places);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The decimals a literal wrote for each element (from the unit of its last written digit). */
function writtenPlaces(units: ArrayLike<number>): number[] {
  // A loop: Array.from over a typed array with a map function is the slowest way in V8 (bench q2).
  const places = new Array<number>(units.length);
  for (let k = 0; k < units.length; k++) places[k] = units[k] > 0 ? Math.round(-Math.log10(units[k])) : -1;
  return places;
}

/**
 * The decimals a literal wrote per element, when the value is that literal's numbers in its order
 * (not a value the read turned or unpacked, whose elements the places would not line up with).
 */
export function placesOf(literal: Literal | undefined, value: Matrix | undefined): number[] | undefined {
  if (!literal || !value || literal.value.data.length !== value.data.length) return undefined;
  const a = literal.value.data;
  for (let k = 0; k < a.length; k++) if (a[k] !== value.data[k]) return undefined;
  return writtenPlaces(literal.units);
}

/** Element k as the note wrote it (`places`, when given and of the value's size) or as computed. */
function elementText(m: Matrix, k: number, precision: number, places: ArrayLike<number> | undefined): string {
  const p = places && places.length === m.data.length ? places[k] : undefined;
  return p === undefined ? formatNumber(m.data[k], precision) : formatWritten(m.data[k], p, precision);
}

/**
 * How far a stated element is off, in units of its last written digit: one decimal below 10
 * (`0.6 units`, `1 unit`), whole units above, every digit kept (`19233667 units`, never `2e7`).
 */
function formatUnits(units: number): string {
  // Its own rounding, not formatNumber's: a count of units is read at a glance (0.96 is 1 unit).
  const u = String(units < 10 ? Math.round(units * 10) / 10 : Math.round(units));
  return `${u} unit${u === '1' ? '' : 's'}`;
}

/** The one wording of a miss, on every surface (engine messages, hover, card, CLI): `off by 3.9 units in the last written digit`. */
export function formatOffBy(units: number): string {
  return `off by ${formatUnits(units)} in the last written digit`;
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  let end = s.length;
  while (s[end - 1] === '0') end--;
  if (s[end - 1] === '.') end--;
  return s.slice(0, end);
}

function clampPrecision(p: number): number {
  return Number.isFinite(p) ? Math.min(15, Math.max(0, Math.trunc(p))) : 4;
}

/** A number as this module spells it, in LaTeX (`1.2e-5` → `1.2 \times 10^{-5}`, `-∞` → `-\infty`, NaN upright). */
export function numberLatex(text: string): string {
  if (text === 'NaN') return '\\text{NaN}';
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(text);
  if (m) return `${m[1]} \\times 10^{${m[2]}}`;
  return text.replace('∞', '\\infty');
}

/** The position of an element as a student counts it: `[2]` in a vector, `[1,3]` in a matrix (1-based). */
export function elementLabel(m: { rows: number; cols: number } | undefined, row: number, col: number): string {
  if (m && (m.rows === 1 || m.cols === 1)) return `[${Math.max(row, col) + 1}]`;
  return `[${row + 1},${col + 1}]`;
}

/** How many rows and columns a surface shows before eliding the middle. */
export interface MatrixLimits {
  readonly maxRows: number;
  readonly maxCols: number;
}

export const DISPLAY_LIMITS: MatrixLimits = { maxRows: 12, maxCols: 10 };
export const EXPORT_LIMITS: MatrixLimits = { maxRows: 40, maxCols: 40 };
const NO_LIMITS: MatrixLimits = { maxRows: Infinity, maxCols: Infinity };

/**
 * The indices shown along an axis of `n`: all of them up to `max`, else a head, a gap (-1) and the
 * last `tail` (at least one head entry), `max` entries in all.
 */
function shown(n: number, max: number, tail: number): number[] {
  const out: number[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) out.push(i);
    return out;
  }
  const head = Math.max(1, max - 1 - tail);
  for (let i = 0; i < head; i++) out.push(i);
  out.push(-1);
  for (let i = n - tail; i < n; i++) out.push(i);
  return out;
}

/** The elements shown, row by row, as `cell(r, c)`; r or c is -1 in the gap of an elided axis. */
function grid(m: Matrix, limits: MatrixLimits, tails: [number, number], cell: (r: number, c: number) => string): string[][] {
  const cols = shown(m.cols, limits.maxCols, tails[1]);
  return shown(m.rows, limits.maxRows, tails[0]).map((r) => cols.map((c) => cell(r, c)));
}

/**
 * A `bmatrix` (a bare number for 1×1), elided with ⋯ ⋮ ⋱ beyond the limits. `places`: the
 * decimals the note wrote per element (a literal given or stated value), kept as written.
 */
export function matrixToLatex(m: Matrix, precision: number, limits: MatrixLimits = DISPLAY_LIMITS, places?: ArrayLike<number>): string {
  const at = (k: number) => numberLatex(elementText(m, k, precision, places));
  if (m.rows === 1 && m.cols === 1) return at(0);
  if (m.rows === 0 || m.cols === 0) return `\\begin{bmatrix}\\end{bmatrix}`;
  const cells = grid(m, limits, [1, 1], (r, c) =>
    r < 0 && c < 0 ? '\\ddots' : r < 0 ? '\\vdots' : c < 0 ? '\\cdots' : at(r * m.cols + c),
  );
  return `\\begin{bmatrix} ${cells.map((row) => row.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

/**
 * A value in the note's own notation, elided with … beyond the limits: `[1.1473; 2.1362]` for a
 * column vector, `[0.2, 0.3]` for a row vector, `[1 2; 3 4]` for a matrix, `2` for 1×1. Within
 * the limits the engine reads it back as the same value (to the precision).
 */
export function matrixToText(m: Matrix, precision: number, limits: MatrixLimits = EXPORT_LIMITS, places?: ArrayLike<number>): string {
  if (m.rows === 1 && m.cols === 1) return elementText(m, 0, precision, places);
  const cells = grid(m, limits, [1, 1], (r, c) => (r < 0 || c < 0 ? '…' : elementText(m, r * m.cols + c, precision, places)));
  return `[${cells.map((row) => row.join(m.rows === 1 ? ', ' : ' ')).join('; ')}]`;
}

/** The whole value as a literal in the block's layout (vectors turned to n×1 or 1×n), for inserted checks and quick fixes. */
export function formatLiteral(m: Matrix, precision: number, layout?: Layout): string {
  return matrixToText(layout ? orientLike(m, layout) : m, precision, NO_LIMITS);
}

/** A one-line value for inline annotations, cut to `max` characters. */
export function formatInline(m: Matrix, precision: number, layout: Layout = 'column', max = 72): string {
  const s = formatLiteral(m, precision, layout);
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/**
 * The value for a hover's code block. A vector is one line, spelled as everywhere else
 * (`[0.3086, -0.091]`, `[1.1473; 2.1362]`); a matrix is right-aligned rows, large ones elided in
 * the middle (a head and a tail of each axis):
 *
 *     [ 6  4  3  1 ]
 *     [ 0  0  6  6 ]
 */
export function formatAligned(
  m: Matrix,
  precision: number,
  layout: Layout = 'column',
  limits: MatrixLimits = DISPLAY_LIMITS,
  places?: ArrayLike<number>,
): string {
  const v = orientLike(m, layout);
  if (v.rows === 1 || v.cols === 1) return matrixToText(v, precision, { maxRows: limits.maxRows, maxCols: limits.maxRows }, places);
  const tails: [number, number] = [Math.floor((limits.maxRows - 1) / 2), Math.floor((limits.maxCols - 1) / 2)];
  const cells = grid(v, limits, tails, (r, c) => (r < 0 ? '⋮' : c < 0 ? '…' : elementText(v, r * v.cols + c, precision, places)));
  const widths = (cells[0] ?? []).map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells.map((row) => '[ ' + row.map((s, j) => ' '.repeat(Math.max(0, widths[j] - s.length)) + s).join('  ') + ' ]').join('\n');
}
