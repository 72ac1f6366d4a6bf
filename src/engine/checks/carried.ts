// Error carried forward: a failing check's step recomputed from the author's own stated values of
// its inputs, so the note can say whether this step or an earlier one is where it goes wrong.
import type { Matrix } from '../types';
import type { Expression } from '../expr';
import { Solver, withSetup, type SolveSetup } from '../solve';
import { operate, WorkLimitError } from '../budget';
import type { CheckDef } from './evaluate';
import { passes } from './tolerance';
import * as M from '../matrix';

export interface Carried {
  consistent: boolean;
  message: string;
}

/**
 * `c` failed in `solver`'s solve; `recorded` is the same solve with its steps. The hint's
 * re-solve uses `setup` (the hints' shared count).
 */
export function carried(
  c: CheckDef,
  all: readonly CheckDef[],
  solver: Solver,
  recorded: Solver,
  setup: SolveSetup,
  stated: Matrix,
  literal: Expression['literal'],
): Carried | undefined {
  const step = recorded.stepOf.get(c.key!);
  if (step === undefined) return undefined;
  const inputs = recorded.steps[step].operands.map((o) => o.name);
  // The author's stated values of this step's inputs (numeric checks on them).
  const overrides = new Map<string, Matrix>();
  const statedInputs: string[] = [];
  const failedInputs: string[] = [];
  for (const r of all) {
    if (!r.key || r.key === c.key || !inputs.includes(r.key) || !r.rhs.literal) continue;
    const v = M.orientLike(r.rhs.literal.value, setup.options.layout);
    overrides.set(r.key, v);
    if (!statedInputs.includes(r.key)) statedInputs.push(r.key);
    const computed = solver.values.get(r.key);
    if (computed && !passes(v, computed, r.rhs.literal, setup.options.tol) && !failedInputs.includes(r.key)) failedInputs.push(r.key);
  }
  if (!statedInputs.length) return undefined;
  let value: Matrix | undefined;
  try {
    const author = new Solver(withSetup(setup, { overrides, quiet: true }));
    author.inferSizes();
    value = author.get(c.key!);
    if (value) operate(author.work, stated.data.length + value.data.length); // the comparison below
  } catch (e) {
    // A hint is best effort: past the hints' count (setup.work) it is not given; the check itself stands.
    if (e instanceof WorkLimitError && e.work === setup.work) return undefined;
    throw e;
  }
  if (!value) return undefined;
  const ok = passes(stated, M.orientLike(value, setup.options.layout), literal, setup.options.tol);
  const list = statedInputs.join(', ');
  if (ok) {
    return failedInputs.length
      ? {
          consistent: true,
          message: `${c.written} is right for the ${failedInputs.join(', ')} you wrote; ${failedInputs.join(', ')} is where it goes wrong`,
        }
      : { consistent: true, message: `${c.written} follows from your stated ${list} (the difference is their rounding)` };
  }
  return { consistent: false, message: `it does not follow from your stated ${list} either, so this step is where it goes wrong` };
}
