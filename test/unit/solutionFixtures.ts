// Hand-made BlockAnalysis objects for the renderer's unit tests (shapes as types.ts defines
// them). Tests that need real engine output analyse the examples instead.
import type { AnalysisWithSteps, BlockOptions, CheckResult, Matrix, Quantity, Range, Step } from '../../src/engine/types';
import { nameToLatex } from '../../src/markdown/solution/names';

export function mat(rows: number, cols: number, values: number[]): Matrix {
  return { rows, cols, data: Float64Array.from(values) };
}
export const col = (...v: number[]) => mat(v.length, 1, v);
export const row = (...v: number[]) => mat(1, v.length, v);

export function range(line: number, start = 0, endLine = line, end = 40): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

export const OPTIONS: BlockOptions = {
  layout: 'column',
  layoutInferred: false,
  reset: 'before',
  z: 'keep',
  concat: 'hx',
  act: 'tanh',
  bias: true,
  out: 'softmax',
  layers: 1,
  bidirectional: false,
  precision: 4,
  explicit: [],
};

function given(name: string, value: Matrix, line: number, meaning = name, written?: string): Quantity {
  return { name, base: name, meaning, origin: 'given', value, range: range(line, 0, line, name.length), written };
}

/** The operand's symbolic LaTeX as the engine writes it. */
function L(name: string): string {
  return nameToLatex(name);
}

/** Question 2 of examples/lstm-exam.md, as the engine is expected to describe it. */
export function lstmQuestion2(): AnalysisWithSteps {
  const hPrev = [0.4165792, 0.32134238];
  const cPrev = [0.44354576, 1.99999732];
  const x = [0, 2];
  const Wc = [3, 4, 0, 5, 2, 6, 2, 5];
  const bc = [1, 1];
  const f = [0.33209835, 0.9014788];
  const i = [0.99999057, 0.333263];
  const o = [0.33333224, 0.99998962];
  const v = [...hPrev, ...x];
  const pre = [0, 1].map((r) => Wc.slice(r * 4, r * 4 + 4).reduce((s, w, k) => s + w * v[k], 0) + bc[r]);
  const g = pre.map(Math.tanh);
  const c = [0, 1].map((k) => f[k] * cPrev[k] + i[k] * g[k]);
  const h = [0, 1].map((k) => o[k] * Math.tanh(c[k]));
  const quantities: Quantity[] = [
    given('h_prev', col(...hPrev), 45, 'previous hidden state'),
    given('c_prev', col(...cPrev), 47, 'previous cell state'),
    given('x', col(...x), 49, 'input at step t'),
    given('W_c', mat(2, 4, Wc), 51, 'candidate weights'),
    given('b_c', col(...bc), 52, 'candidate bias'),
    given('f', col(...f), 53, 'forget gate'),
    given('i', col(...i), 55, 'input gate'),
    given('o', col(...o), 57, 'output gate'),
    { name: 'g', base: 'g', meaning: 'candidate cell content', origin: 'computed', value: col(...g) },
    { name: 'c', base: 'c', meaning: 'new cell state', origin: 'computed', value: col(...c) },
    { name: 'h', base: 'h', meaning: 'new hidden state', origin: 'computed', value: col(...h) },
  ];
  const preLatex = '\\operand{W_c}\\begin{bmatrix}\\operand{h_prev}\\\\ \\operand{x}\\end{bmatrix} + \\operand{b_c}';
  const steps: Step[] = [
    {
      target: 'g',
      text: 'g = tanh(W_c·[h_prev; x] + b_c)',
      latex: `\\tanh\\left(${preLatex}\\right)`,
      operands: [
        { name: 'W_c', latex: L('W_c'), value: mat(2, 4, Wc) },
        { name: 'h_prev', latex: L('h_prev'), value: col(...hPrev) },
        { name: 'x', latex: L('x'), value: col(...x) },
        { name: 'b_c', latex: L('b_c'), value: col(...bc) },
      ],
      preActivation: { latex: preLatex, value: col(...pre) },
      shapes: '(2×4)·(4×1) + (2×1) = 2×1',
      result: col(...g),
      range: range(63),
    },
    {
      target: 'c',
      text: 'c = f ⊙ c_prev + i ⊙ g',
      latex: '\\operand{f} \\odot \\operand{c_prev} + \\operand{i} \\odot \\operand{g}',
      operands: [
        { name: 'f', latex: L('f'), value: col(...f) },
        { name: 'c_prev', latex: L('c_prev'), value: col(...cPrev) },
        { name: 'i', latex: L('i'), value: col(...i) },
        { name: 'g', latex: L('g'), value: col(...g) },
      ],
      shapes: '(2×1) ⊙ (2×1) + (2×1) ⊙ (2×1) = 2×1',
      result: col(...c),
      range: range(64),
    },
    {
      target: 'h',
      text: 'h = o ⊙ tanh(c)',
      latex: '\\operand{o} \\odot \\tanh\\left(\\operand{c}\\right)',
      operands: [
        { name: 'o', latex: L('o'), value: col(...o) },
        { name: 'c', latex: L('c'), value: col(...c) },
      ],
      shapes: '(2×1) ⊙ (2×1) = 2×1',
      result: col(...h),
      range: range(65),
    },
  ];
  const check = (name: string, line: number, stated: number[], computed: number[], tol: number): CheckResult => {
    const mismatches = stated.flatMap((s, k) => {
      const units = Math.abs(s - computed[k]) / tol;
      return units > 1 ? [{ row: k, col: 0, stated: s, computed: computed[k], units: Math.round(units * 10) / 10 }] : [];
    });
    return {
      name,
      written: name,
      range: range(line),
      valueRange: range(line, 5),
      pass: mismatches.length === 0,
      stated: col(...stated),
      computed: col(...computed),
      tolerance: `±${tol} (last written digit)`,
      mismatches,
      rounding: [],
      formula: false,
    };
  };
  const checks = [
    check('g', 63, [1, 1], g, 0.5),
    { ...check('c', 64, [1.1469, 2.1363], c, 0.0001), carriedForward: 'c is wrong for the g you wrote too: the slip is in c itself' },
    check('h', 65, [0.2723, 0.9719], h, 0.0001),
  ];
  return {
    kind: 'lstm',
    options: OPTIONS,
    range: range(43, 0, 66, 3),
    fenceRange: range(43, 0, 43, 7),
    sizes: { H: 2, D: 2 },
    shapesOnly: false,
    quantities,
    steps,
    checks,
    diagnostics: [
      {
        severity: 'error',
        code: 'check',
        range: range(64),
        message: 'c: element [1] stated 1.1469, computed 1.14729',
        related: [],
        fixes: [],
      },
      {
        severity: 'info',
        code: 'assumed',
        range: range(43, 0, 43, 7),
        message: 'W_f, W_i, W_o are not given: f, i, o are used as given',
        related: [],
        fixes: [],
      },
    ],
    parameters: {
      total: 10,
      sum: '2×4 + 2 = 10',
      terms: [
        { label: 'W_c', rows: 2, cols: 4, count: 8 },
        { label: 'b_c', rows: 2, cols: 1, count: 2 },
      ],
      layers: [{ name: 'lstm', type: 'LSTM', params: 10 }],
      summary: 'lstm (LSTM) 10',
    },
    shapes: { h_prev: [2, 1], c_prev: [2, 1], x: [2, 1], W_c: [2, 4], b_c: [2, 1], g: [2, 1], c: [2, 1], h: [2, 1] },
    statements: [],
  };
}

/** A two-step RNN sequence (h_0 given, x_1, x_2), row layout. */
export function rnnSequence(): AnalysisWithSteps {
  const Wh = [0.5, 0.1, -0.2, 0.4];
  const Wx = [1, 0, 0, 1];
  const xs = [
    [1, 0],
    [0, 1],
  ];
  let h = [0, 0];
  const quantities: Quantity[] = [
    { ...given('W_h', mat(2, 2, Wh), 3, 'recurrent weights') },
    { ...given('W_x', mat(2, 2, Wx), 4, 'input weights') },
    { ...given('h_0', row(0, 0), 5, 'initial hidden state'), base: 'h', step: 0 },
    { ...given('x_1', row(...xs[0]), 6, 'input'), base: 'x', step: 1 },
    { ...given('x_2', row(...xs[1]), 7, 'input'), base: 'x', step: 2 },
    { name: 'b', base: 'b', meaning: 'bias', origin: 'default', value: row(0, 0) },
  ];
  const steps: Step[] = [];
  xs.forEach((x, k) => {
    const t = k + 1;
    const a = [0, 1].map((r) => h[0] * Wh[r * 2] + h[1] * Wh[r * 2 + 1] + x[0] * Wx[r * 2] + x[1] * Wx[r * 2 + 1]);
    const next = a.map(Math.tanh);
    const lat = `\\operand{h_${t - 1}}\\operand{W_h} + \\operand{x_${t}}\\operand{W_x} + \\operand{b}`;
    steps.push({
      target: `h_${t}`,
      text: `h_${t} = tanh(h_${t - 1}·W_h + x_${t}·W_x + b)`,
      latex: `\\tanh\\left(${lat}\\right)`,
      operands: [
        { name: `h_${t - 1}`, latex: L(`h_${t - 1}`), value: row(...h) },
        { name: 'W_h', latex: L('W_h'), value: mat(2, 2, Wh) },
        { name: `x_${t}`, latex: L(`x_${t}`), value: row(...x) },
        { name: 'W_x', latex: L('W_x'), value: mat(2, 2, Wx) },
        { name: 'b', latex: L('b'), value: row(0, 0) },
      ],
      preActivation: { latex: lat, value: row(...a) },
      shapes: '(1×2)·(2×2) + (1×2)·(2×2) + (1×2) = 1×2',
      result: row(...next),
      time: t,
    });
    quantities.push({ name: `h_${t}`, base: 'h', step: t, meaning: 'hidden state', origin: 'computed', value: row(...next) });
    h = next;
  });
  return {
    kind: 'rnn',
    options: { ...OPTIONS, layout: 'row', layoutInferred: true },
    range: range(2, 0, 9, 3),
    fenceRange: range(2, 0, 2, 6),
    sizes: { H: 2, D: 2, T: 2 },
    shapesOnly: false,
    sequenceLength: 2,
    quantities,
    steps,
    checks: [],
    diagnostics: [
      { severity: 'info', code: 'assumed', range: range(2, 0, 2, 6), message: 'b is not given: zeros', related: [], fixes: [] },
    ],
    parameters: {
      total: 8,
      sum: '2×2 + 2×2 = 8',
      terms: [
        { label: 'W_h', rows: 2, cols: 2, count: 4 },
        { label: 'W_x', rows: 2, cols: 2, count: 4 },
      ],
      layers: [{ name: 'simplernn', type: 'SimpleRNN', params: 8 }],
      summary: 'simplernn (SimpleRNN) 8',
    },
    shapes: {},
    statements: [],
  };
}

/** An analysis whose every piece of user text is hostile. */
export function hostile(payloads: readonly string[]): AnalysisWithSteps {
  const base = lstmQuestion2();
  const p = (k: number) => payloads[k % payloads.length];
  return {
    ...base,
    quantities: [...base.quantities, ...payloads.map((s, k) => ({ ...given(s, col(1, 2), 70 + k, s, s) }))],
    steps: [
      ...base.steps,
      {
        target: p(0),
        text: p(1),
        latex: `\\operand{${p(2)}} + 1`,
        operands: [{ name: p(2), latex: L(p(2)), value: col(3, 4) }],
        shapes: p(3),
        result: col(4, 5),
      },
    ],
    checks: [
      ...base.checks,
      {
        name: p(1),
        written: p(4),
        range: range(80),
        valueRange: range(80),
        pass: false,
        stated: col(1, 2),
        computed: col(3, 4),
        tolerance: p(2),
        mismatches: [{ row: 0, col: 0, stated: 1, computed: 3, units: 2 }],
        rounding: [],
        formula: false,
        carriedForward: p(3),
        convention: { option: p(0), value: p(1), label: p(2) },
      },
    ],
    diagnostics: [
      ...base.diagnostics,
      ...payloads.map((s, k) => ({
        severity: 'warning' as const,
        code: 'unknown-name' as const,
        range: range(90 + k),
        message: s,
        related: [],
        fixes: [],
      })),
    ],
    parameters: {
      total: 1,
      sum: p(0),
      terms: [{ label: p(1), rows: 1, cols: 1, count: 1 }],
      layers: [{ name: p(1), type: p(1), params: 1 }],
      summary: p(0),
    },
    sizes: { [p(2)]: 1 },
  };
}
