// The convention hint: another reading of the block (GRU update or reset, concatenation order,
// layout, packed gate order) under which a failing check's stated value holds.
import type { BlockOptions, ConventionHint, Matrix } from '../types';
import { LimitError, Solver, withSetup, type SolveSetup } from '../solve';
import { WorkLimitError } from '../budget';
import { evaluateCheck, type CheckDef } from './evaluate';
import { compare } from './tolerance';
import * as M from '../matrix';

interface Alternative extends ConventionHint {
  readonly patch: Partial<BlockOptions>;
  readonly order?: string;
}

/** The two readings of each two-way option: a hint offers the one the block does not use. */
const READINGS = {
  z: {
    write: 'the Colah/Chung update (z=write): h = (1 − z) ⊙ h_prev + z ⊙ n',
    keep: 'the PyTorch/d2l update (z=keep): h = z ⊙ h_prev + (1 − z) ⊙ n',
  },
  reset: { after: "PyTorch's reset-after candidate (reset=after)", before: 'the reset-before candidate (reset=before)' },
  concat: { xh: 'v = [x; h_prev] (concat=xh, as TensorFlow)', hx: 'v = [h_prev; x] (concat=hx)' },
  layout: { row: 'transposed weights, v·W (layout=row)', column: 'weights applied as W·v (layout=column)' },
};

function alternativesFor(setup: SolveSetup): Alternative[] {
  const { kind, options, givens } = setup;
  const other = (option: keyof typeof READINGS): Alternative => {
    const [value, label] = Object.entries(READINGS[option]).find(([v]) => v !== options[option])!;
    return { option, value, label, patch: { [option]: value } as Partial<BlockOptions> };
  };
  const alts = kind === 'gru' ? [other('z'), other('reset'), other('concat')] : [other('concat')];
  // Transposed weights can only fit the other layout when every weight matrix is square.
  const squareWeights = [...givens.values()].every((g) => {
    const m = g.expr.literal?.value;
    return !m || !/^[WU]/.test(g.key) || M.isVector(m) || m.rows === m.cols;
  });
  if (squareWeights) alts.push(other('layout'));
  if (givens.has('weight_ih') || givens.has('kernel')) {
    const letters = kind === 'lstm' ? [...'ifgo'] : kind === 'gru' ? [...'rzn'] : [];
    const current = setup.order ?? (kind !== 'gru' ? 'ifgo' : givens.has('kernel') ? 'zrn' : 'rzn');
    for (const p of permutations(letters)) {
      const order = p.join('');
      if (order === current) continue;
      const known = order === 'zrn' ? ' (Keras)' : order === 'rzn' || order === 'ifgo' ? ' (PyTorch)' : '';
      alts.push({ option: 'order', value: order, label: `the packed gate order ${order}${known} (order=${order})`, patch: {}, order });
    }
  }
  return alts;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/**
 * The convention hints of one block, re-solving from `hintSetup` (against the hints' count): the
 * block solved under each other convention, made on first use and shared by all of its failing
 * checks (each solver keeps what it computed). The finder returns the first other convention
 * under which a check's stated value holds.
 */
export function conventionFinder(hintSetup: () => SolveSetup): (c: CheckDef, stated: Matrix) => ConventionHint | undefined {
  const solvers = new Map<Alternative, Solver | null>(); // null: the hints' count ran out
  let alternatives: Alternative[] | undefined;
  const solverFor = (alt: Alternative, setup: SolveSetup): Solver | null => {
    let s = solvers.get(alt);
    if (s !== undefined) return s;
    const options = { ...setup.options, ...alt.patch };
    // Given vectors are oriented by the layout: another layout reads them again.
    const known = options.layout === setup.options.layout ? setup.known : undefined;
    s = new Solver(withSetup(setup, { options, order: alt.order ?? setup.order, known, quiet: true }));
    try {
      s.inferSizes();
    } catch (e) {
      if (!(e instanceof WorkLimitError && e.work === setup.work)) throw e;
      s = null;
    }
    solvers.set(alt, s);
    return s;
  };
  return (c, stated) => {
    const setup = hintSetup();
    for (const alt of (alternatives ??= alternativesFor(setup))) {
      try {
        const alternative = solverFor(alt, setup);
        if (!alternative) return undefined;
        const ev = evaluateCheck(c, alternative);
        if (!ev.computed || !ev.stated) continue;
        const layout = alternative.layout;
        const s = c.rhs.literal && M.isVector(stated) ? M.orientLike(stated, layout) : stated;
        if (compare(s, M.orientLike(ev.computed, layout), c.rhs.literal, setup.options.tol).pass) {
          return { option: alt.option, value: alt.value, label: alt.label };
        }
      } catch (e) {
        // Past the hints' count: no hint rather than no analysis.
        if (e instanceof WorkLimitError && e.work === setup.work) return undefined;
        if (e instanceof LimitError) throw e; // the block's safety-net clock: the analysis stops
      }
    }
    return undefined;
  };
}
