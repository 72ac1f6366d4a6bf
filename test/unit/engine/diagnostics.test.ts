// SPEC §7: every diagnostic code with its severity, exact 0-based range and a message that says
// what is wrong, what was expected and how to fix it. One Markdown fixture per case.
import * as assert from 'assert';
import type { DiagnosticCode, Range, Severity } from '../../../src/engine/types';
import { inDocument } from '../../../src/markdown/blocks';
import { RULES } from '../../../src/cli/formats/rules';
import { assertWellFormed, block, fixture, located, only, range } from './helpers';

interface Case {
  readonly file: string;
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly range: Range;
  readonly message: string | RegExp;
  /** Index of the diagnostic among those with this code (default: the only one). */
  readonly nth?: number;
}

const CASES: Case[] = [
  {
    file: 'parse-ragged.md',
    code: 'parse',
    severity: 'error',
    range: range(4, 6, 4, 14),
    message: 'ragged matrix: row 2 has 1 entry but row 1 has 2',
  },
  {
    file: 'parse-statement.md',
    code: 'parse',
    severity: 'error',
    range: range(2, 0, 2, 14),
    message: 'expected `NAME = value` (a given) or `NAME ?= value` (a check), found `the input is x`',
  },
  {
    file: 'shape.md',
    code: 'shape',
    severity: 'error',
    range: range(5, 0, 5, 3),
    message: 'shape: W_i is 3×8 but [h_prev; x] is 7×1 (h_prev has 3 rows, x has 4): W_i needs 7 columns',
  },
  {
    file: 'check.md',
    code: 'check',
    severity: 'error',
    range: range(7, 5, 7, 22),
    message: 'check h: element 2 is -0.0998 but computes to -0.099668 (off by 1.3 units in the last written digit)',
  },
  {
    file: 'rounding.md',
    code: 'rounding',
    severity: 'warning',
    range: range(7, 5, 7, 15),
    message: 'check h: element 1: 0.6527 rounds to 0.7; 0.6 is within the one-unit tolerance',
  },
  {
    file: 'placeholder.md',
    code: 'placeholder',
    severity: 'info',
    range: range(7, 0, 7, 4),
    message: 'h ?= is left to fill in (h is 2×1); Insert results writes the computed value',
  },
  {
    file: 'missing.md',
    code: 'missing',
    severity: 'info',
    range: range(0, 0, 0, 7),
    nth: 0,
    message: 'c is not computed: give W_i, W_c (or give c itself)',
  },
  {
    file: 'unknown-name.md',
    code: 'unknown-name',
    severity: 'error',
    range: range(2, 8, 2, 13),
    message: 'bogus is not defined in this block; give it (`bogus = …`) or correct the name',
  },
  {
    file: 'assumed.md',
    code: 'assumed',
    severity: 'info',
    range: range(0, 0, 0, 6),
    nth: 0,
    message: 'h_prev not given: taken as zeros (2×1)',
  },
  {
    file: 'given-overrides.md',
    code: 'given-overrides',
    severity: 'info',
    range: range(6, 0, 6, 1),
    message: 'f is given, and the weights give [0.7408; 0.9047]; the given value is used',
  },
  {
    file: 'cycle.md',
    code: 'cycle',
    severity: 'error',
    range: range(1, 0, 1, 1),
    message: 'cycle: p → q → p; a value cannot depend on itself — give one of them as numbers',
  },
  {
    file: 'numeric.md',
    code: 'numeric',
    severity: 'warning',
    range: range(2, 4, 2, 14),
    message: 'q contains NaN or ∞; check the value or the expression that produced it',
  },
  {
    file: 'limit-steps.md',
    code: 'limit',
    severity: 'error',
    range: range(0, 0, 0, 6),
    message: 'the block unrolls 1001 steps, over the limit of 1000',
  },
  {
    file: 'limit-depth.md',
    code: 'limit',
    severity: 'error',
    range: range(2, 4, 2, 145),
    message: 'the expression nests deeper than 64 levels; split it into named steps',
  },
  {
    file: 'option.md',
    code: 'option',
    severity: 'warning',
    range: range(0, 23, 0, 28),
    nth: 1,
    message:
      'unknown option `foo`; valid options are layout, reset, z, concat, act, bias, precision, tol, order, names, out, params, layers, bidirectional, a, vary',
  },
];

describe('engine: diagnostics with exact ranges (SPEC §7)', () => {
  for (const c of CASES) {
    it(`${c.code} (${c.file}): ${typeof c.message === 'string' ? c.message : c.message.source}`, () => {
      // The table gives document positions; the analysis counts lines from the block's fence.
      const { block: b, analysis: a } = located(fixture(c.file));
      assertWellFormed(a);
      const ds = a.diagnostics.filter((d) => d.code === c.code);
      const d = c.nth === undefined ? only(a, c.code) : ds[c.nth];
      assert.ok(d, `no ${c.code} diagnostic #${c.nth}`);
      assert.strictEqual(d.severity, c.severity);
      assert.deepStrictEqual(inDocument(d.range, b.line), c.range);
      if (typeof c.message === 'string') assert.strictEqual(d.message, c.message);
      else assert.match(d.message, c.message);
    });
  }

  it('every diagnostic code (SPEC §7, as RULES lists them) has a fixture', () => {
    for (const code of Object.keys(RULES))
      assert.ok(
        CASES.some((c) => c.code === code),
        code,
      );
  });

  it('the shape error points at the other operands (related locations)', () => {
    const d = only(block(fixture('shape.md')), 'shape');
    // lines from the fence (document line 2)
    assert.deepStrictEqual(d.related, [
      { range: range(1, 0, 1, 6), message: 'h_prev is 3×1' },
      { range: range(2, 0, 2, 1), message: 'x is 4×1' },
    ]);
  });
  it('a W with both sizes wrong says the whole shape it needs', () => {
    const text = fixture('shape.md').replace(
      'W_i = [1 0 0 0 0 0 0 0; 0 1 0 0 0 0 0 0; 0 0 1 0 0 0 0 0]',
      'W_i = [1 0 0 0 0 0 0 0; 0 1 0 0 0 0 0 0; 0 0 1 0 0 0 0 0; 0 0 0 1 0 0 0 0]',
    );
    assert.strictEqual(
      only(block(text), 'shape').message,
      'shape: W_i is 4×8 but [h_prev; x] is 7×1 (h_prev has 3 rows, x has 4): W_i needs 3×7',
    );
  });
  it('the cycle points at the other member', () => {
    const d = only(block(fixture('cycle.md')), 'cycle');
    assert.deepStrictEqual(d.related, [{ range: range(2, 0, 2, 1), message: 'q is part of the cycle' }]);
  });
  it('a given twice is a parse error pointing at the first', () => {
    const a = block('```rnn\nx = [1]\nx = [2]\n```\n');
    const d = only(a, 'parse');
    assert.deepStrictEqual(d.range, range(2, 0, 2, 1));
    assert.strictEqual(d.message, 'x is given twice (first 1 line above); keep one, or use ?= to check it');
    assert.deepStrictEqual(d.related, [{ range: range(1, 0, 1, 1), message: 'first given here' }]);
  });
  it('a non-name on the left of = is a parse error that suggests ?=', () => {
    const d = only(block('```rnn\nx = [1]\nx + 1 = 2\n```\n'), 'parse');
    assert.deepStrictEqual(d.range, range(2, 0, 2, 5));
    assert.match(d.message, /is not a name; a given is `NAME = value` \(use `\?=` to check an expression\)/);
  });
  it('a weight the kind does not use is an unknown-name warning listing the right ones', () => {
    const d = only(block('```rnn\nx = [1]\nW_f = [1]\n```\n'), 'unknown-name');
    assert.strictEqual(d.severity, 'warning');
    assert.deepStrictEqual(d.range, range(2, 0, 2, 3));
    assert.match(d.message, /^W_f is not a weight of a RNN block, so the cell does not use it; RNN weights are W, W_x, W_h/);
  });
  it('a vector quantity given as a matrix is a shape error', () => {
    const d = only(block('```rnn\nx = [1; 2]\na = [1 2; 3 4]\n```\n'), 'shape');
    assert.deepStrictEqual(d.range, range(2, 4, 2, 14));
    assert.strictEqual(d.message, 'shape: a is 2×2 but it is a vector (n×1); write it as [a; b; …]');
  });
  it('ranges follow block quotes and list indentation', () => {
    const text = '> ```rnn\n> x = [1; 2]\n> W_x = [1 2; 3]\n> ```\n';
    const d = only(block(text), 'parse');
    assert.deepStrictEqual(d.range, range(2, 8, 2, 16));
    const listed = '- item\n\n  ```rnn\n  x = [1; 2]\n  W_x = [1 2; 3]\n  ```\n';
    assert.deepStrictEqual(only(block(listed), 'parse').range, range(2, 8, 2, 16)); // lines from the fence (document line 2)
  });
  it('diagnostics are sorted by position', () => {
    const a = block(fixture('missing.md'));
    const keys = a.diagnostics.map((d) => d.range.start.line * 1e6 + d.range.start.character);
    assert.deepStrictEqual(
      keys,
      [...keys].sort((x, y) => x - y),
    );
  });
});
