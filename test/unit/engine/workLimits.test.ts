// Issue 12 rows 1, 7, 8, 14: the engine COUNTS the work a block asks for (statements, formula
// characters, elements allocated, multiply-adds, hint re-solves) and stops with a `limit`
// diagnostic naming the limit, the same on every machine. Each verdict below is asserted exactly
// with the wall-clock safety net out of the way (a deadline that never comes), so a loaded machine
// cannot change it; the safety net itself is tested with a fake clock. No timing is asserted.
import * as assert from 'assert';
import { budget, clock } from '../../../src/engine/budget';
import { scanLiteral } from '../../../src/engine/parse/literals';
import type { BlockAnalysis, BlockDiagnostic } from '../../../src/engine/types';
import { analyseWithClock, byCounts, range } from './helpers';

/** A clock that reads one second later each time it is read: the 1 s safety net fires at its second look. */
function aSecondPerReading(): () => number {
  let now = Date.now();
  return () => (now += 1000);
}

function summary(a: BlockAnalysis): string[] {
  return a.diagnostics.map(
    (d) =>
      `${d.severity} ${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`,
  );
}

function limitOf(a: BlockAnalysis): BlockDiagnostic {
  const ds = a.diagnostics.filter((d) => d.code === 'limit');
  assert.strictEqual(ds.length, 1, `expected one limit diagnostic: ${JSON.stringify(summary(a))}`);
  assert.strictEqual(ds[0].severity, 'error');
  return ds[0];
}

function noLimit(a: BlockAnalysis): void {
  assert.ok(!a.diagnostics.some((d) => d.code === 'limit'), JSON.stringify(summary(a)));
}

const fence = (lines: readonly string[], info = 'rnn') => ['```' + info, ...lines, '```', ''].join('\n');

/** `a1 = [1; 2]`, `a2 = a1 + 1`, … `an = a(n-1) + 1`. */
function chain(n: number): string[] {
  const lines = ['a1 = [1; 2]'];
  for (let k = 2; k <= n; k++) lines.push(`a${k} = a${k - 1} + 1`);
  return lines;
}

/** A vector of n ones plus 1, its outer product M (n×n), then M2 = M + M, M3 = M2 + M, … */
function outerProducts(n: number, names: number): string[] {
  const lines = [`v = onehot(1, ${n}) + 1`, "M = v * v'", 'M2 = M + M'];
  for (let k = 3; k <= names; k++) lines.push(`M${k} = M${k - 1} + M`);
  return lines;
}

describe('engine: counted limits, the same verdict on every machine (issue 12)', function () {
  this.timeout(20000);

  describe('statements per block', () => {
    it('a 50,000-statement chain is refused at statement 5,001 with a limit naming it', () => {
      const a = byCounts(fence(chain(50000)));
      const d = limitOf(a);
      assert.strictEqual(d.message, 'the block has more than 5,000 statements (the per-block limit); split it into smaller blocks');
      // Statement 5,001 (`a5001 = a5000 + 1`) is on line 5,001 of the note (the fence is line 0).
      assert.deepStrictEqual(d.range, range(5001, 0, 5001, 17));
      assert.deepStrictEqual(a.quantities, []);
      assert.deepStrictEqual(a.checks, []);
    });
    it('a 5,000-statement chain is analysed to the end', () => {
      const a = byCounts(fence([...chain(5000).slice(0, 4999), 'a4999 ?= a4998 + 1']));
      noLimit(a);
      assert.strictEqual(a.checks.length, 1);
      assert.strictEqual(a.checks[0].pass, true);
    });
  });

  describe('elements allocated: givens and computed values together (SPEC §10)', () => {
    it('30 names derived from a 700×700 outer product stop at M3, the statement that crosses 1,000,000 elements', () => {
      // v: 700 + 700 elements, M: 490,000, M2: 490,000 — M3 would be the next 490,000.
      const a = byCounts(fence(outerProducts(700, 31)));
      const d = limitOf(a);
      assert.strictEqual(
        d.message,
        'computing M3 would bring the block to more than 1,000,000 matrix elements (the per-block limit, givens and computed values together); split the block or use smaller matrices',
      );
      assert.deepStrictEqual(d.range, range(4, 0, 4, 11));
      assert.deepStrictEqual(a.quantities, []);
    });
    it("the issue's 1000×1000 outer product stops at M itself (its 10⁶ elements with v's 2,000)", () => {
      const d = limitOf(byCounts(fence(outerProducts(1000, 31))));
      assert.match(
        d.message,
        /^computing M would bring the block to more than 1,000,000 matrix elements \(the per-block limit, givens and computed values together\)/,
      );
      assert.deepStrictEqual(d.range, range(2, 0, 2, 10));
    });
    it('intermediates count too: one statement summing a 700×700 matrix four times passes the limit', () => {
      const d = limitOf(byCounts(fence(['v = onehot(1, 700) + 1', "q = v * v' + v * v' + v * v'"])));
      assert.match(d.message, /^computing q would bring the block to more than 1,000,000 matrix elements/);
      assert.deepStrictEqual(d.range.start, { line: 2, character: 0 });
    });
    it('literals and computed values share the limit', () => {
      // 600,000 zeros written out, then a 700×700 product.
      const zeros = Array(600).fill(Array(1000).fill('0').join(' ')).join('; ');
      const d = limitOf(byCounts(fence([`Z = [${zeros}]`, 'v = onehot(1, 700) + 1', "P = v * v'"])));
      assert.match(d.message, /^computing P would bring the block to more than 1,000,000 matrix elements/);
      assert.strictEqual(d.range.start.line, 3);
    });
    it('a check over the element limit points at the check', () => {
      const d = limitOf(byCounts(fence(['v = onehot(1, 700) + 1', "M = v * v'", 'sum(M + M + M) ?= 0'])));
      assert.strictEqual(
        d.message,
        'checking sum(M + M + M) would bring the block to more than 1,000,000 matrix elements (the per-block limit, givens and computed values together); split the block or use smaller matrices',
      );
      assert.deepStrictEqual(d.range.start, { line: 3, character: 0 });
    });
    it("an unrolled sequence counts every step's quantities", () => {
      // 800,000 zeros written out, then an RNN with H = 100: each step allocates a and h (200
      // elements), so the element limit is passed near step 950 of 1,000.
      const H = 100;
      const zeros = Array(800).fill(Array(1000).fill('0').join(' ')).join('; ');
      const lines = [
        `Z = [${zeros}]`,
        `W_x = [${Array(H).fill('0.5').join('; ')}]`,
        `W_h = [${Array(H).fill(Array(H).fill('0').join(' ')).join('; ')}]`,
        `h_0 = [${Array(H).fill('0').join('; ')}]`,
      ];
      for (let t = 1; t <= 1000; t++) lines.push(`x_${t} = [${t % 3}]`);
      const d = limitOf(byCounts(fence(lines)));
      assert.match(d.message, /^computing h_\d+ would bring the block to more than 1,000,000 matrix elements/);
    });
  });

  describe('multiply-adds per block', () => {
    it('sixty statements of 300×300 products stop at the first that passes 30,000,000 multiply-adds', () => {
      const lines = ["P = (onehot(1, 300) + 1) * (onehot(1, 300) + 1)'"];
      for (let k = 0; k < 60; k++) lines.push(`q${k} = P * P + P * P`);
      const d = limitOf(byCounts(fence(lines)));
      assert.strictEqual(
        d.message,
        'computing q0 would bring the block to more than 30,000,000 multiply-adds (the per-block work limit); split the block or use smaller matrices',
      );
      assert.deepStrictEqual(d.range, range(2, 0, 2, 18));
    });
    it('reductions count what they read: sums of a 10,000-element vector, repeated', () => {
      // Each statement reads v ten times (100,000 elements): the 301st passes 3e7.
      const lines = ['v = onehot(1, 10000) + 1'];
      for (let k = 1; k <= 400; k++) lines.push(`s${k} = ${Array(10).fill('sum(v)').join(' + ')}`);
      const d = limitOf(byCounts(fence(lines)));
      assert.strictEqual(
        d.message,
        'computing s300 would bring the block to more than 30,000,000 multiply-adds (the per-block work limit); split the block or use smaller matrices',
      );
      assert.strictEqual(d.range.start.line, 301);
    });
    it('a given that only names a big matrix, repeated, is counted (its values are read)', () => {
      const lines = ['v = onehot(1, 900) + 1', "M = v * v'"];
      for (let k = 1; k <= 100; k++) lines.push(`Q${k} = M`);
      const d = limitOf(byCounts(fence(lines)));
      assert.match(d.message, /^computing Q\d+ would bring the block to more than 30,000,000 multiply-adds/);
    });
    it('the gates of an unrolled sequence count their weights at every step', () => {
      // RNN, H = D = 150: 150·300 multiply-adds a step, 1,000 steps: 4.5e7.
      const H = 150;
      const eye = (n: number) =>
        `[${Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? '0.1' : '0')).join(' ')).join('; ')}]`;
      const lines = [`W_x = ${eye(H)}`, `W_h = ${eye(H)}`, `h_0 = [${Array(H).fill('0').join('; ')}]`];
      for (let t = 1; t <= 1000; t++)
        lines.push(
          `x_${t} = [${Array(H)
            .fill(String(t % 2))
            .join('; ')}]`,
        );
      const d = limitOf(byCounts(fence(lines)));
      assert.match(d.message, /^computing h_\d+ would bring the block to more than 30,000,000 multiply-adds \(the per-block work limit\)/);
    });
  });

  describe('formulas per block', () => {
    it('a 1 MB formula is refused by the formula limit before it is parsed', () => {
      const bal = (d: number): string => (d === 0 ? 'x' : `(${bal(d - 1)}+${bal(d - 1)})`);
      const f = bal(18);
      const d = limitOf(byCounts(fence(['x = 1', `q = ${f}`, 'q ?= 0'])));
      assert.strictEqual(
        d.message,
        "the block's formulas would be longer than 100,000 characters with this one (the per-block limit); split the block or the formula",
      );
      assert.deepStrictEqual(d.range, range(2, 4, 2, 4 + f.length));
    });
    it('formulas under 100,000 characters in all are analysed', () => {
      const bal = (d: number): string => (d === 0 ? 'x' : `(${bal(d - 1)}+${bal(d - 1)})`);
      const a = byCounts(fence(['x = 1', `q = ${bal(14)}`, 'q ?= 16384']));
      noLimit(a);
      assert.strictEqual(a.checks[0].pass, true);
    });
  });

  describe('hints are bounded by counted work', () => {
    // An RNN sequence with square weights whose last h is stated as layout=row computes it: the
    // hint re-solves the block under each other convention, against one shared count.
    function rnnSequence(T: number, layout = ''): string {
      const H = 100;
      const w = (s: number) =>
        `[${Array.from({ length: H }, (_, r) => Array.from({ length: H }, (_, c) => (((r * 7 + c * 3 + s) % 11) - 5) / 50).join(' ')).join('; ')}]`;
      const lines = [`W_x = ${w(1)}`, `W_h = ${w(2)}`, `h_0 = [${Array(H).fill('0').join('; ')}]`];
      for (let t = 1; t <= T; t++) lines.push(`x_${t} = [${Array.from({ length: H }, (_, k) => ((t + k) % 5) / 4).join('; ')}]`);
      return fence(lines, 'rnn' + (layout ? ' ' + layout : ''));
    }
    function statedAsRow(T: number): string {
      const row = byCounts(rnnSequence(T, 'layout=row'));
      const h = row.quantities.find((q) => q.name === `h_${T}`)!.value;
      const text = rnnSequence(T);
      return text.replace(/```\n$/, `h_${T} ?= [${Array.from(h.data, (x) => x.toFixed(6)).join('; ')}]\n\`\`\`\n`);
    }
    it("the layout hint is given when the re-solves fit the hints' count (T = 300)", () => {
      const a = byCounts(statedAsRow(300));
      noLimit(a);
      assert.strictEqual(a.checks[0].pass, false);
      assert.deepStrictEqual([a.checks[0].convention?.option, a.checks[0].convention?.value], ['layout', 'row']);
    });
    it('no hint, and no limit, when they do not (T = 400)', () => {
      const a = byCounts(statedAsRow(400));
      noLimit(a);
      assert.strictEqual(a.checks[0].pass, false);
      assert.strictEqual(a.checks[0].convention, undefined);
    });
  });

  describe('scanners linear in the text (rows 1 and 8)', () => {
    it('a name of 30 repeated _a parts and a `!` is refused with a parse error at once', () => {
      const name = 'a' + '_a'.repeat(30) + '!';
      const a = byCounts(fence([`${name} = 1`]));
      const d = a.diagnostics.find((x) => x.code === 'parse')!;
      assert.strictEqual(
        d.message,
        '`a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a_a…` is not a name; a given is `NAME = value` (use `?=` to check an expression)',
      );
      assert.deepStrictEqual(d.range, range(1, 0, 1, name.length));
    });
    it('other repeated name parts (~, -, Greek, \\tilde, spaces) are refused at once too', () => {
      const names = [
        'a' + '~'.repeat(40) + '!',
        'W' + '_a-b'.repeat(30) + '!',
        'α' + '_α'.repeat(30) + '!',
        '\\tilde{c}' + '_a~'.repeat(30) + '!',
        'a' + ' _ a'.repeat(30) + ' !',
      ];
      for (const n of names) {
        const a = byCounts(fence([`${n} = 1`]));
        assert.ok(
          a.diagnostics.some((x) => x.code === 'parse' && / is not a name; /.test(x.message)),
          `${n}: ${JSON.stringify(summary(a))}`,
        );
      }
    });
    it('names with the same parts are still names', () => {
      const a = byCounts(fence(['x' + '_a'.repeat(30) + ' = 1', 'W_{xh} = 2', '\\tilde{c}_t = 3', 'b_i-f = 4', 'α_β = 5', 'q~ = 6']));
      assert.ok(!a.diagnostics.some((x) => x.code === 'parse'), JSON.stringify(summary(a)));
    });
    it('400,000 transposes in a row are one limit diagnostic at once', () => {
      const a = byCounts(fence(['x = [1]', 'y = x' + "'".repeat(400000)]));
      const d = limitOf(a);
      assert.strictEqual(
        d.message,
        "the block's formulas would be longer than 100,000 characters with this one (the per-block limit); split the block or the formula",
      );
      assert.deepStrictEqual(d.range, range(2, 4, 2, 5 + 400000));
    });
    it('99,000 transposes in a row (under the formula limit) are one depth-limit diagnostic at once', () => {
      const d = limitOf(byCounts(fence(['x = [1]', 'y = x' + "'".repeat(99000)])));
      assert.strictEqual(d.message, 'the expression nests deeper than 64 levels; split it into named steps');
      assert.deepStrictEqual(d.range, range(2, 4, 2, 5 + 99000));
    });
    it('transposes separated by spaces, after brackets and parentheses, are linear too', () => {
      for (const rhs of ['x' + " '".repeat(49000), '(x)' + "'".repeat(99000), '[1]' + "'".repeat(99000)]) {
        const d = limitOf(byCounts(fence(['x = [1]', `y = ${rhs}`])));
        assert.strictEqual(d.message, 'the expression nests deeper than 64 levels; split it into named steps');
      }
    });
    it('a quote after an operator is still refused as a string', () => {
      const a = byCounts(fence(['x = [1]', "y = x + 'a'"]));
      assert.ok(
        a.diagnostics.some((x) => x.code === 'parse' && /strings are not allowed/.test(x.message)),
        JSON.stringify(summary(a)),
      );
    });
  });
});

describe('engine: the wall-clock safety net behind the counts (SPEC §10: 1 s a block)', () => {
  it('an analysis still running when the clock passes 1 s stops with one limit diagnostic on the fence', () => {
    const markdown = fence(['x = [1; 2]', 'y = x + 1', 'y ?= [2; 3]']);
    const a = analyseWithClock(markdown, 1000, aSecondPerReading());
    const d = limitOf(a);
    assert.strictEqual(d.message, 'analysis stopped after 1000 ms (the per-block time limit); split the block or reduce its sizes');
    assert.deepStrictEqual(d.range, range(0, 0, 0, 6));
    assert.deepStrictEqual(a.checks, []);
  });
  it('a matrix literal still being read when the clock passes its deadline is refused, from its `[` to where it stopped', () => {
    const text = `[${Array(20000).fill('1').join(' ')}]`;
    const saved = { deadline: budget.deadline, now: clock.now };
    budget.deadline = 1000;
    clock.now = () => 1001;
    try {
      assert.deepStrictEqual(scanLiteral(text, 0), {
        error: 'reading this matrix took more than 1 s (the per-block limit); split it',
        at: 0,
        end: 2 * 8192,
        limit: true,
      });
    } finally {
      budget.deadline = saved.deadline;
      clock.now = saved.now;
    }
  });
  it('the same block, and a 20,000-element literal, with the clock out of the way are analysed in full', () => {
    const a = byCounts(fence(['x = [1; 2]', 'y = x + 1', 'y ?= [2; 3]']));
    noLimit(a);
    assert.strictEqual(a.checks[0].pass, true);
    const z = byCounts(fence([`Z = [${Array(20000).fill('1').join(' ')}]`, 'sum(Z) ?= 20000']));
    noLimit(z);
    assert.strictEqual(z.checks[0].pass, true);
  });
});

describe('engine: an unknown name is quoted, not echoed whole (issue 12)', () => {
  it('a 80,001-character unknown name in a formula is quoted as 40 characters, twice', () => {
    const a = byCounts(fence(['x = [1; 2]', `y = x + a${'_a'.repeat(40_000)}`]));
    const d = a.diagnostics.find((x) => x.code === 'unknown-name');
    const quoted = `a${'_a'.repeat(19)}…`;
    assert.strictEqual(d?.message, `${quoted} is not defined in this block; give it (\`${quoted} = …\`) or correct the name`);
  });
  it('a 80,001-character unknown name checked on its own is quoted as 40 characters', () => {
    const a = byCounts(fence(['x = [1; 2]', `a${'_a'.repeat(40_000)} ?= [1; 2]`]));
    const d = a.diagnostics.find((x) => x.code === 'unknown-name');
    assert.ok(d && d.message.length < 200, JSON.stringify(summary(a)).slice(0, 500));
  });
});
