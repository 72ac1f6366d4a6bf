// Issue 14, item 8: every alias takes a step number, as g_1 does: the LSTM candidate's
// \tilde{C}_1, C~_2, c_tilde_3, C_2~; the GRU candidate's \tilde{h}_2, \hat{h}_t, h_hat, \hat{h}_2.
import * as assert from 'assert';
import { resolveName } from '../../../src/engine/parse/names';
import { block, md } from './helpers';

describe('engine: numbered aliases (issue 14)', () => {
  const lstm: [string, string][] = [
    ['\\tilde{C}_1', 'g_1'],
    ['C~_2', 'g_2'],
    ['c_tilde_3', 'g_3'],
    ['C_2~', 'g_2'],
    ['\\tilde{c}_{12}', 'g_12'],
    ['cct', 'g'],
    ['\\hat{y}_2', 'y_2'],
    ['y_hat_3', 'y_3'],
    ['x_onehot_2', 'onehot_2'],
  ];
  const gru: [string, string][] = [
    ['\\tilde{h}_2', 'n_2'],
    ['H~_3', 'n_3'],
    ['h_tilde_1', 'n_1'],
    ['\\hat{h}_t', 'n'],
    ['\\hat{h}_2', 'n_2'],
    ['h_hat', 'n'],
    ['h_hat_2', 'n_2'],
  ];
  for (const [written, key] of lstm) it(`lstm: ${written} is ${key}`, () => assert.strictEqual(resolveName(written, 'lstm').key, key));
  for (const [written, key] of gru) it(`gru: ${written} is ${key}`, () => assert.strictEqual(resolveName(written, 'gru').key, key));

  it('a candidate alias of another kind stays unknown: \\hat{h} in an LSTM, \\tilde{C}_1 in a GRU', () => {
    assert.strictEqual(resolveName('\\hat{h}_2', 'lstm').known, false);
    assert.strictEqual(resolveName('\\tilde{C}_1', 'gru').known, false);
  });

  it('a numbered candidate is checked at its step in a sequence: C~_2 is g_2', () => {
    // W_c = [1, 0] on [h_prev; x], other gates zero: g_1 = tanh(0) = 0, h_1 = 0.5·tanh(0.5·0) = 0, g_2 = tanh(h_1) = 0
    const a = block(
      md('lstm', [
        'x_1 = [1]',
        'x_2 = [2]',
        'W_f = [0, 0]',
        'W_i = [0, 0]',
        'W_o = [0, 0]',
        'W_c = [0, 1]',
        'C~_2 ?= [0.9640]',
        '\\tilde{C}_1 ?= [0.7616]',
      ]),
    );
    assert.deepStrictEqual(
      a.checks.map((c) => [c.name, c.pass]),
      [
        ['g_2', true],
        ['g_1', true],
      ],
    );
  });
});
