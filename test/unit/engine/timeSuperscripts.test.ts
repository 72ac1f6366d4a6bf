// Issue 14, item 7: time as a superscript, as Goodfellow (h^{(t)}), CS224n (h^{t}) and Coursera
// (a^{<t>}, a^{\langle t \rangle}) write it; a numbered superscript is a numbered step.
import * as assert from 'assert';
import { isNameSpelling, resolveName } from '../../../src/engine/parse/names';
import { nameEnd, timeSuperscript } from '../../../src/engine/parse/nameGrammar';
import { block, md } from './helpers';

describe('engine: time superscripts (issue 14)', () => {
  const spellings: [string, string][] = [
    ['h^{(t)}', 'h'],
    ['h^{(t-1)}', 'h_prev'],
    ['h^{( t - 1 )}', 'h_prev'],
    ['x^{(1)}', 'x_1'],
    ['h^{(2)}', 'h_2'],
    ['h^{t}', 'h'],
    ['h^{t-1}', 'h_prev'],
    ['h^{<t-1>}', 'h_prev'],
    ['x^{<t>}', 'x'],
    ['x^{<3>}', 'x_3'],
    ['x^{\\langle t \\rangle}', 'x'],
    ['c^{\\langle t-1 \\rangle}', 'c_prev'],
    ['\\tilde{C}^{(t)}', 'g'],
    ['\\hat{y}^{(2)}', 'y_2'],
  ];
  for (const [written, key] of spellings) {
    it(`${written} is ${key}`, () => {
      assert.strictEqual(resolveName(written, 'lstm').key, key);
      assert.ok(isNameSpelling(written), 'a name a given may define');
      assert.strictEqual(nameEnd(written, 0), written.length, 'read whole in a formula');
    });
  }

  it("a^{<t>} is Coursera's hidden state when the block reads a so, and the pre-activation a otherwise", () => {
    assert.strictEqual(resolveName('a^{<t>}', 'rnn', 'hidden').key, 'h');
    assert.strictEqual(resolveName('a^{(t)}', 'rnn').key, 'a');
  });

  it('x^{2} is not a step (no brackets: only t and t-1 are), ^{T} stays a transpose, and ^{(t+1)} is not a step', () => {
    assert.strictEqual(timeSuperscript('x^{2}', 1), undefined);
    assert.strictEqual(timeSuperscript('h^{T}', 1), undefined);
    assert.strictEqual(timeSuperscript('h^{(t+1)}', 1), undefined);
    assert.deepStrictEqual(timeSuperscript('h^{<t-1>}', 1), { end: 9, step: 't-1' });
  });

  it('a formula reads superscripted names: h^{(t)} = tanh(W_h h^{(t-1)} + W_x x^{(t)}) is checked like h_t', () => {
    const a = block(
      md('rnn', [
        'x^{(t)} = [1]',
        'h^{(t-1)} = [0.5]',
        'W_x = [1]',
        'W_h = [2]',
        'b = [0]',
        'h^{(t)} ?= tanh(W_h h^{(t-1)} + W_x x^{(t)})',
      ]),
    );
    assert.deepStrictEqual(
      a.checks.map((c) => [c.name, c.pass]),
      [['h', true]],
    );
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('h^{T} in a formula is still the transpose of h', () => {
    const a = block(md('rnn', ['v = [1; 2]', 'v^{T} v ?= 5']));
    assert.strictEqual(a.checks[0].computed?.data[0], 5);
  });

  it('10,000 unclosed `^{(` after a name are read at once (the step scan is bounded)', () => {
    const text = 'h' + '^{( t'.repeat(10_000);
    assert.strictEqual(nameEnd(text, 0), 1);
    assert.strictEqual(isNameSpelling(text), false);
  });
});
