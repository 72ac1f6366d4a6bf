// Prose that gives an answer away. A question sheet prints the note's prose, and authors often
// write the answer beside the question ("C_t[1] should be 1.1473"). A number in the prose with
// two or more decimals that equals an answer at the decimals written, and no given, counts as
// giving it away; whole numbers and one-decimal numbers are too common to tell.
import type { AnalyzedBlockLike } from '../previewPlugin';

/** The most answer values compared (a generated block could have millions of elements). */
const MAX_VALUES = 200_000;
const MIN_DECIMALS = 2;
const MAX_DECIMALS = 10;

export interface AnswerLeak {
  /** The number as the prose writes it. */
  readonly number: string;
  /** The answer it gives away (`c`) and the document line of its check or result. */
  readonly answer: string;
  readonly answerLine: number;
}

interface Valued {
  readonly values: ArrayLike<number>;
  readonly name: string;
  readonly line: number;
}

export class LeakFinder {
  private readonly answers: Valued[] = [];
  private readonly givens: Valued[] = [];
  private readonly rounded = new Map<number, { answers: Map<string, Valued>; givens: Set<string> }>();

  constructor(blocks: readonly AnalyzedBlockLike[]) {
    let budget = MAX_VALUES;
    const take = (list: Valued[], values: ArrayLike<number> | undefined, name: string, line: number) => {
      if (!values || budget <= 0) return;
      budget -= values.length;
      list.push({ values, name, line });
    };
    for (const { block, analysis: a } of blocks) {
      // Checks first: a leak is reported as the answer to the check that asks for it.
      for (const c of a.checks) {
        const line = block.line + c.range.start.line;
        take(this.answers, c.computed?.data, c.written || c.name, line);
        if (!c.formula) take(this.answers, c.stated?.data, c.written || c.name, line);
      }
      for (const q of a.quantities) {
        const line = block.line + (q.range?.start.line ?? a.range.start.line);
        take(q.origin === 'computed' ? this.answers : this.givens, q.value.data, q.written ?? q.name, line);
      }
    }
  }

  /** The first number in `text` that gives an answer away, or undefined. */
  find(text: string): AnswerLeak | undefined {
    for (const { number, digits, decimals } of decimalNumbers(text)) {
      if (decimals < MIN_DECIMALS || decimals > MAX_DECIMALS) continue;
      const table = this.table(decimals);
      const hit = table.answers.get(digits);
      if (hit && !table.givens.has(digits)) return { number, answer: hit.name, answerLine: hit.line };
    }
    return undefined;
  }

  /** Every answer and given rounded to `decimals` places (absolute values: prose writes − many ways). */
  private table(decimals: number) {
    let t = this.rounded.get(decimals);
    if (t) return t;
    t = { answers: new Map<string, Valued>(), givens: new Set<string>() };
    for (const v of this.answers) {
      for (let k = 0; k < v.values.length; k++) {
        const key = fixed(v.values[k], decimals);
        if (key !== undefined && !t.answers.has(key)) t.answers.set(key, v);
      }
    }
    for (const v of this.givens) {
      for (let k = 0; k < v.values.length; k++) {
        const key = fixed(v.values[k], decimals);
        if (key !== undefined) t.givens.add(key);
      }
    }
    this.rounded.set(decimals, t);
    return t;
  }
}

function fixed(x: number, decimals: number): string | undefined {
  return Number.isFinite(x) ? Math.abs(x).toFixed(decimals) : undefined;
}

/** Numbers with a decimal point (`1.1473`, `.76`), normalised to toFixed's spelling; a loop, not a regex. */
export function* decimalNumbers(text: string): Generator<{ number: string; digits: string; decimals: number }> {
  const n = text.length;
  const isDigit = (k: number) => k < n && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
  let k = 0;
  while (k < n) {
    if (!isDigit(k) && !(text.charCodeAt(k) === 46 && isDigit(k + 1))) {
      k++;
      continue;
    }
    const start = k;
    while (isDigit(k)) k++;
    if (text.charCodeAt(k) !== 46 || !isDigit(k + 1)) continue;
    const point = k++;
    while (isDigit(k)) k++;
    // `1.2.3` (a version, a section number) is not a number
    if (text.charCodeAt(k) === 46 && isDigit(k + 1)) {
      while (isDigit(k) || text.charCodeAt(k) === 46) k++;
      continue;
    }
    const whole = text.slice(start, point).replace(/^0+(?=\d)/, '') || '0';
    yield { number: text.slice(start, k), digits: `${whole}.${text.slice(point + 1, k)}`, decimals: k - point - 1 };
  }
}
