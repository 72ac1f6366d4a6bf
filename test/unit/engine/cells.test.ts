// The cell tables (engine/cells/): the elementwise formulas read into values, LaTeX and shape
// arithmetic, and the gates and targets every part of the engine reads from the tables.
import * as assert from 'assert';
import { formula } from '../../../src/engine/cells/formula';
import { GATES, TARGETS } from '../../../src/engine/cells';

describe('engine: the cell tables', () => {
  it('an LSTM cell state reads its operands in order and computes f ⊙ c_prev + i ⊙ g', () => {
    const f = formula('f ⊙ c_prev + i ⊙ g');
    assert.deepStrictEqual(f.names, ['f', 'c_prev', 'i', 'g']);
    const out = new Float64Array(2);
    f.evaluate(out, [new Float64Array([0.5, 1]), new Float64Array([2, 3]), new Float64Array([0.25, 0]), new Float64Array([4, 5])]);
    assert.deepStrictEqual(Array.from(out), [0.5 * 2 + 0.25 * 4, 1 * 3 + 0 * 5]);
    assert.strictEqual(
      f.latex((n) => `${n}_3`),
      '\\operand{f_3} \\odot \\operand{c_prev_3} + \\operand{i_3} \\odot \\operand{g_3}',
    );
    assert.strictEqual(f.shapes('2×1'), '(2×1) ⊙ (2×1) + (2×1) ⊙ (2×1)');
  });

  it("a GRU update names z once, and an activation takes its operand's parentheses", () => {
    const f = formula('z ⊙ h_prev + (1 − z) ⊙ n');
    assert.deepStrictEqual(f.names, ['z', 'h_prev', 'n']);
    assert.strictEqual(
      f.latex((n) => n),
      '\\operand{z} \\odot \\operand{h_prev} + (1 - \\operand{z}) \\odot \\operand{n}',
    );
    assert.strictEqual(f.shapes('1×3'), '(1×3) ⊙ (1×3) + (1 − (1×3)) ⊙ (1×3)');
    assert.strictEqual(formula('o ⊙ tanh(c)').shapes('2×1'), '(2×1) ⊙ tanh(2×1)');
    assert.strictEqual(
      formula('σ(a)').latex((n) => n),
      '\\sigma\\left(\\operand{a}\\right)',
    );
    const out = new Float64Array(1);
    formula('relu(a)').evaluate(out, [new Float64Array([-2])]);
    assert.deepStrictEqual(Array.from(out), [0]);
  });

  it('the gates (weight subscripts) and targets of each kind come from its table', () => {
    assert.deepStrictEqual(GATES, { lstm: ['f', 'i', 'o', 'c'], gru: ['r', 'z', 'h'], rnn: ['a'] });
    assert.deepStrictEqual(TARGETS, { lstm: ['f', 'i', 'o', 'g', 'c', 'h'], gru: ['r', 'z', 'n', 'h'], rnn: ['a', 'h'] });
  });
});
