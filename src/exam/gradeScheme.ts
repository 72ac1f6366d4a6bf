// The marking scheme a grade is worked out with: what each kind of answer earns. Points per check
// come from the key (`?= … {points=2}`, 1 without it); the fractions here are of those points.

export interface Scheme {
  /** Credit for an answer right from the student's own earlier wrong value (error carried forward). */
  readonly ecf: number;
  /** Credit for an answer right under another convention (z=write, reset=after, concat=xh, …). */
  readonly convention: number;
  /** Credit for the right values written the other way round (a row for a column, Wᵀ for W). */
  readonly transposed: number;
}

/**
 * An error carried forward is the error marked once: its later steps lose a quarter. Another
 * convention is a different model, not the one asked for: half. A transposed answer has the
 * numbers right and the shape wrong: half.
 */
export const DEFAULT_SCHEME: Scheme = { ecf: 0.75, convention: 0.5, transposed: 0.5 };

/** A fraction of 0 to 1 as written on the command line or in a setting, or why it is none. */
export function readFraction(name: string, text: string | undefined): number | { error: string } {
  const v = text === undefined || !/^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(text) ? NaN : Number(text);
  if (!(v >= 0 && v <= 1)) return { error: `--${name} takes a credit fraction from 0 to 1 (as in --${name} 0.5), not '${text ?? ''}'` };
  return v;
}
