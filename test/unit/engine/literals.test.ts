// SPEC §3: every matrix literal style parses to the same value; ragged literals are errors
// that say which row has how many entries.
import * as assert from 'assert';
import { block, fixture, md, only, range, rows, value } from './helpers';

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
      assert.deepStrictEqual(rows(value(a, name)), [[1, 2], [3, 4]]);
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
    assert.deepStrictEqual(rows(value(b, 'P')), [[-1, 2], [3, -4]]);
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
    assert.deepStrictEqual(d.range, range(4, 6, 4, 14));
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
