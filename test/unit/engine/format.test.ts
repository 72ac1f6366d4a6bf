// The one number and matrix formatter (src/engine/format.ts): every surface spells a value the
// same way, at its own precision.
import * as assert from 'assert';
import {
  formatCount,
  elementLabel,
  formatAligned,
  formatInline,
  formatLiteral,
  formatNumber,
  matrixToLatex,
  matrixToText,
  numberLatex,
} from '../../../src/engine/format';
import { orientLike } from '../../../src/engine/matrix';
import { analysisToMarkdown, renderCard } from '../../../src/markdown/solution';
import type { Matrix } from '../../../src/engine/types';
import { analyzeWithSteps, block, md, only } from './helpers';

const m = (rows: number, cols: number, values: number[]): Matrix => ({ rows, cols, data: Float64Array.from(values) });

describe('engine/format: numbers', () => {
  it('keeps 4 decimals for 0.97247 at precision 4 (0.9725)', () => {
    assert.strictEqual(formatNumber(0.97247, 4), '0.9725');
    assert.strictEqual(formatNumber(1.147291, 4), '1.1473');
  });
  it('drops trailing zeros: 0.5 and 2, not 0.5000 and 2.0000', () => {
    assert.strictEqual(formatNumber(0.5, 4), '0.5');
    assert.strictEqual(formatNumber(2, 4), '2');
  });
  it('writes -0 as 0', () => {
    assert.strictEqual(formatNumber(-1e-9 * 0, 4), '0');
  });
  it('writes a value the precision would show as 0 in exponent form: -0.00001 at 4 is -1e-5', () => {
    assert.strictEqual(formatNumber(-0.00001, 4), '-1e-5');
    assert.strictEqual(formatNumber(-0.00004, 2), '-4e-5');
    assert.strictEqual(formatNumber(0.0000123, 4), '1.23e-5');
  });
  it('writes 0.0000123 in decimals where the precision shows it: 0.000012 at 6', () => {
    assert.strictEqual(formatNumber(0.0000123, 6), '0.000012');
  });
  it('writes 1e7 and over in exponent form, precision significant digits, no plus sign: 123456789 is 1.235e8', () => {
    assert.strictEqual(formatNumber(123456789, 4), '1.235e8');
    assert.strictEqual(formatNumber(2500000, 4), '2500000');
    assert.strictEqual(formatNumber(-2.77555756e-17, 6), '-2.77556e-17');
  });
  it('spells NaN, ∞ and -∞ with the hyphen-minus of every other negative number', () => {
    assert.strictEqual(formatNumber(NaN, 4), 'NaN');
    assert.strictEqual(formatNumber(Infinity, 4), '∞');
    assert.strictEqual(formatNumber(-Infinity, 4), '-∞');
    assert.strictEqual(numberLatex(formatNumber(-Infinity, 4)), '-\\infty');
    assert.strictEqual(numberLatex(formatNumber(NaN, 4)), '\\text{NaN}');
  });
  it('writes 1.2e-5 in LaTeX as 1.2 \\times 10^{-5}', () => {
    assert.strictEqual(numberLatex(formatNumber(0.000012, 4)), '1.2 \\times 10^{-5}');
  });
});

describe('engine/format: counts', () => {
  it('groups a count in thousands as Keras prints it: 6,336, 1,234,567, -1,024; small ones bare', () => {
    assert.deepStrictEqual([6336, 1234567, -1024, 999, 0].map(formatCount), ['6,336', '1,234,567', '-1,024', '999', '0']);
  });
});

describe('engine/format: matrices', () => {
  it('writes literals the engine reads back, in the layout orientation', () => {
    assert.strictEqual(formatLiteral(m(2, 1, [1.147291385, 2.13622]), 4), '[1.1473; 2.1362]');
    assert.strictEqual(formatLiteral(m(2, 1, [0.3086, -0.0909606]), 4, 'row'), '[0.3086, -0.0910]');
    assert.strictEqual(formatLiteral(m(1, 2, [1, 2]), 4, 'column'), '[1; 2]');
    assert.strictEqual(formatLiteral(m(2, 2, [1, 2, 3, 4.5]), 4), '[1 2; 3 4.5]');
    assert.strictEqual(formatLiteral(m(1, 1, [0.5]), 4), '0.5');
  });
  it('keeps tiny values visible instead of rounding them to 0', () => {
    assert.strictEqual(formatLiteral(m(1, 1, [0.0000123]), 4), '1.23e-5');
  });
  it('writes a row vector as [0.7211, 0.7006] in the export text too, as the note does', () => {
    assert.strictEqual(matrixToText(m(1, 2, [0.72112, 0.70057]), 4), '[0.7211, 0.7006]');
    assert.strictEqual(matrixToText(m(2, 1, [0.72112, 0.70057]), 4), '[0.7211; 0.7006]');
  });
  it('elides a 50-element column vector in the export text after 38 entries, keeping the last', () => {
    const text = matrixToText(
      m(
        50,
        1,
        Array.from({ length: 50 }, (_, i) => i),
      ),
      4,
    );
    assert.strictEqual(text, `[${[...Array.from({ length: 38 }, (_, i) => i), '…', 49].join('; ')}]`);
  });
  it('cuts long inline values', () => {
    const long = formatInline(
      m(
        40,
        1,
        Array.from({ length: 40 }, (_, i) => i + 0.5),
      ),
      4,
      'column',
      30,
    );
    assert.strictEqual(long.length, 30);
    assert.ok(long.endsWith('…'));
  });
  it('aligns matrices right and elides the middle of large ones', () => {
    assert.strictEqual(formatAligned(m(2, 3, [6, 4, 3, 0, 10, -6]), 4), '[ 6   4   3 ]\n[ 0  10  -6 ]');
    const big = formatAligned(
      m(
        20,
        2,
        Array.from({ length: 40 }, (_, i) => i),
      ),
      4,
      'column',
      { maxRows: 5, maxCols: 10 },
    );
    assert.deepStrictEqual(
      big.split('\n').map((l) => l.replace(/\s+/g, '')),
      ['[01]', '[23]', '[⋮⋮]', '[3637]', '[3839]'],
    );
    assert.strictEqual(formatAligned(m(2, 2, [1, 2, 3, 4]), 4), '[ 1  2 ]\n[ 3  4 ]');
  });
  it('writes bmatrix, a bare number for 1×1, and elides big matrices with ⋯ ⋮ ⋱', () => {
    assert.strictEqual(matrixToLatex(m(2, 2, [1, 2, 3, 4.5]), 4), '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4.5 \\end{bmatrix}');
    assert.strictEqual(matrixToLatex(m(1, 1, [0.25]), 4), '0.25');
    const big = matrixToLatex(m(30, 30, new Array(900).fill(1)), 2);
    assert.match(big, /\\cdots/);
    assert.match(big, /\\vdots/);
    assert.match(big, /\\ddots/);
    assert.ok(big.split('\\\\').length <= 13);
  });
  it('turns a 2×1 vector to 1×2 in row layout and a 1×3 to 3×1 in column layout', () => {
    assert.deepStrictEqual([orientLike(m(2, 1, [1, 2]), 'row').rows, orientLike(m(2, 1, [1, 2]), 'row').cols], [1, 2]);
    assert.deepStrictEqual([orientLike(m(1, 3, [1, 2, 3]), 'column').rows], [3]);
    assert.strictEqual(formatLiteral(m(2, 1, [1, 2]), 4, 'row'), '[1, 2]');
  });
  it('labels element 2 of a vector [2] and row 1, column 3 of a matrix [1,3]', () => {
    assert.strictEqual(elementLabel(m(1, 3, [0, 0, 0]), 0, 1), '[2]');
    assert.strictEqual(elementLabel(m(2, 3, [0, 0, 0, 0, 0, 0]), 0, 2), '[1,3]');
  });
});

describe('engine/format: every surface spells a value the same way', () => {
  it('formats -∞ as -∞ in a check message, its quick fix and the export', () => {
    const a = block(md('rnn', ['v = [1; -exp(1000)]', 'v ?= [1; 2]']));
    const d = only(a, 'check');
    assert.strictEqual(d.message, 'check v: element 2 is 2 but computes to -∞');
    assert.strictEqual(d.fixes[0].title, 'Replace with the computed value [1; -∞]');
    assert.strictEqual(d.fixes[0].edits[0].newText, '[1; -∞]');
    assert.match(analysisToMarkdown(analyzeWithSteps(md('rnn', ['v = [1; -exp(1000)]', 'v ?= [1; 2]']))[0]), /computed `\[1; -∞\]`/);
  });
  it('writes 0.0000123 as 0.000012 in a check message at 6 decimals and 1.23e-5 in its quick fix at 4', () => {
    const d = only(block(md('rnn', ['s = 0.0000123', 's ?= 0.5'])), 'check');
    assert.strictEqual(d.message, 'check s: element 1 is 0.5 but computes to 0.000012 (off by 5 units in the last written digit)');
    assert.strictEqual(d.fixes[0].title, 'Replace with the computed value 1.23e-5');
    assert.strictEqual(d.fixes[0].edits[0].newText, '1.23e-5');
  });
  it('says 1 unit, 2 units and 1.3 units in a check message and 1 unit on the card', () => {
    const message = (given: string, stated: string) => only(block(md('rnn', [`s = ${given}`, `s ?= ${stated}`])), 'check').message;
    assert.match(message('2', '3'), /\(off by 1 unit in the last written digit\)$/);
    assert.match(message('2', '4'), /\(off by 2 units in the last written digit\)$/);
    assert.match(message('0.5013', '0.500'), /\(off by 1\.3 units in the last written digit\)$/);
    assert.match(message('0.5', '0.63'), /\(off by 13 units in the last written digit\)$/);
    assert.match(renderCard(analyzeWithSteps(md('rnn', ['s = 2', 's ?= 3']))[0]), /\(off by 1 unit in the last written digit\)/);
    // 0.96 of a unit shows as 1: one unit, in both
    assert.match(message('2.04', '3'), /\(off by 1 unit in the last written digit\)$/);
    assert.match(renderCard(analyzeWithSteps(md('rnn', ['s = 2.04', 's ?= 3']))[0]), /\(off by 1 unit in the last written digit\)/);
  });
  it('writes a size of 5e-8 as 5e-8 in its diagnostic', () => {
    assert.strictEqual(only(block(md('rnn', ['H = 0.00000005'])), 'shape').message, 'H is a size and must be a whole number ≥ 1, not 5e-8');
  });
});
