// SPEC §3 / issue 6: nothing of mathjs beyond its parser is reachable from a block. Every escape
// is refused with a clear diagnostic (parse or unknown-name) and never executed.
import * as assert from 'assert';
import type { DiagnosticCode } from '../../../src/engine/types';
import { assertWellFormed, block } from './helpers';

const g = globalThis as Record<string, unknown>;

/** A block with a given x and one check whose right side is the hostile expression. */
function attempt(expr: string, left = 'x') {
  return block(['```rnn', 'x = [1; 2]', `${left} ?= ${expr}`, '```', ''].join('\n'));
}

interface Attack {
  readonly expr: string;
  readonly code: DiagnosticCode;
  readonly message: RegExp;
  readonly left?: string;
}

const ATTACKS: [string, Attack][] = [
  [
    'import(…)',
    {
      expr: 'import({pwned: 1}, {override: true})',
      code: 'unknown-name',
      message: /^unknown function `import`; a block may call only sigmoid, tanh/,
    },
  ],
  ['createUnit(…)', { expr: 'createUnit("pwned")', code: 'unknown-name', message: /^unknown function `createUnit`/ }],
  ['config({})', { expr: 'config({number: "BigNumber"})', code: 'unknown-name', message: /^unknown function `config`/ }],
  ['evaluate("1")', { expr: 'evaluate("1")', code: 'unknown-name', message: /^unknown function `evaluate`/ }],
  ['parse("x")', { expr: 'parse("x")', code: 'unknown-name', message: /^unknown function `parse`/ }],
  ['simplify(…)', { expr: 'simplify(x)', code: 'unknown-name', message: /^unknown function `simplify`/ }],
  ['compile(…)', { expr: 'compile(x)', code: 'unknown-name', message: /^unknown function `compile`/ }],
  ['typed(…)', { expr: 'typed(x)', code: 'unknown-name', message: /^unknown function `typed`/ }],
  ['chain(…)', { expr: 'chain(x)', code: 'unknown-name', message: /^unknown function `chain`/ }],
  [
    'an unknown function',
    {
      expr: 'cos(x)',
      code: 'unknown-name',
      message:
        /^unknown function `cos`; a block may call only sigmoid, tanh, relu, softmax, exp, log, norm, clip, clip_norm, clip_grad_norm, clip_value, clip_rows, onehot, transpose, sum, max, grad \(and σ\)$/,
    },
  ],
  [
    'property access a.constructor',
    { expr: 'x.constructor', code: 'parse', message: /^property access \(`\.name`\) is not allowed in a block$/ },
  ],
  ['["constructor"] indexing', { expr: 'x["constructor"]', code: 'parse', message: /^strings are not allowed in a block/ }],
  [
    'a double-quoted string',
    { expr: '"abc"', code: 'parse', message: /^strings are not allowed in a block; values are numbers and matrices$/ },
  ],
  ['a single-quoted string', { expr: "'abc'", code: 'parse', message: /^strings are not allowed in a block/ }],
  ['a function definition f(x) = x', { expr: 'f(x) = x', code: 'unknown-name', message: /^unknown function `f`/ }],
  ['a function definition with a subscripted name', { expr: 'g_1(t) = t', code: 'parse', message: /not allowed|cannot read/ }],
  ['an arrow function x => x', { expr: 'x => x', code: 'parse', message: /^cannot read this expression/ }],
  ['this', { expr: 'this', code: 'unknown-name', message: /^this is not defined in this block/ }],
  ['__proto__', { expr: '__proto__', code: 'unknown-name', message: /is not a name of this block|not defined/ }],
  ['prototype pollution through x.__proto__', { expr: 'x.__proto__.polluted', code: 'parse', message: /^property access/ }],
  [
    'constructor chain sum.constructor("…")()',
    { expr: 'sum.constructor("return process")()', code: 'unknown-name', message: /^unknown function `constructor`/ },
  ],
  ['Function via a call of a call', { expr: 'sum(x)("return 1")', code: 'parse', message: /not allowed|cannot read/ }],
  ['assignment inside an expression', { expr: '(q = sum)', code: 'parse', message: /^assignment inside an expression is not allowed/ }],
  ['an object literal', { expr: '{a: 1}', code: 'parse', message: /^unexpected `\{`; group with \( \)$/ }],
  ['a conditional', { expr: 'x ? 1 : 2', code: 'parse', message: /^conditionals `a \? b : c` are not allowed in a block$/ }],
  ['a range', { expr: '1:3', code: 'parse', message: /^ranges `a:b` are not allowed in a block$/ }],
  ['a comparison', { expr: 'x == x', code: 'parse', message: /^the operator `==` is not allowed in a block$/ }],
  ['several statements with ;', { expr: 'x; 1', code: 'parse', message: /^one statement per line/ }],
  ['a factorial', { expr: '2!', code: 'parse', message: /^the operator `!` is not allowed/ }],
  ['units 5 cm', { expr: '5 cm', code: 'unknown-name', message: /cm is not defined/ }],
  ['a template string', { expr: '`x`', code: 'parse', message: /^cannot read this expression/ }],
  ['an unknown LaTeX command', { expr: '\\input{/etc/passwd}', code: 'parse', message: /^unknown LaTeX command `\\input`/ }],
];

describe('engine: the mathjs allowlist (security)', () => {
  beforeEach(() => {
    delete g.pwned;
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  for (const [what, a] of ATTACKS) {
    it(`refuses ${what}: ${a.code}`, () => {
      const analysis = attempt(a.expr, a.left);
      assertWellFormed(analysis);
      const d = analysis.diagnostics.find((x) => x.severity === 'error');
      assert.ok(d, `no error for ${a.expr}: ${JSON.stringify(analysis.diagnostics)}`);
      assert.strictEqual(d.code, a.code, `${a.expr}: ${d.message}`);
      assert.match(d.message, a.message);
      assert.strictEqual(d.range.start.line, 2, 'on the line of the expression');
      // Never executed: the check has no stated value, and nothing leaked.
      const c = analysis.checks[0];
      if (c) assert.strictEqual(c.pass, false);
      assert.strictEqual(g.pwned, undefined);
      assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('x[2] is never an index: it reads as x times [2] (implicit multiplication)', () => {
    const a = attempt('x[2]');
    assert.deepStrictEqual(Array.from(a.checks[0].stated!.data), [2, 4]);
  });
  it('the diagnostic range covers the refused function name', () => {
    const d = attempt('import({pwned: 1})').diagnostics.find((x) => x.code === 'unknown-name')!;
    assert.deepStrictEqual(d.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 11 } });
  });
  it('a given cannot redefine a built-in: tanh = 5 leaves tanh(…) the function', () => {
    const a = block(['```rnn', 'tanh = 5', 'v = [0; 1]', 'q = tanh(v)', 'q ?= [0; 0.7616]', '```', ''].join('\n'));
    assert.strictEqual(a.checks[0].pass, true);
  });
  it('a given named like a mathjs function (sin = 3) is just a name', () => {
    const a = block(['```rnn', 'sin = 3', 'sin ?= 3', '```', ''].join('\n'));
    assert.strictEqual(a.checks[0].pass, true);
    assert.strictEqual(g.pwned, undefined);
  });
  it('constructor / __proto__ / prototype as given names pollute nothing', () => {
    const a = block(
      ['```rnn', 'constructor = 1', 'prototype = 2', '__proto__ = 3', 'q = constructor + prototype', 'q ?= 3', '```', ''].join('\n'),
    );
    assertWellFormed(a);
    assert.strictEqual(({} as Record<string, unknown>).constructor, Object);
    assert.strictEqual(Object.getPrototypeOf({}), Object.prototype);
    assert.ok(!('polluted' in {}));
  });
  it('toString / valueOf / hasOwnProperty as names do not reach Object.prototype', () => {
    const a = block(['```rnn', 'q ?= toString + valueOf + hasOwnProperty', '```', ''].join('\n'));
    assertWellFormed(a);
    assert.ok(a.diagnostics.some((d) => d.severity === 'error'));
  });
  it('published escape: cos.constructor("…")() through a function object', () => {
    const a = attempt('cos.constructor("process.exit(1)")()');
    assert.ok(a.diagnostics.some((d) => d.code === 'unknown-name' || d.code === 'parse'));
  });
  it('published escape: [].map.constructor through an array literal', () => {
    const a = attempt('[1].map.constructor("globalThis.pwned = 1")()');
    assert.ok(a.diagnostics.some((d) => d.code === 'unknown-name' || d.code === 'parse'));
    assert.strictEqual(g.pwned, undefined);
  });
  it('published escape: evaluate via a string concatenation', () => {
    const a = attempt('evaluate("glob" + "alThis")');
    assert.ok(a.diagnostics.some((d) => d.code === 'unknown-name'));
  });
  it('published escape: import with a function to override a built-in', () => {
    const a = attempt('import({sigmoid: f(x) = 42}, {override: true})');
    assert.ok(a.diagnostics.some((d) => d.code === 'unknown-name'));
    const b = block(['```rnn', 'v = [0]', 'sigmoid(v) ?= 0.5', '```', ''].join('\n'));
    assert.strictEqual(b.checks[0].pass, true, 'sigmoid is untouched');
  });
  it('the left side of a check is held to the same allowlist', () => {
    const a = block(['```rnn', 'x = [1]', 'evaluate("1") ?= 1', '```', ''].join('\n'));
    const d = a.diagnostics.find((x) => x.severity === 'error')!;
    assert.strictEqual(d.code, 'unknown-name');
    assert.deepStrictEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } });
  });
  it('a given value is held to the same allowlist', () => {
    const a = block(['```rnn', 'q = import({pwned: 1})', '```', ''].join('\n'));
    assert.strictEqual(a.diagnostics.find((x) => x.severity === 'error')!.code, 'unknown-name');
    assert.strictEqual(g.pwned, undefined);
  });
  it('option keys named like Object.prototype members are unknown options (no crash)', () => {
    const a = block(['```rnn constructor=1 toString __proto__=2 hasOwnProperty=x', 'x = [1]', '```', ''].join('\n'));
    assertWellFormed(a);
    const ds = a.diagnostics.filter((d) => d.code === 'option');
    assert.deepStrictEqual(
      ds.map((d) => d.message.split(';')[0]),
      ['unknown option `constructor`', 'unknown option `toString`', 'unknown option `__proto__`', 'unknown option `hasOwnProperty`'],
    );
    assert.deepStrictEqual(ds[1].range, { start: { line: 0, character: 21 }, end: { line: 0, character: 29 } });
  });
  it('LaTeX commands named like Object.prototype members are unknown commands', () => {
    for (const cmd of ['\\constructor', '\\toString', '\\valueOf', '\\hasOwnProperty']) {
      const a = attempt(`${cmd} x`);
      const d = a.diagnostics.find((x) => x.severity === 'error')!;
      assert.strictEqual(d.code, 'parse', cmd);
      assert.match(d.message, /^unknown LaTeX command/);
    }
  });
  it('a given named constructor has a plain meaning, not Object.prototype’s', () => {
    const a = block(['```rnn', 'constructor = [1; 2]', 'toString = 3', '```', ''].join('\n'));
    for (const q of a.quantities) assert.strictEqual(typeof q.meaning, 'string', q.name);
    assert.strictEqual(a.quantities.find((q) => q.name === 'constructor')!.meaning, 'defined in the block');
  });
  it('options are data, never code: a quoted option value is only compared', () => {
    const a = block(['```rnn layout="row" tol="constructor"', 'x = [1]', '```', ''].join('\n'));
    assertWellFormed(a);
    assert.ok(a.diagnostics.some((d) => d.code === 'option' && /tol=constructor/.test(d.message)));
  });
});
