// SPEC §5: given instead of computed, default zeros with notes, what is missing, shapes-only
// blocks and parameter counts.
import * as assert from 'assert';
import { block, diagnostics, fixture, md, only, range, rows, value } from './helpers';

describe('engine: given-gate overrides (SPEC §5)', () => {
  const a = block(fixture('given-overrides.md'));

  it('a given f is used as given', () => {
    assert.deepStrictEqual(rows(value(a, 'f')), [[0.5], [0.5]]);
    assert.strictEqual(a.quantities.find((q) => q.name === 'f')!.origin, 'given');
  });
  it('a given-overrides info note shows what the weights would give, on the name', () => {
    const d = only(a, 'given-overrides');
    assert.strictEqual(d.severity, 'info');
    assert.deepStrictEqual(d.range, range(6, 0, 6, 1));
    assert.strictEqual(d.message, 'f is given, and the weights give [0.7408; 0.9047]; the given value is used');
  });
  it('the seed exam gives f, i, o directly without weights: no given-overrides note', () => {
    const q2 = block(fixture('../../../examples/lstm-exam.md'), 1);
    assert.strictEqual(diagnostics(q2, 'given-overrides').length, 0);
    assert.deepStrictEqual(
      rows(value(q2, 'c')).map((r) => +r[0].toFixed(4)),
      [1.1473, 2.1362],
    );
  });
  it('a given candidate g feeds c (lstm-exam Q1)', () => {
    const q1 = block(fixture('../../../examples/lstm-exam.md'), 0);
    assert.strictEqual(q1.quantities.find((q) => q.name === 'g')!.origin, 'given');
    assert.deepStrictEqual(
      rows(value(q1, 'c')).map((r) => +r[0].toFixed(6)),
      [1.017, 1.98, 1.003, 0.99],
    );
  });
});

describe('engine: default zeros (SPEC §5)', () => {
  const a = block(fixture('assumed.md'));

  it('a missing h_prev is zeros, with an assumed note on the fence', () => {
    assert.deepStrictEqual(rows(value(a, 'h_prev')), [[0], [0]]);
    assert.strictEqual(a.quantities.find((q) => q.name === 'h_prev')!.origin, 'default');
    const d = diagnostics(a, 'assumed').find((x) => x.message.startsWith('h_prev'))!;
    assert.strictEqual(d.severity, 'info');
    assert.deepStrictEqual(d.range, range(0, 0, 0, 6));
    assert.strictEqual(d.message, 'h_prev not given: taken as zeros (2×1)');
  });
  it('a missing bias is zero, with a note that says how to leave it out', () => {
    const d = diagnostics(a, 'assumed').find((x) => x.message.startsWith('b '))!;
    assert.strictEqual(d.message, 'b not given: taken as zero (write bias=false to leave biases out of the model)');
    assert.deepStrictEqual(rows(value(a, 'b')), [[0], [0]]);
  });
  it('the zeros give the right h = tanh(x) here', () => {
    assert.strictEqual(a.checks[0].pass, true);
  });
  it('bias=false takes the bias out without a note', () => {
    const b = block(fixture('assumed.md').replace('```rnn', '```rnn bias=false'));
    assert.ok(!diagnostics(b, 'assumed').some((d) => d.message.startsWith('b ')));
    assert.strictEqual(b.checks[0].pass, true);
  });
  it('a sequence without h_0 and c_0 notes both', () => {
    const b = block(md('lstm', ['x_1 = [1]', 'x_2 = [0.5]', 'W_f = [0.1 0.2]', 'W_i = [0.3 0.4]', 'W_o = [0.5 0.6]', 'W_c = [0.7 0.8]']));
    assert.ok(diagnostics(b, 'assumed').some((d) => d.message === 'h_0 and c_0 not given: taken as zeros (1×1)'));
  });
  it('row layout says 1×H', () => {
    const b = block(md('rnn', ['x = [1, 2]', 'W_x = [1 0; 0 1]', 'W_h = [0.5 0; 0 0.5]', 'b = [0, 0]'], 'layout=row'));
    assert.strictEqual(only(b, 'assumed').message, 'h_prev not given: taken as zeros (1×2)');
  });
});

describe('engine: missing notes (SPEC §5)', () => {
  const a = block(fixture('missing.md'));

  it('names the weights that would make c computable', () => {
    const d = diagnostics(a, 'missing').find((x) => x.message.startsWith('c '))!;
    assert.strictEqual(d.severity, 'info');
    assert.deepStrictEqual(d.range, range(0, 0, 0, 7));
    assert.strictEqual(d.message, 'c is not computed: give W_i, W_c (or give c itself)');
  });
  it('names the weights that would make h computable', () => {
    const d = diagnostics(a, 'missing').find((x) => x.message.startsWith('h '))!;
    assert.strictEqual(d.message, 'h is not computed: give W_o, W_i, W_c (or give h itself)');
  });
  it('giving what it names makes the note go away', () => {
    const text = fixture('missing.md').replace(
      '```\n',
      'W_i = [0.1 0.2 0.3 0.4; 0.5 0.6 0.7 0.8]\nW_c = [0.1 0.2 0.3 0.4; 0.5 0.6 0.7 0.8]\nW_o = [0.1 0.2 0.3 0.4; 0.5 0.6 0.7 0.8]\n```\n',
    );
    const b = block(text.replace(/```\n$/, '```\n'));
    assert.strictEqual(diagnostics(b, 'missing').length, 0, JSON.stringify(b.diagnostics.map((d) => d.message)));
    assert.strictEqual(value(b, 'h').rows, 2);
  });
  it('without sizes it names the state and every gate’s weights (GRU with only x)', () => {
    const b = block(md('gru', ['x = [1; 2]']));
    assert.strictEqual(only(b, 'missing').message, 'h is not computed: give h_prev, W_z, W_r, W_h (or give h itself)');
  });
  it('an RNN with only x names h_prev, W_x and W_h', () => {
    const b = block(md('rnn', ['x = [1; 2]']));
    assert.strictEqual(only(b, 'missing').message, 'h is not computed: give h_prev, W_x, W_h (or give h itself)');
  });
  it('a sequence with one input far out gives one note, not hundreds', () => {
    const b = block(md('lstm', ['x_1000 = [1]']));
    const errors = diagnostics(b, 'missing').filter((d) => d.severity === 'error');
    assert.strictEqual(errors.length, 1);
    assert.strictEqual(
      errors[0].message,
      'the sequence gives x_1000 but not 999 of the inputs before it (x_1, x_2, … x_999); give every x_t from x_1 to x_1000, or number the inputs from 1',
    );
    assert.ok(diagnostics(b, 'missing').length <= 3, 'one note per quantity');
  });
  it('a check of something not computable is a missing error on the check', () => {
    const b = block(md('lstm', ['x = [1; 2]', 'h_prev = [0; 0]', 'c ?= [1; 1]']));
    const d = diagnostics(b, 'missing').find((x) => x.severity === 'error')!;
    assert.deepStrictEqual(d.range, range(3, 0, 3, 11));
    assert.match(d.message, /^cannot check c: it is not computed — give /);
  });
});

describe('engine: shapes-only blocks and parameter counts (SPEC §5)', () => {
  const a = block(fixture('shapes-only.md'));

  it('V = 8, E = 6, H = 5 with act=sigmoid bias=false is shapes-only', () => {
    assert.strictEqual(a.shapesOnly, true);
    assert.deepStrictEqual(a.sizes, { V: 8, E: 6, H: 5 });
    assert.strictEqual(a.options.act, 'sigmoid');
    assert.strictEqual(a.options.bias, false);
  });
  it('counts 143 parameters with the sum written out', () => {
    assert.strictEqual(a.parameters?.total, 143);
    assert.strictEqual(a.parameters?.sum, '6×8 + 5×6 + 5×5 + 8×5 = 143');
  });
  it('reports the shape of every quantity', () => {
    assert.deepStrictEqual(a.shapes.E, [6, 8]);
    assert.deepStrictEqual(a.shapes.W_x, [5, 6]);
    assert.deepStrictEqual(a.shapes.W_h, [5, 5]);
    assert.deepStrictEqual(a.shapes.W_y, [8, 5]);
    assert.deepStrictEqual(a.shapes.h, [5, 1]);
    assert.deepStrictEqual(a.shapes.x, [6, 1]);
    assert.deepStrictEqual(a.shapes.y, [8, 1]);
  });
  it('has no errors and computes nothing', () => {
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepStrictEqual(a.quantities, []);
  });
  it('with biases the count adds 5 + 8', () => {
    const b = block(fixture('shapes-only.md').replace(' bias=false', ''));
    assert.strictEqual(b.parameters?.total, 156);
    assert.strictEqual(b.parameters?.sum, '6×8 + 5×6 + 5×5 + 5 + 8×5 + 8 = 156');
  });
  it('the seed example (with T = 3) is the same 143', () => {
    const ex = block(fixture('../../../examples/rnn-embeddings.md'), 1);
    assert.strictEqual(ex.parameters?.sum, '6×8 + 5×6 + 5×5 + 8×5 = 143');
  });
  it('an LSTM counts four gates: 4 × (2×4 + 2) = 40', () => {
    const q2 = block(fixture('../../../examples/lstm-exam.md'), 1);
    assert.strictEqual(q2.parameters?.total, 40);
  });
  it('a size must be a whole number ≥ 1 (shape error on the value)', () => {
    const b = block(md('rnn', ['H = 2.5']));
    const d = only(b, 'shape');
    assert.deepStrictEqual(d.range, range(1, 4, 1, 7));
    assert.strictEqual(d.message, 'H is a size and must be a whole number ≥ 1, not 2.5');
  });
});
