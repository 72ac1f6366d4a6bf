// Issue 14, item 3: Andrew Ng's Course 5 names. a^{<t>}, a_prev, a_next are the hidden state
// (the RNN's a is otherwise the pre-activation: the block's names decide, with a note, and
// `a=` overrides); W_ax, W_aa, W_ya, b_a, b_y, xt, yt_pred, c_next, Wf bf … Wy by, cct, ft, it, ot.
import * as assert from 'assert';
import { resolveName } from '../../../src/engine/parse/names';
import { block, diagnostics, md, value } from './helpers';

const cell = ['xt = [1; -1]', 'a_prev = [0.5; 0.25]', 'W_ax = [0.1, 0.2; 0.3, 0.4]', 'W_aa = [0.5, -0.5; 0.25, 0.1]', 'b_a = [0.1; -0.1]'];

/** The Elman cell in the plain names: `a` in it is the pre-activation. */
const plain = ['x = [1; -1]', 'h_prev = [0.5; 0.25]', 'W_x = [0.1, 0.2; 0.3, 0.4]', 'W_h = [0.5, -0.5; 0.25, 0.1]', 'b = [0.1; -0.1]'];

/** How a block's names (and `a=`) decide what `a` is: its checks' verdicts, and the note that says so (or none). */
const READINGS_OF_A: {
  readonly behaviour: string;
  readonly info?: string;
  readonly lines: readonly string[];
  readonly verdicts: readonly [string, boolean][];
  /** What the note "a is read as …" quotes, or undefined when the block has no such note. */
  readonly note?: string;
}[] = [
  {
    behaviour: 'a=pre reads a as the pre-activation again: a_next is then unknown and a is W_h h_prev + W_x x + b',
    info: 'a=pre',
    lines: [...plain, 'a ?= [0.125; -0.05]', 'a_next ?= [1; 1]'],
    verdicts: [
      ['a', true],
      ['a_next', false],
    ],
  },
  {
    behaviour: 'without a Coursera spelling an RNN block keeps a as the pre-activation, with no note',
    lines: [...plain, 'a ?= [0.125; -0.05]'],
    verdicts: [['a', true]],
  },
  {
    behaviour: 'a^{<t>} alone is enough to read a as the hidden state; the note quotes it whole',
    lines: [
      'x^{<t>} = [1; -1]',
      'a^{<t-1>} = [0.5; 0.25]',
      'W_x = [0.1, 0.2; 0.3, 0.4]',
      'W_h = [0.5, -0.5; 0.25, 0.1]',
      'b = [0.1; -0.1]',
      'a^{<t>} ?= [0.1244; -0.05]',
    ],
    verdicts: [['h', true]],
    note: 'since the block writes a^{<t-1>};',
  },
];

describe('engine: Coursera names (issue 14)', () => {
  it('reads a_next, a_prev, xt and the weights W_ax, W_aa, b_a as the RNN cell: a_next = tanh(W_aa a_prev + W_ax xt + b_a)', () => {
    // W_aa·a_prev = [0.125; 0.15], W_ax·xt = [-0.1; -0.1]: tanh([0.125; -0.05])
    const a = block(md('rnn', [...cell, 'a_next ?= [0.12435; -0.04996]']));
    assert.deepStrictEqual(
      a.checks.map((c) => [c.name, c.pass]),
      [['h', true]],
    );
    assert.deepStrictEqual(diagnostics(a, 'unknown-name'), [], 'W_ax and W_aa are weights, not warnings');
    assert.ok(Math.abs(value(a, 'h').data[0] - Math.tanh(0.125)) < 1e-15);
  });

  it('says in an info note that a is read as the hidden state, naming the spelling and the option that picks the other reading', () => {
    const a = block(md('rnn', [...cell, 'a_next ?= [0.1244; -0.05]']));
    const note = diagnostics(a, 'assumed').find((d) => d.message.startsWith('a is read as the hidden state'));
    assert.ok(note, JSON.stringify(a.diagnostics.map((d) => d.message)));
    assert.strictEqual(note.severity, 'info');
    assert.match(note.message, /since the block writes a_prev; set a=pre/);
    assert.deepStrictEqual(
      note.fixes.map((f) => [f.kind, f.edits[0].newText]),
      [['set-option', ' a=pre']],
    );
  });

  for (const c of READINGS_OF_A) {
    it(c.behaviour, () => {
      const a = block(md('rnn', c.lines, c.info));
      assert.deepStrictEqual(
        a.checks.map((x) => [x.name, x.pass]),
        c.verdicts,
      );
      const notes = a.diagnostics.filter((d) => d.message.startsWith('a is read')).map((d) => d.message);
      if (c.note === undefined) assert.deepStrictEqual(notes, []);
      else assert.ok(notes.length === 1 && notes[0].includes(c.note), JSON.stringify(notes));
    });
  }

  it('the output layer as the notebook names it: W_ya / Wya / Wy and b_y / by, yt_pred the prediction', () => {
    for (const w of ['W_ya', 'Wya', 'Wy', 'W_y']) assert.strictEqual(resolveName(w, 'rnn').key, 'W_y', w);
    for (const b of ['by', 'b_y']) assert.strictEqual(resolveName(b, 'lstm').key, 'b_y', b);
    for (const y of ['yt_pred', 'y_pred', 'yt']) assert.strictEqual(resolveName(y, 'lstm').key, 'y', y);
  });

  it('the LSTM cell as lstm_cell_forward writes it: Wf bf Wi bi Wc bc Wo bo, ft it cct ot, c_next, a_next', () => {
    const expected: [string, string][] = [
      ['Wf', 'W_f'],
      ['bf', 'b_f'],
      ['Wi', 'W_i'],
      ['bi', 'b_i'],
      ['Wc', 'W_c'],
      ['bc', 'b_c'],
      ['Wo', 'W_o'],
      ['bo', 'b_o'],
      ['ft', 'f'],
      ['it', 'i'],
      ['cct', 'g'],
      ['ot', 'o'],
      ['c_next', 'c'],
      ['c_prev', 'c_prev'],
      ['xt', 'x'],
    ];
    for (const [w, key] of expected) assert.strictEqual(resolveName(w, 'lstm').key, key, w);
    assert.strictEqual(resolveName('a_next', 'lstm', 'hidden').key, 'h');
    assert.strictEqual(resolveName('a_prev', 'lstm', 'hidden').key, 'h_prev');
  });

  it('an LSTM block with a_prev reads a_next as h on [a_prev; xt], a_prev first (concat=hx), without a note (a is no LSTM quantity)', () => {
    // f = i = o = σ(0) = 0.5, g = tanh(1·a_prev + 0·xt) = tanh(0.5); c = 0.5·0 + 0.5·tanh(0.5); h = 0.5·tanh(c)
    const W = 'W = [1, 0]';
    const a = block(
      md('lstm', [
        'xt = [3]',
        'a_prev = [0.5]',
        'c_prev = [0]',
        'Wf = [0, 0]',
        'Wi = [0, 0]',
        'Wo = [0, 0]',
        W.replace('W', 'Wc'),
        'a_next ?= [0.1135]',
      ]),
    );
    const c = 0.5 * Math.tanh(0.5);
    assert.ok(Math.abs(value(a, 'h').data[0] - 0.5 * Math.tanh(c)) < 1e-15);
    assert.deepStrictEqual(
      a.checks.map((x) => [x.name, x.pass]),
      [['h', true]],
    );
    assert.ok(!a.diagnostics.some((d) => d.message.startsWith('a is read')));
  });

  it('a=hidden is a valid option and an unknown value names both', () => {
    const ok = block(md('rnn', ['a = [1; 2]'], 'a=hidden'));
    assert.deepStrictEqual(diagnostics(ok, 'option'), []);
    const bad = block(md('rnn', ['a = [1; 2]'], 'a=state'));
    assert.match(diagnostics(bad, 'option')[0].message, /`a=state` is not valid; use hidden .* or pre/);
  });
});
