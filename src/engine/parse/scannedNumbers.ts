// A bracket literal's numbers as they are read: typed buffers (no object per number) and the
// scan of one written number into them, with the unit of its last written digit.
import { powerOfTenAt } from './powerOfTen';

/** 10^0 … 10^22: every one exactly representable in float64. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** The unit of a last written digit `places` after the point, for 0 … 22 places. */
const UNIT = POW10.map((p) => 1 / p);

/**
 * A literal's numbers as they are read, in typed arrays: no object per number, and nothing kept
 * between scans (scratch sized for a 1,000,000-element block would pin 17 MB).
 */
const SCRATCH = 64;
export class Numbers {
  values = new Float64Array(SCRATCH);
  units = new Float64Array(SCRATCH);
  integers = new Uint8Array(SCRATCH);
  count = 0;
  // The rows read so far, without an array of their lengths: the first row's length, and the
  // first row of another length (a ragged matrix), or -1.
  rows = 0;
  cols = 0;
  raggedRow = -1;
  raggedLength = 0;

  endRow(length: number): void {
    if (this.rows === 0) this.cols = length;
    else if (length !== this.cols && this.raggedRow < 0) {
      this.raggedRow = this.rows;
      this.raggedLength = length;
    }
    this.rows++;
  }

  /** Still the scratch buffers every scan starts from (its results must be copied out). */
  get scratch(): boolean {
    return this.values.length === SCRATCH;
  }

  /** Appends the number written at text[start, end) as `mantissa` · 10^-places (the unit of its last digit). */
  push(text: string, start: number, end: number, mantissa: number, places: number, point: boolean): void {
    const k = this.count++;
    this.values[k] = isExactDecimal(mantissa, places) ? exactDecimal(mantissa, places) : Number(text.slice(start, end));
    this.units[k] = places >= 0 && places <= 22 ? UNIT[places] : Math.pow(10, -places);
    this.integers[k] = !point && places <= 0 ? 1 : 0;
  }

  /** Room for at least `size` numbers, and at least twice as many as now. */
  grow(size: number): void {
    const capacity = Math.max(size, this.values.length * 2);
    const values = new Float64Array(capacity),
      units = new Float64Array(capacity),
      integers = new Uint8Array(capacity);
    values.set(this.values);
    units.set(this.units);
    integers.set(this.integers);
    this.values = values;
    this.units = units;
    this.integers = integers;
  }
}

/** Reads the number at `pos` into `out` (which has room); returns the offset past it, `pos` when there is none. */
export function scanNumber(text: string, pos: number, out: Numbers): number {
  let i = pos;
  let c = codeAt(text, i);
  const negative = c === 45; // -
  if (negative || c === 43) c = codeAt(text, ++i); // +
  const integerStart = i;
  let mantissa = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    c = codeAt(text, ++i);
  }
  const integerDigits = i - integerStart;
  const point = c === 46; // .
  let decimals = 0;
  if (point) {
    const fractionStart = ++i;
    c = codeAt(text, i);
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = codeAt(text, ++i);
    }
    decimals = i - fractionStart;
  }
  if (integerDigits + decimals === 0) return pos;
  let exponent = 0;
  if (c === 101 || c === 69) {
    // e E: an exponent only when a digit follows; else the number ends before the e
    let j = i + 1;
    let d = codeAt(text, j);
    const minus = d === 45;
    if (minus || d === 43) d = codeAt(text, ++j);
    if (d >= 48 && d <= 57) {
      do {
        exponent = exponent * 10 + (d - 48);
        d = codeAt(text, ++j);
      } while (d >= 48 && d <= 57);
      if (minus) exponent = -exponent;
      i = j;
    }
  } else {
    // `2.7 × 10^-5` is the number 2.7e-5, with the unit of its last written digit.
    const power = powerOfTenAt(text, i);
    if (power) {
      const written = `${text.slice(pos, i)}e${power.exponent}`;
      out.push(written, 0, written.length, negative ? -mantissa : mantissa, decimals - power.exponent, point);
      return power.end;
    }
  }
  out.push(text, pos, i, negative ? -mantissa : mantissa, decimals - exponent, point);
  return i;
}

/** The code unit at `i`, 0 past the end (reading out of bounds would throw optimised code away). */
function codeAt(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : 0;
}

/**
 * Clinger's fast path: a mantissa up to 2^53 − 1 (exact however its digits were summed, since
 * a running sum past 2^53 never rounds back below it) and a power of ten up to 10^22 (exact)
 * meet in one correctly rounded operation, which is the value Number() gives. Everything else
 * goes through Number().
 */
function isExactDecimal(mantissa: number, places: number): boolean {
  return Math.abs(mantissa) <= Number.MAX_SAFE_INTEGER && places >= -22 && places <= 22;
}

/** mantissa · 10^-places, for `isExactDecimal` arguments. */
function exactDecimal(mantissa: number, places: number): number {
  return places >= 0 ? mantissa / POW10[places] : mantissa * POW10[-places];
}

/**
 * The first `count` entries of a scan buffer: a copy of a scratch buffer's; else the buffer itself,
 * or a view of it when the projection left at most 1/8 unused, else a copy at its size.
 */
export function fit<A extends Float64Array | Uint8Array>(buffer: A, count: number, scratch: boolean): A {
  if (scratch) return buffer.slice(0, count) as A;
  if (count === buffer.length) return buffer;
  return (buffer.length - count <= buffer.length / 8 ? buffer.subarray(0, count) : buffer.slice(0, count)) as A;
}
