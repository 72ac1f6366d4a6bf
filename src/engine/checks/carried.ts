// Error carried forward: a failing check's step recomputed from the author's own stated values of
// its inputs, so the note can say whether this step or an earlier one is where it goes wrong.
import type { Matrix } from '../types';
import { Solver, withSetup } from '../solve';
import { operate, WorkLimitError } from '../budget';
import type { CheckDef } from './evaluate';
import type { CheckContext } from './run';
import { compare } from './tolerance';
import * as M from '../matrix';

export interface Carried {
  consistent: boolean;
  message: string;
}

/** `c` failed with `stated`; `inputs` are what its step read. The re-solve counts against the hints' work. */
export function carried(c: CheckDef, inputs: readonly string[], stated: Matrix, ctx: CheckContext): Carried | undefined {
  const setup = ctx.hintSetup();
  const { layout, tol } = setup.options;
  // The author's stated values of this step's inputs (numeric checks on them), and those that fail.
  const overrides = new Map<string, Matrix>();
  const failed = new Set<string>();
  for (const r of ctx.checks) {
    if (!r.key || r.key === c.key || !inputs.includes(r.key) || !r.rhs.literal) continue;
    const v = M.orientLike(r.rhs.literal.value, layout);
    overrides.set(r.key, v);
    const computed = ctx.solver.values.get(r.key);
    if (computed && !compare(v, computed, r.rhs.literal, tol).pass) failed.add(r.key);
  }
  if (!overrides.size) return undefined;
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
  const list = [...overrides.keys()].join(', ');
  if (!compare(stated, M.orientLike(value, layout), c.rhs.literal, tol).pass) {
    return { consistent: false, message: `it does not follow from your stated ${list} either, so this step is where it goes wrong` };
  }
  const wrong = [...failed].join(', ');
  const message = wrong
    ? `${c.written} is right for the ${wrong} you wrote; ${wrong} is where it goes wrong`
    : `${c.written} follows from your stated ${list} (the difference is their rounding)`;
  return { consistent: true, message };
}
