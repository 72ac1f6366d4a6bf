// Matrix literals in every style a note uses: mathjs/MATLAB (`[1 2; 3 4]`, `[1, 2; 3, 4]`),
// nested lists (`[[1, 2], [3, 4]]`), numpy print-outs (multi-line, no commas) and LaTeX
// (`\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`). Each element remembers how many decimals
// were written, which sets the default tolerance of a check (SPEC §6).
import type { Matrix } from '../types';
import { scanBracketLiteral } from './brackets';
import { numberInfo, scanLatex } from './latexMatrix';

export { numberInfo };

export interface Literal {
  readonly value: Matrix;
  /** Per element: the unit of the last written digit (0.0001 for `0.9719`, 1 for `2`). */
  readonly units: ArrayLike<number>;
  /** Per element: written as an integer (no point, no negative exponent): half-unit tolerance (1). */
  readonly integers: ArrayLike<number>;
  /** True for a 1-D list (`[1, 2]`), which is a vector of either orientation. */
  readonly oneDimensional: boolean;
  /** Offset just past the literal in the scanned text. */
  readonly end: number;
  /** Which reading was taken of a literal that reads two ways (an `assumed` note at the literal). */
  readonly note?: string;
}

export interface LiteralError {
  readonly error: string;
  /** Offset of the problem in the scanned text. */
  readonly at: number;
  readonly end: number;
  /** Set when the literal is refused by a SPEC §10 limit (size or time), not malformed. */
  readonly limit?: boolean;
}

export type LiteralScan = Literal | LiteralError | undefined;

/** A number at the start of a text: no two quantifiers of it can match the same characters. */
export const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;

export type Num = { value: number; unit: number; integer: boolean };

/**
 * Scans a literal starting at `at` (a `[` or `\\begin{…matrix}`). Returns undefined when the
 * brackets hold names (`[h_prev; x]` is stacking, for the expression parser), an error for a
 * numeric literal that is malformed or ragged.
 */
export function scanLiteral(text: string, at: number): LiteralScan {
  if (text.startsWith('\\begin', at)) return scanLatex(text, at);
  if (text[at] !== '[') return undefined;
  return scanBracketLiteral(text, at);
}
