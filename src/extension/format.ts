// Text renderings of engine values for hovers, inline results and inserted checks. Numbers are
// formatted by the shared solution formatter, so the editor, the panel and the preview agree.
import type { Layout, Matrix } from '../engine/types';
import { formatNumber, orient } from '../markdown/solution/format';

export { formatNumber, shapeText, elementLabel } from '../markdown/solution/format';

/**
 * A literal the engine parses back to the same value, in the block's layout: `[1.1473; 2.1362]`
 * for a column vector, `[0.2, 0.3]` for a row vector, `[1 2; 3 4]` for a matrix, `2` for 1×1.
 */
export function formatLiteral(m: Matrix, precision: number, layout: Layout = 'column'): string {
  if (m.rows === 1 && m.cols === 1) return formatNumber(m.data[0], precision);
  const v = orient(m, layout);
  const values: string[] = [];
  for (let k = 0; k < v.rows * v.cols; k++) values.push(formatNumber(v.data[k], precision));
  if (v.cols === 1) return '[' + values.join('; ') + ']';
  if (v.rows === 1) return '[' + values.join(', ') + ']';
  const rows: string[] = [];
  for (let r = 0; r < v.rows; r++) rows.push(values.slice(r * v.cols, (r + 1) * v.cols).join(' '));
  return '[' + rows.join('; ') + ']';
}

/** A one-line value for inline annotations, cut to `max` characters. */
export function formatInline(m: Matrix, precision: number, layout: Layout = 'column', max = 72): string {
  const s = formatLiteral(m, precision, layout);
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/**
 * The value as right-aligned rows for a hover's code block, large matrices elided:
 *
 *     [ 6  4  3  1 ]
 *     [ 0  0  6  6 ]
 */
export function formatAligned(m: Matrix, precision: number, layout: Layout = 'column', maxRows = 12, maxCols = 10): string {
  const v = orient(m, layout);
  const rowIdx = elide(v.rows, maxRows);
  const colIdx = elide(v.cols, maxCols);
  const cells = rowIdx.map((r) => colIdx.map((c) =>
    r < 0 ? '⋮' : c < 0 ? '…' : formatNumber(v.data[r * v.cols + c], precision)));
  const widths = colIdx.map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells
    .map((row) => '[ ' + row.map((s, j) => ' '.repeat(Math.max(0, widths[j] - s.length)) + s).join('  ') + ' ]')
    .join('\n');
}

/** Indices to show along an axis, with -1 where entries are elided. */
function elide(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [...Array.from({ length: head }, (_, i) => i), -1, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/** Escapes text for a plain (untrusted) Markdown hover. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&');
}
