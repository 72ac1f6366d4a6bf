// The convention hint: another reading of the block (GRU update or reset, concatenation order,
// layout, packed gate order) under which a failing check's stated value holds.
import type { BlockOptions, ConventionHint, Matrix } from '../types';
import type { Expression } from '../expr';
import { LimitError, Solver, withSetup, type GivenDef, type SolveSetup } from '../solve';
import { WorkLimitError, type Work } from '../budget';
import { evaluateCheck, type CheckDef } from './evaluate';
import { passes } from './tolerance';
import * as M from '../matrix';

interface Alternative {
  option: string;
  value: string;
  label: string;
  patch: Partial<BlockOptions>;
  order?: string;
}

function alternativesFor(setup: SolveSetup): Alternative[] {
  const { kind, options, givens } = setup;
  const alts: Alternative[] = [];
  if (kind === 'gru') {
    alts.push(
      options.z === 'keep'
        ? { option: 'z', value: 'write', label: 'the Colah/Chung update (z=write): h = (1 − z) ⊙ h_prev + z ⊙ n', patch: { z: 'write' } }
        : { option: 'z', value: 'keep', label: 'the PyTorch/d2l update (z=keep): h = z ⊙ h_prev + (1 − z) ⊙ n', patch: { z: 'keep' } },
    );
    alts.push(
      options.reset === 'before'
        ? { option: 'reset', value: 'after', label: "PyTorch's reset-after candidate (reset=after)", patch: { reset: 'after' } }
        : { option: 'reset', value: 'before', label: 'the reset-before candidate (reset=before)', patch: { reset: 'before' } },
    );
  }
  alts.push(
    options.concat === 'hx'
      ? { option: 'concat', value: 'xh', label: 'v = [x; h_prev] (concat=xh, as TensorFlow)', patch: { concat: 'xh' } }
      : { option: 'concat', value: 'hx', label: 'v = [h_prev; x] (concat=hx)', patch: { concat: 'hx' } },
  );
  // Transposed weights can only fit the other layout when every weight matrix is square.
  const squareWeights = [...givens.values()].every((g) => {
    const m = g.expr.literal?.value;
    return !m || !/^[WU]/.test(g.key) || M.isVector(m) || m.rows === m.cols;
  });
  if (squareWeights) {
    alts.push(
      options.layout === 'column'
        ? { option: 'layout', value: 'row', label: 'transposed weights, v·W (layout=row)', patch: { layout: 'row' } }
        : { option: 'layout', value: 'column', label: 'weights applied as W·v (layout=column)', patch: { layout: 'column' } },
    );
  }
  if (givens.has('weight_ih') || givens.has('kernel')) {
    const letters = kind === 'lstm' ? ['i', 'f', 'g', 'o'] : kind === 'gru' ? ['r', 'z', 'n'] : [];
    const current = setup.order ?? (givens.has('kernel') ? (kind === 'gru' ? 'zrn' : 'ifgo') : kind === 'gru' ? 'rzn' : 'ifgo');
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

/** The values the block's literal givens read to (the same for every re-solve in its layout). */
function literalGivens(solver: Solver, givens: ReadonlyMap<string, GivenDef>): Map<string, Matrix> {
  const out = new Map<string, Matrix>();
  for (const [key, g] of givens) {
    if (!g.expr.literal) continue;
    const v = solver.values.get(key);
    if (v) out.set(key, v);
  }
  return out;
}

/**
 * The block solved under each other convention, made on first use and shared by all of the
 * block's failing checks (each solver keeps what it computed).
 */
export class AlternativeSolvers {
  private readonly solvers = new Map<string, Solver | null>();
  private alternatives?: Alternative[];
  private hintSetup?: SolveSetup;

  constructor(
    private readonly base: SolveSetup,
    private readonly solver: Solver,
    private readonly work: Work,
  ) {}

  /**
   * The setup of every hint's re-solve: the block's, starting from its literal givens as the
   * block's solver read them, counting against the hints' work.
   */
  get setup(): SolveSetup {
    return (this.hintSetup ??= withSetup(this.base, { known: literalGivens(this.solver, this.base.givens), work: this.work }));
  }

  /** The solver for `alt`, or undefined when the hints' count ran out. */
  get(alt: Alternative): Solver | undefined {
    const key = `${alt.option}=${alt.value}`;
    let s = this.solvers.get(key);
    if (s === undefined) {
      const setup = this.setup;
      const options = { ...setup.options, ...alt.patch };
      // Given vectors are oriented by the layout: another layout reads them again.
      const known = options.layout === setup.options.layout ? setup.known : undefined;
      s = new Solver(withSetup(setup, { options, order: alt.order ?? setup.order, known, quiet: true }));
      try {
        s.inferSizes();
      } catch (e) {
        if (!(e instanceof WorkLimitError && e.work === this.work)) throw e;
        s = null;
      }
      this.solvers.set(key, s);
    }
    return s ?? undefined;
  }

  /** The first other convention under which `c`'s stated value holds. */
  find(c: CheckDef, stated: Matrix, literal: Expression['literal']): ConventionHint | undefined {
    const { setup } = this;
    for (const alt of (this.alternatives ??= alternativesFor(this.base))) {
      try {
        const alternative = this.get(alt);
        if (!alternative) return undefined;
        const ev = evaluateCheck(c, alternative);
        if (!ev.computed || !ev.stated) continue;
        const layout = alternative.layout;
        const s = literal && M.isVector(stated) ? M.orientLike(stated, layout) : stated;
        if (passes(s, M.orientLike(ev.computed, layout), literal, setup.options.tol)) {
          return { option: alt.option, value: alt.value, label: alt.label };
        }
      } catch (e) {
        // Past the hints' count: no hint rather than no analysis.
        if (e instanceof WorkLimitError && e.work === setup.work) return undefined;
        if (e instanceof LimitError) throw e; // the block's safety-net clock: the analysis stops
      }
    }
    return undefined;
  }
}
