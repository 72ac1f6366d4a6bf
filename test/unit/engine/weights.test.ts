// Issue 14: weights as books and frameworks name them — Goodfellow's and Elman's RNN letters
// (one reading rule from the letters and their shapes, or names=), PyTorch state_dict names, the
// RNN bias pair, mixed split names, and a given weight the cell does not use.
import * as assert from 'assert';
import { block, diagnostics, md, value, rows } from './helpers';

const GOODFELLOW = [
  'x = [1; 0; 2]',
  'h_prev = [0.5; -0.5]',
  'U = [0.5 -1 0.25; 1 0.5 -0.5]',
  'W = [0.3 0.1; -0.2 0.4]',
  'V = [1 -1; 0.5 0.5; -1 2]',
  'b = [0.1; -0.1]',
  'c = [0; 0.1; -0.1]',
];

const notes = (a: ReturnType<typeof block>) => diagnostics(a, 'assumed').map((d) => d.message);

describe('engine: Goodfellow and Elman letters (issue 14, items 4 and 14)', () => {
  it('reads U (H×D) as the input weights, W (H×H) as the recurrent ones and V, c as the output layer', () => {
    // a = b + W h_prev + U x = [0.1 + 0.1 + 1; -0.1 - 0.3 - 0] = [1.2; -0.4]
    const a = block(md('rnn', [...GOODFELLOW, 'a ?= [1.2; -0.4]', 'a ?= b + W*h_prev + U*x']));
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true, true],
    );
    assert.deepStrictEqual(rows(value(a, 'W_x')), [
      [0.5, -1, 0.25],
      [1, 0.5, -0.5],
    ]);
    assert.strictEqual(value(a, 'y').rows, 3);
    assert.strictEqual(a.parameters?.total, 6 + 4 + 6 + 2 + 3);
  });

  it('says which reading was taken and offers the option for the other, as a quick fix', () => {
    const a = block(md('rnn', GOODFELLOW));
    const note = diagnostics(a, 'assumed').find((d) => d.message.includes("Goodfellow's letters"));
    assert.ok(note, notes(a).join('\n'));
    assert.match(note.message, /U \(2×3\) is the input weights W_x, W \(2×2\) is the recurrent weights W_h/);
    assert.match(note.message, /write names=standard/);
    assert.deepStrictEqual(
      note.fixes.map((f) => f.edits[0].newText),
      [' names=standard'],
    );
  });

  it('with H = D both books fit: Goodfellow is read, and the note offers names=elman', () => {
    const a = block(md('rnn', ['x = [1; 0]', 'h_prev = [0.5; -0.5]', 'U = [0.5 -1; 1 0.5]', 'W = [0.3 0.1; -0.2 0.4]']));
    const note = notes(a).find((m) => m.includes("Goodfellow's letters"));
    assert.ok(note);
    assert.match(note, /the shapes fit Elman's letters too/);
    assert.match(note, /write names=elman/);
    // a = W h_prev + U x = [0.3·0.5 + 0.1·(−0.5) + 0.5; −0.2·0.5 + 0.4·(−0.5) + 1] = [0.6; 0.7]
    assert.deepStrictEqual(
      rows(value(a, 'a')).map((r) => r.map((v) => Math.round(v * 1e12) / 1e12)),
      [[0.6], [0.7]],
    );
  });

  it('names=elman reads W as the input weights and U as the recurrent ones, with no note', () => {
    const a = block(md('rnn', ['x = [1; 0]', 'h_prev = [0.5; -0.5]', 'U = [0.5 -1; 1 0.5]', 'W = [0.3 0.1; -0.2 0.4]'], 'names=elman'));
    assert.deepStrictEqual(
      notes(a).filter((m) => m.includes('letters')),
      [],
    );
    // a = W x + U h_prev = [0.3 + 0.75; -0.2 + 0.25]
    assert.deepStrictEqual(
      rows(value(a, 'a')).map((r) => r.map((v) => Math.round(v * 1e12) / 1e12)),
      [[1.05], [0.05]],
    );
  });

  it("reads Elman's letters from the shapes: W (H×D) on x, U (H×H) on h_prev", () => {
    const a = block(md('rnn', ['x = [1; 0; 2]', 'h_prev = [0.5; -0.5]', 'W = [0.5 -1 0.25; 1 0.5 -0.5]', 'U = [0.3 0.1; -0.2 0.4]']));
    assert.ok(notes(a).some((m) => m.startsWith("W, U read as Elman's letters")));
    assert.deepStrictEqual(rows(value(a, 'W_h')), [
      [0.3, 0.1],
      [-0.2, 0.4],
    ]);
  });

  it('keeps U as the output layer beside W on [h_prev; x], and says names=goodfellow reads it otherwise', () => {
    const a = block(md('rnn', ['x = [1; 0]', 'h_prev = [0.5; -0.5]', 'W = [0.5 -1 1 2; 1 0.5 1 1]', 'U = [0.3 0.1; -0.2 0.4; 1 1]']));
    assert.strictEqual(value(a, 'W_y').rows, 3);
    assert.ok(notes(a).some((m) => m.startsWith('U read as the default letters') && m.includes('write names=goodfellow')));
  });

  it("the seed's U (ŷ = softmax(U h + b_2)) beside W_h and W_e is the output layer, with no note", () => {
    const a = block(
      md('rnn', [
        'x = [1; 0; 2]',
        'h_prev = [0; 0]',
        'W_e = [0.5 -1 0.25; 1 0.5 -0.5]',
        'W_h = [0.3 0.1; -0.2 0.4]',
        'U = [1 -1; 0.5 0.5; -1 2]',
      ]),
    );
    assert.strictEqual(value(a, 'W_y').rows, 3);
    assert.deepStrictEqual(
      notes(a).filter((m) => m.includes('letters')),
      [],
    );
  });

  it('a letter whose weight is also given under its own name is warned unused, not given twice', () => {
    const a = block(
      md('rnn', ['x = [1; 0]', 'h_prev = [0; 0]', 'W_x = [1 0; 0 1]', 'W_h = [0 0; 0 0]', 'W_y = [1 0; 0 1]', 'V = [2 0; 0 2]']),
    );
    assert.deepStrictEqual(diagnostics(a, 'parse'), []);
    assert.deepStrictEqual(
      diagnostics(a, 'unknown-name').map((d) => d.message),
      ['V is not used: it would be W_y in this reading of the letters, and W_y is given itself; remove one of them'],
    );
  });

  it('names= applies to rnn blocks only', () => {
    const a = block(md('lstm', ['x = [1; 2]'], 'names=goodfellow'));
    assert.deepStrictEqual(
      diagnostics(a, 'option').map((d) => d.message),
      ['`names` applies to rnn blocks, not lstm'],
    );
  });

  it('a hover on U finds the quantity it was read as', () => {
    const a = block(md('rnn', GOODFELLOW));
    const st = a.statements.find((s) => s.written === 'U');
    assert.strictEqual(st?.key, 'W_x');
  });
});

describe('engine: PyTorch state_dict names (issue 14, item 12)', () => {
  const packed = (n: number, cols: number) =>
    `[${Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, j) => ((i + j) % 5) / 10).join(', ')).join('; ')}]`;
  const lstm = [
    'x = [1; 2; 3]',
    'h_prev = [0.1; 0.2]',
    `lstm.weight_ih_l0 = ${packed(8, 3)}`,
    `lstm.weight_hh_l0 = ${packed(8, 2)}`,
    'lstm.bias_ih_l0 = [0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4]',
    'lstm.bias_hh_l0 = [0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4]',
  ];

  it('reads weight_ih_l0 … bias_hh_l0 with a module path as the packed weights, counted as nn.LSTM(3, 2) counts them', () => {
    const a = block(md('lstm', lstm));
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.severity !== 'info'),
      [],
    );
    assert.ok(a.quantities.some((q) => q.name === 'h'));
    // sum(p.numel() for p in nn.LSTM(3, 2).parameters()) = 4H(D + H) + 8H = 40 + 16 = 56
    assert.strictEqual(a.parameters?.total, 56);
  });

  it("warns that a second layer's and the reverse direction's weights are not used in a block without them, with the option that uses them", () => {
    const a = block(md('lstm', [...lstm, `lstm.weight_ih_l1 = ${packed(8, 2)}`, 'lstm.bias_hh_l0_reverse = [0, 0, 0, 0, 0, 0, 0, 0]']));
    assert.deepStrictEqual(
      diagnostics(a, 'unknown-name').map((d) => [d.severity, d.message, d.fixes.map((f) => f.title)]),
      [
        [
          'warning',
          "lstm.weight_ih_l1 is layer 2's weight_ih (PyTorch's _l1 is layer 2 counted from 1), but this block has layers=1, so it is not used; add layers=2 to the fence to compute it",
          ['Add layers=2 to the block'],
        ],
        [
          'warning',
          "lstm.bias_hh_l0_reverse is the backward direction's bias_hh, but this block has no backward direction, so it is not used; add bidirectional to the fence to compute it",
          ['Add bidirectional to the block'],
        ],
      ],
    );
  });

  it('a dotted name that is no state_dict entry is still no name', () => {
    const a = block(md('rnn', ['foo.bar = 1']));
    assert.deepStrictEqual(
      diagnostics(a, 'parse').map((d) => d.message),
      ['`foo.bar` is not a name; a given is `NAME = value` (use `?=` to check an expression)'],
    );
  });
});

describe('engine: the RNN bias pair (issue 14, item 13)', () => {
  it('adds b_xh and b_hh, as PyTorch adds bias_ih and bias_hh', () => {
    const a = block(md('rnn', ['x = [1]', 'h_prev = [0]', 'W_xh = [0]', 'W_hh = [0]', 'b_xh = [0.25]', 'b_hh = [0.5]', 'a ?= 0.75']));
    assert.strictEqual(a.checks[0].pass, true);
    assert.deepStrictEqual(diagnostics(a, 'unknown-name'), []);
    // nn.RNN(1, 1) has 4 parameters: weight_ih, weight_hh, bias_ih, bias_hh
    assert.strictEqual(a.parameters?.total, 4);
  });

  it('b_ih alone is the whole bias: no zero bias is assumed', () => {
    const a = block(md('rnn', ['x = [1]', 'h_prev = [0]', 'W_x = [1]', 'W_h = [0]', 'b_ih = [0.5]', 'a ?= 1.5']));
    assert.strictEqual(a.checks[0].pass, true);
    assert.deepStrictEqual(notes(a), []);
  });
});

describe('engine: mixed split names and unused weights (issue 14, items 9 and 12)', () => {
  it('reads W_f (H×D) on x beside W_hf on h_prev', () => {
    const a = block(
      md('lstm', ['x = [1; 2]', 'h_prev = [1; 0]', 'W_f = [1 0; 0 1]', 'W_hf = [0 0; 0 2]', 'b_f = [0; 0]', 'f ?= σ([1; 2])']),
    );
    assert.strictEqual(a.checks[0].pass, true, JSON.stringify(a.diagnostics.map((d) => d.message)));
  });

  it('reads W_if (PyTorch) beside U_f (Wikipedia)', () => {
    const a = block(md('lstm', ['x = [1; 2]', 'h_prev = [1; 0]', 'W_if = [1 0; 0 1]', 'U_f = [0 0; 3 0]', 'f ?= σ([1; 5])']));
    assert.strictEqual(a.checks[0].pass, true, JSON.stringify(a.diagnostics.map((d) => d.message)));
  });

  it('warns on a weight no gate reads, naming what the cell reads instead', () => {
    const gates = ['W_i', 'W_o', 'W_c'].map((n) => `${n} = [0.1 0.2 0.1 0.1; 0.3 0.4 0.1 0.1]`);
    const a = block(
      md('lstm', [
        'x = [1; 2]',
        'h_prev = [0.1; 0.2]',
        'W_f = [0.1 0.2 0.1 0.1; 0.3 0.4 0.1 0.1]',
        'W_xf = [1 0; 0 1]',
        'W_hf = [0 0; 0 1]',
        ...gates,
      ]),
    );
    assert.deepStrictEqual(
      diagnostics(a, 'unknown-name').map((d) => [d.severity, d.range.start.line, d.message.split(';')[0]]),
      [['warning', 3, 'W_f, the forget gate weights, is given but the cell reads W_xf, W_hf instead, so W_f is not used']],
    );
  });

  it('warns on b_ih beside b, which the RNN reads', () => {
    const a = block(md('rnn', ['x = [1]', 'h_prev = [0]', 'W_x = [1]', 'W_h = [0]', 'b = [0.5]', 'b_ih = [0.25]']));
    assert.deepStrictEqual(
      diagnostics(a, 'unknown-name').map((d) => d.message.split(';')[0]),
      ['b_ih, the input bias (PyTorch b_ih, added to b_hh), is given but the cell reads W_x, W_h, b instead, so b_ih is not used'],
    );
  });
});
