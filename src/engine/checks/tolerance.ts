// Compares a stated value with a computed one (SPEC §6): by default within one unit of the
// last written decimal (half a unit for integers); `tol=` or a setting overrides it.
import type { ElementMismatch, Matrix, Tolerance } from '../types';
import type { Literal } from '../parse/literals';
import { isVector } from '../matrix';

export interface Comparison {
  readonly pass: boolean;
  readonly mismatches: readonly ElementMismatch[];
  readonly tolerance: string;
  /** Shapes differ (and not only by vector orientation). */
  readonly shapeMismatch: boolean;
}

/** Relative tolerance for a formula on the right side (`?= f ⊙ c_prev + i ⊙ g`). */
export const FORMULA_TOLERANCE = 1e-9;

export function compare(stated: Matrix, computed: Matrix, literal: Literal | undefined, tol: Tolerance | undefined): Comparison {
  const sameShape =
    (stated.rows === computed.rows && stated.cols === computed.cols) ||
    (isVector(stated) && isVector(computed) && stated.data.length === computed.data.length);
  const description = tol
    ? tol.kind === 'abs'
      ? `±${tol.value}`
      : `±${+(tol.value * 100).toPrecision(6)}% relative`
    : literal
      ? 'one unit in the last written digit (half a unit for integers)'
      : `relative ${FORMULA_TOLERANCE}`;
  if (!sameShape) return { pass: false, mismatches: [], tolerance: description, shapeMismatch: true };
  const mismatches: ElementMismatch[] = [];
  const cols = computed.cols;
  for (let k = 0; k < stated.data.length; k++) {
    const s = stated.data[k],
      c = computed.data[k];
    if (!withinTolerance(s, c, literal, k, tol)) {
      const unit = literal ? literal.units[k] : 0;
      const diff = Math.abs(s - c);
      const decimals = unit > 0 ? Math.round(-Math.log10(unit)) : -1;
      mismatches.push({
        row: Math.floor(k / cols),
        col: k % cols,
        stated: s,
        computed: c,
        units: unit > 0 ? diff / unit : Number.NaN,
        written: literal && decimals >= 0 && decimals <= 15 ? s.toFixed(decimals) : undefined,
      });
    }
  }
  return { pass: mismatches.length === 0, mismatches, tolerance: description, shapeMismatch: false };
}

/** Whether `stated` holds for `computed` (the hints only ask that). */
export function passes(stated: Matrix, computed: Matrix, literal: Literal | undefined, tol: Tolerance | undefined): boolean {
  return compare(stated, computed, literal, tol).pass;
}

/** One element against its tolerance (SPEC §6). */
function withinTolerance(s: number, c: number, literal: Literal | undefined, k: number, tol: Tolerance | undefined): boolean {
  const unit = literal ? literal.units[k] : 0;
  let allowed: number;
  if (tol) allowed = tol.kind === 'abs' ? tol.value : tol.value * Math.abs(c);
  else if (literal) allowed = literal.integers[k] ? unit / 2 : unit;
  else allowed = FORMULA_TOLERANCE * Math.max(1, Math.abs(c));
  const diff = Math.abs(s - c);
  // A hair of slack so 0.0001 written as the tolerance of 0.9719 is not lost to rounding.
  return diff <= allowed * (1 + 1e-9) + 1e-15 && !Number.isNaN(diff);
}
