// A variant writes each new value the way the note wrote the old one: a LaTeX matrix stays a
// LaTeX matrix, `[1, 2]` keeps its commas, `[1 2; 3 4]` its semicolons. A numpy print-out
// (`[[0.41]\n [0.32]]`) becomes one line (`[0.41; 0.32]`): the same value, and a line a
// student can copy.
import type { Matrix } from '../engine/types';
import { scanLiteral, NUMBER, type Literal } from '../engine/parse/literals';

export type LiteralStyle =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'latex'; readonly env: string }
  | { readonly kind: 'nested' }
  | { readonly kind: 'brackets'; readonly oneDimensional: boolean; readonly comma: boolean };

export interface ReadLiteral {
  readonly literal: Pick<Literal, 'value' | 'units' | 'integers'>;
  readonly style: LiteralStyle;
}

/** The text as one numeric literal (white space around it aside), or undefined when it is anything else (a formula, names). */
export function readLiteral(text: string): ReadLiteral | undefined {
  const t = text.trim();
  const number = NUMBER.exec(t);
  if (number && number[0].length === t.length) {
    const v = Number(t);
    const decimals = /\.(\d*)/.exec(t)?.[1].length ?? 0;
    const value: Matrix = { rows: 1, cols: 1, data: Float64Array.of(v) };
    return { literal: { value, units: [Math.pow(10, -decimals)], integers: [decimals ? 0 : 1] }, style: { kind: 'scalar' } };
  }
  const scan = scanLiteral(t, 0);
  if (!scan || 'error' in scan || scan.end !== t.length) return undefined;
  const env = /^\\begin\{(\w+)\}/.exec(t)?.[1];
  const style: LiteralStyle = env
    ? { kind: 'latex', env }
    : t.startsWith('[[') && t.includes(',')
      ? { kind: 'nested' }
      : { kind: 'brackets', oneDimensional: scan.oneDimensional, comma: t.includes(',') };
  return { literal: scan, style };
}

/** `m` in `style`, each element spelled by `spell`. */
export function writeLiteral(m: Matrix, style: LiteralStyle, spell: (v: number) => string): string {
  const rows: string[][] = [];
  for (let r = 0; r < m.rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < m.cols; c++) row.push(spell(m.data[r * m.cols + c]));
    rows.push(row);
  }
  switch (style.kind) {
    case 'scalar':
      return rows[0][0];
    case 'latex':
      return `\\begin{${style.env}} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{${style.env}}`;
    case 'nested':
      return `[${rows.map((r) => `[${r.join(', ')}]`).join(', ')}]`;
    case 'brackets':
      if (style.oneDimensional) return `[${rows.flat().join(style.comma ? ', ' : ' ')}]`;
      return `[${rows.map((r) => r.join(style.comma ? ', ' : ' ')).join('; ')}]`;
  }
}

/** `v` at exactly `decimals` decimals, trailing zeros kept (they set a check's tolerance): `0.2090`, never `-0.000`. */
export function fixed(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The decimals a literal's elements were written with, at most (0 for whole numbers). */
export function writtenDecimals(units: ArrayLike<number>): number {
  let d = 0;
  for (let k = 0; k < units.length; k++) d = Math.max(d, Math.round(-Math.log10(units[k])));
  return d;
}
