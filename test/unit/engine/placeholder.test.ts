// A check left to fill in (`h ?=`, or `h ?= []` as the snippets once wrote it) is an info with
// the fill as its fix, never a parse error; it is no check, so it neither passes nor fails.
import * as assert from 'assert';
import { block, diagnostics, md, only } from './helpers';

const RNN = ['h_prev = [0.3; -0.1]', 'x = [1; 0; 2]', 'W_h = [0.5 -0.2; 0.1 0.4]', 'W_x = [0.1 0.2 0.3; 0.4 -0.1 0.2]', 'b = [0.1; -0.2]'];

describe('placeholders: checks left to fill in', () => {
  it('`h ?=` with nothing after it is an info naming the shape, not an error', () => {
    const a = block(md('rnn', [...RNN, 'h ?=']));
    const d = only(a, 'placeholder');
    assert.strictEqual(d.severity, 'info');
    assert.strictEqual(d.message, 'h ?= is left to fill in (h is 2×1); Insert results writes the computed value');
    assert.deepStrictEqual(
      a.diagnostics.filter((x) => x.severity === 'error'),
      [],
    );
  });

  it('its fix writes the computed value after `?=`: h = tanh([0.97; 0.59])', () => {
    const d = only(block(md('rnn', [...RNN, 'h ?='])), 'placeholder');
    assert.strictEqual(d.fixes.length, 1);
    assert.strictEqual(d.fixes[0].title, 'Fill in h ?= [0.7487; 0.5299]');
    assert.deepStrictEqual(d.fixes[0].edits, [
      { range: { start: { line: 6, character: 4 }, end: { line: 6, character: 4 } }, newText: ' [0.7487; 0.5299]' },
    ]);
  });

  it('`c ?= []` (what the LSTM snippet used to leave) is a placeholder too; its fix replaces the brackets', () => {
    const a = block(md('rnn', [...RNN, 'h ?= [ ]  # to do']));
    const d = only(a, 'placeholder');
    assert.deepStrictEqual(d.fixes[0].edits[0].range, { start: { line: 6, character: 4 }, end: { line: 6, character: 8 } });
    assert.strictEqual(diagnostics(a, 'parse').length, 0);
  });

  it('a placeholder is no check: nothing passes or fails, and a real check beside it still counts', () => {
    const a = block(md('rnn', [...RNN, 'h ?=', 'a ?= [0.97; 0.59]']));
    assert.deepStrictEqual(
      a.checks.map((c) => [c.name, c.pass]),
      [['a', true]],
    );
  });

  it('a placeholder in row layout fills a row: H_t ?= in d2l.ai notation', () => {
    const a = block(
      md(
        'rnn',
        ['X = [1, 2]', 'H_{t-1} = [0, 0]', 'W_xh = [0.1 0.2; 0.3 0.4]', 'W_hh = [0.5 0; 0 0.5]', 'b_h = [0, 0]', 'H_t ?='],
        'layout=row',
      ),
    );
    assert.strictEqual(only(a, 'placeholder').fixes[0].edits[0].newText, ' [0.6044, 0.7616]');
  });

  it('in a sequence, h_3 ?= is filled with the third step', () => {
    const lines = [
      'h_0 = [0; 0]',
      'x_1 = [1; 0]',
      'x_2 = [0; 1]',
      'x_3 = [1; 1]',
      'W_h = [0.5 -0.1; 0.2 0.4]',
      'W_x = [0.6 0.2; -0.3 0.8]',
    ];
    const a = block(md('rnn', [...lines, 'b = [0.1; -0.1]', 'h_3 ?=']));
    assert.strictEqual(only(a, 'placeholder').fixes[0].edits[0].newText, ' [0.8090; 0.6332]');
  });

  it('a placeholder of a name the block does not know is the error a check would give', () => {
    const a = block(md('rnn', [...RNN, 'q ?=']));
    assert.strictEqual(diagnostics(a, 'placeholder').length, 0);
    assert.match(only(a, 'unknown-name').message, /^q is not defined in this block/);
  });

  it('an empty matrix is still a parse error in a given: x = []', () => {
    const a = block(md('rnn', ['x = []', 'h ?=']));
    assert.strictEqual(only(a, 'parse').message, 'an empty matrix `[]`');
  });
});
