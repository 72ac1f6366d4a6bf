// Compares a stated value with a computed one (SPEC §6): by default within one unit of the
// last written decimal (half a unit for integers); `tol=` or a setting overrides it. Within one
// unit but more than half a unit off is not the correctly rounded value: it passes, and is
// listed in `rounding` so the check can say so (an exam key with 0.6 for 0.6548 is a typo).
import type { ElementMismatch, Matrix, Tolerance } from '../types';
import type { Literal } from '../parse/literals';
import { isVector } from '../matrix';

export interface Comparison {
  readonly pass: boolean;
  readonly mismatches: readonly ElementMismatch[];
  /** Passing elements that are not the correctly rounded value (see above). */
  readonly rounding: readonly ElementMismatch[];
  readonly tolerance: string;
  /** Shapes differ (and not only by vector orientation). */
  readonly shapeMismatch: boolean;
}

/** Relative tolerance for a formula on the right side (`?= f ⊙ c_prev + i ⊙ g`). */
const FORMULA_TOLERANCE = 1e-9;

export function compare(stated: Matrix, computed: Matrix, literal: Literal | undefined, tol: Tolerance | undefined): Comparison {
  const tolerance = tol
    ? tol.kind === 'abs'
      ? `±${tol.value}`
      : `±${+(tol.value * 100).toPrecision(6)}% relative`
    : literal
      ? 'one unit in the last written digit (half a unit for integers)'
      : `relative ${FORMULA_TOLERANCE}`;
  const sameShape =
    (stated.rows === computed.rows && stated.cols === computed.cols) ||
    (isVector(stated) && isVector(computed) && stated.data.length === computed.data.length);
  if (!sameShape) return { pass: false, mismatches: [], rounding: [], tolerance, shapeMismatch: true };
  const mismatches: ElementMismatch[] = [];
  const rounding: ElementMismatch[] = [];
  // A hair of slack so 0.0001 written as the tolerance of 0.9719 is not lost to rounding; a NaN
  // difference is not within it.
  const within = (diff: number, allowed: number) => diff <= allowed * (1 + 1e-9) + 1e-15;
  for (let k = 0; k < stated.data.length; k++) {
    const s = stated.data[k];
    const c = computed.data[k];
    const unit = literal ? literal.units[k] : 0;
    let allowed: number;
    if (tol) allowed = tol.kind === 'abs' ? tol.value : tol.value * Math.abs(c);
    else if (literal) allowed = literal.integers[k] ? unit / 2 : unit;
    else allowed = FORMULA_TOLERANCE * Math.max(1, Math.abs(c));
    const diff = Math.abs(s - c);
    const pass = within(diff, allowed);
    const rounded = !pass || tol || !literal || literal.integers[k] || within(diff, unit / 2);
    if (pass && rounded) continue;
    const decimals = unit > 0 ? Math.round(-Math.log10(unit)) : -1;
    (pass ? rounding : mismatches).push({
      row: Math.floor(k / computed.cols),
      col: k % computed.cols,
      stated: s,
      computed: c,
      units: unit > 0 ? diff / unit : Number.NaN,
      written: literal && decimals >= 0 && decimals <= 15 ? s.toFixed(decimals) : undefined,
    });
  }
  return { pass: mismatches.length === 0, mismatches, rounding, tolerance, shapeMismatch: false };
}
