// The number and matrix formats of the engine's messages (format.ts replaces them).
import type { Matrix } from './types';

/** A value rounded for messages: `1.147290`. */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(Math.max(0, digits - 2));
  return String(+x.toFixed(digits));
}

/** A vector or matrix in the note's own notation: `[1.1473; 2.1362]`. */
export function formatMatrix(m: Matrix, digits = 4): string {
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < m.cols; c++) cells.push(formatNumber(m.data[r * m.cols + c], digits));
    rows.push(cells.join(m.rows === 1 ? ', ' : ' '));
  }
  return `[${rows.join('; ')}]`;
}
