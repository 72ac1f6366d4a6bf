// SPEC §10: limits that turn hostile input into a `limit` diagnostic; nothing throws or hangs.
// Each verdict is the counted limits' alone (byCounts: the wall-clock safety net cannot fire), so
// no test here depends on the machine's speed or load; workLimits.test.ts tests the net itself.
import * as assert from 'assert';
import type { BlockAnalysis } from '../../../src/engine/types';
import { assertWellFormed, block, byCounts, fixture } from './helpers';

function limitOf(a: BlockAnalysis) {
  const d = a.diagnostics.find((x) => x.code === 'limit');
  assert.ok(d, `no limit diagnostic: ${JSON.stringify(a.diagnostics.map((x) => `${x.code}: ${x.message}`))}`);
  assert.strictEqual(d.severity, 'error');
  return d;
}

const row = (n: number, v = '1') => Array(n).fill(v).join(' ');

describe('engine: limits (SPEC §10)', function () {
  this.timeout(20000);

  it('more than 1,000,000 matrix elements in one literal → limit, before it is built', () => {
    const text = '```rnn\nP = [' + Array(1001).fill(row(1000, '0')).join('; ') + ']\n```\n';
    const a = byCounts(text);
    const d = limitOf(a);
    assert.strictEqual(d.message, 'the matrix has more than 1,000,000 elements (the per-block limit); split it');
    assert.deepStrictEqual(a.quantities, []);
  });
  it('more than 1,000,000 matrix elements across a block → limit', () => {
    const text =
      '```rnn\n' + Array.from({ length: 11 }, (_, k) => `P${k} = [${Array(100).fill(row(1000, '0')).join('; ')}]`).join('\n') + '\n```\n';
    const a = byCounts(text);
    assert.strictEqual(
      limitOf(a).message,
      'reading P10 would bring the block to more than 1,000,000 matrix elements (the per-block limit, givens and computed values together); split the block or use smaller matrices',
    );
  });
  it('a product over the budget → limit, not minutes of work', () => {
    const text = "```rnn\nP = (onehot(1, 500) + 1) * (onehot(1, 500) + 1)'\nq = P * P * P * P * P * P\n```\n";
    const a = byCounts(text);
    // Counted, not timed: the same message on every machine.
    assert.strictEqual(
      limitOf(a).message,
      'multiplying 500×500 by 500×500 takes 1.3e+8 multiplications, over the per-block budget of 3e+7; use smaller matrices (in the value of q)',
    );
  });
  it('a product whose result would pass the element limit with the rest of the block → limit at its statement', () => {
    // 4 × 1000 elements of onehot and sums, then the 1000×1000 product: over 1,000,000 together.
    const a = byCounts("```rnn\nP = (onehot(1, 1000) + 1) * (onehot(1, 1000) + 1)'\n```\n");
    const d = limitOf(a);
    assert.strictEqual(
      d.message,
      'computing P would bring the block to more than 1,000,000 matrix elements (the per-block limit, givens and computed values together); split the block or use smaller matrices',
    );
    assert.deepStrictEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 50 } });
    assert.deepStrictEqual(a.quantities, []);
  });
  it('a product with more than 1,000,000 elements → limit', () => {
    const a = byCounts("```rnn\nq = onehot(1, 2000) * onehot(1, 2000)'\n```\n");
    assert.match(limitOf(a).message, /^the product would have 4000000 elements/);
  });
  it('many products each under the single-product budget stop at the counted per-block work limit', () => {
    // Each P * P is 2.7e7 multiply-adds: the second one of q0 passes the block's 3e7.
    const lines = ['```rnn', "P = (onehot(1, 300) + 1) * (onehot(1, 300) + 1)'"];
    for (let k = 0; k < 60; k++) lines.push(`q${k} = P * P + P * P`);
    lines.push('```', '');
    const a = byCounts(lines.join('\n'));
    assertWellFormed(a);
    const d = limitOf(a);
    assert.strictEqual(
      d.message,
      'computing q0 would bring the block to more than 30,000,000 multiply-adds (the per-block work limit); split the block or use smaller matrices',
    );
    assert.strictEqual(d.range.start.line, 2);
  });
  it('T > 1000 (x_1001) → limit on the fence', () => {
    const a = block(fixture('limit-steps.md'));
    assert.strictEqual(limitOf(a).message, 'the block unrolls 1001 steps, over the limit of 1000');
  });
  it('T = 1001 as a size → limit on the value', () => {
    const a = block('```rnn\nT = 1001\n```\n');
    const d = limitOf(a);
    assert.strictEqual(d.message, 'T = 1001 is over the limit of 1000 steps');
    assert.deepStrictEqual(d.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } });
  });
  it('1000 steps are allowed', () => {
    const lines = ['```rnn', 'W_x = [1]', 'W_h = [0.5]', 'b = [0]', 'h_0 = [0]'];
    for (let t = 1; t <= 1000; t++) lines.push(`x_${t} = [${t % 2}]`);
    lines.push('```', '');
    const a = byCounts(lines.join('\n'));
    assert.ok(!a.diagnostics.some((d) => d.code === 'limit'), JSON.stringify(a.diagnostics.map((d) => d.message)));
    assert.strictEqual(a.sequenceLength, 1000);
  });
  it('expression nesting deeper than 64 → limit', () => {
    assert.strictEqual(
      limitOf(block(fixture('limit-depth.md'))).message,
      'the expression nests deeper than 64 levels; split it into named steps',
    );
  });
  it('64 levels of nesting are allowed', () => {
    const a = block('```rnn\nx = [1]\nq = ' + '('.repeat(60) + 'x' + ')'.repeat(60) + '\nq ?= 1\n```\n');
    assert.ok(!a.diagnostics.some((d) => d.code === 'limit'));
    assert.strictEqual(a.checks[0].pass, true);
  });
  it('deeply nested function calls → limit', () => {
    const a = block('```rnn\nx = [1]\nq = ' + 'sigmoid('.repeat(100) + 'x' + ')'.repeat(100) + '\n```\n');
    limitOf(a);
  });
  it('a long chain of operators (left-deep tree) → limit', () => {
    const a = byCounts('```rnn\nx = [1]\nq = ' + 'x + '.repeat(20000) + 'x\n```\n');
    limitOf(a);
  });
  it('10,000 unary minus signs → limit', () => {
    limitOf(block('```rnn\nq = ' + '-'.repeat(10000) + '1\n```\n'));
  });
  it('a 1 MB line of numbers is read within the limits', () => {
    const a = byCounts('```rnn\nx = [' + row(200000, '0.5') + ']\nx ?= x\n```\n');
    assertWellFormed(a);
  });
  it('a 1 MB line of garbage is one parse error', () => {
    const a = byCounts('```rnn\nx = ' + '@#!'.repeat(350000) + '\n```\n');
    assertWellFormed(a);
    assert.ok(a.diagnostics.some((d) => d.code === 'parse'));
  });
  it('a 1 MB name is refused without a hang', () => {
    const a = byCounts('```rnn\n' + 'q'.repeat(1_000_000) + ' = 1\n```\n');
    assertWellFormed(a);
  });
  it('an unclosed bracket over 20,000 lines is one parse error', () => {
    const a = byCounts('```rnn\nx = [1\n' + '2\n'.repeat(20000) + '```\n');
    assertWellFormed(a);
    assert.ok(a.diagnostics.some((d) => d.code === 'parse'));
  });
  it('a print of three dimensions with 20,000 slices is one parse error that gives its shape', () => {
    const a = byCounts('```rnn\nx = tensor([' + '[[1., 2.]],\n '.repeat(20000) + '])\n```\n');
    assertWellFormed(a);
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.code === 'parse').map((d) => /\(20000×1×2\)/.test(d.message)),
      [true],
    );
  });
  it('20,000 opening brackets before a number are one parse error (more than three dimensions)', () => {
    const a = byCounts('```rnn\nx = ' + '['.repeat(20000) + '1\n```\n');
    assertWellFormed(a);
    assert.ok(a.diagnostics.some((d) => d.code === 'parse'));
  });
  it('onehot over the element limit → error, not allocation', () => {
    const a = block('```rnn\nx = [1]\nq = onehot(1, 100000000)\n```\n');
    assert.ok(a.diagnostics.some((d) => d.severity === 'error' && /1,000,000/.test(d.message)));
  });
  it('a huge size (H = 10^9) is a limit, not an allocation', () => {
    const a = block('```rnn\nH = 1000000000\nD = 3\n```\n');
    limitOf(a);
  });
});
