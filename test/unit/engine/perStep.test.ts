// Issue 14: a formula given per step (`y_t = 4 h_t`, Goodfellow's `o^{(t)} = c + V h^{(t)}`)
// applies at every step t = 1 … T of a sequence; its `_t` names read step t, its `_{t-1}` names
// step t − 1. Bad input (an undefined name, a recurrence with no start, a cycle, a step past T,
// two definitions) gets a diagnostic with a location and a fix.
import * as assert from 'assert';
import { analyzeWithSteps, block, diagnostics, md, only, value } from './helpers';

/** The issue's block: h_1 = tanh(0.5), h_2 = tanh(0.25 + 0.8·h_1), h_3 = tanh(−0.5 + 0.8·h_2). */
const RNN = ['W_x = [[0.5]]', 'W_h = [[0.8]]', 'b = [0]', 'h_0 = [0]', 'x_1 = [1]', 'x_2 = [0.5]', 'x_3 = [-1]'];
const h1 = Math.tanh(0.5);
const h2 = Math.tanh(0.25 + 0.8 * h1);
const h3 = Math.tanh(-0.5 + 0.8 * h2);

const messages = (a: ReturnType<typeof block>) => a.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);

describe('engine: formulas given per step (issue 14)', () => {
  it('y_t = 4 h_t defines y at every step: y_2 ?= 2.2036 passes, with no "give W_y"', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 4 h_t', 'y_2 ?= 2.2036'], 'out=linear'));
    assert.deepStrictEqual(
      a.checks.map((c) => [c.name, c.pass]),
      [['y_2', true]],
    );
    assert.strictEqual(value(a, 'y_1').data[0], 4 * h1);
    assert.strictEqual(value(a, 'y_2').data[0], 4 * h2);
    assert.strictEqual(value(a, 'y_3').data[0], 4 * h3);
    assert.deepStrictEqual(diagnostics(a, 'missing'), []);
  });

  it('norm(y_3), sum(y_1) + sum(y_2) and a loss over the steps read each step of the formula', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 4 h_t', 'L = sum(y_1) + sum(y_2)', 'norm(y_3) ?= 0.2368', 'L ?= 4.0521']));
    assert.ok(
      a.checks.every((c) => c.pass),
      messages(a).join('\n'),
    );
    assert.strictEqual(value(a, 'L').data[0], 4 * h1 + 4 * h2);
  });

  it("the time spellings define it too: y^{(t)}, y^{<t>} and Coursera's yt_pred", () => {
    for (const written of ['y^{(t)}', 'y^{<t>}', 'yt_pred', '\\hat{y}_t']) {
      const a = block(md('rnn', [...RNN, `${written} = 4 h^{(t)}`]));
      assert.strictEqual(value(a, 'y_2').data[0], 4 * h2, written);
    }
  });

  it('the step recorder shows each step of y_t with its formula and that step’s operands', () => {
    const [a] = analyzeWithSteps(md('rnn', [...RNN, 'y_t = 4 h_t']));
    const steps = a.steps.filter((s) => s.target.startsWith('y_'));
    assert.deepStrictEqual(
      steps.map((s) => [s.target, s.text, s.time, s.operands.map((o) => o.name).join(',')]),
      [
        ['y_1', 'y_t = 4 h_t', 1, 'h_1'],
        ['y_2', 'y_t = 4 h_t', 2, 'h_2'],
        ['y_3', 'y_t = 4 h_t', 3, 'h_3'],
      ],
    );
    // Each step of the cell comes before that step's y.
    const order = a.steps.map((s) => s.target);
    assert.ok(order.indexOf('h_2') < order.indexOf('y_2') && order.indexOf('y_2') < order.indexOf('h_3'), order.join(' '));
  });

  it('an info note says y_t’s formula replaces the built-in output layer, and that out= does not apply', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 4 h_t'], 'out=linear'));
    const note = only(a, 'assumed');
    assert.strictEqual(note.severity, 'info');
    assert.strictEqual(note.range.start.line, a.range.start.line + 8, 'on the y_t line');
    assert.match(
      note.message,
      /y_t's formula gives the output, so the built-in output layer \(y = W_y·h \+ b_y\) is not used; out=linear does not apply/,
    );
  });

  it('a formula for the logits keeps the output layer: y = softmax(o^{(t)}) by default, the note says which out= was taken', () => {
    const lines = [...RNN, 'c = [0.1; -0.1]', 'V = [2; 1]', 'o^{(t)} = c + V h^{(t)}'];
    const a = block(md('rnn', lines));
    const [z1, z2] = [2 * h2 + 0.1, h2 - 0.1];
    const y2 = value(a, 'y_2').data;
    assert.ok(Math.abs(y2[0] - Math.exp(z1) / (Math.exp(z1) + Math.exp(z2))) < 1e-15);
    assert.ok(
      messages(a).some((m) => m.includes("o^{(t)}'s formula gives the logits, and y = softmax(o^{(t)}) (the default out=softmax")),
      messages(a).join('\n'),
    );
    const linear = block(md('rnn', lines, 'out=linear'));
    assert.strictEqual(value(linear, 'y_2').data[0], z1);
  });

  it('a single-step block reads y_t = 4 h_t with x_t given, and says the output layer is not used', () => {
    const a = block(
      md('rnn', ['W_x = [[0.5]]', 'W_h = [[0.8]]', 'b = [0]', 'h_prev = [0.3]', 'x_t = [1]', 'y_t = 4 h_t', 'y_t ?= 2.5166']),
    );
    assert.ok(a.checks[0].pass, messages(a).join('\n'));
    assert.strictEqual(value(a, 'y').data[0], 4 * Math.tanh(0.5 + 0.8 * 0.3));
    assert.ok(messages(a).some((m) => m.startsWith("info assumed: y_t's formula gives the output")));
  });

  it('a recurrence over y, y_t = 0.5 y_{t-1} + h_t, starts from the given y_0', () => {
    const a = block(md('rnn', [...RNN, 'y_0 = [1]', 'y_t = 0.5 y_{t-1} + h_t']));
    const y1 = 0.5 + h1;
    assert.strictEqual(value(a, 'y_1').data[0], y1);
    assert.strictEqual(value(a, 'y_3').data[0], 0.5 * (0.5 * y1 + h2) + h3);
  });

  it('a recurrence over 1,000 steps, read at its last step first (L = sum(y_1000) above the inputs), is computed step by step', () => {
    const xs = Array.from({ length: 1000 }, (_, k) => ((k + 1) % 7) / 7);
    const inputs = xs.map((x, k) => `x_${k + 1} = [${x}]`);
    const a = block(
      md('rnn', ['W_x = [[0.5]]', 'W_h = [[0.8]]', 'b = [0]', 'y_0 = [0]', 'L = sum(y_1000)', ...inputs, 'y_t = 0.5 y_{t-1} + h_t']),
    );
    let h = 0,
      y = 0;
    for (const x of xs) {
      h = Math.tanh(0.8 * h + 0.5 * x);
      y = 0.5 * y + h;
    }
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.strictEqual(value(a, 'L').data[0], y);
  });

  it("a cell quantity given per step, h_t = tanh(W_h h_{t-1} + W_x x_t + b + 1), is used in place of the cell's equation at every step", () => {
    const a = block(md('rnn', [...RNN, 'h_t = tanh(W_h h_{t-1} + W_x x_t + b + 1)']));
    const k1 = Math.tanh(0.5 + 1);
    assert.strictEqual(value(a, 'h_1').data[0], k1);
    assert.strictEqual(value(a, 'h_2').data[0], Math.tanh(0.8 * k1 + 0.25 + 1));
  });

  it('a recurrence with no y_0 says `missing: give y_0` at the formula', () => {
    const a = block(md('rnn', [...RNN, 'y_t = y_{t-1} + h_t', 'y_2 ?= 1']));
    const e = diagnostics(a, 'missing').find((d) => d.range.start.line === a.range.start.line + 8);
    assert.ok(e, messages(a).join('\n'));
    assert.strictEqual(e.severity, 'error');
    assert.match(e.message, /^missing: give y_0: y_t = y_\{t-1\} \+ h_t reads y one step back, which at t = 1 is y_0/);
    assert.ok(messages(a).includes('error missing: cannot check y_2: it is not computed — give y_0'), messages(a).join('\n'));
  });

  it('a name the formula reads that is not defined per step is an unknown-name error at that name', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 4 q_t']));
    const e = only(a, 'unknown-name');
    assert.strictEqual(e.severity, 'error');
    assert.match(e.message, /^q_t is not defined per step: y_t's formula reads it at every step; give q_t = … \(a formula per step\)/);
    assert.strictEqual(e.range.start.character, 'y_t = 4 '.length);
  });

  it('a formula per step that reads a later step (x_{t+1}) says so at that name', () => {
    const e = only(block(md('rnn', [...RNN, 'y_t = x_{t+1}'])), 'unknown-name');
    assert.match(e.message, /^x_\{t\+1\} is a later step: a formula per step reads step t and step t − 1/);
  });

  it('two per-step formulas that read each other are a cycle, reported once', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 2 p_t', 'p_t = y_t + h_t', 'y_2 ?= 1']));
    const e = only(a, 'cycle');
    assert.match(e.message, /^cycle: y_1 → p_1 → y_1; a value cannot depend on itself/);
    assert.strictEqual(e.related[0].message, 'p_t is part of the cycle');
  });

  it('a step past the sequence is not computed: a check of y_5 says give x_5; a formula reading it is told the range', () => {
    const check = block(md('rnn', [...RNN, 'y_t = 4 h_t', 'y_5 ?= 1']));
    assert.ok(messages(check).includes('error missing: cannot check y_5: it is not computed — give x_5'), messages(check).join('\n'));
    const formula = block(md('rnn', [...RNN, 'y_t = 4 h_t', 'L = sum(y_5)']));
    assert.ok(
      messages(formula).includes(
        'error missing: y_5 is past the sequence: y_t is defined at t = 1 … 3 (the inputs x_1 … x_3); use y_3 or give the inputs up to x_5',
      ),
      messages(formula).join('\n'),
    );
  });

  it('a base defined twice per step, or a step given beside its formula, is an error that keeps the first formula', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 4 h_t', 'y^{(t)} = 3 h_t', 'y_2 = [7]']));
    const parse = diagnostics(a, 'parse').map((d) => d.message);
    assert.deepStrictEqual(parse, [
      'y^{(t)} is defined twice at every step (first 1 line above, y_t); keep one formula',
      'y_2 is given, but y_t = … already defines it at every step t = 1 … 3; remove y_2, or check it with y_2 ?= …',
    ]);
    assert.strictEqual(value(a, 'y_2').data[0], 4 * h2);
  });

  it('a weight the cell does not read but a per-step formula names is used: no "not used" warning for it', () => {
    const lines = [
      'W_x = [[0.5]]',
      'W_h = [[0.8]]',
      'b = [0.1]',
      'b_ih = [0.2]',
      'b_hh = [0.3]',
      'x_1 = [1]',
      'x_2 = [2]',
      'p_t = h_t + b_ih',
    ];
    const a = block(md('rnn', lines));
    assert.deepStrictEqual(
      messages(a).filter((m) => m.includes('b_ih, the input bias')),
      [],
    );
    assert.strictEqual(value(a, 'p_2').data[0], value(a, 'h_2').data[0] + 0.2);
  });

  it('a per-step formula adds no parameters; the output weights it names count once, not per step', () => {
    assert.strictEqual(block(md('rnn', [...RNN, 'y_t = 4 h_t'])).parameters?.total, 3);
    const named = block(md('rnn', [...RNN, 'W_y = [2; 1]', 'y_t = W_y h_t'], 'out=linear'));
    assert.strictEqual(named.parameters?.sum, '1 + 1 + 1 + 2 = 5');
    const biased = block(md('rnn', [...RNN, 'W_y = [2; 1]', 'b_y = [0; 1]', 'y_t = W_y h_t + b_y'], 'out=linear'));
    assert.strictEqual(biased.parameters?.total, 7);
  });

  it('grad(L, W_h) through a formula per step follows it: L = sum(y_3) with y_t = 4 h_t is 4·∂h_3/∂W_h', () => {
    const a = block(md('rnn', [...RNN, 'y_t = 4 h_t', 'L = sum(y_3)', 'g = grad(L, W_h)', 'k = grad(h_3, h_2)']));
    const dh3dh2 = 0.8 * (1 - h3 * h3);
    // ∂h_3/∂W_h = (1 − h_3²)·(h_2 + 0.8·∂h_2/∂W_h), ∂h_2/∂W_h = (1 − h_2²)·h_1.
    const want = 4 * (1 - h3 * h3) * (h2 + 0.8 * (1 - h2 * h2) * h1);
    assert.ok(Math.abs(value(a, 'k').data[0] - dh3dh2) < 1e-15);
    assert.ok(Math.abs(value(a, 'g').data[0] - want) < 1e-15, `${value(a, 'g').data[0]} vs ${want}`);
  });

  it('grad through a per-step formula that is one name (y_t = h_t) is the gradient of that name', () => {
    const lines = [...RNN, 'y_t = h_t', 'L = sum(y_3)', 'M = sum(h_3)', 'g = grad(L, W_h)', 'k = grad(M, W_h)'];
    const a = block(md('rnn', lines));
    assert.strictEqual(value(a, 'g').data[0], value(a, 'k').data[0]);
    assert.ok(value(a, 'k').data[0] > 0.1, 'not a zero gradient');
  });

  it('grad through a recurrence over y deeper than 256 formulas is refused with a limit error, not a stack overflow', () => {
    const inputs = Array.from({ length: 300 }, (_, k) => `x_${k + 1} = [${(k % 5) / 5}]`);
    const lines = [
      'W_x = [[0.5]]',
      'W_h = [[0.8]]',
      'b = [0]',
      'y_0 = [0]',
      ...inputs,
      'y_t = 0.5 y_{t-1} + h_t',
      'L = sum(y_300)',
      'g = grad(L, W_h)',
    ];
    const a = block(md('rnn', lines));
    const e = only(a, 'limit');
    assert.match(e.message, /^the gradient follows at most 256 formulas inside one another, and y_45 is deeper/);
    assert.ok(!a.quantities.some((q) => q.name === 'g'), 'no gradient value');
  });

  it('grad through the built-in y = softmax(o_t) with o_t a formula per step is refused, saying to write y_t per step', () => {
    const lines = [
      ...RNN,
      'c = [0.1; -0.1]',
      'V = [2; 1]',
      'o^{(t)} = c + V h^{(t)}',
      'L = -log(sum(onehot(1, 2) ⊙ y_3))',
      'g = grad(L, W_h)',
    ];
    const a = block(md('rnn', lines));
    assert.ok(
      messages(a).some((m) =>
        m.includes('cannot go back through y = softmax(o^{(t)}) with o^{(t)} a formula per step; write y per step as well'),
      ),
      messages(a).join('\n'),
    );
    assert.ok(!a.quantities.some((q) => q.name === 'g'), 'no gradient value');
  });
});
