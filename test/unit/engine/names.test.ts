// SPEC §4: aliases resolve to canonical names.
import * as assert from 'assert';
import { resolveName } from '../../../src/engine/parse/names';
import { nameEnd } from '../../../src/engine/parse/nameGrammar';
import { block, fixture, md, value } from './helpers';

describe('engine: names and aliases (SPEC §4)', () => {
  it("PyTorch's _n is a state's only: x_n and a GRU's c_n are not names", () => {
    assert.strictEqual(resolveName('x_n', 'lstm').known, false);
    assert.strictEqual(resolveName('c_n', 'gru').known, false);
    assert.strictEqual(resolveName('h_n', 'gru').key, 'h');
  });

  const lstm: [string, string][] = [
    ['\\tilde{C}_t', 'g'],
    ['C~_t', 'g'],
    ['c_tilde', 'g'],
    ['g_t', 'g'],
    ['C_{t-1}', 'c_prev'],
    ['c_0', 'c_prev'],
    ['h_{t-1}', 'h_prev'],
    ['H_{t-1}', 'h_prev'],
    ['ht-1', 'h_prev'],
    ['h_0', 'h_prev'],
    ['h_n', 'h'], // PyTorch's names of the states after the last step
    ['c_n', 'c'],
    ['X', 'x'],
    ['x_t', 'x'],
    ['X_t', 'x'],
    ['C_t', 'c'],
    ['h_t', 'h'],
    ['f_t', 'f'],
    ['i_t', 'i'],
    ['o_t', 'o'],
    ['W_{xf}', 'W_xf'],
    ['W_xf', 'W_xf'],
    ['W_{hf}', 'W_hf'],
    ['W_C', 'W_c'],
    ['W_g', 'W_c'],
    ['b_{f}', 'b_f'],
    ['weight_ih', 'weight_ih'],
    ['U', 'W_y'],
    ['W_hq', 'W_y'],
    ['b2', 'b_y'],
    ['x_onehot', 'onehot'],
    ['e_t', 'e'],
  ];
  for (const [written, canonical] of lstm) {
    it(`lstm: ${written} → ${canonical}`, () => {
      const r = resolveName(written, 'lstm');
      // h_0 / c_0 are h_prev / c_prev in a single step (analyze.canonicalKey); the resolver keeps the step.
      const key = r.key === 'h_0' ? 'h_prev' : r.key === 'c_0' ? 'c_prev' : r.key;
      assert.strictEqual(key, canonical);
    });
  }
  const gru: [string, string][] = [
    ['\\tilde{H}_t', 'n'],
    ['H~_t', 'n'],
    ['h_tilde', 'n'],
    ['R_t', 'r'],
    ['Z_t', 'z'],
    ['H_{t-1}', 'h_prev'],
    ['W_{xr}', 'W_xr'],
    ['W_n', 'W_h'],
  ];
  for (const [written, canonical] of gru) {
    it(`gru: ${written} → ${canonical}`, () => assert.strictEqual(resolveName(written, 'gru').key, canonical));
  }
  const rnn: [string, string][] = [
    ['a_t', 'a'],
    ['\\hat{y}_t', 'y'],
    ['y_hat', 'y'],
    ['W_e', 'W_x'],
    ['W_{xh}', 'W_x'],
    ['W_{hh}', 'W_h'],
    ['b_1', 'b'],
  ];
  for (const [written, canonical] of rnn) {
    it(`rnn: ${written} → ${canonical}`, () => assert.strictEqual(resolveName(written, 'rnn').key, canonical));
  }
  it('bare capitals H, D, V, T, E are sizes', () => {
    for (const s of ['H', 'D', 'V', 'T', 'E']) assert.strictEqual(resolveName(s, 'rnn').key, s);
  });
  it('weights are case-sensitive: a lowercase u is the author’s own name, not W_y', () => {
    assert.strictEqual(resolveName('u', 'rnn').known, false);
    assert.strictEqual(resolveName('U', 'lstm').key, 'W_y');
    // An RNN's bare U is read from the block's letters and shapes (cells/letters.ts): alone, the output layer.
    const a = block(md('rnn', ['h = [1; 2]', 'U = [1 2; 3 4; 5 6]']));
    assert.deepStrictEqual(
      a.quantities.filter((q) => q.written === 'U').map((q) => q.name),
      ['W_y'],
    );
  });
  it('a block written with aliases gives canonical quantities', () => {
    const a = block(md('lstm', ['\\tilde{C}_t = [1; 2]', 'C_{t-1} = [1; 2]', 'h_{t-1} = [1; 2]', 'X = [1; 2]', 'W_{xf} = [1 2; 3 4]']));
    assert.deepStrictEqual(
      a.quantities.filter((q) => q.origin === 'given').map((q) => [q.written, q.name]),
      [
        ['\\tilde{C}_t', 'g'],
        ['C_{t-1}', 'c_prev'],
        ['h_{t-1}', 'h_prev'],
        ['X', 'x'],
        ['W_{xf}', 'W_xf'],
      ],
    );
  });
  it('d2l capitals in examples/gru.md resolve (H_{t-1}, X, \\tilde{H}_t)', () => {
    const a = block(fixture('../../../examples/gru.md'));
    assert.strictEqual(value(a, 'h_prev').cols, 2);
    assert.strictEqual(a.checks.find((c) => c.written === '\\tilde{H}_t')!.name, 'n');
  });
  it('numbered names unroll a sequence: x_1 … x_3 give h_1 … h_3', () => {
    const a = block(md('rnn', ['W_x = [1]', 'W_h = [0.5]', 'b = [0]', 'x_1 = [1]', 'x_2 = [0]', 'x_3 = [1]']));
    assert.strictEqual(a.sequenceLength, 3);
    for (const n of ['h_1', 'h_2', 'h_3'])
      assert.ok(
        a.quantities.some((q) => q.name === n),
        n,
      );
  });
});

describe('engine: the name grammar of formulas (parse/lexer.ts)', () => {
  it('reads each spelling a formula may write, and stops where the name does', () => {
    const cases: [string, string][] = [
      ['h_{t-1} + x', 'h_{t-1}'],
      ['\\tilde{C}_t ⊙ i', '\\tilde{C}_t'],
      ['\\hat{y}', '\\hat{y}'],
      ['W_{xf}x', 'W_{xf}'],
      ['C~_t', 'C~_t'],
      ['h_t-1', 'h_t'],
      ['e^{(t)}+1', 'e^{(t)}'],
      ['ŷ', ''],
      ['α_1·x', 'α_1'],
      ['x_', 'x'],
      ['W_f(v)', 'W_f'],
    ];
    for (const [text, name] of cases) {
      const end = nameEnd(text, 0);
      assert.strictEqual(end < 0 ? '' : text.slice(0, end), name, text);
    }
  });
  it('σ is the sigmoid and a LaTeX command is no name', () => {
    assert.strictEqual(nameEnd('σ(x)', 0), -1);
    assert.strictEqual(nameEnd('\\sigma', 0), -1);
    assert.strictEqual(nameEnd('2x', 0), -1);
  });
});
