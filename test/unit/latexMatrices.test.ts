import * as assert from 'assert';
import { dimensions, findLatexMatrices, latexMatrixAt, MAX_CELL_CHARS, raggedMessage } from '../../src/markdown/latexMatrices';

describe('latexMatrices', () => {
  it('measures a bmatrix on one line, with its range', () => {
    const text =
      'Target:\n\n$$E = \\begin{bmatrix} 1 & 1 & 3 & 4 \\\\ 2 & 3 & 3 & 4 \\\\ 4 & 1 & 1 & 0 \\\\ 2 & 0 & 2 & 4 \\end{bmatrix}$$\n';
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
    const text =
      '\\begin{bmatrix} \\frac{1}{2} & \\text{a \\& b} & \\begin{matrix} 1 & 2 \\\\ 3 & 4 \\end{matrix} \\\\ 1 & 2 & 3 % & 4 \\\\ comment\n\\end{bmatrix}';
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
    assert.deepStrictEqual(m.cells, [
      ['-1', '2'],
      ['3', '-4'],
    ]);
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
    const text = 'text $\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$ more\n'.repeat(20000);
    const ms = findLatexMatrices(text);
    assert.strictEqual(ms.length, 20000);
    assert.deepStrictEqual([ms[0].range.start.line, ms[19999].range.start.line], [0, 19999]);
  });

  // Hostile notes (issue 12, row 3): the old scanner measured every open environment to the end
  // of the text and copied each matrix's body, so unclosed or nested \begin's were quadratic in
  // time and memory (100 kB: 13-30 s and ~430 MB). Each input below took the old code far past
  // mocha's 20 s; the one-pass scanner answers in milliseconds.

  it('150 kB of unclosed \\begin{bmatrix} are each an unclosed matrix holding the next, the last one empty', () => {
    const n = 10000;
    const text = '\\begin{bmatrix}'.repeat(n);
    const ms = findLatexMatrices(text);
    assert.strictEqual(ms.length, n);
    assert.ok(ms.every((m) => m.unclosed && m.end === text.length));
    assert.deepStrictEqual([ms[0].start, ms[1].start, ms[n - 1].start], [0, 15, 15 * (n - 1)]);
    assert.strictEqual(dimensions(ms[0]), '1×1');
    assert.strictEqual(dimensions(ms[n - 1]), '0×0');
    assert.strictEqual(latexMatrixAt(ms, 15 * 5000 + 3), ms[5000]);
    assert.strictEqual(ms[0].cells[0][0].length, MAX_CELL_CHARS + 1, 'a cell is cut at MAX_CELL_CHARS, then …');
    assert.ok(ms[0].cells[0][0].endsWith('…'));
  });

  it('10,000 nested bmatrix (300 kB) are each measured, every level a 1×1 holding the next', () => {
    const n = 10000;
    const text = '\\begin{bmatrix}'.repeat(n) + ' 7 ' + '\\end{bmatrix}'.repeat(n);
    const ms = findLatexMatrices(text);
    assert.strictEqual(ms.length, n);
    assert.ok(ms.every((m) => !m.unclosed && dimensions(m) === '1×1'));
    assert.deepStrictEqual([ms[0].start, ms[0].end], [0, text.length]);
    assert.deepStrictEqual(ms[n - 1].cells, [['7']]);
    assert.strictEqual(latexMatrixAt(ms, text.indexOf('7')), ms[n - 1]);
  });

  it('150 kB of mixed environments (pmatrix, starred vmatrix with alignment, matrix, bmatrix*) nested and unclosed', () => {
    const unit = '\\begin{pmatrix} 1 & \\begin{vmatrix*}[r] 2 \\\\ \\begin{matrix} 3 & 4 \\\\ \\begin{bmatrix*} ';
    const text = unit.repeat(Math.ceil(150000 / unit.length));
    const ms = findLatexMatrices(text);
    const units = Math.ceil(150000 / unit.length);
    assert.strictEqual(ms.length, 4 * units);
    assert.deepStrictEqual(
      ms.slice(0, 4).map((m) => m.env),
      ['pmatrix', 'vmatrix*', 'matrix', 'bmatrix*'],
    );
    assert.ok(ms.every((m) => m.unclosed));
    assert.deepStrictEqual(
      ms[0].cells.map((r) => r.length),
      [2],
    );
    assert.strictEqual(ms[0].cells[0][0], '1');
    assert.strictEqual(dimensions(ms[1]), '2×1');
    assert.strictEqual(ms[1].cells[0][0], '2', 'the [r] alignment is no cell content');
    assert.strictEqual(dimensions(ms[2]), '2×2 (ragged)');
  });

  it('an \\end for a bmatrix never opened, 100 kB of them between 10,000 open ones, closes nothing and is answered at once', () => {
    const text = '\\begin{bmatrix}'.repeat(10000) + '\\end{pmatrix}'.repeat(8000) + '\\end{bmatrix}';
    const ms = findLatexMatrices(text);
    assert.strictEqual(ms.length, 10000);
    assert.strictEqual(ms.filter((m) => !m.unclosed).length, 1, 'the one \\end{bmatrix} closes the innermost');
    assert.deepStrictEqual(findLatexMatrices('\\end{bmatrix}'.repeat(8000)), []);
  });

  it('\\begin{ with a 100 kB environment name, or with no closing brace, is no matrix', () => {
    assert.deepStrictEqual(findLatexMatrices('\\begin{' + 'b'.repeat(100000) + '}' + ' 1 & 2 \\end{bmatrix}'), []);
    assert.deepStrictEqual(findLatexMatrices(('\\begin{' + 'bmatrix'.repeat(20)).repeat(700)), []);
    assert.deepStrictEqual(findLatexMatrices('\\begin{'.repeat(15000)), []);
  });

  it('100 kB of &, of \\\\ or of $ in one matrix or in prose are counted, not copied', () => {
    const amps = findLatexMatrices('\\begin{bmatrix}1' + '&'.repeat(100000) + '\\end{bmatrix}');
    assert.deepStrictEqual([amps.length, amps[0].rows, amps[0].cols], [1, 1, 100001]);
    assert.strictEqual(
      dimensions(findLatexMatrices('\\begin{bmatrix}' + '&'.repeat(100000) + '\\end{bmatrix}')[0]),
      '0×0',
      'empty cells only: no row',
    );
    const rows = findLatexMatrices('\\begin{bmatrix} 1 ' + '\\\\ 1 '.repeat(50000) + '\\end{bmatrix}');
    assert.strictEqual(dimensions(rows[0]), '50001×1');
    const ragged = findLatexMatrices('\\begin{bmatrix}' + '1 & 2 \\\\ 3 \\\\ '.repeat(25000) + '\\end{bmatrix}')[0];
    assert.strictEqual(dimensions(ragged), '50000×2 (ragged)');
    const message = raggedMessage(ragged) as string;
    assert.ok(message.length < 300, `a bounded message: ${message.length} characters`);
    assert.match(message, /^row 2 has 1 entry, row 4 has 1 entry, .*, row 16 has 1 entry, 24992 more rows differ; the others have 2$/);
    assert.deepStrictEqual(findLatexMatrices('$'.repeat(100000)), []);
  });

  it('a 5 MB note of matrices, one closed and one unclosed per line, is measured whole', () => {
    const line = 'text $\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$ and \\begin{pmatrix} 1\n';
    const lines = Math.ceil((5 * 1024 * 1024) / line.length);
    const ms = findLatexMatrices(line.repeat(lines));
    assert.strictEqual(ms.length, 2 * lines);
    assert.strictEqual(ms.filter((m) => m.unclosed).length, lines);
    assert.strictEqual(dimensions(ms[0]), '2×2');
    assert.deepStrictEqual(ms[ms.length - 1].range.start, { line: lines - 1, character: line.indexOf('\\begin{pmatrix}') });
  });

  it('with cutEnd (a window before the end of the note) an environment still open is not reported', () => {
    const text = 'a \\begin{bmatrix} 1 & 2 \\end{bmatrix} b \\begin{pmatrix} 1 \\\\';
    assert.deepStrictEqual(
      findLatexMatrices(text, { cutEnd: true }).map((m) => m.env),
      ['bmatrix'],
    );
    assert.deepStrictEqual(
      findLatexMatrices(text).map((m) => [m.env, !!m.unclosed]),
      [
        ['bmatrix', false],
        ['pmatrix', true],
      ],
    );
  });

  it('a comment inside a matrix hides its & and \\\\, and a rule row (\\\\ \\hline) at the end is dropped', () => {
    const [m] = findLatexMatrices('\\begin{bmatrix} 1 & 2 % & 3 \\\\ x\n \\\\ 3 & 4 \\\\ \\hline \\end{bmatrix}');
    assert.deepStrictEqual(m.cells, [
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});
