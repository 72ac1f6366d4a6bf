// The one warning on NaN or ±∞ in a block's computed values.
import type { Range } from '../types';
import * as M from '../matrix';
import type { Solver } from './solver';

/**
 * SPEC §7: NaN or ±∞ in a computed value is never silent (JSON can only write it as null). The
 * first such value computed is where the overflow started, so it is the one reported, with the
 * others after it named: at the statement that checks it, else at `fence`. (A given's own
 * formula is reported where it is evaluated.)
 */
export function noteNonFinite(s: Solver, fence: Range): void {
  const bad: string[] = [];
  for (const [key, v] of s.values) if (s.origins.get(key) !== 'given' && !M.allFinite(v)) bad.push(key);
  if (bad.length === 0) return;
  const [first, ...rest] = bad;
  const v = s.values.get(first)!;
  const k = v.data.findIndex((x) => !Number.isFinite(x));
  const what = Number.isNaN(v.data[k])
    ? 'NaN (an undefined result such as ∞ − ∞ or 0·∞)'
    : `${v.data[k] > 0 ? '' : '−'}∞ (past float64's ±1.8e308)`;
  const also = rest.length ? `; so ${rest.length === 1 ? 'does' : 'do'} ${rest.slice(0, 4).join(', ')}${rest.length > 4 ? ', …' : ''}` : '';
  const message = `${first} computes to ${what} in element ${k + 1}${also}: check the givens it is computed from (their size, or a missing scaling)`;
  // The first statement about any of them (the check of h, when a is not checked), else the fence.
  const range = bad.map((key) => s.setup.stepRanges?.get(key)).find((r) => r !== undefined) ?? fence;
  s.report('warning', 'numeric', range, message);
}
