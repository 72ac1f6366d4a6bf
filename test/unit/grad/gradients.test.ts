// Backpropagation through time in a block (issue 17): grad(…) as a checkable quantity, the
// gradient report the panel, preview and render draw, bad uses, and the limits.
import * as assert from 'assert';
import { analyze, analyzeWithSteps } from '../engine/helpers';
import { largestSingularValue } from '../../../src/engine/grad/sigma';
import { Work } from '../../../src/engine/budget';
import type { BlockAnalysis } from '../../../src/engine/types';

const FOUR_STEPS = ['h_0 = [0; 0]', 'x_1 = [1; 0]', 'x_2 = [0; 1]', 'x_3 = [1; 1]', 'x_4 = [0; 0]'];
const vanishing = (...lines: string[]) =>
  ['```rnn', 'W_h = [0.5 0.1; -0.2 0.4]', 'W_x = [1 0; 0 1]', ...FOUR_STEPS, ...lines, '```', ''].join('\n');
const exploding = (...lines: string[]) =>
  ['```rnn act=relu', 'W_h = [1.5 0.3; 0.2 1.4]', 'W_x = [1 0; 0 1]', ...FOUR_STEPS, ...lines, '```', ''].join('\n');

function one(markdown: string): BlockAnalysis {
  const [a] = analyze(markdown);
  return a;
}

function errorsOf(a: BlockAnalysis): string[] {
  return a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}: ${d.code}: ${d.message}`);
}

/** σ_max of a 2×2 matrix in closed form: √((‖W‖²_F + √(‖W‖⁴_F − 4 det²)) / 2). */
function sigma2(a: number, b: number, c: number, d: number): number {
  const f = a * a + b * b + c * c + d * d,
    det = a * d - b * c;
  return Math.sqrt((f + Math.sqrt(f * f - 4 * det * det)) / 2);
}

describe('gradients through time (issue 17)', () => {
  describe('grad(…) is a quantity a check reads', () => {
    it('norm(grad(h_4, h_1)) ?= 0.0343 passes with the usual tolerance, and 0.0350 fails at its last digit', () => {
      const a = one(vanishing('norm(grad(h_4, h_1)) ?= 0.0343', 'norm(grad(h_4, h_1)) ?= 0.0350'));
      assert.deepStrictEqual(
        a.checks.map((c) => c.pass),
        [true, false],
      );
      assert.ok(Math.abs(a.checks[0].computed!.data[0] - 0.03428) < 1e-5);
      assert.strictEqual(Math.round(a.checks[1].mismatches[0].units), 7);
    });

    it('a one-step factor of a tanh RNN is diag(1 − h_t²)·W_h', () => {
      const a = one(vanishing('J = grad(h_3, h_2)'));
      const h3 = a.quantities.find((q) => q.name === 'h_3')!.value.data;
      const J = a.quantities.find((q) => q.name === 'J')!.value;
      const W = [0.5, 0.1, -0.2, 0.4];
      assert.deepStrictEqual([J.rows, J.cols], [2, 2]);
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) assert.ok(Math.abs(J.data[i * 2 + j] - (1 - h3[i] ** 2) * W[i * 2 + j]) < 1e-15);
    });

    it('a given that is a grad(…) call says what it is (the hover): ∂h_4/∂h_1, a Jacobian', () => {
      const a = one(vanishing('J = grad(h_4, h_1)', 'L = sum(h_4)', 'dW = grad(L, W_h)'));
      assert.strictEqual(a.quantities.find((q) => q.name === 'J')!.meaning, '∂h_4/∂h_1, Jacobian through the unrolled steps');
      assert.strictEqual(
        a.quantities.find((q) => q.name === 'dW')!.meaning,
        '∂L/∂W_h, gradient of the loss (backpropagation through time)',
      );
    });

    it('its step is written as the lecture writes it: dW = ∂L/∂W_h', () => {
      const [a] = analyzeWithSteps(vanishing('L = sum(h_4)', 'dW = grad(L, W_h)'));
      assert.strictEqual(a.steps.find((st) => st.target === 'dW')!.latex, '\\frac{\\partial L}{\\partial W_{h}}');
    });

    it('a loss gradient has the shape of the weight, and clip / clip_value / clip_grad_norm work on it as on any matrix', () => {
      const a = one(
        exploding(
          'L = sum(h_4)',
          'dW = grad(L, W_h)',
          'norm(dW) ?= 14.636',
          'norm(clip_grad_norm(dW, 5)) ?= 5',
          'clip_value(dW, 2) ?= [2 2; 2 2]',
        ),
      );
      assert.deepStrictEqual(errorsOf(a), []);
      const dW = a.quantities.find((q) => q.name === 'dW')!.value;
      assert.deepStrictEqual([dW.rows, dW.cols], [2, 2]);
      assert.ok(a.checks.every((c) => c.pass));
    });

    it('∂L/∂h_k is the state’s shape in row layout too (1×H)', () => {
      const md = [
        '```rnn layout=row',
        'W_h = [0.5 0.1; -0.2 0.4]',
        'W_x = [1 0; 0 1]',
        'h_0 = [0 0]',
        'x_1 = [1 0]',
        'x_2 = [0 1]',
        'L = sum(h_2)',
        'g_1 = grad(L, h_1)',
        '```',
      ];
      const g = one(md.join('\n')).quantities.find((q) => q.name === 'g_1')!.value;
      assert.deepStrictEqual([g.rows, g.cols], [1, 2]);
    });
  });

  describe('the gradient report (what the chart draws)', () => {
    it('vanishing: σ_max(W_h) = 0.545 < 1 with tanh, ‖∂h_4/∂h_k‖ for k = 0…4 from 0.0081 up to √2 at k = 4', () => {
      const g = one(vanishing()).gradients!;
      assert.strictEqual(g.steps, 4);
      assert.strictEqual(g.verdict, 'vanishing');
      assert.strictEqual(g.recurrentName, 'W_h');
      assert.ok(Math.abs(g.recurrentNorm - sigma2(0.5, 0.1, -0.2, 0.4)) < 1e-12);
      assert.strictEqual(g.series.length, 1);
      const [h] = g.series;
      assert.deepStrictEqual([h.of, h.label], ['h_4', '‖∂h_4/∂h_k‖']);
      assert.deepStrictEqual(
        h.points.map((p) => p.k),
        [0, 1, 2, 3, 4],
      );
      assert.ok(Math.abs(h.points[4].norm - Math.SQRT2) < 1e-15);
      assert.ok(Math.abs(h.points[0].norm - 0.0080965) < 1e-6);
      assert.match(g.explanation, /^σ_max\(W_h\) = 0\.545 < 1 with tanh: ‖∂h_4\/∂h_k‖ shrinks geometrically as k goes back \(vanishing\)/);
    });

    it('exploding: σ_max(W_h) = 1.706 > 1 with relu, the norms grow going back to k = 0', () => {
      const g = one(exploding()).gradients!;
      assert.strictEqual(g.verdict, 'exploding');
      assert.ok(Math.abs(g.recurrentNorm - sigma2(1.5, 0.3, 0.2, 1.4)) < 1e-12);
      assert.ok(Math.abs(g.series[0].points[0].norm - 5.8979) < 1e-4);
      assert.match(g.explanation, /> 1 with relu: ‖∂h_4\/∂h_k‖ grows geometrically as k goes back \(exploding\)/);
    });

    it('an LSTM adds its cell-state path ‖∂c_T/∂c_k‖', () => {
      const md = [
        '```lstm',
        ...['f', 'i', 'o', 'c'].map((g) => `W_${g} = [0.3 -0.2 0.5; 0.1 0.4 -0.3]`),
        'h_0 = [0; 0]',
        'c_0 = [0; 0]',
        'x_1 = [1]',
        'x_2 = [-1]',
        'x_3 = [0.5]',
        '```',
      ].join('\n');
      const g = one(md).gradients!;
      assert.deepStrictEqual(
        g.series.map((s) => s.of),
        ['h_3', 'c_3'],
      );
      assert.strictEqual(g.series[1].label, '‖∂c_3/∂c_k‖');
      assert.strictEqual(g.recurrentName, 'W_c');
    });

    it('a single step has no report', () => {
      assert.strictEqual(one('```rnn\nW_h = [0.5]\nW_x = [1]\nh_prev = [0]\nx = [1]\n```\n').gradients, undefined);
    });
  });

  describe('bad uses get a diagnostic at the check, with the fix', () => {
    it('grad of a name that is not a state or a loss', () => {
      const [e] = errorsOf(one(vanishing('norm(grad(x_1, h_0)) ?= 1')));
      assert.strictEqual(
        e,
        '8: parse: grad(x_1, h_0): x_1 is neither a state of this block (h_0 … h_4) nor a loss written as a formula; write grad(h_4, h_1), or L = sum(h_4) and grad(L, h_0) (in the check of norm(grad(x_1, h_0)))',
      );
    });

    it('k > T: the later state comes first', () => {
      const [e] = errorsOf(one(vanishing('norm(grad(h_1, h_3)) ?= 1')));
      assert.match(
        e,
        /^8: parse: grad\(h_1, h_3\): h_1 does not depend on h_3, a later step \(k = 3 > 1\); the later state comes first: grad\(h_3, h_1\)/,
      );
    });

    it('a step past T is not a state', () => {
      const [e] = errorsOf(one(vanishing('norm(grad(h_4, h_9)) ?= 1')));
      assert.match(e, /h_9 is not an earlier state of this block; the second argument is h_0 … h_4/);
    });

    it('a block that is not a sequence', () => {
      const [e] = errorsOf(one('```rnn\nW_h = [0.5]\nW_x = [1]\nh_prev = [0]\nx = [1]\nnorm(grad(h, h_prev)) ?= 1\n```\n'));
      assert.match(e, /^5: parse: grad\(…\) needs a sequence: give T and x_1 … x_T/);
    });

    it('a batch block: one example at a time', () => {
      const md = ['```rnn', 'W_h = [0.5 0.1; -0.2 0.4]', 'W_x = [1 0; 0 1]', 'h_0 = [0 0; 0 0]', 'x_1 = [1 0; 0 1]', 'x_2 = [0 1; 1 0]'];
      const [e] = errorsOf(one([...md, 'norm(grad(h_2, h_1)) ?= 1', '```'].join('\n')));
      assert.match(e, /^6: parse: grad\(…\) takes one example: this block holds a batch; give x_t as one vector/);
    });

    it('a loss gradient of Keras packed kernels is refused with the fix (their Jacobians are computed)', () => {
      const md = [
        '```lstm',
        'kernel = [0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8]',
        'recurrent_kernel = [0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8; 0.2 0.1 0 -0.1 -0.2 0.3 0.1 0]',
      ];
      const steps = ['h_0 = [0 0]', 'c_0 = [0 0]', 'x_1 = [1]', 'x_2 = [-1]', 'L = sum(h_2)'];
      const a = one([...md, ...steps, 'norm(grad(L, kernel)) ?= 1', 'norm(grad(h_2, h_0)) ?= 1', '```'].join('\n'));
      const errors = errorsOf(a).filter((e) => !e.includes(': check: '));
      assert.strictEqual(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /gradients of Keras's packed kernel are not computed yet; write the gates' weights as W_f, W_i, …/);
      assert.ok(a.checks[1].computed);
    });

    it('a loss that is not one number', () => {
      const [e] = errorsOf(one(vanishing('L = 2 * h_4', 'norm(grad(L, W_h)) ?= 1')));
      assert.match(e, /grad\(L, …\) needs L to be one number \(a loss\), but it is 2×1; write L = sum\(…\)/);
    });

    it('grad with one argument, or an expression for an argument', () => {
      const a = one(vanishing('norm(grad(h_4)) ?= 1', 'norm(grad(h_4, 2 * h_1)) ?= 1'));
      assert.strictEqual(errorsOf(a).filter((e) => e.includes('grad(of, wrt) takes two names')).length, 2);
    });

    it('a loss through a function the gradient does not follow', () => {
      const [e] = errorsOf(one(vanishing('L = max(h_4)', 'norm(grad(L, W_h)) ?= 1')));
      assert.match(e, /the gradient cannot go through max\(…\)/);
    });
  });

  describe('bounded like the rest (SPEC §10)', () => {
    it('T = 1,000 with H = 256: a limit diagnostic, not a hang', () => {
      const H = 256;
      const row = (i: number) => Array.from({ length: H }, (_, j) => (i === j ? '0.5' : '0')).join(' ');
      const lines = [
        '```rnn',
        `W_h = [${Array.from({ length: H }, (_, i) => row(i)).join('; ')}]`,
        `W_x = [${Array(H).fill('1').join('; ')}]`,
      ];
      for (let t = 1; t <= 1000; t++) lines.push(`x_${t} = [${(t % 7) / 10}]`);
      lines.push('norm(grad(h_1000, h_0)) ?= 1', '```');
      const a = one(lines.join('\n'));
      const limit = a.diagnostics.find((d) => d.code === 'limit');
      assert.ok(limit, JSON.stringify(a.diagnostics.map((d) => d.message)));
      assert.strictEqual(a.gradients, undefined);
    });

    it('a Jacobian over the work limit stops at its check, though the forward steps fit (H = 64, T = 200)', () => {
      const H = 64;
      const row = (i: number) => Array.from({ length: H }, (_, j) => (i === j ? '0.5' : '0')).join(' ');
      const lines = [
        '```rnn',
        `W_h = [${Array.from({ length: H }, (_, i) => row(i)).join('; ')}]`,
        `W_x = [${Array(H).fill('1').join('; ')}]`,
      ];
      for (let t = 1; t <= 200; t++) lines.push(`x_${t} = [${(t % 7) / 10}]`);
      const text = (check: string) => [...lines, check, '```'].join('\n');
      assert.deepStrictEqual(
        errorsOf(one(text('norm(h_200) ?= 1'))).filter((e) => e.includes('limit')),
        [],
      );
      const a = one(text('norm(grad(h_200, h_0)) ?= 1'));
      const limit = a.diagnostics.find((d) => d.code === 'limit')!;
      assert.strictEqual(limit.range.start.line, 203);
      assert.match(limit.message, /^checking norm\(grad\(h_200, h_0\)\) would bring the block to more than 30,000,000 multiply-adds/);
    });
  });

  it('σ_max by Jacobi is accurate to 1e-12 when the two largest singular values are 1e-9 apart', () => {
    // E = R(θ)·diag(3, 3 − 1e-9, 0.5)·R(φ)ᵀ in the first two coordinates.
    const [c1, s1, c2, s2] = [Math.cos(0.3), Math.sin(0.3), Math.cos(1.1), Math.sin(1.1)];
    const d = [3, 3 - 1e-9];
    const E = new Float64Array(9);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        const U = [
          [c1, -s1],
          [s1, c1],
        ];
        const V = [
          [c2, -s2],
          [s2, c2],
        ];
        E[i * 3 + j] = U[i][0] * d[0] * V[j][0] + U[i][1] * d[1] * V[j][1];
      }
    E[8] = 0.5;
    assert.ok(Math.abs(largestSingularValue(E, 3, new Work(1e6, 1e9)) - 3) < 1e-12);
  });
});
