// The `vary=` fence option: how `rnn-math variants` draws a block's new givens. Read here, in
// the engine, so a note that sets it checks clean in the editor (an unknown option warns).
import type { VarySpec } from '../types';

/** What `vary=` accepts, as the option's messages and completions say it. */
export const VARY_WHAT = 'int(LO,HI), dec(LO,HI) or dec(LO,HI,DIGITS) (DIGITS 1 to 4), or none';

/** Bounds beyond this are no exam's numbers, and their digits would swamp the answers. */
const MAX_BOUND = 1000;
const MAX_DIGITS = 4;

const NUMBER = '\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*';
const FORM = new RegExp(`^(int|dec)\\(${NUMBER},${NUMBER}(?:,\\s*(\\d+)\\s*)?\\)$`, 'i');

/** `int(-3,3)` → whole numbers −3…3; `dec(-1,1,1)` → −1…1 in steps of 0.1; `none` → kept as written. A problem as a string. */
export function parseVary(text: string): VarySpec | string {
  const t = text.trim().toLowerCase();
  if (t === 'none') return { kind: 'none' };
  const m = FORM.exec(t);
  if (!m) return `\`vary=${text}\` is not valid; use ${VARY_WHAT}`;
  const kind = m[1] as 'int' | 'dec';
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  if (kind === 'int' && m[4] !== undefined) return `\`vary=${text}\`: int(LO,HI) takes no digits; use dec(LO,HI,DIGITS) for decimals`;
  const digits = kind === 'int' ? 0 : m[4] === undefined ? 1 : Number(m[4]);
  if (kind === 'dec' && (digits < 1 || digits > MAX_DIGITS)) return `\`vary=${text}\`: DIGITS is 1 to ${MAX_DIGITS}`;
  if (Math.abs(lo) > MAX_BOUND || Math.abs(hi) > MAX_BOUND) return `\`vary=${text}\`: the bounds are at most ${MAX_BOUND} in size`;
  const step = Math.pow(10, -digits);
  // Two values at least, else every variant would draw the same number.
  if (Math.floor(hi / step + 1e-9) - Math.ceil(lo / step - 1e-9) < 1) return `\`vary=${text}\`: LO must be below HI (by ${step} at least)`;
  return { kind, lo, hi, digits };
}
