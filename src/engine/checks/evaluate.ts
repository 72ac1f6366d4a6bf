// A check's two sides evaluated against one solve of the block, or the problem that stopped them.
import type { DiagnosticCode, Fix, Matrix, Range } from '../types';
import { EvalError, type Expression } from '../expr';
import { truncate } from '../parse/statements';
import { evaluation, operate, WorkLimitError } from '../budget';
import type { Solver } from '../solve';
import { article } from '../keys';
import { didYouMean } from './suggest';
import { displayKey } from '../streams';

export interface CheckDef {
  readonly lhs: Expression;
  readonly rhs: Expression;
  readonly written: string;
  /** Canonical name when the left side is a single name. */
  readonly key?: string;
  readonly range: Range;
  readonly valueRange: Range;
  /** `{points=N}` written after the value (an exam key's scheme). */
  readonly points?: number;
}

export interface Evaluated {
  computed?: Matrix;
  stated?: Matrix;
  problem?: { code: DiagnosticCode; message: string; range: Range; fixes?: readonly Fix[] };
}

/** A check, or a placeholder (no right side: only its left side is computed). */
export function evaluateCheck(c: Omit<CheckDef, 'rhs' | 'valueRange'> & { readonly rhs?: Expression }, solver: Solver): Evaluated {
  const env = solver.env();
  const out: Evaluated = {};
  const side = (evaluate: () => Matrix | undefined): Matrix | undefined => {
    try {
      return evaluate();
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      out.problem ??= problemOf(e, c, solver);
      return undefined;
    }
  };
  try {
    evaluation(solver.work);
    out.computed = side(() => (c.key ? solver.get(c.key) : c.lhs.evaluate(env)));
    if (c.key && !out.computed && !out.problem) out.problem = notComputed(c, c.key, solver);
    const rhs = c.rhs;
    if (rhs) out.stated = side(() => rhs.evaluate(env));
    // Comparing reads both sides: counted like any other reading of elements.
    if (out.computed && out.stated) operate(solver.work, out.computed.data.length + out.stated.data.length);
    return out;
  } catch (e) {
    // A check's own expression (or the comparison) crossed a counted limit: this check is where.
    if (e instanceof WorkLimitError) e.locate(`checking ${truncate(c.written)}`, c.range);
    throw e;
  }
}

/** ` — give a, b`: what the solve found `key` needs (but `skip`), or nothing. */
function give(solver: Solver, key: string, skip?: string): string {
  const need = [...(solver.missing.get(key) ?? [])].filter((n) => n !== skip).map(displayKey);
  return need.length ? ` — give ${need.join(', ')}` : '';
}

function notComputed(c: Pick<CheckDef, 'written' | 'range' | 'lhs'>, key: string, solver: Solver): Evaluated['problem'] {
  const { kind } = solver.setup;
  if (solver.has(key) || solver.isDerivable(key)) {
    return { code: 'missing', message: `cannot check ${c.written}: it is not computed${give(solver, key, key)}`, range: c.range };
  }
  const range = c.lhs.single!.range;
  const near = suggest(c.written, range, solver);
  return {
    code: 'unknown-name',
    message: `${truncate(c.written)} is not defined in this block and is not ${article(kind)} ${kind.toUpperCase()} quantity${near.text}; give it, or correct the name`,
    range,
    fixes: near.fixes,
  };
}

function problemOf(e: EvalError, c: Pick<CheckDef, 'written'>, solver: Solver): Evaluated['problem'] {
  // A cycle met inside a check's formula is reported as that formula's shape problem (as it always was).
  if (e.code !== 'missing')
    return { code: e.code === 'cycle' ? 'shape' : e.code, message: `${e.message} (in the check of ${c.written})`, range: e.range };
  const k = e.missing[0];
  if (solver.has(k) || solver.isDerivable(k)) {
    return { code: 'missing', message: `cannot check ${c.written}: ${k} is not computed${give(solver, k)}`, range: e.range };
  }
  const name = truncate(k);
  const near = suggest(k, e.range, solver);
  return {
    code: 'unknown-name',
    message: `${name} is not defined in this block${near.text}; give it (\`${name} = …\`) or correct the name`,
    range: e.range,
    fixes: near.fixes,
  };
}

/** "Did you mean" for a name the block does not know: its givens as written, and the kind's names. */
function suggest(written: string, range: Range, solver: Solver): ReturnType<typeof didYouMean> {
  const own = [...solver.setup.givens.values()].map((g) => g.written);
  return didYouMean(written, range, own, solver.setup.kind);
}
