// SPEC §6: the written-digits tolerance, tol= and the setting, the per-element report,
// error carried forward, the convention hint and the quick fixes on failing checks.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { block, fixture, md, only, range, ROOT, rows, value } from './helpers';
import { analyzeDocument } from '../../../src/markdown/document';
import { withSteps } from '../../../src/engine/analyze';

/** One check of a scalar `s` given as `given`, stated as `stated`. */
function scalarCheck(given: string, stated: string, info = '', settings = {}) {
  const a = block(md('rnn', [`s = ${given}`, `s ?= ${stated}`], info), 0, settings);
  assert.strictEqual(a.checks.length, 1);
  return a.checks[0];
}

describe('engine: a value within one unit that is not the correctly rounded one (issue 15)', () => {
  const roundingOf = (given: string, stated: string, info = '') => {
    const a = block(md('rnn', [`s = ${given}`, `s ?= ${stated}`], info));
    return { check: a.checks[0], warnings: a.diagnostics.filter((d) => d.code === 'rounding') };
  };
  it('the correctly rounded value passes with no warning: 0.7 for 0.6548', () => {
    const { check, warnings } = roundingOf('0.6548', '0.7');
    assert.strictEqual(check.pass, true);
    assert.deepStrictEqual(check.rounding, []);
    assert.strictEqual(warnings.length, 0);
  });
  it('0.6 for 0.6548 passes with a rounding warning that says what it rounds to', () => {
    const { check, warnings } = roundingOf('0.6548', '0.6');
    assert.strictEqual(check.pass, true);
    assert.strictEqual(check.rounding.length, 1);
    assert.strictEqual(warnings.length, 1);
    assert.strictEqual(warnings[0].severity, 'warning');
    assert.strictEqual(warnings[0].message, 'check s: 0.6548 rounds to 0.7; 0.6 is within the one-unit tolerance');
  });
  it('beyond one unit still fails: 0.5 for 0.6548', () => {
    const { check, warnings } = roundingOf('0.6548', '0.5');
    assert.strictEqual(check.pass, false);
    assert.strictEqual(warnings.length, 0);
  });
  it('a truncated four-decimal value warns: 0.9724 for 0.972478', () => {
    const { check, warnings } = roundingOf('0.972478', '0.9724');
    assert.strictEqual(check.pass, true);
    assert.match(warnings[0].message, /0\.972478 rounds to 0\.9725; 0\.9724 is within/);
  });
  it('tol= overrides the rule: no rounding warning within an explicit tolerance', () => {
    const { check, warnings } = roundingOf('0.6548', '0.6', 'tol=0.1');
    assert.strictEqual(check.pass, true);
    assert.strictEqual(warnings.length, 0);
  });
  it('integers keep their half-unit rule and never warn: 1 for 0.9999', () => {
    const { check, warnings } = roundingOf('0.9999', '1');
    assert.strictEqual(check.pass, true);
    assert.strictEqual(warnings.length, 0);
  });
  it('the warning names the element of a vector: R_t ?= [0.6, 0.5] for [0.6527; 0.4975]', () => {
    const a = block(fixture('rounding.md'));
    assert.strictEqual(a.checks[0].pass, true);
    assert.deepStrictEqual(
      a.checks[0].rounding.map((m) => [m.row, m.col]),
      [[0, 0]],
    );
    assert.strictEqual(only(a, 'rounding').message, 'check h: element 1: 0.6527 rounds to 0.7; 0.6 is within the one-unit tolerance');
  });
});

describe('engine: tolerance (SPEC §6)', () => {
  it('0.9719 allows ±0.0001: 0.9720 passes', () => {
    assert.strictEqual(scalarCheck('0.9720', '0.9719').pass, true);
  });
  it('0.9719 allows ±0.0001: 0.97205 fails', () => {
    assert.strictEqual(scalarCheck('0.97205', '0.9719').pass, false);
  });
  it('the last written zero counts: 0.9720 vs 0.97205 allows ±0.0001 only', () => {
    assert.strictEqual(scalarCheck('0.97215', '0.9720').pass, false);
    assert.strictEqual(scalarCheck('0.97195', '0.9720').pass, true);
  });
  it('fewer digits, wider tolerance: 0.97 allows ±0.01', () => {
    assert.strictEqual(scalarCheck('0.9719', '0.97').pass, true);
    assert.strictEqual(scalarCheck('0.9819', '0.97').pass, false);
  });
  it('integers allow half a unit: 1 passes for 0.9999', () => {
    assert.strictEqual(scalarCheck('0.9999', '1').pass, true);
  });
  it('integers allow half a unit: 2 fails for 1.2', () => {
    const c = scalarCheck('1.2', '2');
    assert.strictEqual(c.pass, false);
    assert.strictEqual(c.mismatches.length, 1);
    assert.ok(Math.abs(c.mismatches[0].units - 0.8) < 1e-9);
  });
  it('integers: 1 fails for 1.6 (over half a unit)', () => {
    assert.strictEqual(scalarCheck('1.6', '1').pass, false);
  });
  it('exponents count: 1.5e-3 allows ±0.0001', () => {
    assert.strictEqual(scalarCheck('0.00159', '1.5e-3').pass, true);
    assert.strictEqual(scalarCheck('0.00162', '1.5e-3').pass, false);
  });
  it('tol=1e-3 is absolute: 0.9728 passes and 0.9730 fails for 0.9719', () => {
    assert.strictEqual(scalarCheck('0.9719', '0.9728', 'tol=1e-3').pass, true);
    const c = scalarCheck('0.9719', '0.9730', 'tol=1e-3');
    assert.strictEqual(c.pass, false);
    assert.strictEqual(c.tolerance, '±0.001');
  });
  it('tol=0.1% is relative: 100.09 passes and 100.2 fails for 100', () => {
    assert.strictEqual(scalarCheck('100', '100.09', 'tol=0.1%').pass, true);
    const c = scalarCheck('100', '100.2', 'tol=0.1%');
    assert.strictEqual(c.pass, false);
    assert.strictEqual(c.tolerance, '±0.1% relative');
  });
  it('tol= also works in braces: {tol=1e-3}', () => {
    assert.strictEqual(scalarCheck('0.9719', '0.9728', '{tol=1e-3}').pass, true);
  });
  it('the settings tolerance overrides the written-digits rule', () => {
    assert.strictEqual(scalarCheck('0.9719', '0.9721').pass, false);
    assert.strictEqual(scalarCheck('0.9719', '0.9721', '', { tolerance: { kind: 'abs', value: 1e-3 } }).pass, true);
  });
  it('a block tol= overrides the settings tolerance', () => {
    const c = scalarCheck('0.9719', '0.9730', 'tol=1e-3', { tolerance: { kind: 'abs', value: 0.5 } });
    assert.strictEqual(c.pass, false);
  });
  it('a formula on the right side is compared at relative 1e-9', () => {
    const a = block(md('rnn', ['g = [3; 4]', 'norm(g) ?= sum(g) - 2', 'norm(g) ?= sum(g) - 2.0000001']));
    assert.deepStrictEqual(
      a.checks.map((c) => c.pass),
      [true, false],
    );
    assert.strictEqual(a.checks[0].formula, true);
  });
});

describe('engine: per-element failure report (SPEC §6)', () => {
  const a = block(fixture('check.md'));
  const c = a.checks[0];

  it('names the failing element, stated vs computed and the units', () => {
    assert.strictEqual(c.pass, false);
    assert.deepStrictEqual(
      c.mismatches.map((m) => [m.row, m.col, m.stated]),
      [[1, 0, -0.0998]],
    );
    assert.ok(Math.abs(c.mismatches[0].computed - -0.09966799462495582) < 1e-12);
    assert.ok(Math.abs(c.mismatches[0].units - 1.32) < 0.01);
  });
  it('the check diagnostic says which element, stated, computed, units', () => {
    const d = only(a, 'check');
    assert.strictEqual(d.severity, 'error');
    assert.deepStrictEqual(d.range, range(7, 5, 7, 22));
    assert.strictEqual(d.message, 'check h: element 2 is -0.0998 but computes to -0.099668 (off by 1.3 units in the last written digit)');
  });
  it('a matrix check reports (row, column)', () => {
    const b = block(md('rnn', ['P = [1 2; 3 4]', 'P ?= [1 2; 3 4.5]']));
    const d = only(b, 'check');
    assert.match(d.message, /element \(2, 2\) is 4\.5 but computes to 4/);
  });
  it('only the first four mismatches are spelled out', () => {
    const b = block(md('rnn', ['v = [1; 2; 3; 4; 5; 6]', 'v ?= [2; 3; 4; 5; 6; 7]']));
    assert.strictEqual(b.checks[0].mismatches.length, 6);
    assert.match(only(b, 'check').message, /and 2 more$/);
  });
  it('a stated value of the wrong shape says both shapes', () => {
    const b = block(md('rnn', ['v = [1; 2; 3]', 'v ?= [1; 2]']));
    assert.strictEqual(only(b, 'check').message, 'check v: the stated value is 2×1 but v is 3×1');
    assert.strictEqual(only(b, 'check').fixes.length, 0, 'no replace fix for a wrong shape');
  });
  it('a 1-D list, a 1×n and an n×1 literal state the same vector', () => {
    const b = block(md('rnn', ['v = [1; 2]', 'v ?= [1, 2]', 'v ?= [1 2]', 'v ?= [[1], [2]]']));
    assert.deepStrictEqual(
      b.checks.map((x) => x.pass),
      [true, true, true],
    );
  });
});

describe('engine: quick fixes on failing checks', () => {
  it('replaces a failing check value with the computed one (column vector)', () => {
    const a = block(fixture('check.md'));
    const fix = only(a, 'check').fixes.find((f) => f.kind === 'replace-check');
    assert.ok(fix);
    assert.deepStrictEqual(fix.edits, [{ range: range(7, 5, 7, 22), newText: '[0.8005; -0.0997]' }]);
  });
  it('keeps a row vector as a 1-D list in row layout', () => {
    const a = block(fixture('fix-z-write.md'));
    const fix = only(a, 'check').fixes.find((f) => f.kind === 'replace-check');
    assert.deepStrictEqual(fix!.edits, [{ range: range(12, 7, 12, 23), newText: '[0.3086, -0.0910]' }]);
  });
  it('replaces a bare number by a bare number', () => {
    const a = block(md('rnn', ['g = [3; 4]', 'norm(g) ?= 5.0002']));
    const fix = only(a, 'check').fixes[0];
    assert.deepStrictEqual(fix.edits, [{ range: range(2, 11, 2, 17), newText: '5' }]);
  });
  it('replaces a matrix with rows separated by ;', () => {
    const a = block(md('rnn', ['P = [1 2; 3 4]', 'P ?= [1 2; 3 5]']));
    assert.strictEqual(only(a, 'check').fixes[0].edits[0].newText, '[1 2; 3 4]');
  });
  it('sets z=write in a fence with braces: {layout=row z=write}', () => {
    const a = block(fixture('fix-z-write.md'));
    const fix = only(a, 'check').fixes.find((f) => f.kind === 'set-option');
    assert.ok(fix, 'a set-option fix');
    assert.strictEqual(fix.title, 'Set z=write for this block');
    assert.deepStrictEqual(fix.edits, [{ range: range(0, 18, 0, 18), newText: ' z=write' }]);
  });
  it('sets z=write after the options of a bare fence (examples/gru.md)', () => {
    const a = block(fixture('../../../examples/gru.md'));
    const fix = only(a, 'check').fixes.find((f) => f.kind === 'set-option');
    assert.deepStrictEqual(fix!.edits, [{ range: range(0, 17, 0, 17), newText: ' z=write' }]); // the fence line (document line 9)
  });
  it('replaces an existing z=keep with z=write', () => {
    const text = fixture('fix-z-write.md').replace('{layout=row}', 'layout=row z=keep');
    const a = block(text);
    const fix = only(a, 'check').fixes.find((f) => f.kind === 'set-option');
    assert.deepStrictEqual(fix!.edits, [{ range: range(0, 18, 0, 24), newText: 'z=write' }]);
  });
  it('applying the z=write fix makes the check pass', () => {
    const text = fixture('fix-z-write.md');
    const fix = only(block(text), 'check').fixes.find((f) => f.kind === 'set-option')!;
    const lines = text.split('\n');
    const e = fix.edits[0];
    const l = lines[e.range.start.line];
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
    const after = block(lines.join('\n'));
    assert.strictEqual(after.checks[0].pass, true);
    assert.strictEqual(after.options.z, 'write');
  });
});

describe('engine: error carried forward (SPEC §6)', () => {
  const a = block(fixture('carried-forward.md'));

  it('a c consistent with a wrong stated g names g', () => {
    const c = a.checks.find((x) => x.name === 'c')!;
    assert.strictEqual(c.pass, false);
    assert.strictEqual(c.carriedForward, 'c is right for the g you wrote; g is where it goes wrong');
  });
  it('the wrong g itself is not carried forward', () => {
    const g = a.checks.find((x) => x.name === 'g')!;
    assert.strictEqual(g.pass, false);
    assert.strictEqual(g.carriedForward, undefined);
  });
  it('the c diagnostic says so and points at the operands', () => {
    const d = a.diagnostics.find((x) => x.code === 'check' && x.message.startsWith('check c'))!;
    assert.match(d.message, /; c is right for the g you wrote; g is where it goes wrong$/);
    assert.deepStrictEqual(d.related.map((r) => r.message).sort(), ['c_prev used in c', 'f used in c', 'i used in c']);
  });
  it('a slip that does not follow from the stated inputs is where it goes wrong (lstm-exam Q2)', () => {
    const q2 = block(fixture('../../../examples/lstm-exam.md'), 1);
    const c = q2.checks.find((x) => x.name === 'c')!;
    assert.strictEqual(c.carriedForward, undefined);
    assert.match(
      q2.diagnostics.find((d) => d.message.startsWith('check c'))!.message,
      /it does not follow from your stated g either, so this step is where it goes wrong/,
    );
  });
});

describe('engine: convention hints (SPEC §6)', () => {
  it('GRU h stated with z=write (examples/gru.md) → hint z=write', () => {
    const a = block(fixture('../../../examples/gru.md'));
    const h = a.checks.find((c) => c.name === 'h')!;
    assert.strictEqual(h.pass, false);
    assert.deepStrictEqual({ option: h.convention?.option, value: h.convention?.value }, { option: 'z', value: 'write' });
    assert.match(only(a, 'check').message, /your H_t matches the Colah\/Chung update \(z=write\)/);
  });

  // The stated value is what the block computes with the other convention set explicitly.
  function hintFor(kind: string, lines: string[], info: string, option: string, target = 'h') {
    const withOption = block(md(kind, lines, [info, option].filter(Boolean).join(' ')));
    const stated = rows(value(withOption, target))
      .map((r) => r.map((x) => x.toFixed(6)).join(' '))
      .join('; ');
    const a = block(md(kind, [...lines, `${target} ?= [${stated}]`], info));
    const c = a.checks.find((x) => x.name === target)!;
    assert.strictEqual(c.pass, false, 'fails under the block’s own convention');
    return c.convention;
  }
  const gru = [
    'x = [1; 2]',
    'h_prev = [0.5; -0.5]',
    'W_xr = [0.1 0.2; 0.3 0.4]',
    'W_hr = [0.5 0; 0 0.5]',
    'b_r = [0; 0.1]',
    'W_xz = [0.2 -0.1; 0.1 0.3]',
    'W_hz = [0.1 0.1; 0.2 0]',
    'b_z = [0; 0]',
    'W_xh = [0.3 0.1; -0.2 0.4]',
    'W_hh = [0.2 -0.3; 0.1 0.2]',
    'b_h = [0.1; 0]',
  ];
  it('GRU h stated with reset=after → hint reset=after', () => {
    const hint = hintFor('gru', gru, '', 'reset=after');
    assert.deepStrictEqual([hint?.option, hint?.value], ['reset', 'after']);
  });
  const lstm = [
    'x = [1; 2]',
    'h_prev = [0.5; -0.25]',
    'c_prev = [0.1; 0.2]',
    'W_f = [0.1 0.2 0.3 0.4; 0.5 -0.6 0.7 0.8]',
    'W_i = [0.2 0.1 -0.3 0.4; 0.5 0.6 0.1 0.8]',
    'W_o = [0.3 0.2 0.3 -0.4; 0.1 0.6 0.7 0.2]',
    'W_c = [0.4 -0.2 0.3 0.1; 0.5 0.3 -0.7 0.8]',
  ];
  it('LSTM h stated with v = [x; h_prev] → hint concat=xh', () => {
    const hint = hintFor('lstm', lstm, '', 'concat=xh');
    assert.deepStrictEqual([hint?.option, hint?.value], ['concat', 'xh']);
  });
  it('RNN h stated with transposed weights → hint layout=row', () => {
    const rnn = ['x = [1; 2]', 'h_prev = [0.5; -0.5]', 'W_x = [0.5 -1; 1 0.5]', 'W_h = [0.3 0.1; -0.2 0.4]', 'b = [0.1; -0.1]'];
    const hint = hintFor('rnn', rnn, '', 'layout=row');
    assert.deepStrictEqual([hint?.option, hint?.value], ['layout', 'row']);
  });
  it('GRU packed weights stated with another gate order → hint order=zrn', () => {
    const packed = [
      'x = [1; 2]',
      'h_prev = [0.5; -0.5]',
      'weight_ih = [0.1 0.2; 0.3 0.4; 0.2 -0.1; 0.1 0.3; 0.3 0.1; -0.2 0.4]',
      'weight_hh = [0.5 0; 0 0.5; 0.1 0.1; 0.2 0; 0.2 -0.3; 0.1 0.2]',
      'bias_ih = [0; 0.1; 0; 0; 0.1; 0]',
      'bias_hh = [0; 0; 0.1; 0; 0; 0.2]',
    ];
    const hint = hintFor('gru', packed, '', 'order=zrn');
    assert.deepStrictEqual([hint?.option, hint?.value], ['order', 'zrn']);
  });
  it('no hint when no convention explains the stated value', () => {
    const a = block(fixture('check.md'));
    assert.strictEqual(a.checks[0].convention, undefined);
    assert.ok(!only(a, 'check').fixes.some((f) => f.kind === 'set-option'));
  });
});

describe("engine: a failing check points at its step's givens", () => {
  // Every step of every example, checked against a wrong value: the diagnostic's related ranges
  // are the givens among the operands that step shows (the hints read the same step).
  const notes = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.md'));
  it('in every example, for every step a check can name', () => {
    let compared = 0;
    for (const file of notes) {
      const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
      for (const { block: b, analysis } of analyzeDocument(text).blocks) {
        const steps = withSteps(b, analysis).steps;
        const givens = new Map(analysis.quantities.filter((q) => q.origin === 'given').map((q) => [q.name, q.range]));
        for (const step of steps) {
          if (!/^[A-Za-z]+(_\d+)?$/.test(step.target) || step.result.data.length > 64) continue;
          const m = step.result;
          const rowsText = Array.from({ length: m.rows }, (_, r) =>
            Array.from({ length: m.cols }, (_, c) => (m.data[r * m.cols + c] + 1).toFixed(4)).join(', '),
          );
          const lines = text.split('\n');
          const end = b.range.end.line; // the closing fence, counted from the block's opening fence
          lines.splice(b.line + end, 0, `${step.target} ?= [${rowsText.join('; ')}]`);
          const again = analyzeDocument(lines.join('\n')).blocks.find((x) => x.block.line === b.line)!;
          const d = again.analysis.diagnostics.find((x) => x.code === 'check' && x.range.start.line === end);
          const check = again.analysis.checks.find((c) => c.range.start.line === end);
          // A name this note reads as another (Coursera's a is h), or a value another convention explains.
          if (!d || check?.name !== step.target) continue;
          const want = step.operands.flatMap((o) => (givens.has(o.name) && givens.get(o.name) ? [givens.get(o.name)] : []));
          assert.deepStrictEqual(
            d.related.map((r) => r.range),
            want,
            `${file}: ${step.target} ?= … relates ${d.related.map((r) => r.message).join(', ')}`,
          );
          compared++;
        }
      }
    }
    assert.ok(compared > 40, `only ${compared} steps compared`);
  });
});
