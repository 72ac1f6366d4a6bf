// A product that cannot be a matrix product says what the copied notation meant: Colah's blog
// writes `*` for the element-wise product and [h_{t-1}, x_t] for the stacked vector.
import * as assert from 'assert';
import { block, md } from './helpers';

const COLAH = [
  'h_prev = [0.1; -0.2]',
  'x = [1; 0.5]',
  'c_prev = [0.3; 0.1]',
  'W_f = [0.5 0.1 0.2 0.3; 0.1 0.4 0.2 0.1]',
  'b_f = [0; 0.1]',
  'i = [0.5; 0.6]',
  'g = [0.2; -0.1]',
  'o = [0.7; 0.4]',
];
const shapeErrors = (lines: string[]) =>
  block(md('lstm', [...COLAH, ...lines]))
    .diagnostics.filter((d) => d.code === 'shape')
    .map((d) => d.message);

describe("engine: a product in Colah's notation says how to write it", () => {
  it('f_t * C_{t-1} of two 2×1 vectors names the element-wise product ⊙ or .*', () => {
    assert.deepStrictEqual(shapeErrors(['C_t ?= f_t * C_{t-1} + i_t * \\tilde{C}_t']), [
      'cannot multiply 2×1 by 2×1: the inner sizes 1 and 2 differ; for the element-wise product (what Colah writes as `*`), write ⊙ or .* (in the check of C_t)',
    ]);
  });

  it('W_f · [h_{t-1}, x_t] (two columns side by side) says to stack them with ;', () => {
    assert.deepStrictEqual(shapeErrors(['f_t ?= σ(W_f · [h_{t-1}, x_t] + b_f)']), [
      "cannot multiply 2×4 by 2×2: the inner sizes 4 and 2 differ; to stack the 2 vectors of the right side into one (Colah's [h_{t-1}, x_t]), separate them with ; as in [h_{t-1}; x_t] (in the check of f_t)",
    ]);
  });

  it('written with ⊙ and ;, the same checks pass', () => {
    const a = block(md('lstm', [...COLAH, 'f_t ?= σ(W_f · [h_{t-1}; x_t] + b_f)', 'C_t ?= f_t ⊙ C_{t-1} + i_t ⊙ \\tilde{C}_t']));
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true, true],
    );
  });
});
