// Output layers (out=), framework parameter counts (params=, K, out=none), stacked and
// bidirectional counts, against the references of scripts/fixtures/layers.py
// (test/fixtures/reference/layers.json: PyTorch's sum(p.numel()) and Keras' summary formulas).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze, ROOT } from './helpers';
import type { BlockAnalysis } from '../../../src/engine/types';

interface CountCase {
  readonly name: string;
  readonly block: string;
  readonly parameters: number;
  readonly source: 'torch' | 'keras';
}
const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/reference/layers.json'), 'utf8'));
const counts: CountCase[] = reference.counts;
const outputs = reference.outputs;

function one(markdown: string): BlockAnalysis {
  const [a] = analyze(markdown);
  return a;
}

function messages(a: BlockAnalysis): string[] {
  return a.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

const REL = 1e-12;
function close(actual: Float64Array | undefined, expected: number[], what: string): void {
  assert.ok(actual, `${what} computed`);
  assert.strictEqual(actual.length, expected.length, `${what} length`);
  expected.forEach((e, j) => assert.ok(Math.abs(actual[j] - e) <= REL * Math.max(1, Math.abs(e)), `${what}[${j}]: ${actual[j]} vs ${e}`));
}

describe('parameter counts as PyTorch and Keras print them', () => {
  it('has the reference counts', () => assert.ok(counts.length >= 15));
  for (const c of counts) {
    it(`${c.name} = ${c.parameters} (${c.source})`, () => {
      const a = one(c.block);
      assert.deepStrictEqual(
        messages(a).filter((m) => m.startsWith('option')),
        [],
      );
      assert.strictEqual(a.parameters?.total, c.parameters, a.parameters?.sum);
    });
  }

  it("labels PyTorch's tensors as its state_dict does, layer by layer and reverse", () => {
    const a = one('```gru params=pytorch layers=2 bidirectional\nH = 2\nD = 3\n```');
    const labels = a.parameters!.terms.map((t) => t.label);
    assert.deepStrictEqual(labels.slice(0, 4), ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']);
    assert.ok(labels.includes('weight_ih_l1_reverse'));
    // The second layer reads both directions of the first: 2H = 4 inputs.
    const second = a.parameters!.terms.find((t) => t.label === 'weight_ih_l1')!;
    assert.deepStrictEqual([second.rows, second.cols], [6, 4]);
  });

  it('breaks the count down by layer like model.summary(): embedding, bidirectional, dense', () => {
    const a = one('```lstm params=keras bidirectional\nV = 1000\nE = 64\nH = 32\nK = 10\n```');
    assert.deepStrictEqual(a.parameters!.layers, [
      { name: 'embedding', type: 'Embedding', params: 64000 },
      // 2 × (4·32·(64 + 32) + 4·32)
      { name: 'bidirectional', type: 'Bidirectional(LSTM)', params: 24832 },
      { name: 'dense', type: 'Dense', params: 650 },
    ]);
    assert.strictEqual(
      a.parameters!.summary,
      'embedding (Embedding) 64,000 · bidirectional (Bidirectional(LSTM)) 24,832 · dense (Dense) 650',
    );
  });

  it('names stacked layers as Keras numbers them: lstm, lstm_1', () => {
    const a = one('```lstm layers=2\nH = 8\nD = 4\n```');
    assert.deepStrictEqual(
      a.parameters!.layers.map((l) => [l.name, l.params]),
      [
        ['lstm', 4 * 8 * (4 + 8) + 4 * 8],
        ['lstm_1', 4 * 8 * (8 + 8) + 4 * 8],
      ],
    );
  });

  it('says when the output layer is taken as the vocabulary, with the out=none fix', () => {
    const a = one('```lstm\nV = 10\nE = 8\nH = 16\n```');
    // Embedding 80 + LSTM 4·16·24 + 64 + Dense(V) 16·10 + 10
    assert.strictEqual(a.parameters?.total, 80 + 1600 + 170);
    const note = a.diagnostics.find((d) => d.message.includes('Dense of V outputs'));
    assert.ok(note && note.code === 'assumed' && note.severity === 'info');
    assert.strictEqual(note.fixes[0].edits[0].newText, ' out=none');
  });

  it('K = 10 is the classifier head, and the shapes show y and W_y with 10 rows', () => {
    const a = one('```rnn\nH = 4\nD = 3\nK = 10\n```');
    assert.strictEqual(a.parameters?.total, 4 * 3 + 4 * 4 + 4 + 10 * 4 + 10);
    assert.deepStrictEqual(a.shapes.y, [10, 1]);
    assert.deepStrictEqual(a.shapes.W_y, [10, 4]);
  });

  it("infers PyTorch's count from weight_ih and says so, with the params=keras fix", () => {
    const a = one('```rnn\nweight_ih = [[0.5]]\nweight_hh = [[0.2]]\nx = [1]\n```');
    // nn.RNN(1, 1): weight_ih 1 + weight_hh 1 + bias_ih 1 + bias_hh 1
    assert.strictEqual(a.parameters?.total, 4);
    const note = a.diagnostics.find((d) => d.message.startsWith("parameters counted as PyTorch's"));
    assert.ok(note && note.code === 'assumed');
    assert.strictEqual(note.fixes[0].edits[0].newText, ' params=keras');
  });

  it('params=keras on a GRU takes reset_after=True and says so', () => {
    const a = one('```gru params=keras\nH = 32\nD = 32\n```');
    assert.strictEqual(a.options.reset, 'after');
    assert.ok(messages(a).some((m) => m.startsWith('assumed: reset=after taken from params=keras')));
  });

  it('a stacked block computes every layer: one without its weights is missing, named as the first layer writes them', () => {
    const a = one('```rnn layers=2\nW_x = [0.5]\nW_h = [0.1]\nx = [1]\n```');
    assert.ok(
      messages(a).includes(
        "missing: layer 2 has no weights, so its states are not computed: give W_x^{[2]}, W_h^{[2]}; its input x is layer 1's h (H wide)",
      ),
      messages(a).join('\n'),
    );
  });

  it('refuses layers=0 and layers=9 with the valid range', () => {
    for (const bad of ['0', '9', 'two']) {
      const a = one(`\`\`\`rnn layers=${bad}\nH = 2\nD = 2\n\`\`\``);
      assert.ok(
        messages(a).includes(`option: \`layers=${bad}\` is not valid; use a whole number of stacked layers from 1 to 8`),
        messages(a).join('\n'),
      );
    }
  });

  it('bare bidirectional is an option, not an unknown one', () => {
    const a = one('```gru bidirectional\nH = 16\nD = 16\n```');
    assert.strictEqual(a.options.bidirectional, true);
    // Keras Bidirectional(GRU(16, reset_after=False)): 2 × (3·16·32 + 3·16)
    assert.strictEqual(a.parameters?.total, 3168);
  });
});

describe('output layers (out=softmax|linear|sigmoid|none)', () => {
  const g = outputs.block;
  const block = (info: string, checks = '') =>
    `\`\`\`rnn ${info}\nW_x = ${JSON.stringify(g.W_x)}\nW_h = ${JSON.stringify(g.W_h)}\nb = ${JSON.stringify(g.b)}\n` +
    `W_y = ${JSON.stringify(g.W_y)}\nb_y = ${JSON.stringify(g.b_y)}\nh_prev = ${JSON.stringify(g.h_prev)}\nx = ${JSON.stringify(g.x)}\n${checks}\`\`\``;
  const value = (a: BlockAnalysis, name: string) => a.quantities.find((q) => q.name === name)?.value.data;

  for (const out of ['linear', 'sigmoid', 'softmax']) {
    it(`out=${out}: y is ${out} of the logits W_y h + b_y (torch float64)`, () => {
      const a = one(block(`out=${out}`));
      close(value(a, 'logits'), outputs.logits, 'logits');
      close(value(a, 'y'), outputs[out], 'y');
    });
  }

  it('softmax stays the default: a one-output y is 1', () => {
    close(value(one(block('')), 'y'), [1], 'y');
  });

  it('out=none computes no y', () => {
    assert.strictEqual(value(one(block('out=none')), 'y'), undefined);
  });

  it('names the logits o (an RNN), z_y and logits, and the prediction y_pred and \\hat{y}', () => {
    const z = outputs.logits[0].toFixed(6);
    const a = one(block('out=linear', `o ?= ${z}\nz_y ?= ${z}\nlogits ?= ${z}\ny_pred ?= ${z}\n\\hat{y} ?= ${z}\n`));
    assert.deepStrictEqual(
      a.checks.map((c) => [c.name, c.pass]),
      [
        ['logits', true],
        ['logits', true],
        ['logits', true],
        ['y', true],
        ['y', true],
      ],
    );
  });

  it('a failing y that a linear output gives says "your y matches a linear output (out=linear)", with its fix', () => {
    const a = one(block('', `y ?= ${outputs.linear[0].toFixed(4)}\n`));
    const d = a.diagnostics.find((x) => x.code === 'check')!;
    assert.match(d.message, /your y matches a linear output \(out=linear\)/);
    assert.doesNotMatch(d.message, /where it goes wrong/);
    assert.strictEqual(d.fixes.find((f) => f.kind === 'set-option')!.edits[0].newText, ' out=linear');
  });

  it('a y written as a formula without softmax is computed as written', () => {
    const a = one('```rnn\nW_x = [0.3]\nW_h = [0.4]\nx = [1]\nh_prev = [0.5]\ny = 4h\ny ?= 1.8484686\n```');
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true],
    );
  });
});

describe('SPEC conformance: Keras packed blocks are row layout', () => {
  const keras = '```gru\nkernel = [[0.1, 0.2, 0.3]]\nrecurrent_kernel = [[0.1, 0.2, 0.3]]\nbias = [0, 0, 0]\nx = [1]\n```';
  it('a Keras-packed block is read as row layout: its vectors are 1×n', () => {
    const a = one(keras);
    assert.strictEqual(a.options.layout, 'row');
    assert.deepStrictEqual(a.shapes.h, [1, 1]);
    assert.deepStrictEqual(a.shapes.bias, [1, 3]);
  });

  it('the note "layout inferred as row" has code assumed', () => {
    const d = one(keras).diagnostics.find((x) => x.message.startsWith('layout inferred as row'));
    assert.strictEqual(d?.code, 'assumed');
  });
});
