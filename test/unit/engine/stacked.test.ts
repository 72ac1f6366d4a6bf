// Issue 14, item 15: stacked (layers=N) and bidirectional forward passes. Layer l reads layer
// l − 1's h_t ([→h_t; ←h_t] below a bidirectional layer), the backward direction runs t = T … 1
// from its own initial state, and every layer's and direction's states are named and checkable.
// The float64 references of every kind are in test/unit/stackedReference.test.ts; these are
// one-unit RNNs whose numbers can be followed by hand.
import * as assert from 'assert';
import { analyzeWithSteps, block, diagnostics, md, value } from './helpers';
import { safetyNet } from '../../../src/engine/budget';

// h_1 = tanh(0.5·1) = 0.462117, h_2 = tanh(0.1·h_1 + 0.5·2) = 0.780329
const LAYER1 = ['W_x = [0.5]', 'W_h = [0.1]', 'b = [0]', 'x_1 = [1]', 'x_2 = [2]'];
// h^{[2]}_1 = tanh(2·h_1) = 0.727894, h^{[2]}_2 = tanh(2·h_2 + 0.3·h^{[2]}_1) = 0.944590
const LAYER2 = ['W_x^{[2]} = [2]', 'W_h^{[2]} = [0.3]', 'b^{[2]} = [0]'];
// ←h_2 = tanh(1·x_2 + 0.5·0) = 0.964028, ←h_1 = tanh(1·x_1 + 0.5·←h_2) = 0.901845
const BACKWARD = ['\\overleftarrow{W}_x = [1]', '\\overleftarrow{W}_h = [0.5]', '\\overleftarrow{b} = [0]'];

const passes = (a: ReturnType<typeof block>) => a.checks.map((c) => [c.name, c.pass]);
const messages = (a: ReturnType<typeof block>) => a.diagnostics.map((d) => `${d.code}: ${d.message}`);

describe('engine: stacked and bidirectional forward passes (issue 14, item 15)', () => {
  it("layer 2 reads layer 1's h_t as its input: h^{[2]}_t, h_t^{[2]} and a^{[2]<t>} name its state", () => {
    const a = block(md('rnn', [...LAYER1, ...LAYER2, 'h^{[2]}_1 ?= 0.727894', 'h_2^{[2]} ?= 0.944590', 'h_1 ?= 0.462117'], 'layers=2'));
    assert.deepStrictEqual(passes(a), [
      ['h_1[2]', true],
      ['h_2[2]', true],
      ['h_1', true],
    ]);
    assert.deepStrictEqual([...value(a, 'x_2[2]').data], [...value(a, 'h_2').data]);
  });

  it("Coursera's a^{[2]<t>} is layer 2's hidden state, and says the block reads a as the hidden state", () => {
    const a = block(md('rnn', [...LAYER1, ...LAYER2, 'a^{[2]<2>} ?= 0.944590'], 'layers=2'));
    assert.deepStrictEqual(passes(a), [['h_2[2]', true]]);
    assert.ok(
      messages(a).some((m) => m.startsWith('assumed: a is read as the hidden state') && m.includes('since the block writes a^{[2]<2>}')),
      messages(a).join('\n'),
    );
  });

  it('the backward direction runs t = T … 1 from zeros: \\overleftarrow{h}_2 reads x_2 alone, h_bwd_1 reads x_1 and ←h_2', () => {
    const a = block(md('rnn', [...LAYER1, ...BACKWARD, '\\overleftarrow{h}_2 ?= 0.964028', 'h_bwd_1 ?= 0.901845'], 'bidirectional'));
    assert.deepStrictEqual(passes(a), [
      ['h_2[bwd]', true],
      ['h_1[bwd]', true],
    ]);
  });

  it('the backward initial state is ←h_{T+1}, also written \\overleftarrow{h}_0', () => {
    // ←h_2 = tanh(2 + 0.5·0.2) = 0.970452, ←h_1 = tanh(1 + 0.5·←h_2) = 0.902443
    for (const initial of ['\\overleftarrow{h}_3 = [0.2]', '\\overleftarrow{h}_0 = [0.2]', 'h_bwd_3 = [0.2]']) {
      const a = block(md('rnn', [...LAYER1, ...BACKWARD, initial, 'h_bwd_1 ?= 0.902443'], 'bidirectional'));
      assert.deepStrictEqual(passes(a), [['h_1[bwd]', true]], initial);
    }
  });

  it('a layer above a bidirectional layer reads [→h_t; ←h_t], 2H wide', () => {
    // h^{[2]}_1 = tanh(h_1 − ←h_1) = −0.413418, h^{[2]}_2 = tanh(h_2 − ←h_2) = −0.181660
    const a = block(
      md(
        'rnn',
        [
          ...LAYER1,
          ...BACKWARD,
          'W_x^{[2]} = [1, -1]',
          'W_h^{[2]} = [0]',
          'W_x_bwd^{[2]} = [1, 1]',
          'W_h_bwd^{[2]} = [0]',
          'h_1^{[2]} ?= -0.413418',
          'h_2^{[2]} ?= -0.181660',
        ],
        'layers=2 bidirectional',
      ),
    );
    assert.deepStrictEqual(passes(a), [
      ['h_1[2]', true],
      ['h_2[2]', true],
    ]);
    assert.strictEqual(value(a, 'x_1[2]').rows, 2);
  });

  it('a layer-2 weight of the wrong width gets a shape error naming the 2H columns it needs', () => {
    const a = block(
      md(
        'rnn',
        [...LAYER1, ...BACKWARD, 'W_x^{[2]} = [1]', 'W_h^{[2]} = [0]', 'W_x_bwd^{[2]} = [1, 1]', 'W_h_bwd^{[2]} = [0]'],
        'layers=2 bidirectional',
      ),
    );
    const shape = diagnostics(a, 'shape').map((d) => d.message);
    assert.deepStrictEqual(shape, [
      'shape: layer 2: W_x^{[2]} is 1×1 but x^{[2]} is 2×1 and the hidden size is 1: W_x^{[2]} needs 2 columns',
    ]);
  });

  it('a declared layer without weights is missing, at the fence, named as PyTorch names it when the block does', () => {
    const lstm = [
      'weight_ih_l0 = [1; 2; 3; 4]',
      'weight_hh_l0 = [1; 2; 3; 4]',
      'bias_ih_l0 = [0; 0; 0; 0]',
      'bias_hh_l0 = [0; 0; 0; 0]',
      'x_1 = [1]',
    ];
    const a = block(md('lstm', lstm, 'layers=2'));
    const missing = diagnostics(a, 'missing');
    assert.deepStrictEqual(
      missing.map((d) => [d.severity, d.message, d.range.start.line]),
      [
        [
          'error',
          "layer 2 has no weights, so its states are not computed: give weight_ih_l1, weight_hh_l1, bias_ih_l1, bias_hh_l1; its input x is layer 1's h (H wide)",
          0,
        ],
      ],
    );
  });

  it('a check of a state whose layer lacks one weight says which to give', () => {
    const a = block(md('rnn', [...LAYER1, 'W_x^{[2]} = [2]', 'h_2^{[2]} ?= 0.9'], 'layers=2'));
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [false],
    );
    assert.ok(messages(a).includes('missing: cannot check h_2^{[2]}: it is not computed — give W_h^{[2]}'), messages(a).join('\n'));
  });

  it("a layer's weight its cell does not read is a warning naming the ones it reads", () => {
    const a = block(md('rnn', [...LAYER1, ...LAYER2, 'W^{[2]} = [0.3, 2]'], 'layers=2'));
    assert.deepStrictEqual(
      diagnostics(a, 'unknown-name').map((d) => d.message.split(' not used;')[0]),
      ['W^{[2]}, the weights on [h_prev; x], is given but the cell reads W_x^{[2]}, W_h^{[2]}, b^{[2]} instead, so W^{[2]} is'],
    );
  });

  it('zero initial states of every layer and direction are one note', () => {
    const a = block(
      md(
        'rnn',
        [...LAYER1, ...BACKWARD, 'W_x^{[2]} = [1, -1]', 'W_h^{[2]} = [0]', 'W_x_bwd^{[2]} = [1, 1]', 'W_h_bwd^{[2]} = [0]'],
        'layers=2 bidirectional',
      ),
    );
    assert.ok(
      messages(a).includes('assumed: h_0, h_bwd_3, h_0^{[2]} and h_bwd_3^{[2]} not given: taken as zeros (1×1)'),
      messages(a).join('\n'),
    );
  });

  it('the steps name each layer and direction: \\overleftarrow{h}_{1}, h_{2}^{[2]}, at their own times', () => {
    const [a] = analyzeWithSteps(
      md('rnn', [...LAYER1, ...LAYER2, ...BACKWARD], 'layers=2 bidirectional').replace(
        'W_x^{[2]} = [2]',
        'W_x^{[2]} = [2, 0]\nW_x_bwd^{[2]} = [1, 1]\nW_h_bwd^{[2]} = [0]',
      ),
    );
    const back = a.steps.find((s) => s.target === 'a_1[bwd]')!;
    assert.strictEqual(back.time, 1);
    assert.strictEqual(back.text, 'the backward direction: a = W_h_bwd·h_bwd_2 + W_x_bwd·x_1 + b_bwd');
    assert.deepStrictEqual(
      back.operands.map((o) => o.latex),
      ['\\overleftarrow{W}_{h}', '\\overleftarrow{h}_{2}', '\\overleftarrow{W}_{x}', 'x_{1}', '\\overleftarrow{b}'],
    );
    const input = a.steps.find((s) => s.target === 'x_2[2]')!;
    assert.deepStrictEqual(
      input.operands.map((o) => o.name),
      ['h_2', 'h_2[bwd]'],
    );
    assert.ok(a.steps.some((s) => s.target === 'h_2[2]' && s.operands.some((o) => o.latex === 'a_{2}^{[2]}')));
  });

  it("the output layer reads the top layer's h of both directions, [→h_T; ←h_T]", () => {
    // y_2 = 1·h_2 + 10·←h_2 = 0.780329 + 9.640276 = 10.420605 (out=linear)
    const a = block(md('rnn', [...LAYER1, ...BACKWARD, 'W_y = [1, 10]', 'y_2 ?= 10.420605'], 'bidirectional out=linear'));
    assert.deepStrictEqual(passes(a), [['y_2', true]]);
  });

  it('grad(…) on a stacked or bidirectional block is refused with a diagnostic, not a number', () => {
    const a = block(md('rnn', [...LAYER1, ...LAYER2, 'grad(h_2, h_1) ?= [1]'], 'layers=2'));
    assert.strictEqual(a.checks[0].pass, false);
    assert.ok(
      messages(a).some((m) => m.startsWith('parse: grad(…) is not supported on a stacked or bidirectional block yet (layers=2)')),
      messages(a).join('\n'),
    );
  });

  it('layers=8 bidirectional over T = 1,000 is a limit at the fence: 16,000 cell steps, over the 2,000 a block may run', () => {
    const xs = Array.from({ length: 1000 }, (_, t) => `x_${t + 1} = [1]`);
    const a = block(md('rnn', [...LAYER1.slice(0, 3), ...xs], 'layers=8 bidirectional'));
    assert.deepStrictEqual(
      diagnostics(a, 'limit').map((d) => [d.message, d.range.start.line]),
      [
        [
          'the block runs 16,000 cell steps (T = 1000 × 8 layers × 2 directions), over the limit of 2,000; split the sequence into blocks of at most 125 steps, or fewer layers',
          0,
        ],
      ],
    );
  });

  it("the multiply-adds of every layer and direction count against the block's one limit", () => {
    // One layer over T = 500 with H = D = 80: 500·80·160 = 6.4 M multiply-adds. layers=2
    // bidirectional: two of those and two over 2H = 160 inputs (500·80·240 = 9.6 M): 32 M, over 30 M.
    const net = safetyNet.ms;
    safetyNet.ms = 1e9; // the counted limit, whatever the machine's speed
    try {
      const H = 80;
      const mat = (r: number, c: number) =>
        `[${Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => ((i + j) % 7) / 100).join(', ')).join('; ')}]`;
      const weights = (sfx: string, D: number) => [`W_x${sfx} = ${mat(H, D)}`, `W_h${sfx} = ${mat(H, H)}`, `b${sfx} = ${mat(H, 1)}`];
      const xs = Array.from({ length: 500 }, (_, t) => `x_${t + 1} = ${mat(H, 1)}`);
      const one = block(md('rnn', [...weights('', H), ...xs]));
      assert.deepStrictEqual(diagnostics(one, 'limit'), []);
      const streams = [...weights('_bwd', H), ...weights('^{[2]}', 2 * H), ...weights('_bwd^{[2]}', 2 * H)];
      const stacked = block(md('rnn', [...weights('', H), ...streams, ...xs], 'layers=2 bidirectional'));
      const limit = diagnostics(stacked, 'limit');
      assert.strictEqual(limit.length, 1, messages(stacked).join('\n'));
      assert.match(limit[0].message, /multiply-adds/);
    } finally {
      safetyNet.ms = net;
    }
  });
});
