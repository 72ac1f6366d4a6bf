// A given bias with the wrong number of entries is a shape error at the bias, never a NaN or a silently cut vector.
import * as assert from 'assert';
import { block, md, value } from './helpers';

const lstmQ2 = (bias: string) =>
  md('lstm', [
    'W_c = [3 4 0 5; 2 6 2 5]',
    `b_c = ${bias}`,
    'h_prev = [0.4; 0.3]',
    'c_prev = [0.4; 2]',
    'x = [0; 2]',
    'f = [0.3; 0.9]',
    'i = [0.9; 0.3]',
    'o = [0.3; 0.9]',
    'c ?= [1; 2]',
  ]);

describe('engine: bias shapes', () => {
  it('a bias shorter than the hidden size is a shape error at the bias, and c is not computed', () => {
    const a = block(lstmQ2('[1]'));
    const shape = a.diagnostics.filter((d) => d.code === 'shape');
    assert.deepStrictEqual(
      shape.map((d) => [d.range.start.line, d.message]),
      [[2, 'shape: b_c has 1 entry but the hidden size is 2: b_c needs 2 entries']],
    );
    assert.ok(!a.quantities.some((q) => q.name === 'c' && q.origin === 'computed'));
    assert.ok(
      a.diagnostics.every((d) => d.code !== 'numeric'),
      'no NaN reaches the results',
    );
  });

  it('a bias longer than the hidden size is a shape error too (the RNN b of 3 entries with H = 2)', () => {
    const a = block(
      md('rnn', ['W_h = [0.5 0.1; -0.2 0.4]', 'W_x = [1 0; 0 1]', 'b = [1; 2; 3]', 'h_0 = [0; 0]', 'x_1 = [1; 0]', 'h_1 ?= [1; 1]']),
    );
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.code === 'shape').map((d) => d.message),
      ['shape: b has 3 entries but the hidden size is 2: b needs 2 entries'],
    );
    assert.strictEqual(a.checks.filter((c) => c.pass).length, 0);
  });

  it('a bias written as a row in a column block still has H entries and is read', () => {
    const a = block(lstmQ2('[1 1]'));
    assert.ok(!a.diagnostics.some((d) => d.code === 'shape'));
    assert.strictEqual(value(a, 'g').data.length, 2);
  });
});
