// The rule that makes a variant worth a student's time: no σ or tanh output of the solution may
// show as 0, 1 or −1 at the precision the sheet shows it (the seed exam's tanh(13.5) = 1 tests
// nothing: any wrong pre-activation gives the same answer).
import type { AnalysisWithSteps, Matrix } from '../engine/types';
import { elementLabel } from '../engine/format';
import { fixed } from './literalText';

export interface Saturation {
  /** `i[2] = σ(…) shows as 1.0000 at 4 decimals` */
  readonly message: string;
}

const OUTER = /^\S+ = (σ|tanh)\(/;

/**
 * The first saturated activation of the solution, or undefined. `decimals(name)` is the
 * precision a quantity is shown at: its check's, else the block's.
 */
export function findSaturation(analysis: AnalysisWithSteps, decimals: (name: string) => number): Saturation | undefined {
  for (const step of analysis.steps) {
    const outer = OUTER.exec(step.text);
    if (outer) {
      const hit = saturatedElement(step.result, decimals(step.target));
      if (hit) return { message: `${step.target}${elementLabel(step.result, hit.row, hit.col)} = ${outer[1]}(…) shows as ${hit.shown}` };
    }
    // An LSTM's h = o ⊙ tanh(c): the tanh inside the product is an activation too.
    for (const operand of step.operands) {
      if (!step.text.includes(`tanh(${operand.name})`)) continue;
      const t = operand.value;
      const values: Matrix = { rows: t.rows, cols: t.cols, data: t.data.map(Math.tanh) };
      const hit = saturatedElement(values, decimals(step.target));
      if (hit) return { message: `tanh(${operand.name})${elementLabel(values, hit.row, hit.col)} in ${step.target} shows as ${hit.shown}` };
    }
  }
  return undefined;
}

function saturatedElement(m: Matrix, decimals: number): { row: number; col: number; shown: string } | undefined {
  for (let k = 0; k < m.data.length; k++) {
    const shown = fixed(m.data[k], decimals);
    const v = Math.abs(Number(shown));
    if (v === 0 || v === 1) return { row: Math.floor(k / m.cols), col: k % m.cols, shown: `${shown} at ${decimals} decimals` };
  }
  return undefined;
}
