// `params ?= N`: the block's parameter count checked like any answer (the seed's "Total parameters = 143").
import * as assert from 'assert';
import { block, md } from './helpers';

describe('parameter count checks', () => {
  it('a stated count equal to the block count passes, and a shapes-only block stays shapes-only', () => {
    const a = block(md('gru', ['H = 32', 'D = 32', 'params ?= 6336'], 'params=keras'));
    assert.strictEqual(a.checks.length, 1);
    assert.strictEqual(a.checks[0].pass, true);
    assert.strictEqual(a.checks[0].computed?.data[0], 6336);
    assert.strictEqual(a.shapesOnly, true);
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('a wrong count fails with the sum written out and a fix writing the count', () => {
    const a = block(md('gru', ['H = 32', 'D = 32', 'params ?= 6240'], 'params=keras'));
    const d = a.diagnostics.find((x) => x.code === 'check')!;
    assert.match(d.message, /^check params: 6240 but the block counts 32×96 \+ 32×96 \+ 2×96 = 6336/);
    assert.strictEqual(d.fixes[0].edits[0].newText, '6336');
    assert.deepStrictEqual(a.checks[0].mismatches[0], { row: 0, col: 0, stated: 6240, computed: 6336, units: 96 });
  });

  it('a count is exact: one parameter off fails', () => {
    const a = block(md('lstm', ['H = 2', 'D = 2', 'params ?= 41']));
    assert.strictEqual(a.checks[0].pass, false);
    assert.strictEqual(a.checks[0].computed?.data[0], 40);
  });

  it("the seed's weights-only count is recognised as the count without biases, with bias=false offered", () => {
    const a = block(md('rnn', ['V = 8', 'E = 6', 'H = 5', 'Total_params ?= 6*8 + 5*6 + 5*5 + 8*5']));
    const d = a.diagnostics.find((x) => x.code === 'check')!;
    assert.match(d.message, /your 143 is the count without biases: write bias=false on the fence for it/);
    assert.ok(d.fixes.some((f) => f.title === 'Set bias=false for this block' && f.edits[0].newText.includes('bias=false')));
    const fixed = block(md('rnn', ['V = 8', 'E = 6', 'H = 5', 'Total_params ?= 6*8 + 5*6 + 5*5 + 8*5'], 'bias=false'));
    assert.strictEqual(fixed.checks[0].pass, true);
  });

  it("a Keras GRU count that forgets reset_after=True's second bias is named as the reset-before count", () => {
    const a = block(md('gru', ['H = 32', 'D = 32', 'params ?= 6240'], 'params=keras'));
    const d = a.diagnostics.find((x) => x.code === 'check')!;
    assert.match(
      d.message,
      /your 6240 is the count of a reset-before GRU \(Keras reset_after=False\): write reset=before on the fence for it$/,
    );
    assert.deepStrictEqual(
      d.fixes.map((f) => f.title),
      ['Replace with the count 6336', 'Set reset=before for this block'],
    );
  });

  it("a PyTorch count of an LSTM stated for a one-bias block is named as PyTorch's", () => {
    const a = block(md('lstm', ['H = 8', 'D = 4', 'params ?= 448']));
    assert.strictEqual(a.checks[0].computed?.data[0], 416);
    assert.match(a.diagnostics.find((x) => x.code === 'check')!.message, /your 448 is the count with PyTorch's two bias vectors/);
  });

  it('the right side may be the formula over the block sizes', () => {
    const a = block(md('lstm', ['H = 3', 'D = 2', 'params ?= 4*(H*(D+H) + H)']));
    assert.strictEqual(a.checks[0].pass, true);
    assert.strictEqual(a.checks[0].stated?.data[0], 72);
  });

  it('a count checked against a vector, or an unknown name, is an error at the check, never a number', () => {
    const a = block(md('lstm', ['H = 3', 'D = 2', 'params ?= [1 2]', 'num_params ?= Q']));
    const messages = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
    assert.deepStrictEqual(messages, [
      'check: check params: a parameter count is one number, not 1×2; the block counts 3×5 + 3×5 + 3×5 + 3×5 + 3 + 3 + 3 + 3 = 72',
      "unknown-name: Q has no value; a parameter count is checked against a number or the block's sizes (`num_params ?= 143`, `num_params ?= 4*(H*(D+H) + H)`)",
    ]);
  });

  it('checks keep the order the note writes them in', () => {
    const a = block(md('rnn', ['W_h = [0.5]', 'W_x = [1]', 'h_0 = [0]', 'x_1 = [1]', 'params ?= 3', 'h_1 ?= [0.7616]']));
    assert.deepStrictEqual(
      a.checks.map((c) => `${c.written} ${c.pass}`),
      ['params true', 'h_1 true'],
    );
  });
});
