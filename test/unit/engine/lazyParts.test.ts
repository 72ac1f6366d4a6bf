// An analysis makes its quantities, steps, parameter count and shape table when first read
// (engine/analysis.ts): they must be exactly those a solve that records them gives, wherever the
// block has moved.
import * as assert from 'assert';
import { analyzeBlock } from '../../../src/engine/analyze';
import { findBlocks } from '../../../src/markdown/blocks';
import { fixture } from './helpers';

const exam = fixture('../../../examples/lstm-exam.md');
const [q1, q2] = findBlocks(exam);

describe('engine: quantities, steps, parameters and shapes made when first read', () => {
  it('a passing block (Q1) lists its givens in the note\'s order, then what it computed, with the values its checks compared', () => {
    const a = analyzeBlock(q1);
    const names = a.quantities.map((q) => `${q.name}:${q.origin}`);
    assert.deepStrictEqual(names, ['E:given', 'onehot:given', 'W_i:given', 'b_i:given', 'f:given', 'o:given', 'g:given',
      'h_prev:given', 'c_prev:given', 'e:computed', 'x:computed', 'i:computed', 'c:computed', 'h:computed']);
    for (const c of a.checks) {
      const q = a.quantities.find((x) => x.name === c.name)!;
      assert.deepStrictEqual(Array.from(q.value.data), Array.from(c.computed!.data), c.name);
    }
  });

  it('reading the quantities twice gives the same array, and a given keeps where the note wrote it', () => {
    const a = analyzeBlock(q2);
    assert.strictEqual(a.quantities, a.quantities);
    const W = a.quantities.find((q) => q.name === 'W_c')!;
    assert.strictEqual(W.origin, 'given');
    // lines from the block's fence
    assert.strictEqual(exam.split('\n')[q2.line + W.range!.start.line].slice(W.range!.start.character, W.range!.end.character), 'W_c');
  });

  it('a passing block (Q1) reads its steps in the order they were computed, with the values its quantities hold', () => {
    const a = analyzeBlock(q1);
    assert.ok(a.checks.every((c) => c.pass));
    assert.deepStrictEqual(a.steps.map((s) => s.text), ['e = row 2 of E', 'x = e', 'i = σ(W_i·[h_prev; x] + b_i)', 'c = f ⊙ c_prev + i ⊙ g', 'h = o ⊙ tanh(c)']);
    const c = a.quantities.find((q) => q.name === 'c')!;
    assert.strictEqual(c.origin, 'computed');
    assert.deepStrictEqual(Array.from(a.steps[3].result.data), Array.from(c.value.data));
  });

  it('reading the steps twice gives the same array', () => {
    const a = analyzeBlock(q1);
    assert.strictEqual(a.steps, a.steps);
  });

  it('a block with failing checks (Q2) names the step operands in its check notes and lists the same steps', () => {
    const a = analyzeBlock(q2);
    const failing = a.diagnostics.filter((d) => d.code === 'check');
    assert.strictEqual(failing.length, 2);
    // The related notes come from the step that computed the checked quantity.
    assert.ok(failing.some((d) => d.related.some((r) => r.message === 'f used in c')), JSON.stringify(failing.map((d) => d.related)));
    assert.deepStrictEqual(a.steps.map((s) => s.target), ['g', 'c', 'h']);
  });

  it('the shape table lists every quantity with its rows and columns', () => {
    const a = analyzeBlock(q2);
    assert.deepStrictEqual(a.shapes.W_c, [2, 4]);
    assert.deepStrictEqual(a.shapes.h, [2, 1]);
    assert.deepStrictEqual(Object.keys(a.shapes), a.quantities.map((q) => q.name));
  });

  it('the parameter count reads the given W_c (2×4) and implies the other gates\' weights and biases', () => {
    const a = analyzeBlock(q2);
    assert.strictEqual(a.parameters!.sum, '2×4 + 2×4 + 2×4 + 2×4 + 2 + 2 + 2 + 2 = 40');
  });

  it('JSON holds the steps and shapes, in the fields order of BlockAnalysis', () => {
    const json = JSON.parse(JSON.stringify(analyzeBlock(q2)));
    assert.deepStrictEqual(Object.keys(json), ['kind', 'options', 'range', 'fenceRange', 'sizes', 'shapesOnly', 'quantities', 'steps', 'checks', 'diagnostics', 'parameters', 'shapes', 'statements']);
    assert.strictEqual(json.steps.length, 3);
  });
});
