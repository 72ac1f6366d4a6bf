// A step's LaTeX lines: the symbolic formula, the formula with the matrices substituted, the
// pre-activation value, the result. Shared by the HTML card and the LaTeX/Markdown exports.
import type { BlockAnalysis, Layout, Matrix, Step } from '../../engine/types';
import { DISPLAY_LIMITS, matrixToLatex, type MatrixLimits } from '../../engine/format';
import { orientLike } from '../../engine/matrix';
import { isKeyName } from './names';
import { notationOf } from './notation';

const OPERAND = '\\operand{';
/**
 * Replaces every `\operand{name}` (balanced braces) by `replace(name)`. An unterminated
 * placeholder is dropped with the rest of the text, so no stray `\operand` reaches KaTeX.
 */
export function substituteOperands(latex: string, replace: (name: string) => string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const start = latex.indexOf(OPERAND, at);
    if (start < 0) return out + latex.slice(at);
    out += latex.slice(at, start);
    let depth = 1;
    let i = start + OPERAND.length;
    for (; i < latex.length && depth > 0; i++) {
      const ch = latex[i];
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth > 0) return out;
    out += `{${replace(latex.slice(start + OPERAND.length, i - 1))}}`;
    at = i;
  }
}

const MATRIX_PREFIX = /^(W|U|E|kernel|recurrent_kernel|weight)(_|$)/;

/** Whether a canonical name denotes a vector (state, gate, input, bias) rather than a matrix. */
export function isVectorName(name: string): boolean {
  return !MATRIX_PREFIX.test(name);
}

/**
 * A value as LaTeX: vectors in the layout's orientation, matrices as they are; `places`: the
 * decimals the note wrote per element (givens and stated values keep them).
 */
export function valueLatex(
  name: string,
  value: Matrix,
  layout: Layout,
  precision: number,
  limits: MatrixLimits = DISPLAY_LIMITS,
  places?: readonly number[],
): string {
  const m = isVectorName(name) ? orientLike(value, layout) : value;
  return matrixToLatex(m, precision, limits, places);
}

export interface StepLines {
  /** LaTeX of the target (`c_t`). */
  readonly target: string;
  readonly symbolic: string;
  /** The formula with the operands' values; absent when it would repeat the symbolic line. */
  readonly substituted?: string;
  /** The formula with the activation's argument evaluated, or a separate `where …` line. */
  readonly preActivation?: string;
  /** Absent when the pre-activation line could not be placed inside the formula. */
  readonly preInline: boolean;
  readonly result: string;
}

export function stepLines(step: Step, analysis: BlockAnalysis, limits: MatrixLimits = DISPLAY_LIMITS): StepLines {
  const { layout, precision } = analysis.options;
  const notation = notationOf(analysis);
  const values = new Map<string, Matrix>();
  const symbols = new Map<string, string>();
  for (const op of step.operands ?? []) {
    values.set(op.name, op.value);
    // A plain key is shown in the note's notation; a built operand (`[h_prev; x]`) has its parts renamed.
    if (op.latex) symbols.set(op.name, isKeyName(op.name) ? notation.latex(op.name) : notation.rename(op.latex));
  }
  const symbolOf = (n: string) => symbols.get(n) ?? notation.latex(n);
  const symbolicOf = (latex: string) => substituteOperands(latex, symbolOf);
  const valuesOf = (latex: string) =>
    substituteOperands(latex, (n) => {
      const v = values.get(n);
      return v ? valueLatex(n, v, layout, precision, limits) : symbolOf(n);
    });
  const symbolic = symbolicOf(step.latex);
  const substitutedRaw = valuesOf(step.latex);
  const substituted = substitutedRaw !== symbolic ? substitutedRaw : undefined;
  let preActivation: string | undefined;
  let preInline = false;
  if (step.preActivation) {
    const pre = step.preActivation;
    const preValue = valueLatex(step.target, pre.value, layout, precision, limits);
    const at = pre.latex ? step.latex.indexOf(pre.latex) : -1;
    if (at >= 0) {
      const marker = '\u0000PRE\u0000';
      const withMarker = step.latex.slice(0, at) + marker + step.latex.slice(at + pre.latex.length);
      preActivation = valuesOf(withMarker).replace(marker, preValue);
      preInline = true;
    } else {
      preActivation = `${symbolicOf(pre.latex)} = ${preValue}`;
    }
  }
  const target = notation.latex(step.target, step.time);
  const result = valueLatex(step.target, step.result, layout, precision, limits);
  // `x = e`: the substituted line would only repeat the result.
  const repeats = substituted !== undefined && substituted.replace(/[{}\s]/g, '') === result.replace(/[{}\s]/g, '');
  return { target, symbolic, substituted: repeats ? undefined : substituted, preActivation, preInline, result };
}

/** The step as one `aligned` body (rows joined by `\\`), for `align*` or `aligned`. */
export function stepAlignedRows(lines: StepLines): string[] {
  const rows = [`${lines.target} &= ${lines.symbolic}`];
  if (lines.substituted) rows.push(`&= ${lines.substituted}`);
  if (lines.preActivation) rows.push(lines.preInline ? `&= ${lines.preActivation}` : `&\\qquad \\text{where } ${lines.preActivation}`);
  rows.push(`&= ${lines.result}`);
  return rows;
}
