import * as assert from 'assert';
import { dimensions, findLatexMatrices, latexMatrixAt, raggedMessage } from '../../src/markdown/latexMatrices';

describe('latexMatrices', () => {
  it('measures a bmatrix on one line, with its range', () => {
    const text = 'Target:\n\n$$E = \\begin{bmatrix} 1 & 1 & 3 & 4 \\\\ 2 & 3 & 3 & 4 \\\\ 4 & 1 & 1 & 0 \\\\ 2 & 0 & 2 & 4 \\end{bmatrix}$$\n';
    const [m] = findLatexMatrices(text);
    assert.strictEqual(m.env, 'bmatrix');
    assert.strictEqual(m.rows, 4);
    assert.strictEqual(m.cols, 4);
    assert.strictEqual(m.ragged, false);
    assert.strictEqual(dimensions(m), '4×4');
    assert.deepStrictEqual(m.cells[1], ['2', '3', '3', '4']);
    assert.deepStrictEqual(m.range.start, { line: 2, character: 6 });
    assert.strictEqual(text.slice(m.start, m.end), text.slice(text.indexOf('\\begin'), text.indexOf('{bmatrix}$$') + 9));
    assert.deepStrictEqual(m.range.end, { line: 2, character: text.split('\n')[2].length - 2 });
  });

  it('accepts every environment and a trailing row break, across lines', () => {
    for (const env of ['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix']) {
      const text = `\\begin{${env}}\n a & b \\\\\n c & d \\\\\n\\end{${env}}`;
      const ms = findLatexMatrices(text);
      assert.strictEqual(ms.length, 1, env);
      assert.strictEqual(dimensions(ms[0]), '2×2', env);
      assert.deepStrictEqual(ms[0].range.end, { line: 3, character: env.length + 6 });
    }
  });

  it('ignores other environments, like aligned or array', () => {
    assert.deepStrictEqual(findLatexMatrices('\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}'), []);
    assert.deepStrictEqual(findLatexMatrices('\\begin{array}{cc} 1 & 2 \\end{array}'), []);
  });

  it('reports ragged rows: which row has how many entries', () => {
    const [m] = findLatexMatrices('\\begin{pmatrix} 1 & 2 & 3 \\\\ 4 & 5 \\\\ 7 & 8 & 9 \\end{pmatrix}');
    assert.strictEqual(m.ragged, true);
    assert.strictEqual(m.rows, 3);
    assert.strictEqual(m.cols, 3);
    assert.strictEqual(dimensions(m), '3×3 (ragged)');
    assert.strictEqual(raggedMessage(m), 'row 2 has 2 entries; the others have 3');
    const [two] = findLatexMatrices('\\begin{bmatrix} 1 \\\\ 4 & 5 \\end{bmatrix}');
    assert.strictEqual(raggedMessage(two), 'row 1 has 1 entry; the other has 2');
  });

  it('a column vector, a row vector and an empty matrix', () => {
    assert.strictEqual(dimensions(findLatexMatrices('\\begin{bmatrix} 0.76 \\\\ 0.76 \\end{bmatrix}')[0]), '2×1');
    assert.strictEqual(dimensions(findLatexMatrices('\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}')[0]), '1×3');
    assert.strictEqual(dimensions(findLatexMatrices('\\begin{bmatrix}\\end{bmatrix}')[0]), '0×0');
  });

  it('does not split inside braces, nested matrices, escapes or comments', () => {
    const text = '\\begin{bmatrix} \\frac{1}{2} & \\text{a \\& b} & \\begin{matrix} 1 & 2 \\\\ 3 & 4 \\end{matrix} \\\\ 1 & 2 & 3 % & 4 \\\\ comment\n\\end{bmatrix}';
    const ms = findLatexMatrices(text);
    assert.strictEqual(ms.length, 2);
    const [outer, inner] = ms;
    assert.strictEqual(dimensions(outer), '2×3');
    assert.strictEqual(dimensions(inner), '2×2');
    assert.strictEqual(latexMatrixAt(ms, inner.start + 3), inner);
    assert.strictEqual(latexMatrixAt(ms, outer.start + 3), outer);
    assert.strictEqual(latexMatrixAt(ms, outer.end + 1), undefined);
  });

  it('handles starred mathtools forms, \\hline and row spacing', () => {
    const [m] = findLatexMatrices('\\begin{bmatrix*}[r] -1 & 2 \\\\[2pt] \\hline 3 & -4 \\end{bmatrix*}');
    assert.strictEqual(m.env, 'bmatrix*');
    assert.deepStrictEqual(m.cells, [['-1', '2'], ['3', '-4']]);
  });

  it('an unclosed matrix runs to the end; a stray \\end is ignored; \\\\begin is not an environment', () => {
    const [m] = findLatexMatrices('x \\end{bmatrix} \\begin{pmatrix} 1 & 2 \\\\ 3');
    assert.strictEqual(m.unclosed, true);
    assert.strictEqual(dimensions(m), '2×2 (ragged)');
    assert.deepStrictEqual(findLatexMatrices('a \\\\begin{bmatrix} 1 \\end{bmatrix}'), []);
  });

  it('counts lines with \\r\\n endings', () => {
    const [m] = findLatexMatrices('a\r\nb\r\n  \\begin{matrix} 1 \\end{matrix}');
    assert.deepStrictEqual(m.range.start, { line: 2, character: 2 });
  });

  it('finds every matrix of a 20,000-line document, each on its own line', () => {
    // How fast is for `npm run bench`, not for a test; this one checks that nothing is lost.
    const text = ('text $\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$ more\n').repeat(20000);
    const ms = findLatexMatrices(text);
    assert.strictEqual(ms.length, 20000);
    assert.deepStrictEqual([ms[0].range.start.line, ms[19999].range.start.line], [0, 19999]);
  });
});
