// The elementwise equations of a cell table (`c = f ⊙ c_prev + i ⊙ g`): their values and steps,
// from the formula as cells/formula.ts reads it.
import * as M from '../matrix';
import type { Matrix } from '../types';
import { countedZeros } from '../budget';
import { isAffine, type CellEquation, type Elementwise } from '../cells/cell';
import { formula } from '../cells/formula';
import { at, prevKey } from './keys';
import type { Solver } from './solver';

/** A formula's name at step t: `c_prev` → `c_2` at step 3, `f` → `f_3`. */
export function keyAt(name: string, t: number | undefined): string {
  return name.endsWith('_prev') ? prevKey(name.slice(0, -5), t) : at(name, t);
}

export function solveElementwise(s: Solver, eq: Elementwise, t: number | undefined): Matrix | undefined {
  const key = at(eq.target, t);
  const f = formula(eq.formula);
  const keys = f.names.map((n) => keyAt(n, t));
  const vals: Matrix[] = [];
  for (const k of keys) {
    const v = s.get(k);
    if (v) vals.push(v);
    else s.noteMissing(key, k);
  }
  if (vals.length !== keys.length) return undefined;
  const text = `${eq.target} = ${eq.formula}`;
  const len = M.length(vals[0]);
  for (let j = 1; j < vals.length; j++) {
    if (M.length(vals[j]) === len) continue;
    const r = s.rangeOf(keys[j]) ?? s.rangeOf(keys[0]) ?? s.firstGivenRange();
    const message = `shape: ${keys[j]} has ${M.length(vals[j])} entries but ${keys[0]} has ${len}; they combine elementwise in ${text}`;
    if (r) s.report('error', 'shape', r, message);
    return undefined;
  }
  const data = countedZeros(s.work, len);
  const operands = vals.map((v) => v.data);
  f.evaluate(data, operands);
  const result = s.shaped(data);
  s.noteReads(key, keys);
  if (!s.recording) return result;
  const shape = M.shapeText(result);
  s.recordStep({
    target: key,
    text,
    latex: f.latex((n) => keyAt(n, t)),
    operands: keys.map((k, j) => s.operand(k, vals[j])),
    shapes: `${f.shapes(shape)} = ${shape}`,
    result,
    time: t,
  });
  return result;
}

/**
 * The order a whole step solves its equations in: each elementwise equation after the ones it
 * reads, and just before it the gates it needs (also through another gate: a GRU's n reads r) in
 * the table's order. So an LSTM's f, i, g, c, o, h and a GRU's r, z, n, h, as the cell (and the
 * notes) list them.
 */
export function stepOrder(s: Solver): CellEquation[] {
  const order: CellEquation[] = [];
  const readsOf = (eq: CellEquation) =>
    (isAffine(eq) ? (eq.reset ? [eq.reset.by] : []) : formula(eq.formula).names).flatMap((n) => s.equation(n) ?? []);
  const gatesOf = (eq: CellEquation, into: Set<CellEquation>) => {
    for (const dep of readsOf(eq)) {
      if (dep === eq || !isAffine(dep) || into.has(dep)) continue;
      into.add(dep);
      gatesOf(dep, into);
    }
    return into;
  };
  const visit = (eq: CellEquation) => {
    if (order.includes(eq)) return;
    for (const dep of readsOf(eq)) if (dep !== eq && !isAffine(dep)) visit(dep);
    const gates = gatesOf(eq, new Set());
    // In the table's order, each after the gate it reads (the table lists r before n).
    for (const g of s.equations) if (gates.has(g) && !order.includes(g)) order.push(g);
    order.push(eq);
  };
  for (const eq of s.equations) if (!isAffine(eq)) visit(eq);
  return order;
}
