// A number written the way people write one on paper: `2.7 × 10^-5`, `2.7 \times 10^{-5}`,
// `2.7·10^{-5}`, `2.7 * 10^-5`, `2.7 × 10⁻⁵`. It is one number with the tolerance of its written
// digits, exactly like `2.7e-5` (a product of two numbers would be compared at float tolerance).
// Read by the bracket scanner, the formula lexer and the LaTeX matrix reader alike.
import { isDigit } from './statements';

/** Superscript digits ⁰ … ⁹ by code point (¹ ² ³ sit in Latin-1, the rest in U+2070 …). */
const SUPERSCRIPT_DIGITS = new Map([0x2070, 0xb9, 0xb2, 0xb3, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079].map((c, d) => [c, d]));
const SUPERSCRIPT_MINUS = 0x207b,
  SUPERSCRIPT_PLUS = 0x207a;
/** The multiplication signs a written `× 10^k` may use; LaTeX's are words. */
const TIMES = new Set([0xd7, 0xb7, 0x22c5, 0x2219, 0x2217, 42]); // × · ⋅ ∙ ∗ *
const TIMES_COMMANDS = ['\\times', '\\cdot'];

export interface PowerOfTen {
  /** The power k of `× 10^k`. */
  readonly exponent: number;
  /** Offset just past the power. */
  readonly end: number;
}

/** Spaces and tabs only: a line break ends a row of a matrix, so it never joins a number. */
function skipBlanks(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 0xa0; c = text.charCodeAt(++i));
  return i;
}

/**
 * `× 10^k` (any of the spellings above) starting at `i`, just past a mantissa's last digit; or
 * undefined. `mantissa` false reads a bare `10⁻⁵` at `i` (a power of ten with no mantissa, which
 * only superscripts make unambiguous: `10^-5` stays a formula).
 */
export function powerOfTenAt(text: string, i: number, mantissa = true): PowerOfTen | undefined {
  let j = i;
  if (mantissa) {
    j = skipBlanks(text, i);
    const c = text.charCodeAt(j);
    // Most numbers are followed by a space and the next number: one comparison tells them apart.
    if (c !== 42 && c !== 92 && c < 0xb7) return undefined;
    if (TIMES.has(c)) j++;
    else {
      const cmd = TIMES_COMMANDS.find((w) => text.startsWith(w, j) && !isLetter(text.charCodeAt(j + w.length)));
      if (!cmd) return undefined;
      j += cmd.length;
    }
    j = skipBlanks(text, j);
  }
  if (text.charCodeAt(j) !== 49 || text.charCodeAt(j + 1) !== 48 || isDigit(text.charCodeAt(j + 2))) return undefined; // 10
  j += 2;
  const power = mantissa ? (caretPower(text, skipBlanks(text, j)) ?? superscriptPower(text, j)) : superscriptPower(text, j);
  if (!power) return undefined;
  // `× 10^3.5`, `× 10^2^2` are formulas, not a written number.
  const after = text.charCodeAt(power.end);
  if (after === 46 || after === 94 || isDigit(after) || SUPERSCRIPT_DIGITS.has(after)) return undefined;
  return power;
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** `^-5`, `^{-5}`, `^ { − 5 }` at `i` (a `^`). */
function caretPower(text: string, i: number): PowerOfTen | undefined {
  if (text.charCodeAt(i) !== 94) return undefined;
  let j = skipBlanks(text, i + 1);
  const braced = text.charCodeAt(j) === 123;
  if (braced) j = skipBlanks(text, j + 1);
  const c = text.charCodeAt(j);
  const negative = c === 45 || c === 0x2212;
  if (negative || c === 43) j = skipBlanks(text, j + 1);
  const start = j;
  while (isDigit(text.charCodeAt(j))) j++;
  if (j === start || j - start > 4) return undefined;
  const digits = Number(text.slice(start, j));
  if (braced) {
    j = skipBlanks(text, j);
    if (text.charCodeAt(j) !== 125) return undefined;
    j++;
  }
  return { exponent: negative ? -digits : digits, end: j };
}

/** `⁻⁵`, `⁵`, `⁺¹²` at `i`. */
function superscriptPower(text: string, i: number): PowerOfTen | undefined {
  let j = i;
  const c = text.charCodeAt(j);
  const negative = c === SUPERSCRIPT_MINUS;
  if (negative || c === SUPERSCRIPT_PLUS) j++;
  let digits = 0;
  const start = j;
  for (
    let d = SUPERSCRIPT_DIGITS.get(text.charCodeAt(j));
    d !== undefined && j - start < 4;
    d = SUPERSCRIPT_DIGITS.get(text.charCodeAt(++j))
  ) {
    digits = digits * 10 + d;
  }
  if (j === start) return undefined;
  return { exponent: negative ? -digits : digits, end: j };
}

/** Whether `c` may start a superscript power (`⁻`, `⁺` or a superscript digit). */
export function startsSuperscript(c: number): boolean {
  return c === SUPERSCRIPT_MINUS || c === SUPERSCRIPT_PLUS || SUPERSCRIPT_DIGITS.has(c);
}

/** A mantissa without its own exponent, at the start of a text (`2.7`, `-0.5`, `3`). */
const MANTISSA = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)/;

/**
 * `2.7\times10^{-5}` (a whole LaTeX matrix cell, spaces already dropped) as `2.7e-5`, or
 * undefined when the cell is not a number written with a power of ten.
 */
export function powerOfTenText(cell: string): string | undefined {
  const m = MANTISSA.exec(cell);
  if (!m) return undefined;
  const power = powerOfTenAt(cell, m[0].length);
  return power && power.end === cell.length ? `${m[0]}e${power.exponent}` : undefined;
}
