// Minibatches (issue 14, item 6) and gradient clipping (item 10): values against the float64
// PyTorch references of scripts/fixtures/batch.py (test/fixtures/reference/batch.json, ≤ 1e-12
// relative), and how a batch is read, checked and reported.
import * as assert from 'assert';
import { block, md, referenceCases, referenceProblems, rows, value } from './helpers';
import type { BlockAnalysis } from '../../../src/engine/types';

const cases = referenceCases('batch.json');

const messages = (a: BlockAnalysis, code?: string) => a.diagnostics.filter((d) => !code || d.code === code).map((d) => d.message);
const errors = (a: BlockAnalysis) => a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

describe('batch and clipping reference values (PyTorch float64)', () => {
  it('has the fixture cases', () => assert.ok(cases.length >= 9, `${cases.length} cases`));
  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const a = block(c.markdown);
      assert.deepStrictEqual(errors(a), []);
      assert.strictEqual(a.options.layout, c.layout);
      assert.deepStrictEqual(referenceProblems(a, c.expected), []);
    });
  }
});

// A d2l-style batch: X is N×D (3 examples of 2 inputs), W_xh D×H, H = 2.
const ROW = ['X = [1, 2; 0.5, -1; 0, 0.25]', 'W_xh = [0.1, -0.2; 0.3, 0.4]', 'W_hh = [0.5, 0.1; -0.3, 0.2]', 'b_h = [0.05, -0.05]'];

describe('minibatches', () => {
  it('reads an N×D input in the row layout as N examples and computes an N×H state', () => {
    const a = block(md('rnn', ROW, 'layout=row'));
    assert.deepStrictEqual(errors(a), []);
    const h = value(a, 'h');
    assert.deepStrictEqual([h.rows, h.cols], [3, 2]);
    // Example 1 alone: tanh([1, 2]·W_xh + b_h) = tanh([0.75, 0.55]).
    assert.ok(Math.abs(h.data[0] - Math.tanh(0.75)) < 1e-15 && Math.abs(h.data[1] - Math.tanh(0.55)) < 1e-15);
    assert.strictEqual(a.sizes.N, 3);
  });

  it('gives each example of a batch the value it has alone', () => {
    const batch = value(block(md('lstm', LSTM_BATCH)), 'h');
    const columns = [
      ['x = [1; -1]', 'h_prev = [0.1; 0.2; 0]', 'c_prev = [0.5; -0.5; 0.3]'],
      ['x = [0.5; 2]', 'h_prev = [-0.1; 0; 0.3]', 'c_prev = [0.2; 0.1; 0]'],
    ];
    for (let n = 0; n < 2; n++) {
      const alone = value(block(md('lstm', [...columns[n], ...LSTM_BATCH.slice(1, 5)])), 'h');
      for (let j = 0; j < 3; j++) assert.strictEqual(batch.data[j * 2 + n], alone.data[j], `example ${n + 1}, unit ${j + 1}`);
    }
  });

  it('infers the row layout from W_xh (D×H) against an N×D input, with a note naming the batch axis', () => {
    const a = block(md('rnn', ROW));
    assert.strictEqual(a.options.layout, 'row');
    assert.deepStrictEqual(
      messages(a, 'assumed').filter((m) => m.startsWith('batch')),
      [
        'batch of 3 examples: X is 3×2 and each row is one example (row layout: X is N×D); write layout=column if each column is one example',
      ],
    );
  });

  it('says nothing about the batch axis when the fence sets the layout', () => {
    assert.deepStrictEqual(
      messages(block(md('rnn', ROW, 'layout=row'))).filter((m) => m.startsWith('batch')),
      [],
    );
  });

  it('reads a D×N input in the column layout as N examples (Coursera x is n_x × m)', () => {
    const a = block(md('lstm', LSTM_BATCH));
    assert.deepStrictEqual([value(a, 'c').rows, value(a, 'c').cols], [3, 2]);
    assert.ok(messages(a, 'assumed').some((m) => m.includes('each column is one example (column layout: x is D×N)')));
  });

  it('takes a missing h_prev as zeros of the batch shape', () => {
    const a = block(md('rnn', ROW, 'layout=row'));
    assert.ok(messages(a, 'assumed').includes('h_prev not given: taken as zeros (3×2)'), messages(a).join('\n'));
  });

  it('uses a state given as one vector for every example, and says so', () => {
    const a = block(md('rnn', [...ROW, 'h_prev = [0.1, 0.2]'], 'layout=row'));
    const h = value(a, 'h_prev');
    assert.deepStrictEqual(rows(h), [
      [0.1, 0.2],
      [0.1, 0.2],
      [0.1, 0.2],
    ]);
    assert.ok(messages(a, 'assumed').includes('h_prev is one vector: it is the state of each of the 3 examples of the batch'));
  });

  it('refuses a state whose batch axis does not hold the N examples', () => {
    const a = block(md('rnn', [...ROW, 'h_prev = [0.1, 0.2; 0.3, 0.4]'], 'layout=row'));
    assert.deepStrictEqual(errors(a), [
      'shape: shape: h_prev is 2×2 but the batch has 3 examples (x; each row is one example (row layout: X is N×D)): h_prev needs 3 rows',
    ]);
  });

  it('names the example and the unit of each wrong element of a batch check', () => {
    const a = block(md('rnn', [...ROW, 'h ?= [0.6351, 0.5005; -0.1974, -0.5005; 0.1244, 0.0600]'], 'layout=row'));
    assert.strictEqual(a.checks[0].pass, false);
    assert.deepStrictEqual(messages(a, 'check'), [
      'check h: example 3, unit 2 is 0.0600 but computes to 0.049958 (off by 100 units in the last written digit)',
    ]);
  });

  it('passes a whole-matrix check within the written digits', () => {
    const a = block(md('rnn', [...ROW, 'h ?= [0.6351, 0.5005; -0.1974, -0.5005; 0.1244, 0.0500]'], 'layout=row'));
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true],
    );
  });

  it('computes softmax over each example on its own', () => {
    const a = block(md('rnn', [...ROW, 'W_y = [1, 0, 2; -1, 1, 0]', 'b_y = [0, 0.1, -0.1]'], 'layout=row'));
    const y = value(a, 'y');
    assert.deepStrictEqual([y.rows, y.cols], [3, 3]);
    for (const row of rows(y)) assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-15);
  });

  it('counts the same parameters for a batch as for one example', () => {
    const one = block(md('rnn', ['x = [1, 2]', ...ROW.slice(1)], 'layout=row'));
    const batch = block(md('rnn', ROW, 'layout=row'));
    assert.strictEqual(batch.parameters?.total, 10);
    assert.deepStrictEqual(batch.parameters, one.parameters);
  });

  it('refuses a later input with another batch size', () => {
    const a = block(md('rnn', ['x_1 = [1, 2; 3, 4; 5, 6]', 'x_2 = [1, 2; 3, 4]', ...ROW.slice(1)], 'layout=row'));
    assert.deepStrictEqual(errors(a), [
      'shape: shape: x_2 is 2×2 but the batch has 3 examples (x_1; each row is one example (row layout: X is N×D)): x_2 needs 3 rows',
    ]);
  });
});

// Coursera-style LSTM: x is D×N (2 inputs, 2 examples), W_k on [h_prev; x] (H = 3).
const LSTM_BATCH = [
  'x = [1, 0.5; -1, 2]',
  'W_f = [0.1, 0.2, 0.3, 0.4, 0.5; -0.1, 0.2, -0.3, 0.4, -0.5; 0.2, 0.1, 0, -0.2, 0.3]',
  'W_i = [0.3, -0.2, 0.1, 0.5, -0.4; 0.1, 0.1, 0.1, -0.1, 0.2; -0.3, 0.2, 0.4, 0.1, 0]',
  'W_o = [0.2, 0.2, -0.1, 0.3, 0.1; 0, 0.4, 0.2, -0.2, 0.5; 0.1, -0.3, 0.3, 0.2, 0.2]',
  'W_c = [-0.2, 0.1, 0.5, 0.2, -0.1; 0.3, 0, -0.4, 0.1, 0.2; 0.2, 0.2, 0.2, -0.3, 0.4]',
  'h_prev = [0.1, -0.1; 0.2, 0; 0, 0.3]',
  'c_prev = [0.5, 0.2; -0.5, 0.1; 0.3, 0]',
];

describe('gradient clipping', () => {
  const G = 'G = [3, -4; 12, 0.5]';
  const check = (lines: string[]) => block(md('rnn', [G, ...lines]));

  it('clip_value limits every entry to [−c, c] (Keras clipvalue, torch clip_grad_value_)', () => {
    assert.deepStrictEqual(
      check(['clip_value(G, 2) ?= [2, -2; 2, 0.5]']).checks.map((c) => c.pass),
      [true],
    );
  });

  it('clip_rows rescales only the rows whose norm is over θ', () => {
    const a = check(['R = clip_rows(G, 5)']);
    assert.deepStrictEqual(rows(value(a, 'R'))[0], [3, -4]);
    assert.ok(Math.abs(Math.hypot(...rows(value(a, 'R'))[1]) - 5) < 1e-14);
  });

  it('clip_norm is clip (global norm, Keras clipnorm)', () => {
    assert.deepStrictEqual(
      check(['clip_norm(G, 1) ?= clip(G, 1)']).checks.map((c) => c.pass),
      [true],
    );
  });

  it("clip_grad_norm keeps PyTorch's 1e-6, so it differs from clip beyond the formula tolerance", () => {
    const a = check(['norm(clip_grad_norm(G, 1)) ?= 0.99999992']);
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true],
    );
  });

  it('refuses a negative threshold with the function named', () => {
    assert.deepStrictEqual(errors(check(['clip_value(G, -1) ?= 0'])), [
      'numeric: the threshold of clip_value must be 0 or more, not -1 (in the check of clip_value(G, -1))',
    ]);
  });

  it('refuses a matrix threshold', () => {
    assert.deepStrictEqual(errors(check(['clip_rows(G, [1, 2]) ?= 0'])), [
      'shape: the threshold of clip_rows must be a number, not 1×2 (in the check of clip_rows(G, [1, 2]))',
    ]);
  });
});

describe('a minibatch formula broadcasts a bias over the examples, as numpy does', () => {
  it("d2l's H_t = tanh(X W_xh + H_prev W_hh + b_h): the 1×2 bias is added to each of the 3 rows", () => {
    const a = block(md('rnn', [...ROW, 'H_prev = [0, 0; 0.5, 0.5; 1, 0]', 'H_t ?= tanh(X W_xh + H_prev W_hh + b_h)'], 'layout=row'));
    assert.deepStrictEqual(errors(a), []);
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true],
    );
    // Example 3: [0, 0.25]·W_xh + [1, 0]·W_hh + b_h = [0.075 + 0.5 + 0.05, 0.1 + 0.1 − 0.05].
    const h = value(a, 'h');
    assert.ok(Math.abs(h.data[4] - Math.tanh(0.625)) < 1e-15 && Math.abs(h.data[5] - Math.tanh(0.15)) < 1e-15);
  });

  it("Coursera's W_xh X + b_h in the column layout: the H×1 bias is added to each of the m columns", () => {
    const a = block(
      md(
        'rnn',
        [
          'X = [1, 0, 2; 0, 1, 1]',
          'H_prev = [0, 0, 0; 0, 0, 0]',
          'W_xh = [1, 2; 3, 4]',
          'W_hh = [0, 0; 0, 0]',
          'b_h = [0.5; -0.5]',
          'h ?= tanh(W_xh X + b_h)',
          'h ?= tanh([1.5, 2.5, 4.5; 2.5, 3.5, 9.5])',
        ],
        'layout=column',
      ),
    );
    assert.deepStrictEqual(errors(a), []);
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true, true],
    );
  });

  it('a vector that matches neither side of the matrix is still a shape error', () => {
    const a = block(md('rnn', [...ROW, 'h ?= tanh(X W_xh + [1, 2, 3])'], 'layout=row'));
    assert.match(errors(a).join('\n'), /shape: cannot combine 3×2 and 1×3 with \+: the shapes differ/);
  });

  it('grad(…) does not differentiate through a broadcast, and says so', () => {
    const lines = [
      'x_1 = [1; 2]',
      'x_2 = [0.5; -1]',
      'W_xh = [0.1, -0.2; 0.3, 0.4]',
      'W_hh = [0.5, 0.1; -0.3, 0.2]',
      'b_h = [0.05; -0.05]',
    ];
    const a = block(md('rnn', [...lines, 'L = sum(W_hh + h_2)', 'g = grad(L, W_hh)']));
    assert.match(errors(a).join('\n'), /the gradient cannot go through a vector broadcast over a matrix/);
  });
});
