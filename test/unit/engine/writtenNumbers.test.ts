// Issue 14, item 16: a number written with a power of ten (`2.7 × 10^-5`, `2.7 \times 10^{-5}`,
// `2.7·10^{-5}`, `2.7 * 10^-5`, `2.7 × 10⁻⁵`) is one number with its written digits' tolerance,
// exactly like `2.7e-5`: in givens, in matrix literals (brackets and LaTeX) and in `?=` checks.
import * as assert from 'assert';
import { block, diagnostics, md, only, rows, value } from './helpers';
import { scanLiteral, type Literal } from '../../../src/engine/parse/literals';

function literal(text: string): Literal {
  const scan = scanLiteral(text, 0);
  assert.ok(scan && 'value' in scan, `not a literal: ${JSON.stringify(scan)}`);
  return scan;
}

describe('engine: numbers written with a power of ten (issue 14, item 16)', () => {
  const spellings = ['2.7 × 10^-5', '2.7 \\times 10^{-5}', '2.7·10^{-5}', '2.7 * 10^-5', '2.7 × 10⁻⁵', '2.7⋅10^{−5}', '2.7 \\cdot 10^{-5}'];
  for (const s of spellings) {
    it(`the given y = ${s} is 2.7e-5 exactly, with no diagnostic`, () => {
      const b = block(md('rnn', [`y = ${s}`]));
      assert.deepStrictEqual(rows(value(b, 'y')), [[2.7e-5]]);
      assert.deepStrictEqual(
        b.diagnostics.filter((d) => d.severity !== 'info'),
        [],
      );
    });
    it(`[${s}, 1] reads as [2.7e-5, 1], the first with the unit 1e-6 of its last written digit`, () => {
      const lit = literal(`[${s}, 1]`);
      assert.deepStrictEqual(Array.from(lit.value.data), [2.7e-5, 1]);
      assert.ok(Math.abs(lit.units[0] - 1e-6) < 1e-21, `unit ${lit.units[0]}`);
      assert.strictEqual(lit.integers[0], 0);
    });
  }

  it('space-separated numbers with powers of ten: [1.5 × 10^2 -3 × 10^-1] is [150, -0.3]', () => {
    assert.deepStrictEqual(Array.from(literal('[1.5 × 10^2 -3 × 10^-1]').value.data), [150, -0.3]);
  });

  it('an integer mantissa and a positive power is an integer: 3 × 10^4 gets half a unit (5000) like 3e4', () => {
    const lit = literal('[3 × 10^4]');
    assert.deepStrictEqual([lit.value.data[0], lit.units[0], lit.integers[0]], [30000, 10000, 1]);
  });

  it('a LaTeX matrix cell 2.7 \\times 10^{-5} is the number 2.7e-5', () => {
    const lit = literal('\\begin{bmatrix} 2.7 \\times 10^{-5} & 1 \\\\ -4\\cdot10^{3} & 0 \\end{bmatrix}');
    assert.deepStrictEqual(Array.from(lit.value.data), [2.7e-5, 1, -4000, 0]);
    assert.ok(Math.abs(lit.units[0] - 1e-6) < 1e-21);
  });

  it('a check y ?= 2.7 × 10^-5 has the tolerance of 2.7e-5: 2.74e-5 passes (rounds to 2.7e-5)', () => {
    const b = block(md('rnn', ['y = 2.74e-5', 'y ?= 2.7 × 10^-5']));
    assert.strictEqual(b.checks[0].pass, true);
  });

  it('a check y ?= 2.9 × 10⁻⁵ fails for 2.7e-5 by 2 units of its last digit, as 2.9e-5 does', () => {
    const b = block(md('rnn', ['y = 2.7e-5', 'y ?= 2.9 × 10⁻⁵']));
    assert.strictEqual(b.checks[0].pass, false);
    assert.match(only(b, 'check').message, /off by 2 units in the last written digit/);
  });

  it('a bare 10⁻⁵ (superscripts) is the number 1e-5', () => {
    assert.deepStrictEqual(rows(value(block(md('rnn', ['y = 10⁻⁵'])), 'y')), [[1e-5]]);
  });

  it('after / the formula keeps its precedence: 1 / 4 × 10^2 is (1/4)·100 = 25', () => {
    assert.deepStrictEqual(rows(value(block(md('rnn', ['y = 1 / 4 × 10^2'])), 'y')), [[25]]);
  });

  it('× 10^3.5 is a formula, not a written number: 2 × 10^3.5', () => {
    const b = block(md('rnn', ['y = 2 × 10^3.5']));
    assert.ok(Math.abs(value(b, 'y').data[0] - 2 * Math.pow(10, 3.5)) < 1e-9);
    assert.deepStrictEqual(diagnostics(b, 'parse'), []);
  });

  it('a power of ten times a name stays a product: 2 × 10^-1 · x', () => {
    const b = block(md('rnn', ['x = 5', 'y = 2 × 10^-1 · x']));
    assert.ok(Math.abs(value(b, 'y').data[0] - 1) < 1e-15);
  });
});
