// A check's two sides evaluated against one solve of the block, or the problem that stopped them.
import type { DiagnosticCode, Matrix, Range } from '../types';
import { EvalError, type Expression } from '../expr';
import { truncate } from '../parse/statements';
import { evaluation, operate, WorkLimitError } from '../budget';
import type { Solver } from '../solve';
import { article } from '../keys';

export interface CheckDef {
  readonly lhs: Expression;
  readonly rhs: Expression;
  readonly written: string;
  /** Canonical name when the left side is a single name. */
  readonly key?: string;
  readonly range: Range;
  readonly valueRange: Range;
}

export interface Evaluated {
  computed?: Matrix;
  stated?: Matrix;
  problem?: { code: DiagnosticCode; message: string; range: Range };
}

export function evaluateCheck(c: CheckDef, solver: Solver): Evaluated {
  try {
    evaluation(solver.work);
    const out = evaluateSides(c, solver);
    // Comparing reads both sides: counted like any other reading of elements.
    if (out.computed && out.stated) operate(solver.work, out.computed.data.length + out.stated.data.length);
    return out;
  } catch (e) {
    // A check's own expression (or the comparison) crossed a counted limit: this check is where.
    if (e instanceof WorkLimitError) e.locate(`checking ${truncate(c.written)}`, c.range);
    throw e;
  }
}

function evaluateSides(c: CheckDef, solver: Solver): Evaluated {
  const env = { get: (k: string) => solver.get(solver.setup.canon(k)), work: solver.work };
  const out: Evaluated = {};
  try {
    if (c.key) {
      out.computed = solver.get(c.key);
      if (!out.computed) out.problem = notComputed(c, c.key, solver);
    } else {
      out.computed = c.lhs.evaluate(env);
    }
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    out.problem = problemOf(e, c, solver);
  }
  try {
    out.stated = c.rhs.evaluate(env);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    out.problem ??= problemOf(e, c, solver);
  }
  return out;
}

function notComputed(c: CheckDef, key: string, solver: Solver): Evaluated['problem'] {
  const { kind } = solver.setup;
  const known = solver.has(key) || solver.isDerivable(key);
  const need = [...(solver.missing.get(key) ?? [])].filter((n) => n !== key);
  return known
    ? {
        code: 'missing',
        message: `cannot check ${c.written}: it is not computed${need.length ? ` — give ${need.join(', ')}` : ''}`,
        range: c.range,
      }
    : {
        code: 'unknown-name',
        message: `${truncate(c.written)} is not defined in this block and is not ${article(kind)} ${kind.toUpperCase()} quantity; give it, or correct the name`,
        range: c.lhs.single!.range,
      };
}

function problemOf(e: EvalError, c: CheckDef, solver: Solver): Evaluated['problem'] {
  if (e.code === 'missing') {
    const k = e.missing[0];
    const known = solver.has(k) || solver.isDerivable(k);
    return known
      ? {
          code: 'missing',
          message: `cannot check ${c.written}: ${k} is not computed${solver.missing.get(k)?.size ? ` — give ${[...solver.missing.get(k)!].join(', ')}` : ''}`,
          range: e.range,
        }
      : {
          code: 'unknown-name',
          message: `${truncate(k)} is not defined in this block; give it (\`${truncate(k)} = …\`) or correct the name`,
          range: e.range,
        };
  }
  // A cycle met inside a check's formula is reported as that formula's shape problem (as it always was).
  return { code: e.code === 'cycle' ? 'shape' : e.code, message: `${e.message} (in the check of ${c.written})`, range: e.range };
}
