// One answer's verdict, points and reason, from the check the engine made of it in the key's
// block: correct, correct with rounding, error carried forward, another convention, transposed,
// blank or wrong; a wrong answer of the right shape earns the fraction of its elements that are right.
import type { BlockOptions, CheckResult, ConventionHint, ElementMismatch, Matrix } from '../engine/types';
import { formatNumber } from '../engine/format';
import { compare } from '../engine/checks/tolerance';
import { scanLiteral, type Literal } from '../engine/parse/literals';
import * as M from '../engine/matrix';
import type { Scheme } from './gradeScheme';

export type Verdict = 'correct' | 'rounding' | 'carried-forward' | 'convention' | 'transposed' | 'blank' | 'wrong';

export interface Judged {
  readonly verdict: Verdict;
  /** Fraction of the check's points earned, 0 to 1. */
  readonly credit: number;
  /** Why, after `C_t: 1.5/2 — `. */
  readonly reason: string;
  /** Error carried forward: the earlier steps (as the key writes them) the answer is right for. */
  readonly from?: readonly string[];
  readonly convention?: ConventionHint;
}

export interface AnswerContext {
  /** As the key writes the checked name (`C_t`). */
  readonly name: string;
  /** The answer's right side as written; '' for a blank. */
  readonly text: string;
  /** The key's own right side: an orientation the key writes is never marked transposed. */
  readonly keyText: string;
  /** The engine's check of the answer in the key's block; undefined when there is none (a blank). */
  readonly result?: CheckResult;
  /** The diagnostic message at the answer, when the engine could not evaluate it. */
  readonly problem?: string;
  readonly scheme: Scheme;
  /** An earlier step by its key: how the key writes it, and the student's answer for it. */
  readonly step: (key: string) => { readonly name: string; readonly text: string } | undefined;
  readonly precision: number;
  /** The key's block options: the convention it uses, beside the one the answer fits. */
  readonly options: BlockOptions;
}

export function judge(a: AnswerContext): Judged {
  const r = a.result;
  if (!a.text.trim() || /^\[\s*\]$/.test(a.text.trim())) return { verdict: 'blank', credit: 0, reason: 'blank: no answer written' };
  if (!r || r.error || !r.stated || !r.computed) {
    return { verdict: 'wrong', credit: 0, reason: `your answer could not be evaluated${a.problem ? `: ${a.problem}` : ''}` };
  }
  const written = literalOf(a.text)?.value;
  if (r.pass) {
    const keyShape = literalOf(a.keyText)?.value;
    const keyWrites = keyShape !== undefined && written !== undefined && keyShape.rows === written.rows;
    if (written && M.isVector(written) && !M.isScalar(written) && written.rows !== r.computed.rows && !keyWrites) {
      return transposed(a, `you wrote a ${orientation(written)}, ${a.name} is a ${orientation(r.computed)} (the values are right)`);
    }
    if (r.rounding.length)
      return { verdict: 'rounding', credit: 1, reason: `correct, with rounding: ${roundings(r.rounding, r.computed, a.precision)}` };
    return { verdict: 'correct', credit: 1, reason: 'correct' };
  }
  const elements = elementFraction(r);
  if (r.carriedFrom) {
    if (!r.carriedFrom.length) {
      return {
        verdict: 'rounding',
        credit: 1,
        reason: 'correct, with rounding: it follows from the rounded values you wrote for the steps before it',
      };
    }
    const steps = r.carriedFrom.map((k) => a.step(k) ?? { name: k, text: '' });
    const yours = steps.map((s) => `your ${s.name} = ${s.text}`).join(', ');
    const names = steps.map((s) => s.name).join(', ');
    return {
      verdict: 'carried-forward',
      credit: Math.max(a.scheme.ecf, elements),
      reason: `error carried forward from ${names} (${yours}; with it, ${a.name} is right)`,
      from: steps.map((s) => s.name),
    };
  }
  if (r.convention) {
    return {
      verdict: 'convention',
      credit: Math.max(a.scheme.convention, elements),
      reason: `consistent with another convention: ${r.convention.label}; the key uses ${keyReading(a.options, r.convention.option)}`,
      convention: r.convention,
    };
  }
  if (!M.isVector(r.stated) && transposedMatch(a.text, r.computed)) {
    return transposed(a, `your ${M.shapeText(r.stated)} is the transpose of ${a.name} (${M.shapeText(r.computed)})`);
  }
  if (!M.sameShape(r.stated, r.computed) && !(M.isVector(r.stated) && r.stated.data.length === r.computed.data.length)) {
    return {
      verdict: 'wrong',
      credit: 0,
      reason: `wrong: your answer is ${M.shapeText(r.stated)} but ${a.name} is ${M.shapeText(r.computed)}`,
    };
  }
  const n = r.computed.data.length;
  const right = n - r.mismatches.length;
  const detail = mismatchText(r.mismatches, r.computed, a.precision);
  const of = n > 1 ? ` (${right} of ${n} elements right)` : '';
  return { verdict: 'wrong', credit: elements, reason: `wrong: ${detail}${of}` };
}

function transposed(a: AnswerContext, why: string): Judged {
  return { verdict: 'transposed', credit: a.scheme.transposed, reason: `transposed: ${why}` };
}

/** The fraction of elements within tolerance, for a stated value of the computed shape (0 otherwise). */
function elementFraction(r: CheckResult): number {
  const n = r.computed!.data.length;
  if (r.stated!.data.length !== n || r.formula) return 0;
  return (n - r.mismatches.length) / n;
}

/** Whether the answer, a literal matrix, is the transpose of the computed one (within its written digits). */
function transposedMatch(text: string, computed: Matrix): boolean {
  const lit = literalOf(text);
  if (!lit || lit.value.rows !== computed.cols || lit.value.cols !== computed.rows) return false;
  const flip = (xs: ArrayLike<number>) => M.transpose({ rows: lit.value.rows, cols: lit.value.cols, data: Float64Array.from(xs) }).data;
  const t: Literal = { ...lit, value: M.transpose(lit.value), units: flip(lit.units), integers: flip(lit.integers) };
  return compare(t.value, computed, t, undefined).pass;
}

/** A literal answer as written (2-D), before the engine turns a vector to the block's layout. */
function literalOf(text: string): Literal | undefined {
  const at = text.search(/\[|\\begin/);
  if (at < 0) return undefined;
  const lit = scanLiteral(text, at);
  return !lit || 'error' in lit || lit.oneDimensional ? undefined : lit;
}

const orientation = (m: Matrix) => `${M.shapeText(m)} ${m.rows === 1 ? 'row' : 'column'}`;

function where(computed: Matrix, m: ElementMismatch): string {
  if (M.isScalar(computed)) return 'it';
  return M.isVector(computed) ? `element ${Math.max(m.row, m.col) + 1}` : `element (${m.row + 1}, ${m.col + 1})`;
}

function mismatchText(ms: readonly ElementMismatch[], computed: Matrix, precision: number): string {
  const parts = ms
    .slice(0, 3)
    .map(
      (m) =>
        `${where(computed, m)} is ${m.written ?? formatNumber(m.stated, precision + 2)} but should be ${formatNumber(m.computed, precision)}`,
    );
  if (ms.length > 3) parts.push(`and ${ms.length - 3} more`);
  return parts.join(', ');
}

function roundings(rs: readonly ElementMismatch[], computed: Matrix, precision: number): string {
  return rs
    .slice(0, 3)
    .map((m) => {
      const decimals = m.written?.split('.')[1]?.length ?? 0;
      return `${where(computed, m)} is ${m.written ?? formatNumber(m.stated, precision)} for ${formatNumber(m.computed, Math.max(precision, decimals + 2))} (${m.computed.toFixed(decimals)} rounded)`;
    })
    .join(', ');
}

/** `z=keep`: the key's reading of the option a convention hint names (the packed order has no option value). */
function keyReading(options: BlockOptions, option: string): string {
  const v = (options as unknown as Record<string, unknown>)[option];
  return typeof v === 'string' ? `${option}=${v}` : "the block's own reading";
}
