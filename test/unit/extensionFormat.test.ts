import * as assert from 'assert';
import { formatAligned, formatInline, formatLiteral } from '../../src/engine/format';
import { escapeMarkdown } from '../../src/markdown/solution/escape';
import type { Matrix } from '../../src/engine/types';

const m = (rows: number, cols: number, values: number[]): Matrix => ({ rows, cols, data: Float64Array.from(values) });

describe('extension/format', () => {
  it('writes literals the engine reads back, in the layout orientation', () => {
    assert.strictEqual(formatLiteral(m(2, 1, [1.147291385, 2.13622]), 4), '[1.1473; 2.1362]');
    assert.strictEqual(formatLiteral(m(2, 1, [0.3086, -0.0909606]), 4, 'row'), '[0.3086, -0.091]');
    assert.strictEqual(formatLiteral(m(1, 2, [1, 2]), 4, 'column'), '[1; 2]');
    assert.strictEqual(formatLiteral(m(2, 2, [1, 2, 3, 4.5]), 4), '[1 2; 3 4.5]');
    assert.strictEqual(formatLiteral(m(1, 1, [0.5]), 4), '0.5');
  });

  it('keeps tiny values visible instead of rounding them to 0', () => {
    assert.match(formatLiteral(m(1, 1, [0.0000123]), 4), /e-5$/);
  });

  it('cuts long inline values', () => {
    const long = formatInline(m(40, 1, Array.from({ length: 40 }, (_, i) => i + 0.5)), 4, 'column', 30);
    assert.strictEqual(long.length, 30);
    assert.ok(long.endsWith('…'));
  });

  it('aligns matrices right and elides the middle of large ones', () => {
    assert.strictEqual(formatAligned(m(2, 3, [6, 4, 3, 0, 10, -6]), 4), '[ 6   4   3 ]\n[ 0  10  -6 ]');
    const big = formatAligned(m(20, 1, Array.from({ length: 20 }, (_, i) => i)), 4, 'column', { maxRows: 5, maxCols: 10 });
    assert.deepStrictEqual(big.split('\n').map((l) => l.replace(/\s+/g, '')), ['[0]', '[1]', '[⋮]', '[18]', '[19]']);
    assert.strictEqual(formatAligned(m(2, 1, [1, 2]), 4, 'row'), '[ 1  2 ]');
  });

  it('escapes Markdown in names', () => {
    assert.strictEqual(escapeMarkdown('W_i*[x]'), 'W\\_i\\*\\[x\\]');
  });
});
