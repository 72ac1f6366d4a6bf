// SPEC §3: every matrix literal style parses to the same value; ragged literals are errors
// that say which row has how many entries.
import * as assert from 'assert';
import { block, fixture, md, only, range, rows, value } from './helpers';
import { scanLiteral } from '../../../src/engine/parse/literals';
import { splitStatements } from '../../../src/engine/parse/statements';

describe('engine: matrix literals (SPEC §3)', () => {
  const a = block(fixture('literals.md'));
  const styles: [string, string][] = [
    ['M1', 'mathjs commas [1, 2; 3, 4]'],
    ['M2', 'MATLAB spaces [1 2; 3 4]'],
    ['M3', 'nested lists [[1, 2], [3, 4]]'],
    ['M4', 'numpy print-out over two lines'],
    ['M5', 'LaTeX bmatrix'],
    ['M6', 'LaTeX pmatrix'],
    ['M7', 'LaTeX matrix'],
    ['M8', 'LaTeX bmatrix over several lines'],
    ['M9', 'MATLAB rows on separate lines'],
  ];
  for (const [name, style] of styles) {
    it(`${style} is [1 2; 3 4]`, () => {
      assert.deepStrictEqual(rows(value(a, name)), [
        [1, 2],
        [3, 4],
      ]);
    });
  }
  it('the literal block has no diagnostics', () => {
    assert.deepStrictEqual(a.diagnostics, []);
  });
  it('numpy column vectors paste as-is (lstm-exam Q2)', () => {
    const q2 = block(fixture('../../../examples/lstm-exam.md'), 1);
    assert.deepStrictEqual(rows(value(q2, 'h_prev')), [[0.4165792], [0.32134238]]);
  });
  it('numbers: 2, -0.5, .76, 1e-3', () => {
    const b = block(md('rnn', ['v = [2; -0.5; .76; 1e-3]']));
    assert.deepStrictEqual(rows(value(b, 'v')), [[2], [-0.5], [0.76], [0.001]]);
  });
  it('LaTeX entries may use a Unicode minus', () => {
    const b = block(md('rnn', ['P = \\begin{bmatrix} −1 & 2 \\\\ 3 & −4 \\end{bmatrix}']));
    assert.deepStrictEqual(rows(value(b, 'P')), [
      [-1, 2],
      [3, -4],
    ]);
  });
});

describe('engine: ragged literals (SPEC §3)', () => {
  const cases: [string, string, string][] = [
    ['MATLAB', 'P = [1 2; 3]', 'ragged matrix: row 2 has 1 entry but row 1 has 2'],
    ['nested lists', 'P = [[1, 2], [3]]', 'ragged matrix: row 2 has 1 entry but row 1 has 2'],
    ['LaTeX', 'P = \\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}', 'ragged matrix: row 2 has 1 entry but row 1 has 2'],
    ['numpy', 'P = [[1 2] [3 4 5]]', 'ragged matrix: row 2 has 3 entries but row 1 has 2'],
    ['third row', 'P = [1 2; 3 4; 5 6 7]', 'ragged matrix: row 3 has 3 entries but row 1 has 2'],
  ];
  for (const [style, line, message] of cases) {
    it(`${style}: ${message}`, () => {
      const b = block(md('rnn', [line]));
      const d = only(b, 'parse');
      assert.strictEqual(d.severity, 'error');
      assert.strictEqual(d.message, message);
      assert.deepStrictEqual(d.range, range(1, 4, 1, line.length));
    });
  }
  it('the fixture: range covers the literal on its line', () => {
    const d = only(block(fixture('parse-ragged.md')), 'parse');
    assert.deepStrictEqual(d.range, range(2, 6, 2, 14)); // lines from the fence (document line 2)
    assert.strictEqual(d.message, 'ragged matrix: row 2 has 1 entry but row 1 has 2');
  });
  it('an unclosed bracket says so', () => {
    const d = only(block(md('rnn', ['P = [1 2; 3 4'])), 'parse');
    assert.match(d.message, /never closed/);
  });
  it('a LaTeX entry that is not a number says which', () => {
    const d = only(block(md('rnn', ['P = \\begin{bmatrix} 1 & a \\end{bmatrix}'])), 'parse');
    assert.strictEqual(d.message, 'LaTeX matrix entry `a` is not a number');
  });
});

describe('engine: reading numbers (SPEC §3, §6)', () => {
  const one = (spelling: string) => {
    const lit = scanLiteral(`[${spelling}]`, 0);
    assert.ok(lit && !('error' in lit), `${spelling} did not scan`);
    return { value: lit.value.data[0], unit: lit.units[0], integer: lit.integers[0] === 1 };
  };
  const spellings = [
    '0',
    '-0',
    '+0',
    '-0.0',
    '2',
    '-0.5',
    '.5',
    '-.5',
    '+.5',
    '1.',
    '1.e5',
    '1E+2',
    '0.9719',
    '00012',
    '0.000001',
    '1e308',
    '1.7976931348623157e308',
    '1e309',
    '1e-320',
    '4.9e-324',
    '2e-324',
    '1e-400',
    '1e22',
    '1e23',
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '12345678901234567890',
    '0.1234567890123456789',
    '3.14159265358979323846264338327950288',
    '123456789e-22',
    '9007199254740991e22',
    '1.5e3',
    '15e-1',
    '0.3e-21',
    '0.3e-25',
    '-123.456e-7',
  ];
  for (const s of spellings) {
    it(`${s} reads exactly as Number('${s}')`, () => {
      assert.ok(Object.is(one(s).value, Number(s)), `${one(s).value} !== ${Number(s)}`);
    });
  }
  it('random spellings up to 25 digits and exponents ±330 read exactly as Number()', () => {
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const digits = (n: number) => Array.from({ length: n }, () => String(next(10))).join('');
    for (let k = 0; k < 20000; k++) {
      const int = digits(next(14)),
        frac = next(3) ? digits(next(14)) : '';
      if (int + frac === '') continue;
      const exp = next(4) === 0 ? `e${next(2) ? '-' : ''}${next(331)}` : '';
      const s = `${next(2) ? '-' : ''}${int}${frac || next(2) ? '.' : ''}${frac}${exp}`;
      assert.ok(Object.is(one(s).value, Number(s)), `${s}: ${one(s).value} !== ${Number(s)}`);
    }
  });
  it('the unit of the last written digit and the integer flag', () => {
    const cases: [string, number, boolean][] = [
      ['0.9719', 0.0001, false],
      ['2', 1, true],
      ['-3', 1, true],
      ['1.', 1, false],
      ['.76', 0.01, false],
      ['1e3', 1000, true],
      ['1.5e-3', 0.0001, false],
      ['1e-2', 0.01, false],
      ['2.50e2', 1, false],
      ['1.0000000000000000000000001', 1e-25, false],
    ];
    for (const [s, unit, integer] of cases) {
      assert.deepStrictEqual([one(s).unit, one(s).integer], [unit, integer], s);
    }
  });
  it('an e without exponent digits ends the number: the brackets are stacking, not a literal', () => {
    assert.strictEqual(scanLiteral('[1e]', 0), undefined);
    assert.strictEqual(scanLiteral('[2 e]', 0), undefined);
  });
  it('a sign or point alone is not a number', () => {
    assert.deepStrictEqual(scanLiteral('[1 - 2]', 0), { error: '`-` is not a number', at: 3, end: 7 });
    assert.deepStrictEqual(scanLiteral('[.]', 0), { error: '`.` is not a number', at: 1, end: 3 });
  });
  it('a literal longer than the first buffer keeps every number, at its own size', () => {
    const xs = Array.from({ length: 1000 }, (_, k) => (k % 7 === 0 ? -(k + 0.5) / 8 : k));
    const lit = scanLiteral(`[${xs.slice(0, 500).join(' ')}; ${xs.slice(500).join(', ')}]`, 0);
    assert.ok(lit && !('error' in lit));
    assert.deepStrictEqual([lit.value.rows, lit.value.cols], [2, 500]);
    assert.deepStrictEqual(Array.from(lit.value.data), xs);
    assert.strictEqual(lit.units.length, 1000);
    assert.strictEqual(lit.integers.length, 1000);
    assert.strictEqual(lit.integers[7], 0);
    assert.strictEqual(lit.integers[8], 1);
  });
  it('a literal followed by a much longer one keeps its own size', () => {
    const row = Array.from({ length: 100 }, (_, k) => k).join(' ');
    const text = `[[${row}], [${row}] ] + [[${'1 '.repeat(5000)}]]`;
    const lit = scanLiteral(text, 0);
    assert.ok(lit && !('error' in lit));
    assert.deepStrictEqual([lit.value.rows, lit.value.cols, lit.value.data.length, lit.units.length], [2, 100, 200, 200]);
    assert.strictEqual(text.slice(lit.end), ' + [[' + '1 '.repeat(5000) + ']]');
  });
});

describe('engine: splitting a block into statements', () => {
  const lines = (texts: string[]) => texts.map((text, line) => ({ text, line, character: 2 }));
  it('a statement continues while a bracket is open; the lines join with \\n', () => {
    const sts = splitStatements(lines(['h = [[0.1]', ' [0.2]]  # ]]', 'x = 1']));
    assert.deepStrictEqual(
      sts.map((s) => s.source.text),
      ['h = [[0.1]\n [0.2]]  ', 'x = 1'],
    );
    assert.deepStrictEqual(sts[0].source.position(12), { line: 1, character: 3 });
  });
  it('brackets in comments do not count', () => {
    const sts = splitStatements(lines(['a = 1 # [', 'b = 2 // (', 'c = 3']));
    assert.deepStrictEqual(
      sts.map((s) => s.source.text),
      ['a = 1 ', 'b = 2 ', 'c = 3'],
    );
  });
  it('\\begin{…} opens and \\end{…} closes; their braces do not count', () => {
    const sts = splitStatements(lines(['P = \\begin{bmatrix} 1 & 2 \\\\', '3 & 4 \\end{bmatrix}', 'x = 1']));
    assert.deepStrictEqual(
      sts.map((s) => s.type),
      ['assign', 'assign'],
    );
    assert.strictEqual(sts[0].source.text, 'P = \\begin{bmatrix} 1 & 2 \\\\\n3 & 4 \\end{bmatrix}');
  });
  it('an environment in a comment does not open', () => {
    const sts = splitStatements(lines(['P = [1 2] # \\begin{bmatrix}', 'x = 1']));
    assert.deepStrictEqual(
      sts.map((s) => s.source.text),
      ['P = [1 2] ', 'x = 1'],
    );
  });
  it('blank and comment-only lines are no statements', () => {
    assert.deepStrictEqual(
      splitStatements(lines(['', '   ', '# note', 'x = 1'])).map((s) => s.source.text),
      ['x = 1'],
    );
  });
});
