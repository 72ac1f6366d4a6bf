// The gradient report of a sequence block (types.ts GradientReport): ‖∂h_T/∂h_k‖ for k = 0…T
// (and an LSTM's ‖∂c_T/∂c_k‖) in one backward pass each, the largest singular value of the
// recurrent weight, and the sentence that explains the picture. It has a count of its own, as it
// is made for every sequence block: a block too large for it (∂h_T/∂h_k for every k costs
// T·H³ per gate) has no chart, and its grad(…) checks still count against the block's limits.
// No note says so: it would be on every large block, and docs/notation.md states the limit.
import type { GradientReport, GradientSeries } from '../types';
import { formatNumber } from '../format';
import { frobenius } from '../matrix';
import { MAX_ELEMENTS, MAX_WORK, Work, WorkLimitError } from '../budget';
import { formOf, type AffineForm } from '../cells/forms';
import { GATES } from '../cells';
import type { Solver } from '../solve/solver';
import { cannotUnroll, jacobianRows } from './gradient';
import { largestSingularValue } from './sigma';

/** What the report may count: half the block's own limits (it is drawn for every sequence block). */
const REPORT_WORK = MAX_WORK / 2;

/** The gate whose recurrent weight explains the picture: the RNN's one, the gated cells' candidate. */
const EXPLAINING_GATE = { rnn: 'a', lstm: 'c', gru: 'h' } as const;

/** Step rate beyond which the norms are said to vanish or explode (5% per step, either way). */
const RATE = 0.05;

/** The report of a block whose state the solve unrolled to step T, or undefined. */
export function gradientReport(s: Solver): GradientReport | undefined {
  const T = s.T;
  if (T === undefined || T < 1 || cannotUnroll(s) || !s.get(`h_${T}`)) return undefined;
  const gate = EXPLAINING_GATE[s.setup.kind];
  const form = GATES[s.setup.kind].every((g) => formOf(s, g)) ? formOf(s, gate) : undefined;
  if (!form) return undefined;
  // Each series is T reverse steps of H adjoints through every gate's H×H recurrent block: a block
  // whose estimate is over the count is not started (it would stop there after the work).
  const H = s.H!;
  if (T * s.cell.state.length * GATES[s.setup.kind].length * H * H * H > REPORT_WORK) return undefined;
  const work = new Work(MAX_ELEMENTS / 2, REPORT_WORK);
  try {
    const series = s.cell.state.map((state) => seriesOf(s, state, T, work));
    const sigma = largestSingularValue(recurrentBlock(form, s.H!), s.H!, work);
    return explain(s, form, series, sigma);
  } catch (e) {
    if (!(e instanceof WorkLimitError)) throw e;
    return undefined;
  }
}

function seriesOf(s: Solver, state: string, T: number, work: Work): GradientSeries {
  const points: { k: number; norm: number }[] = [];
  jacobianRows(
    s,
    { state, t: T },
    0,
    (k, rows) => {
      const a = rows.get(state);
      points.push({ k, norm: a ? frobenius(a) : 0 });
    },
    work,
  );
  points.reverse();
  return {
    of: `${state}_${T}`,
    label: `‖∂${state}_${T}/∂${state}_k‖`,
    latex: `\\lVert \\partial ${state}_{${T}} / \\partial ${state}_k \\rVert`,
    points,
  };
}

/** The H×H block of the gate's weights that multiplies h_prev, as E·h. */
function recurrentBlock(form: AffineForm, H: number): Float64Array {
  const { W, trans, rowOff, colOff } = form.h;
  const E = new Float64Array(H * H);
  for (let i = 0; i < H; i++)
    for (let j = 0; j < H; j++)
      E[i * H + j] = trans ? W.data[(rowOff + j) * W.cols + colOff + i] : W.data[(rowOff + i) * W.cols + colOff + j];
  return E;
}

function explain(s: Solver, form: AffineForm, series: GradientSeries[], sigma: number): GradientReport {
  const T = s.T!;
  const [h] = series;
  const first = h.points[0].norm,
    last = h.points[T].norm;
  // The geometric rate per step from k = T back to k = 0 (∂h_T/∂h_T is the identity).
  const rate = first === 0 ? 0 : Math.pow(first / last, 1 / T);
  const verdict = rate < 1 - RATE ? 'vanishing' : rate > 1 + RATE ? 'exploding' : 'neither';
  const name = form.h.name;
  const f = (v: number) => formatNumber(v, 3);
  const act = s.setup.kind === 'rnn' ? s.options.act : 'gates';
  const compare = sigma < 1 ? '< 1' : sigma > 1 ? '> 1' : '= 1';
  const trend = { vanishing: 'shrinks geometrically', exploding: 'grows geometrically', neither: 'stays level' }[verdict];
  // Saturation (tanh, σ) or a gate can shrink the product even when the weight alone would not.
  const but = (sigma > 1 && verdict === 'vanishing') || (sigma < 1 && verdict === 'exploding') ? ', but' : ' with';
  const cell = series.length > 1 ? `; the cell-state path ‖∂c_${T}/∂c_0‖ = ${f(series[1].points[0].norm)}` : '';
  const explanation = `σ_max(${name}${form.form === 'concat' ? ' on h_prev' : ''}) = ${f(sigma)} ${compare}${but} ${act}: ‖∂h_${T}/∂h_k‖ ${trend} as k goes back (${verdict}), about ×${f(rate)} a step, ‖∂h_${T}/∂h_0‖ = ${f(first)}${cell}`;
  return { steps: T, series, recurrentName: name, recurrentNorm: sigma, verdict, explanation };
}
