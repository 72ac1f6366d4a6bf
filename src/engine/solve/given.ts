// A given's value: its literal, or its formula evaluated against the solve, checked (size limit,
// NaN or ∞, a vector where the cell needs one, a batch's examples) and, for a formula, the step
// that shows it.
import { truncate } from '../parse/statements';
import type { Matrix } from '../types';
import { EvalError } from '../expr';
import * as M from '../matrix';
import { evaluation, operate } from '../budget';
import { didYouMean } from '../checks/suggest';
import { CELLS } from '../cells';
import { splitKey } from './keys';
import type { GivenDef } from './setup';
import { batchGiven } from './batch';
import type { Solver } from './solver';

/** Inputs, state and gate names whose values must be vectors (a given 2×2 `a` is a shape error). */
const CELL_VECTORS = new Set([
  ...['x', 'e', 'onehot', 'y', 'logits'],
  ...Object.values(CELLS).flatMap((c) => [...c.equations.map((e) => e.target), ...c.state.map((st) => `${st}_prev`)]),
]);

export function evaluateGiven(s: Solver, g: GivenDef): Matrix | undefined {
  let v: Matrix;
  try {
    // A literal is its value (most givens): no environment to make for it.
    if (g.expr.literal) v = g.expr.literal.value;
    else {
      evaluation(s.work);
      v = g.expr.evaluate(s.env());
    }
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    if (e.code === 'missing') {
      for (const m of e.missing) s.noteMissing(g.key, m);
      if (!s.has(e.missing[0]) && !s.isDerivable(e.missing[0]) && !s.inReportedCycle(e.missing[0])) {
        const name = truncate(e.missing[0]);
        const near = didYouMean(
          e.missing[0],
          e.range,
          [...s.setup.givens.values()].map((given) => given.written),
          s.setup.kind,
        );
        const message = `${name} is not defined in this block${near.text}; give it (\`${name} = …\`) or correct the name`;
        s.report('error', 'unknown-name', e.range, message, [], undefined, near.fixes);
      }
      return undefined;
    }
    s.report('error', e.code, e.range, `${e.message} (in the value of ${g.written})`);
    return undefined;
  }
  if (M.length(v) > 1_000_000) {
    const message = `${g.written} has ${M.length(v).toLocaleString('en')} elements, over the 1,000,000 limit`;
    s.report('error', 'limit', g.valueRange, message);
    return undefined;
  }
  // The finiteness test below reads every element: counted, as a given that only names another
  // (`M2 = M`) allocates nothing. (A literal's elements are counted where the block is read.)
  if (g.expr.literal === undefined) operate(s.work, M.length(v));
  if (!M.allFinite(v)) {
    s.report('warning', 'numeric', g.valueRange, `${g.written} contains NaN or ∞; check the value or the expression that produced it`);
  }
  if (CELL_VECTORS.has(splitKey(g.key).base) && (s.N !== undefined || !M.isVector(v))) {
    const batch = batchGiven(s, g, v);
    if (batch === 'reported') return undefined;
    if (batch) v = batch;
    else if (!M.isVector(v)) {
      const [shape, example] = s.layout === 'row' ? ['1×n', '[a, b, …]'] : ['n×1', '[a; b; …]'];
      const message = `shape: ${g.written} is ${M.shapeText(v)} but it is a vector (${shape}); write it as ${example}`;
      s.report('error', 'shape', g.valueRange, message);
      return undefined;
    }
  }
  if (g.expr.literal === undefined && g.expr.single === undefined) {
    const read = [...new Set(g.expr.names.map((use) => use.resolved.key))].filter((key) => s.valueOf(key));
    s.noteReads(g.key, read);
    if (s.recording) {
      const operands = read.map((key) => s.operand(key, s.valueOf(key)!));
      const text = `${g.written} = ${g.expr.source.text.trim()}`;
      s.recordStep({ target: g.key, text, latex: g.expr.latex, operands, shapes: `= ${M.shapeText(v)}`, result: v, range: g.range });
    }
  }
  s.origins.set(g.key, 'given');
  return g.isVectorQuantity ? M.orientLike(v, s.layout) : v;
}
