// The hints on a failing check, each re-solving the block against the hints' shared count: another
// convention (GRU update or reset, concatenation order, layout, packed gate order, the output
// layer's activation) under which the
// stated value holds, and error carried forward (the check's step from the author's own stated
// inputs), which says whether this step or an earlier one is where it goes wrong.
import type { BlockOptions, ConventionHint, Matrix } from '../types';
import { LimitError, Solver, withSetup, type SolveSetup } from '../solve';
import { operate, WorkLimitError } from '../budget';
import { evaluateCheck, type CheckDef } from './evaluate';
import type { CheckContext } from './run';
import { compare } from './tolerance';
import * as M from '../matrix';
import { spell, type Spellings } from '../spelling';

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

/** The output layer's activations a hint may offer (out=none has no y to match). */
const OUTPUTS = {
  linear: 'a linear output (out=linear): y = W_y·h + b_y',
  sigmoid: 'a sigmoid output (out=sigmoid): y = σ(W_y·h + b_y)',
  softmax: 'a softmax output (out=softmax)',
} as const;

function alternativesFor(setup: SolveSetup): Alternative[] {
  const { kind, options, givens } = setup;
  const other = (option: keyof typeof READINGS): Alternative => {
    const [value, label] = Object.entries(READINGS[option]).find(([v]) => v !== options[option])!;
    return { option, value, label, patch: { [option]: value } as Partial<BlockOptions> };
  };
  const alts = kind === 'gru' ? [other('z'), other('reset'), other('concat')] : [other('concat')];
  if (givens.has('W_y')) {
    for (const [value, label] of Object.entries(OUTPUTS)) {
      if (value !== options.out) alts.unshift({ option: 'out', value, label, patch: { out: value as BlockOptions['out'] } });
    }
  }
  // Transposed weights can only fit the other layout when every weight matrix is square.
  const squareWeights = [...givens.values()].every((g) => {
    const m = g.expr.literal?.value;
    return !m || !/^[WU]/.test(g.key) || M.isVector(m) || m.rows === m.cols;
  });
  if (squareWeights) alts.push(other('layout'));
  if (givens.has('weight_ih') || givens.has('kernel')) {
    const current = setup.order ?? (kind !== 'gru' ? 'ifgo' : givens.has('kernel') ? 'zrn' : 'rzn');
    for (const order of permutations(kind === 'lstm' ? 'ifgo' : kind === 'gru' ? 'rzn' : '')) {
      if (order === current) continue;
      const known = order === 'zrn' ? ' (Keras)' : order === 'rzn' || order === 'ifgo' ? ' (PyTorch)' : '';
      alts.push({ option: 'order', value: order, label: `the packed gate order ${order}${known} (order=${order})`, patch: {}, order });
    }
  }
  return alts;
}

function permutations(s: string): string[] {
  if (s.length <= 1) return [s];
  return [...s].flatMap((ch, i) => permutations(s.slice(0, i) + s.slice(i + 1)).map((p) => ch + p));
}

/**
 * The first other convention under which a check's stated value holds. The block's solve under each
 * is made on first use and shared by all of its failing checks (each solver keeps what it computed).
 */
export function conventionFinder(hintSetup: () => SolveSetup): (c: CheckDef, stated: Matrix) => ConventionHint | undefined {
  const solvers = new Map<Alternative, Solver | null>();
  let alternatives: Alternative[] | undefined;
  return (c, stated) => {
    const setup = hintSetup();
    for (const alt of (alternatives ??= alternativesFor(setup))) {
      try {
        if (!solvers.has(alt)) solvers.set(alt, alternativeSolver(setup, alt));
        const alternative = solvers.get(alt);
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

/** The block solved under `alt`, its sizes inferred; null when the hints' count ran out. */
function alternativeSolver(setup: SolveSetup, alt: Alternative): Solver | null {
  const options = { ...setup.options, ...alt.patch };
  // Given vectors are oriented by the layout: another layout reads them again.
  const known = options.layout === setup.options.layout ? setup.known : undefined;
  const s = new Solver(withSetup(setup, { options, order: alt.order ?? setup.order, known, quiet: true }));
  try {
    s.inferSizes();
    return s;
  } catch (e) {
    if (e instanceof WorkLimitError && e.work === setup.work) return null;
    throw e;
  }
}

/** `c` failed with `stated`; `inputs` are what its step read. The re-solve counts against the hints' work. */
export function carried(c: CheckDef, inputs: readonly string[], stated: Matrix, ctx: CheckContext, spellings: Spellings) {
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
  const list = [...overrides.keys()].map((k) => spell(spellings, k)).join(', ');
  if (!compare(stated, M.orientLike(value, layout), c.rhs.literal, tol).pass) {
    return { consistent: false, message: `it does not follow from your stated ${list} either, so this step is where it goes wrong` };
  }
  const wrong = [...failed].map((k) => spell(spellings, k)).join(', ');
  const message = wrong
    ? `${c.written} is right for the ${wrong} you wrote; ${wrong} is where it goes wrong`
    : `${c.written} follows from your stated ${list} (the difference is their rounding)`;
  return { consistent: true, message, from: [...failed] };
}
