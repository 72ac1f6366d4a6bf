// A block is solved several times (its own solve, the one that records steps, the quiet re-solves
// behind hints): each solve of the same setup gives bit-identical values and notes its own assumptions.
import * as assert from 'assert';
import { canonicalKey } from '../../../src/engine/keys';
import { compileExpression } from '../../../src/engine/expr';
import { parseOptions } from '../../../src/engine/parse/options';
import { resolveName } from '../../../src/engine/parse/names';
import { splitStatements } from '../../../src/engine/parse/statements';
import { Solver, withSetup, type GivenDef, type SolveSetup } from '../../../src/engine/solve';
import type { Matrix } from '../../../src/engine/types';
import { findBlocks } from '../../../src/markdown/blocks';
import { md } from './helpers';

/** The setup analyzeBlock makes for a block of givens (no checks). */
function setupOf(text: string): SolveSetup {
  const block = findBlocks(text)[0];
  const parsed = parseOptions(block, {});
  const givens = new Map<string, GivenDef>();
  for (const st of splitStatements(block.lines)) {
    if (st.type !== 'assign') continue;
    const expr = compileExpression(st.rhs, block.kind);
    if ('code' in expr) throw new Error(expr.message);
    const written = st.lhs.text.trim();
    const key = resolveName(written, block.kind).key;
    givens.set(key, {
      key,
      written,
      nameRange: st.range,
      range: st.range,
      valueRange: st.range,
      expr,
      isVectorQuantity: !/^[WUb]/.test(key),
    });
  }
  return {
    kind: block.kind,
    options: parsed.options,
    order: parsed.order,
    givens,
    sizes: {},
    deadline: Infinity,
    canon: (k) => canonicalKey(block.kind, k, undefined),
    quiet: true,
  };
}

function solve(setup: SolveSetup): { h: Matrix; c: Matrix } {
  const s = new Solver(setup);
  s.inferSizes();
  return { h: s.get('h')!, c: s.get('c')! };
}

const lecture = md('lstm', [
  'x = [1; 2]',
  'h_prev = [0.5; -0.5]',
  'c_prev = [0.1; 0.2]',
  'W_f = [0.1 0.2 0.3 0.4; 0.5 0.6 0.7 0.8]',
  'W_i = [0.2 0.1 0 -0.1; 0.3 0.3 0.3 0.3]',
  'W_o = [1 0 0 1; 0 1 1 0]',
  'W_c = [0.5 -0.5 0.25 0; 0 0.25 -0.5 0.5]',
  'b_f = [1; 1]',
  'b_i = [0; 0]',
  'b_o = [0.1; 0.1]',
  'b_c = [0; 0.5]',
]);

describe('engine: repeated solves of a block', () => {
  it('solves the sizes and all four gates', () => {
    const s = new Solver(setupOf(lecture));
    s.inferSizes();
    s.get('h');
    assert.deepStrictEqual([s.H, s.D], [2, 2]);
    assert.deepStrictEqual(
      ['f', 'i', 'g', 'o', 'c', 'h'].filter((k) => s.values.has(k)),
      ['f', 'i', 'g', 'o', 'c', 'h'],
    );
  });

  it('a second solve of the same setup, and one that records steps, give bit-identical h and c', () => {
    const setup = setupOf(lecture);
    const first = solve(setup);
    const again = solve(setup);
    const recorded = solve(withSetup(setup, { quiet: false, record: true }));
    for (const k of ['h', 'c'] as const) {
      assert.deepStrictEqual(Array.from(again[k].data), Array.from(first[k].data));
      assert.deepStrictEqual(Array.from(recorded[k].data), Array.from(first[k].data));
    }
  });

  it('a block without biases: each solve notes the assumed zero biases itself', () => {
    const setup = setupOf(lecture.replace(/b_[fioc] = .*\n/g, ''));
    solve(setup);
    const s = new Solver(setup);
    s.inferSizes();
    s.get('h');
    assert.deepStrictEqual([...s.assumed].sort(), ['b_c', 'b_f', 'b_i', 'b_o']);
  });

  it('withSetup replaces the fields it is given and keeps the others', () => {
    const setup = setupOf(lecture);
    const quiet = withSetup(setup, { quiet: true, deadline: 5 });
    assert.strictEqual(quiet.deadline, 5);
    assert.strictEqual(quiet.givens, setup.givens);
    assert.strictEqual(withSetup(setup, { options: { ...setup.options, concat: 'xh' } }).options.concat, 'xh');
    assert.strictEqual(withSetup(setup, { order: 'ifgo' }).order, 'ifgo');
    assert.strictEqual(withSetup({ ...setup, order: 'ifgo' }, { order: undefined }).order, undefined);
    assert.strictEqual(withSetup(setup, {}).options, setup.options);
  });
});
