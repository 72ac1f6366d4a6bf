// An analysis is plain data, made once: reading its quantities, parameters or shapes runs no
// code, and the steps are made only by the one explicit call that asks for them.
import * as assert from 'assert';
import { analyzeBlock, withSteps } from '../../../src/engine/analyze';
import * as statements from '../../../src/engine/parse/statements';
import type { BlockAnalysis } from '../../../src/engine/types';
import { findBlocks } from '../../../src/markdown/blocks';
import { fixture } from './helpers';

const exam = fixture('../../../examples/lstm-exam.md');
const [q1, q2] = findBlocks(exam);

/** Every object reachable from `value` that is not a plain object, array or Float64Array, or has a getter. */
function notPlain(value: unknown, path = 'analysis', out: string[] = []): string[] {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') out.push(`${path} is a function`);
    return out;
  }
  if (value instanceof Float64Array) return out;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) out.push(`${path} is a ${proto?.constructor?.name}`);
  for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (d.get || d.set) out.push(`${path}.${k} is an accessor`);
    else notPlain(d.value, `${path}.${k}`, out);
  }
  return out;
}

/** Runs `f` counting the block pipelines it starts (each splits its block into statements once). */
function pipelinesRun(f: () => void): number {
  const exported = statements as { splitStatements: typeof statements.splitStatements };
  const original = exported.splitStatements;
  let runs = 0;
  exported.splitStatements = (lines) => {
    runs++;
    return original(lines);
  };
  try {
    f();
  } finally {
    exported.splitStatements = original;
  }
  return runs;
}

describe('engine: an analysis is plain data', () => {
  it('holds no getters, functions or class instances, with or without its steps', () => {
    for (const b of [q1, q2]) {
      assert.deepStrictEqual(notPlain(analyzeBlock(b)), []);
      assert.deepStrictEqual(notPlain(analyzeBlock(b, {}, { steps: true })), []);
    }
  });

  it('reading every field, JSON included, analyses nothing again; each analysis runs the pipeline once', () => {
    let a: BlockAnalysis | undefined;
    assert.strictEqual(
      pipelinesRun(() => {
        a = analyzeBlock(q2);
      }),
      1,
    );
    assert.strictEqual(
      pipelinesRun(() => {
        void a!.quantities.length;
        void a!.parameters;
        void a!.shapes;
        void a!.steps;
        JSON.stringify(a);
      }),
      0,
    );
    assert.strictEqual(
      pipelinesRun(() => {
        withSteps(q2, a!);
      }),
      1,
    );
    const solved = analyzeBlock(q2, {}, { steps: true });
    assert.strictEqual(
      pipelinesRun(() => {
        assert.strictEqual(withSteps(q2, solved), solved);
      }),
      0,
    );
  });

  it("lists the quantities of a passing block (Q1): givens in the note's order, then what it computed, with the values its checks compared", () => {
    const a = analyzeBlock(q1);
    const names = a.quantities.map((q) => `${q.name}:${q.origin}`);
    assert.deepStrictEqual(names, [
      'E:given',
      'onehot:given',
      'W_i:given',
      'b_i:given',
      'f:given',
      'o:given',
      'g:given',
      'h_prev:given',
      'c_prev:given',
      'e:computed',
      'x:computed',
      'i:computed',
      'c:computed',
      'h:computed',
    ]);
    for (const c of a.checks) {
      const q = a.quantities.find((x) => x.name === c.name)!;
      assert.deepStrictEqual(Array.from(q.value.data), Array.from(c.computed!.data), c.name);
    }
  });

  it('a given keeps where the note wrote it', () => {
    const W = analyzeBlock(q2).quantities.find((q) => q.name === 'W_c')!;
    assert.strictEqual(W.origin, 'given');
    // Lines count from the block's fence (Block.line is the fence's line in the note).
    assert.strictEqual(exam.split('\n')[q2.line + W.range!.start.line].slice(W.range!.start.character, W.range!.end.character), 'W_c');
  });

  it('has no steps unless asked; asked, the steps of Q1 in the order they were computed, with the values its quantities hold', () => {
    assert.strictEqual(analyzeBlock(q1).steps, undefined);
    const a = analyzeBlock(q1, {}, { steps: true });
    assert.ok(a.checks.every((c) => c.pass));
    assert.deepStrictEqual(
      a.steps.map((s) => s.text),
      ['e = row 2 of E', 'x = e', 'i = σ(W_i·[h_prev; x] + b_i)', 'c = f ⊙ c_prev + i ⊙ g', 'h = o ⊙ tanh(c)'],
    );
    const c = a.quantities.find((q) => q.name === 'c')!;
    assert.strictEqual(c.origin, 'computed');
    assert.deepStrictEqual(Array.from(a.steps[3].result.data), Array.from(c.value.data));
  });

  it('with its steps, an analysis is the same analysis in every other field (settings kept from its options)', () => {
    const settings = { precision: 6, tolerance: { kind: 'abs', value: 0.01 } } as const;
    for (const b of [q1, q2]) {
      const plain = analyzeBlock(b, settings);
      const solved = withSteps(b, plain);
      assert.deepStrictEqual(solved, analyzeBlock(b, settings, { steps: true }));
      assert.deepStrictEqual({ ...solved, steps: undefined }, plain);
    }
  });

  it('a block with failing checks (Q2) names the step operands in its check notes and lists the same steps', () => {
    const a = analyzeBlock(q2);
    const failing = a.diagnostics.filter((d) => d.code === 'check');
    assert.strictEqual(failing.length, 2);
    // The related notes come from the step that computed the checked quantity.
    assert.ok(
      failing.some((d) => d.related.some((r) => r.message === 'f used in c')),
      JSON.stringify(failing.map((d) => d.related)),
    );
    assert.deepStrictEqual(
      withSteps(q2, a).steps.map((s) => s.target),
      ['g', 'c', 'h'],
    );
  });

  it('the shape table lists every quantity with its rows and columns', () => {
    const a = analyzeBlock(q2);
    assert.deepStrictEqual(a.shapes.W_c, [2, 4]);
    assert.deepStrictEqual(a.shapes.h, [2, 1]);
    assert.deepStrictEqual(
      Object.keys(a.shapes),
      a.quantities.map((q) => q.name),
    );
  });

  it("the parameter count reads the given W_c (2×4) and implies the other gates' weights and biases", () => {
    assert.strictEqual(analyzeBlock(q2).parameters!.sum, '2×4 + 2×4 + 2×4 + 2×4 + 2 + 2 + 2 + 2 = 40');
  });

  it('JSON has the fields in the order of BlockAnalysis, the steps only when asked', () => {
    const fields = [
      'kind',
      'options',
      'range',
      'fenceRange',
      'sizes',
      'shapesOnly',
      'quantities',
      'steps',
      'checks',
      'diagnostics',
      'parameters',
      'shapes',
      'statements',
    ];
    const solved = JSON.parse(JSON.stringify(analyzeBlock(q2, {}, { steps: true })));
    assert.deepStrictEqual(Object.keys(solved), fields);
    assert.strictEqual(solved.steps.length, 3);
    assert.deepStrictEqual(
      Object.keys(JSON.parse(JSON.stringify(analyzeBlock(q2)))),
      fields.filter((f) => f !== 'steps'),
    );
  });
});
