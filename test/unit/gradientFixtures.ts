// Hand-made GradientReport values (the shape src/engine/types.ts defines) for the gradient
// table, chart and hover tests and the screenshot script: the surfaces are built and checked
// before, and apart from, the engine that fills them.
import type { AnalysisWithSteps, GradientReport, GradientSeries } from '../../src/engine/types';
import { lstmQuestion2, rnnSequence } from './solutionFixtures';

/** A series ‖∂{of}_T/∂{of}_k‖ with the norms listed for k = 0…T. */
export function series(of: string, steps: number, norms: readonly number[]): GradientSeries {
  const base = of.replace(/_\d+$/, '');
  return {
    of,
    label: `‖∂${of}/∂${base}_k‖`,
    latex: `\\lVert \\partial ${base}_{${steps}} / \\partial ${base}_k \\rVert`,
    points: norms.map((norm, k) => ({ k, norm })),
  };
}

function report(steps: number, list: GradientSeries[], recurrentNorm: number, verdict: GradientReport['verdict']): GradientReport {
  const relation = verdict === 'vanishing' ? '< 1 with tanh: ‖∂h_T/∂h_k‖ shrinks geometrically' : '> 1: ‖∂h_T/∂h_k‖ can grow geometrically';
  return {
    steps,
    series: list,
    recurrentName: 'W_hh',
    recurrentNorm,
    verdict,
    explanation: `σ_max(W_hh) = ${recurrentNorm} ${relation.replace(/_T/g, `_${steps}`)} (${verdict})`,
  };
}

/** k = 0…4: the norm falls by about 0.42 per step back from T. */
export function vanishing(): GradientReport {
  return report(4, [series('h_4', 4, [0.03, 0.07, 0.17, 0.42, 1])], 0.54, 'vanishing');
}

export function exploding(): GradientReport {
  return report(4, [series('h_4', 4, [27, 12, 5.1, 2.3, 1])], 2.1, 'exploding');
}

/** An LSTM: the hidden path vanishes, the cell-state path keeps its norm (why LSTMs help). */
export function lstmTwoSeries(): GradientReport {
  return report(4, [series('h_4', 4, [0.002, 0.011, 0.06, 0.31, 1.41]), series('c_4', 4, [0.52, 0.61, 0.74, 0.9, 1.41])], 0.8, 'vanishing');
}

/** A norm of exactly 0 (a dead relu) and one of 1e-300 (underflow is near). */
export function withZeroAndTiny(): GradientReport {
  return report(4, [series('h_4', 4, [0, 1e-300, 0.01, 0.1, 1])], 0.3, 'vanishing');
}

export function oneStep(): GradientReport {
  return report(1, [series('h_1', 1, [0.5, 1])], 0.5, 'vanishing');
}

/** T = 50, ‖∂h_50/∂h_k‖ = 0.8^(50−k). */
export function fiftySteps(): GradientReport {
  return report(
    50,
    [
      series(
        'h_50',
        50,
        Array.from({ length: 51 }, (_, k) => Math.pow(0.8, 50 - k)),
      ),
    ],
    0.8,
    'vanishing',
  );
}

export function withGradients(analysis: AnalysisWithSteps, gradients: GradientReport): AnalysisWithSteps {
  return { ...analysis, gradients };
}

/** The two-step RNN of the renderer tests, with a report attached. */
export function rnnWith(gradients: GradientReport): AnalysisWithSteps {
  return withGradients(rnnSequence(), gradients);
}

export function lstmWith(gradients: GradientReport): AnalysisWithSteps {
  return withGradients(lstmQuestion2(), gradients);
}
