// Numbers and matrices as text and LaTeX, at a block's precision, in its layout orientation.
import type { Layout, Matrix } from '../../engine/types';

/** A number at `precision` decimals with trailing zeros dropped; exponent form when tiny or huge. */
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
  const fixed = stripZeros(v.toFixed(p));
  return fixed === '-0' ? '0' : fixed;
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

/** LaTeX of one number (`1.2e-5` → `1.2 \times 10^{-5}`). */
export function numberToLatex(v: number, precision: number): string {
  const s = formatNumber(v, precision);
  if (s === 'NaN') return '\\text{NaN}';
  if (s === '∞') return '\\infty';
  if (s === '-∞') return '-\\infty';
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  if (m) return `${m[1]} \\times 10^{${m[2]}}`;
  return s;
}

export function isVector(m: Matrix): boolean {
  return m.rows === 1 || m.cols === 1;
}

/** Vectors turned to the block's layout (n×1 in column layout, 1×n in row layout). */
export function orient(m: Matrix, layout: Layout): Matrix {
  if (m.rows === 1 && m.cols === 1) return m;
  if (layout === 'column' && m.rows === 1) return { rows: m.cols, cols: 1, data: m.data };
  if (layout === 'row' && m.cols === 1) return { rows: 1, cols: m.rows, data: m.data };
  return m;
}

export function shapeText(m: { rows: number; cols: number } | readonly [number, number]): string {
  const [r, c] = Array.isArray(m) ? m : [(m as Matrix).rows, (m as Matrix).cols];
  return `${r}×${c}`;
}

export interface MatrixLimits {
  readonly maxRows: number;
  readonly maxCols: number;
}

export const DISPLAY_LIMITS: MatrixLimits = { maxRows: 12, maxCols: 10 };
export const EXPORT_LIMITS: MatrixLimits = { maxRows: 40, maxCols: 40 };

/** Which indices to show along one axis: all, or the head, a gap (-1), and the last one. */
function axis(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.max(1, max - 2);
  return [...Array.from({ length: head }, (_, i) => i), -1, n - 1];
}

/** A `bmatrix` (a bare number for 1×1), elided with ⋯ ⋮ ⋱ beyond the limits. */
export function matrixToLatex(m: Matrix, precision: number, limits: MatrixLimits = DISPLAY_LIMITS): string {
  if (m.rows === 1 && m.cols === 1) return numberToLatex(m.data[0], precision);
  if (m.rows === 0 || m.cols === 0) return `\\begin{bmatrix}\\end{bmatrix}`;
  const rows = axis(m.rows, limits.maxRows);
  const cols = axis(m.cols, limits.maxCols);
  const lines: string[] = [];
  for (const r of rows) {
    const cells: string[] = [];
    for (const c of cols) {
      if (r < 0 && c < 0) cells.push('\\ddots');
      else if (r < 0) cells.push('\\vdots');
      else if (c < 0) cells.push('\\cdots');
      else cells.push(numberToLatex(m.data[r * m.cols + c], precision));
    }
    lines.push(cells.join(' & '));
  }
  return `\\begin{bmatrix} ${lines.join(' \\\\ ')} \\end{bmatrix}`;
}

/** Plain text of a matrix for Markdown/hover-like text: `[1.1473; 2.1362]`, `[1 2; 3 4]`. */
export function matrixToText(m: Matrix, precision: number, limits: MatrixLimits = EXPORT_LIMITS): string {
  if (m.rows === 1 && m.cols === 1) return formatNumber(m.data[0], precision);
  const rows = axis(m.rows, limits.maxRows);
  const cols = axis(m.cols, limits.maxCols);
  const lines = rows.map((r) => cols.map((c) => (r < 0 || c < 0 ? '…' : formatNumber(m.data[r * m.cols + c], precision))).join(' '));
  return `[${lines.join('; ')}]`;
}

/** The element's position as a student counts it: `[2]` for vectors, `[1,3]` for matrices (1-based). */
export function elementLabel(m: { rows: number; cols: number } | undefined, row: number, col: number): string {
  if (m && (m.rows === 1 || m.cols === 1)) return `[${Math.max(row, col) + 1}]`;
  return `[${row + 1},${col + 1}]`;
}
