// A block's later solves start from the cell its first solve prepared (sizes and gate forms), as
// long as the conventions are the same and nothing is overridden (engine/solve.ts PreparedCell).
import * as assert from 'assert';
import { canonicalKey } from '../../../src/engine/analyze';
import { compileExpression } from '../../../src/engine/expr';
import { parseOptions } from '../../../src/engine/parse/options';
import { resolveName } from '../../../src/engine/parse/names';
import { splitStatements } from '../../../src/engine/parse/statements';
import { PreparedCell, Solver, withSetup, type GivenDef, type SolveSetup } from '../../../src/engine/solve';
import type { Matrix } from '../../../src/engine/types';
import { findBlocks } from '../../../src/markdown/blocks';
import { md } from './helpers';

/** The setup analyzeBlock makes for a block of givens (no checks). */
function setupOf(text: string, cell?: PreparedCell): SolveSetup {
  const block = findBlocks(text)[0];
  const parsed = parseOptions(block, {});
  const givens = new Map<string, GivenDef>();
  for (const st of splitStatements(block.lines)) {
    if (st.type !== 'assign') continue;
    const expr = compileExpression(st.rhs, block.kind);
    if ('code' in expr) throw new Error(expr.message);
    const written = st.lhs.text.trim();
    const key = resolveName(written, block.kind).key;
    givens.set(key, { key, written, nameRange: st.range, range: st.range, valueRange: st.range, expr, isVectorQuantity: !/^[WUb]/.test(key) });
  }
  return {
    kind: block.kind, options: parsed.options, order: parsed.order, givens, sizes: {}, deadline: Infinity,
    canon: (k) => canonicalKey(block.kind, k, undefined), quiet: true, cell,
  };
}

function solve(setup: SolveSetup): { h: Matrix; c: Matrix } {
  const s = new Solver(setup);
  s.inferSizes();
  return { h: s.get('h')!, c: s.get('c')! };
}

const lecture = md('lstm', [
  'x = [1; 2]', 'h_prev = [0.5; -0.5]', 'c_prev = [0.1; 0.2]',
  'W_f = [0.1 0.2 0.3 0.4; 0.5 0.6 0.7 0.8]', 'W_i = [0.2 0.1 0 -0.1; 0.3 0.3 0.3 0.3]',
  'W_o = [1 0 0 1; 0 1 1 0]', 'W_c = [0.5 -0.5 0.25 0; 0 0.25 -0.5 0.5]',
  'b_f = [1; 1]', 'b_i = [0; 0]', 'b_o = [0.1; 0.1]', 'b_c = [0; 0.5]',
]);

describe('engine: the prepared cell', () => {
  it('the first solve prepares the sizes and the four gate forms', () => {
    const cell = new PreparedCell();
    solve(setupOf(lecture, cell));
    assert.strictEqual(cell.sized, true);
    assert.deepStrictEqual([cell.H, cell.D], [2, 2]);
    assert.deepStrictEqual([...cell.forms.keys()].sort(), ['c', 'f', 'i', 'o']);
    assert.strictEqual(cell.allForms?.length, 4);
  });

  it('a solve on the prepared cell gives bit-identical h and c to one that prepares its own', () => {
    const setup = setupOf(lecture, new PreparedCell());
    const first = solve(setup);
    const again = solve(setup);
    const alone = solve(setupOf(lecture));
    for (const k of ['h', 'c'] as const) {
      assert.deepStrictEqual(Array.from(again[k].data), Array.from(first[k].data));
      assert.deepStrictEqual(Array.from(alone[k].data), Array.from(first[k].data));
    }
  });

  it('a block without biases does not keep its forms: each solve notes the assumed zero biases itself', () => {
    const cell = new PreparedCell();
    const setup = setupOf(lecture.replace(/b_[fioc] = .*\n/g, ''), cell);
    solve(setup);
    assert.strictEqual(cell.allForms, undefined);
    const s = new Solver(setup);
    s.inferSizes();
    s.get('h');
    assert.deepStrictEqual([...s.assumed].sort(), ['b_c', 'b_f', 'b_i', 'b_o']);
  });

  it('withSetup keeps the cell for a quiet re-solve and drops it for other options, an order, overrides or recording', () => {
    const setup = setupOf(lecture, new PreparedCell());
    assert.strictEqual(withSetup(setup, { quiet: true, deadline: 5 }).cell, setup.cell);
    assert.strictEqual(withSetup(setup, { options: { ...setup.options, concat: 'xh' } }).cell, undefined);
    assert.strictEqual(withSetup(setup, { order: 'ifgo' }).cell, undefined);
    assert.strictEqual(withSetup(setup, { overrides: new Map() }).cell, undefined);
    assert.strictEqual(withSetup(setup, { record: true }).cell, undefined);
  });
});
